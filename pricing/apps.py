from django.apps import AppConfig


class PricingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pricing"
    verbose_name = "Pricing"

    def ready(self) -> None:
        # The Stripe integration's Celery tasks register on import.
        from pricing.stripe import tasks  # noqa: F401
