"""Load the shipped default price catalog (economics/data/default_prices.json)."""

import datetime as dt

from django.db import migrations

from economics.costs.catalog import load_catalog

LONG = {
    "input": "long_input_per_1m",
    "cached_input": "long_cached_input_per_1m",
    "cache_write": "long_cache_write_per_1m",
    "output": "long_output_per_1m",
    "reasoning": "long_reasoning_per_1m",
}


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    ModelPrice = apps.get_model("economics", "ModelPrice")
    rows = []
    for entry in load_catalog():
        valid_from = (
            dt.datetime.combine(entry.valid_from, dt.time(), tzinfo=dt.UTC)
            if entry.valid_from
            else dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
        )
        if ModelPrice.objects.filter(
            tenant__isnull=True, provider=entry.provider, model=entry.model, valid_from=valid_from
        ).exists():
            continue
        row = ModelPrice(
            tenant=None,
            provider=entry.provider,
            model=entry.model,
            aliases=list(entry.aliases),
            patterns=list(entry.patterns),
            valid_from=valid_from,
            input_per_1m=entry.input,
            cached_input_per_1m=entry.cached_input,
            cache_write_per_1m=entry.cache_write,
            output_per_1m=entry.output,
            reasoning_per_1m=entry.reasoning,
            request_fee=entry.per_request,
            long_context_threshold=entry.long_context_threshold,
            origin="catalog",
            source=entry.source,
            as_of=entry.as_of,
        )
        for bucket, column in LONG.items():
            setattr(row, column, entry.long_context.get(bucket))
        rows.append(row)
    ModelPrice.objects.bulk_create(rows)


def unload(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("economics", "ModelPrice").objects.filter(
        tenant__isnull=True, origin="catalog"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("economics", "0002_cost_book")]

    operations = [migrations.RunPython(load, unload)]
