from django.apps import AppConfig
from django.db.backends.signals import connection_created


class PricingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pricing"
    verbose_name = "Pricing"

    def ready(self) -> None:
        from pricing.money import sqlite_exact_sums

        # Sums of money are exact on the embedded SQLite database too.
        connection_created.connect(sqlite_exact_sums, dispatch_uid="pricing.sqlite_exact_sums")

        # The Stripe integration's Celery tasks register on import.
        from pricing.stripe import tasks  # noqa: F401
