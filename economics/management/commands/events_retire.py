"""Drop the months of raw usage events that retention allows (rollups are kept)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from economics.retention import events_retire
from metering.audit import Actor


class Command(BaseCommand):
    help = (
        "Drop each past month's event partition that every tenant in it is past its retention"
        " for, and that no open invoice or pending pipeline work still needs; print why each"
        " other month is kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Report only; drop nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        verdicts = events_retire(
            now=timezone.now(),
            actor=Actor.system("manage.py events_retire"),
            dry_run=options["dry_run"],
        )
        for verdict in verdicts:
            if verdict.dropped:
                state = "dropped"
            elif verdict.reasons:
                state = "kept: " + "; ".join(verdict.reasons)
            else:
                state = "would be dropped"
            self.stdout.write(f"{verdict.month} ({verdict.tenants} tenants): {state}")
