"""Stripe: Marginal's plans, subscriptions and usage mirrored to a tenant's Stripe account.

Marginal stays the source of truth. Every change that must reach Stripe is a row of the
outbox (`outbox.py`), written in the transaction of the change and drained by a Celery
task (`drain.py`); what Stripe sends back arrives as signed webhooks (`webhooks.py`).
Read docs/stripe.md first.
"""
