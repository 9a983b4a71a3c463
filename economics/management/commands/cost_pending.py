"""Cost events still pending: the newest ones (as the periodic sweep does), or all."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from economics.costs.services.event_costs import SWEEP_WINDOW, events_cost_pending


class Command(BaseCommand):
    help = (
        "Cost usage events still pending (their costing task was lost, e.g. during a broker "
        "outage). By default only the newest event ids are looked at, like the periodic "
        "sweep; --all looks at every event."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Sweep every event.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = events_cost_pending(window=None if options["all"] else SWEEP_WINDOW)
        self.stdout.write(
            f"costed {result.changed} pending events ({result.unpriced} of them unpriced)"
        )
