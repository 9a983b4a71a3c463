"""Admin pages of economics, one module per domain."""

from economics.alerts import admin as alerts_admin  # noqa: F401  (SLOs, alerts, webhooks)
from economics.costs import admin as costs_admin  # noqa: F401  (the cost book)
from economics.margins import admin as margins_admin  # noqa: F401  (rollups, acquisition costs)
