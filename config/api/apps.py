"""The API plumbing as an app, so that its start-up step runs before any request."""

from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "config.api"
    label = "marginal_api"

    def ready(self) -> None:
        from config.api import strict

        strict.install()
