from economics import (
    costbook_admin,  # noqa: F401  (the cost book's admin pages)
    margin_admin,  # noqa: F401  (rollups, SLOs, alerts, webhooks)
)
