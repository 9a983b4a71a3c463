"""Print a decisions report from the shell, as its API answers it: the mix shift or composites."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rest_framework.renderers import JSONRenderer

from economics.decisions import composites
from economics.decisions.api.serializers import (
    CompositeReportOutputSerializer,
    MixReportOutputSerializer,
)
from economics.decisions.selectors import mix_report
from economics.margins.formulas import COST_CURRENCY
from metering.models import Tenant


def _day(value: str, option: str) -> datetime:
    try:
        return datetime.combine(date.fromisoformat(value), time.min, tzinfo=UTC)
    except ValueError as exc:
        raise CommandError(f"{option} must be a date, YYYY-MM-DD.") from exc


class Command(BaseCommand):
    help = (
        "Print the mix shift (`mix`: the change in blended margin per request between two "
        "periods, as rate and mix effects per class) or the composite units (`composites`: "
        "per composite class, cost, revenue and margin per composite and the worst ones) as "
        "the API answers them (GET /v1/economics/mix, GET /v1/economics/composites), in JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("report", choices=["mix", "composites"])
        parser.add_argument("--tenant", required=True, help="The tenant's id (UUID).")
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD, included.")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD, excluded.")
        parser.add_argument(
            "--compare-from", help="mix: the earlier period's start (default: as long before)."
        )
        parser.add_argument(
            "--compare-to", help="mix: the earlier period's end, excluded (default: --from)."
        )
        parser.add_argument("--request-class", help="composites: only this composite class.")
        parser.add_argument(
            "--worst", type=int, default=composites.WORST, help="composites: the worst N (10)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            tenant = Tenant.objects.get(pk=options["tenant"])
        except (Tenant.DoesNotExist, ValueError, DjangoValidationError) as exc:
            raise CommandError(f"No tenant with id {options['tenant']}.") from exc
        start, end = _day(options["start"], "--from"), _day(options["end"], "--to")
        if start >= end:
            raise CommandError("--to must be after --from.")
        body: dict[str, object]
        if options["report"] == "mix":
            compare_end = (
                _day(options["compare_to"], "--compare-to") if options["compare_to"] else start
            )
            compare_start = (
                _day(options["compare_from"], "--compare-from")
                if options["compare_from"]
                else compare_end - (end - start)
            )
            if compare_start >= compare_end:
                raise CommandError("--compare-to must be after --compare-from.")
            body = {
                "from": start,
                "to": end,
                "compare_from": compare_start,
                "compare_to": compare_end,
                "currency": COST_CURRENCY,
                **mix_report(
                    tenant=tenant,
                    start=start,
                    end=end,
                    compare_start=compare_start,
                    compare_end=compare_end,
                ),
            }
            data = MixReportOutputSerializer(body).data
        else:
            if not 0 <= options["worst"] <= 100:
                raise CommandError("--worst must be 0 to 100.")
            classes = composites.composite_report(
                tenant=tenant,
                start=start,
                end=end,
                composite_class=options["request_class"] or None,
                worst=options["worst"],
            )
            body = {"from": start, "to": end, "currency": COST_CURRENCY, "classes": classes}
            data = CompositeReportOutputSerializer(body).data
        rendered = JSONRenderer().render(data)
        self.stdout.write(json.dumps(json.loads(rendered), indent=2))
