"""Run a what-if from the shell: the API's job, with a progress bar and a before/after table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from config.errors import InvalidInput
from economics.decisions.models import WhatIf
from economics.decisions.runner import what_if_run
from economics.decisions.services import what_if_create
from metering.models import Tenant

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Re-cost, reprice or retire a class on past months and print each class's margin "
        "per request before and after. The run is stored like one queued through the API."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", required=True, help="The tenant's id (UUID).")
        parser.add_argument("--start-month", required=True, help="First month, YYYY-MM.")
        parser.add_argument(
            "--end-month", required=True, help="Month after the last one, YYYY-MM (half-open)."
        )
        parser.add_argument(
            "--change",
            action="append",
            default=[],
            metavar="JSON",
            help='A change as the API takes it, e.g. \'{"type": "model", "request_class": '
            '"doc-summarise", "model": "gpt-4o-mini"}\' (repeatable).',
        )
        parser.add_argument(
            "--retire", action="append", default=[], metavar="CLASS", help="Retire a class."
        )
        parser.add_argument(
            "--candidate", metavar="PLAN_ID:VERSION", help="Reprice: an existing plan version."
        )
        parser.add_argument(
            "--candidate-file",
            metavar="PATH",
            help='Reprice: a JSON file {"name", "currency", "charges"} with an inline plan.',
        )
        parser.add_argument("--name", default="", help="A label for the what-if.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            tenant = Tenant.objects.get(pk=options["tenant"])
        except (Tenant.DoesNotExist, ValueError, DjangoValidationError) as exc:
            raise CommandError(f"No tenant with id {options['tenant']}.") from exc
        try:
            changes = [json.loads(c) for c in options["change"]]
        except ValueError as exc:
            raise CommandError(f"--change takes a JSON object: {exc}") from exc
        changes += [{"type": "retire", "request_class": c} for c in options["retire"]]
        candidate: dict[str, Any] | None = None
        if options["candidate"]:
            plan_id, _, version = options["candidate"].rpartition(":")
            if not plan_id or not version.isdigit():
                raise CommandError("--candidate takes PLAN_ID:VERSION, e.g. starter:2.")
            candidate = {"plan_id": plan_id, "version": int(version)}
        elif options["candidate_file"]:
            try:
                candidate = json.loads(Path(options["candidate_file"]).read_text())
            except (OSError, ValueError) as exc:
                raise CommandError(f"--candidate-file: {exc}") from exc
        try:
            what_if = what_if_create(
                tenant=tenant,
                name=options["name"],
                start_month=options["start_month"],
                end_month=options["end_month"],
                changes=changes,
                candidate=candidate,
                enqueue=False,
            )
        except InvalidInput as exc:
            problems = "; ".join(f"{field}: {message}" for field, message in exc.errors)
            raise CommandError(problems) from exc
        self.stdout.write(f"What-if {what_if.pk}")
        # Computed here, in this process, whatever WHAT_IF_RUN_MODE says: no worker needed.
        what_if = what_if_run(what_if_id=what_if.pk, progress=self._bar, chunked=False)
        self.stdout.write("")
        if what_if.status != WhatIf.Status.SUCCEEDED:
            raise CommandError(f"The what-if failed: {what_if.error}")
        self._table(what_if.results or {})

    def _bar(self, percent: int) -> None:
        filled = BAR_WIDTH * percent // 100
        self.stdout.write(
            f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {percent:3d}%", ending=""
        )
        self.stdout.flush()

    def _table(self, results: dict[str, Any]) -> None:
        self.stdout.write(f"{', '.join(results['months'])} ({results['currency']})")
        header = (
            "request class",
            "requests",
            "margin/req before",
            "after",
            "margin before",
            "after",
        )
        rows: list[tuple[str, ...]] = [header]
        for row in [*results["request_classes"], results["blended"]]:
            before, after = row["before"], row["after"]
            name = (row["request_class"] or "(no class)") + (" (retired)" if row["retired"] else "")
            rows.append(
                (
                    name,
                    f"{before['requests']} -> {after['requests']}",
                    before["margin_per_request"] or "n/a",
                    after["margin_per_request"] or "n/a",
                    before["margin"],
                    after["margin"],
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
        for row in rows:
            cells = [row[0].ljust(widths[0])]
            cells += [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
            self.stdout.write("  ".join(cells).rstrip())
        for customer in results["customers"]:
            self.stdout.write(
                f"- {customer['customer_id']}: margin {customer['margin_change']}, gross margin "
                f"{customer['before']['gross_margin_pct'] or 'n/a'}% -> "
                f"{customer['after']['gross_margin_pct'] or 'n/a'}%"
            )
