"""Set a tenant's rate limits over the defaults (docs/limits.md); audited."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from config.errors import InvalidInput
from metering.audit import Actor
from metering.models import Tenant
from metering.services import tenant_rate_limits_set


class Command(BaseCommand):
    help = (
        "Replace a tenant's rate-limit overrides, in requests per second, e.g. "
        '\'{"ingest": {"key": 2000, "tenant": 5000}}\'; \'{}\' restores the defaults.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("tenant_id", help="The tenant's id (a UUID).")
        parser.add_argument("rate_limits", help="A JSON object: {bucket: {key|tenant: rate}}.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            tenant = Tenant.objects.get(pk=options["tenant_id"])
        except (Tenant.DoesNotExist, ValueError) as exc:
            raise CommandError(f"No tenant with id {options['tenant_id']}.") from exc
        try:
            rate_limits = json.loads(options["rate_limits"])
        except ValueError as exc:
            raise CommandError(f"The rate limits are not JSON: {exc}.") from exc
        try:
            tenant = tenant_rate_limits_set(
                tenant=tenant,
                rate_limits=rate_limits,
                actor=Actor.system("manage.py set_rate_limits"),
            )
        except InvalidInput as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Rate limits of '{tenant.name}': {json.dumps(tenant.rate_limits)}")
