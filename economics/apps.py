from django.apps import AppConfig


class EconomicsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "economics"
    verbose_name = "Economics"

    def ready(self) -> None:
        from economics.listeners import on_events_changed
        from metering.hooks import register_ingest_listener

        register_ingest_listener(on_events_changed)
