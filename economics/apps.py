from django.apps import AppConfig


class EconomicsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "economics"
    verbose_name = "Economics"

    def ready(self) -> None:
        from economics import costbook_tasks  # noqa: F401  (registers the cost book's tasks)
        from economics.costbook_hooks import register_costs_changed_listener
        from economics.costbook_services import on_events_changed as cost_events_changed
        from economics.listeners import on_events_changed, on_events_stored
        from metering.hooks import register_ingest_listener

        # Ingest pays a constant price per batch: one note row in its transaction and one
        # costing task after the commit; the task refreshes the rollups, and rollups hear
        # again whenever a cost changes (costing after ingest, or an audited re-cost).
        register_ingest_listener(on_events_stored, in_transaction=True)
        register_ingest_listener(cost_events_changed)
        register_costs_changed_listener(on_events_changed)
