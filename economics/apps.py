from django.apps import AppConfig


class EconomicsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "economics"
    verbose_name = "Economics"

    def ready(self) -> None:
        # Each domain's Celery tasks register on import; a worker imports them all here.
        from economics import tasks
        from economics.alerts import tasks as alerts_tasks  # noqa: F401
        from economics.costs import tasks as costs_tasks  # noqa: F401
        from economics.costs.estimates import expected_cost
        from economics.decisions import tasks as decisions_tasks  # noqa: F401
        from economics.simulations import tasks as simulations_tasks  # noqa: F401
        from metering.changes import change_listener_set
        from pricing.credits.estimates import cost_estimator_set

        # The pipeline's one entry: every committed change note queues its processing.
        change_listener_set(tasks.on_events_changed)
        # Authorisations from an expected usage price it with the cost book.
        cost_estimator_set(expected_cost)
