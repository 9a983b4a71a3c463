"""Cost every event still pending, of every tenant, and mark its rollup buckets."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.core.management.base import BaseCommand

from economics.costs.selectors import pending_event_tenants
from economics.pipeline import pending_process
from metering.models import Tenant


class Command(BaseCommand):
    help = (
        "Cost usage events still pending, of every tenant (the pipeline's sweep does the same "
        "for events pending over a minute), and mark their rollup buckets for recomputation."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = datetime.now(UTC)
        costed = unpriced = 0
        for tenant in Tenant.objects.filter(pk__in=pending_event_tenants(received_before=now)):
            result = pending_process(tenant=tenant, received_before=now)
            costed += result.costed
            unpriced += result.unpriced
        self.stdout.write(f"costed {costed} pending events ({unpriced} of them unpriced)")
