"""Print the crossing point from the shell: each class's forecast, its error, the blend."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from config.errors import NotFound
from economics.decisions.crossing import MAX_MONTHS, ClassForecast
from economics.decisions.selectors import crossing_report
from metering.models import Tenant


def _s(value: object) -> str:
    return "-" if value is None else str(value)


class Command(BaseCommand):
    help = (
        "Forecast each request class's cost and revenue per request and share of requests "
        "(Holt's linear trend on the day rollups) and say which class crosses to a loss, when."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", required=True, help="The tenant's id (UUID).")
        parser.add_argument(
            "--as-of", help="The first forecast day, YYYY-MM-DD (default: today, UTC)."
        )
        parser.add_argument(
            "--months", type=int, default=MAX_MONTHS, help="Months to forecast, 1-3 (3)."
        )
        parser.add_argument("--request-class", help="Only this class.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            tenant = Tenant.objects.get(pk=options["tenant"])
        except (Tenant.DoesNotExist, ValueError, DjangoValidationError) as exc:
            raise CommandError(f"No tenant with id {options['tenant']}.") from exc
        months = options["months"]
        if not 1 <= months <= MAX_MONTHS:
            raise CommandError(f"--months must be 1 to {MAX_MONTHS}.")
        try:
            as_of = (
                date.fromisoformat(options["as_of"])
                if options["as_of"]
                else datetime.now(UTC).date()
            )
        except ValueError as exc:
            raise CommandError("--as-of must be a date, YYYY-MM-DD.") from exc
        if not date(2000, 1, 1) <= as_of <= date(9998, 12, 31):
            raise CommandError("--as-of must be between 2000-01-01 and 9998-12-31.")
        try:
            report = crossing_report(
                tenant=tenant,
                as_of=as_of,
                months=months,
                request_class=options["request_class"] or None,
            )
        except NotFound as exc:
            raise CommandError(str(exc)) from exc
        out = self.stdout.write
        out(f"Forecast from {as_of} for {months} month(s), Holt's linear trend (USD per request)")
        classes: list[ClassForecast] = report["classes"]  # type: ignore[assignment]
        for c in classes:
            out("")
            recent = c.recent
            out(
                f"{c.request_class}: last 14 days margin {_s(recent['margin_per_request'])}"
                f" (cost {_s(recent['cost_per_request'])}, revenue"
                f" {_s(recent['revenue_per_request'])}, unpriced requests"
                f" {recent['unpriced_requests']})"
            )
            if c.status != "forecast":
                out(f"  no forecast: {c.message}")
                continue
            for p in c.periods:
                out(
                    f"  {p['from']} to {p['to']}: cost {p['cost_per_request']}  revenue"
                    f" {p['revenue_per_request']}  margin {p['margin_per_request']}  share"
                    f" {p['share_of_requests']}"
                )
            error = c.holdout_error or {}
            out(
                "  held-out error (MAE / MAPE %): "
                + "; ".join(
                    f"{name} {_s(e['mae'])} / {_s(e['mape_pct'])}" for name, e in error.items()
                )
            )
            if c.crosses:
                out(f"  CROSSES to a loss on {c.crossing_date}")
        out("")
        for b in report["blended"]:  # type: ignore[attr-defined]
            out(f"blended {b['from']} to {b['to']}: margin {_s(b['margin_per_request'])}")
