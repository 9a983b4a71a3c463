"""Import model prices: a LiteLLM price map, or a catalog file in the shipped format."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from economics.costs.catalog import CatalogError
from economics.costs.services.prices import (
    ImportResult,
    model_prices_import_litellm,
    price_catalog_load,
)
from metering.audit import Actor
from metering.models import Tenant


class Command(BaseCommand):
    help = (
        "Import model prices from FILE. --format litellm reads LiteLLM's "
        "model_prices_and_context_window.json; --format catalog reads the shipped catalog format "
        "(economics/data/default_prices.json). Without --tenant the prices go into the default "
        "catalog every tenant falls back to. Re-running with the same file changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=["litellm", "catalog"], required=True)
        parser.add_argument("--tenant", help="Tenant id: import as that tenant's own prices.")
        parser.add_argument(
            "--valid-from",
            help="ISO date or datetime the LiteLLM prices take effect (default: now, UTC).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if options["format"] == "catalog":
            if options["tenant"]:
                raise CommandError("--tenant applies to --format litellm only")
            try:
                result = price_catalog_load(path=path)
            except (CatalogError, ValueError) as exc:
                raise CommandError(f"{path}: {exc}") from exc
            self._report(result)
            return
        tenant = None
        if options["tenant"]:
            tenant = Tenant.objects.filter(pk=options["tenant"]).first()
            if tenant is None:
                raise CommandError(f"no tenant with id {options['tenant']}")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"{path}: not a JSON file ({exc})") from exc
        if not isinstance(data, dict):
            raise CommandError(f"{path}: a LiteLLM price map is a JSON object")
        result = model_prices_import_litellm(
            tenant=tenant,
            data=data,
            valid_from=self._valid_from(options["valid_from"]),
            actor=Actor.system("manage.py import_prices"),
        )
        self._report(result)

    def _valid_from(self, raw: str | None) -> dt.datetime:
        if not raw:
            return timezone.now()
        try:
            moment = dt.datetime.fromisoformat(raw)
        except ValueError as exc:
            raise CommandError(f"--valid-from: {raw!r} is not an ISO date or datetime") from exc
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)

    def _report(self, result: ImportResult) -> None:
        skipped = sum(result.skipped.values())
        self.stdout.write(
            f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}, "
            f"skipped {skipped}"
        )
        for reason, count in result.skipped.items():
            self.stdout.write(f"  skipped {count}: {reason}")
        for warning in result.warnings:
            self.stdout.write(f"  warning: {warning}")
