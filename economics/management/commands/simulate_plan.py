"""Simulate candidate plans on past months from the shell: the API's job, with a progress bar."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from config.errors import InvalidInput
from economics.simulations.models import Simulation
from economics.simulations.runner import simulation_run
from economics.simulations.services import simulation_create
from metering.models import Tenant

BAR_WIDTH = 30


def _plan_ref(value: str, option: str) -> dict[str, Any]:
    plan_id, _, version = value.rpartition(":")
    if not plan_id or not version.isdigit():
        raise CommandError(f"{option} takes PLAN_ID:VERSION, e.g. hybrid:2 (got {value!r}).")
    return {"plan_id": plan_id, "version": int(version)}


class Command(BaseCommand):
    help = (
        "Rate past months under candidate plans beside the plans customers were on, "
        "and print the summary table. The run is stored like one queued through the API."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", required=True, help="The tenant's id (UUID).")
        parser.add_argument(
            "--candidate",
            action="append",
            default=[],
            metavar="PLAN_ID:VERSION",
            help="An existing plan version to try (repeatable).",
        )
        parser.add_argument(
            "--candidate-file",
            action="append",
            default=[],
            metavar="PATH",
            help='A JSON file {"name", "currency", "charges"} with an inline plan (repeatable).',
        )
        parser.add_argument("--start-month", required=True, help="First month, YYYY-MM.")
        parser.add_argument(
            "--end-month", required=True, help="Month after the last one, YYYY-MM (half-open)."
        )
        who = parser.add_mutually_exclusive_group()
        who.add_argument("--customers", help="Comma-separated external ids (default: all).")
        who.add_argument(
            "--on-plan", metavar="PLAN_ID:VERSION", help="Customers subscribed to this version."
        )
        parser.add_argument("--name", default="", help="A label for the simulation.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            tenant = Tenant.objects.get(pk=options["tenant"])
        except (Tenant.DoesNotExist, ValueError, DjangoValidationError) as exc:
            raise CommandError(f"No tenant with id {options['tenant']}.") from exc
        candidates = [_plan_ref(v, "--candidate") for v in options["candidate"]]
        for path in options["candidate_file"]:
            try:
                candidates.append(json.loads(Path(path).read_text()))
            except (OSError, ValueError) as exc:
                raise CommandError(f"--candidate-file {path}: {exc}") from exc
        customers: dict[str, Any] | None = None
        if options["customers"]:
            customers = {"external_ids": [c.strip() for c in options["customers"].split(",")]}
        elif options["on_plan"]:
            customers = _plan_ref(options["on_plan"], "--on-plan")
        try:
            simulation = simulation_create(
                tenant=tenant,
                name=options["name"],
                candidates=candidates,
                customers=customers,
                start_month=options["start_month"],
                end_month=options["end_month"],
                enqueue=False,
            )
        except InvalidInput as exc:
            problems = "; ".join(f"{field}: {message}" for field, message in exc.errors)
            raise CommandError(problems) from exc
        self.stdout.write(f"Simulation {simulation.pk}")
        # Rated here, in this process, whatever SIMULATION_RUN_MODE says: no worker needed.
        simulation = simulation_run(simulation_id=simulation.pk, progress=self._bar, chunked=False)
        self.stdout.write("")
        if simulation.status != Simulation.Status.SUCCEEDED:
            raise CommandError(f"The simulation failed: {simulation.error}")
        self._table(simulation)

    def _bar(self, percent: int) -> None:
        filled = BAR_WIDTH * percent // 100
        self.stdout.write(
            f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {percent:3d}%", ending=""
        )
        self.stdout.flush()

    def _table(self, simulation: Simulation) -> None:
        results = simulation.results or {}
        totals = results["totals"]
        currency = results["currency"]
        names = {c["key"]: c["name"] for c in simulation.params["candidates"]}
        names["baseline"] = "Current plans"
        self.stdout.write(
            f"{totals['customers']} customers, {totals['customer_months']} customer-months, "
            f"{', '.join(results['months'])}; variable cost {totals['variable_cost']} USD"
        )
        header = ("plan", f"revenue {currency}", "margin", "margin %", "delta", "more", "less")
        rows = [header]
        for plan in totals["plans"]:
            rows.append(
                (
                    names[plan["plan"]],
                    plan["revenue"],
                    plan["margin"],
                    plan["margin_pct"] or "n/a",
                    plan["revenue_delta"] or "",
                    ""
                    if plan["customers_paying_more"] is None
                    else str(plan["customers_paying_more"]),
                    ""
                    if plan["customers_paying_less"] is None
                    else str(plan["customers_paying_less"]),
                )
            )
        widths = [max(len(str(r[i])) for r in rows) for i in range(len(header))]
        for row in rows:
            cells = [str(row[0]).ljust(widths[0])]
            cells += [str(c).rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
            self.stdout.write("  ".join(cells).rstrip())
        self.stdout.write("")
        for sentence in results["summary"]:
            self.stdout.write(f"- {sentence}")
