"""Create the monthly usage-event partitions around now that are missing (PostgreSQL)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from metering.partitions import MONTHS_AHEAD, MONTHS_BACK, event_partitions_ensure


class Command(BaseCommand):
    help = "Create missing monthly partitions of the usage event table (PostgreSQL only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--months-back", type=int, default=MONTHS_BACK)
        parser.add_argument("--months-ahead", type=int, default=MONTHS_AHEAD)

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            created = event_partitions_ensure(
                connection,
                now=timezone.now(),
                months_back=options["months_back"],
                months_ahead=options["months_ahead"],
            )
        self.stdout.write("\n".join(created) if created else "No partition was missing.")
