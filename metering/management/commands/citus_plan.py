"""Print the SQL that distributes this database by tenant_id on Citus (docs/scaling.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from metering.citus import citus_plan, citus_violations


class Command(BaseCommand):
    help = (
        "Print the statements that convert Django's keys to (tenant_id, ...) and create the"
        " reference and distributed tables; fail if the schema breaks a distribution rule."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Citus distributes PostgreSQL: set DATABASE_URL to one.")
        problems = citus_violations()
        if problems:
            raise CommandError("Not ready for Citus:\n" + "\n".join(problems))
        for statement in citus_plan():
            self.stdout.write(statement)
