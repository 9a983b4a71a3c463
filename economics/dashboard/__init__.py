"""The dashboard: server-rendered pages over the same reports the API serves.

It sits on top of every economics domain (margins, costs, alerts, simulations) and reads
through their selectors and reports, serialising with the API's own serializers, so a
figure on a page is the figure the linked API call returns.
"""
