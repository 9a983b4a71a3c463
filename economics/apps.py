from django.apps import AppConfig


class EconomicsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "economics"
    verbose_name = "Economics"

    def ready(self) -> None:
        # Each domain's Celery tasks register on import; a worker imports them all here.
        from economics import tasks  # noqa: F401
        from economics.alerts import tasks as alerts_tasks  # noqa: F401
        from economics.costbook_hooks import register_costs_changed_listener
        from economics.costs import tasks as costs_tasks  # noqa: F401
        from economics.pipeline import costs_queue as cost_events_changed
        from economics.pipeline import on_events_changed, on_events_stored
        from economics.simulations import tasks as simulations_tasks  # noqa: F401
        from metering.hooks import register_ingest_listener

        # Ingest pays a constant price per batch: one note row in its transaction and one
        # costing task after the commit; the task refreshes the rollups, and rollups hear
        # again whenever a cost changes (costing after ingest, or an audited re-cost).
        register_ingest_listener(on_events_stored, in_transaction=True)
        register_ingest_listener(cost_events_changed)
        register_costs_changed_listener(on_events_changed)
