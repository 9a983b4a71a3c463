from django.apps import AppConfig


class EconomicsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "economics"
    verbose_name = "Economics"
