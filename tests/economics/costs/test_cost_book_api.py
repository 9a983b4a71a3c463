"""The cost book through the HTTP API: prices, rates, imports, and the management command."""

from __future__ import annotations

import json
from collections.abc import Callable
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from rest_framework.test import APIClient

from economics.costs.models import GpuRate, ModelPrice, ServiceRate
from economics.costs.services.prices import price_catalog_load
from metering.models import Tenant
from tests.data import LITELLM_MAP

SONNET = {
    "provider": "anthropic",
    "model": "claude-sonnet-4-5",
    "aliases": ["sonnet"],
    "patterns": ["claude-sonnet-4-5-*"],
    "valid_from": "2025-09-29T00:00:00Z",
    "input_per_1m": "3.00",
    "cached_input_per_1m": "0.30",
    "cache_write_per_1m": "3.75",
    "output_per_1m": "15",
    "long_context": {
        "threshold_tokens": 200000,
        "input_per_1m": "6",
        "cached_input_per_1m": "0.6",
        "cache_write_per_1m": "7.5",
        "output_per_1m": "22.5",
    },
    "source": "https://www.anthropic.com/pricing#api",
    "as_of": "2025-09-29",
}


def without_times(body: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in body.items() if k not in ("created_at", "updated_at")}


def test_a_model_price_is_created_listed_read_and_changed_by_a_later_entry(
    api: APIClient,
) -> None:
    created = api.post("/v1/costs/model-prices", SONNET, format="json")
    assert created.status_code == 201, created.content
    price_id = created.json()["id"]
    expected = {
        "id": price_id,
        "provider": "anthropic",
        "model": "claude-sonnet-4-5",
        "aliases": ["sonnet"],
        "patterns": ["claude-sonnet-4-5-*"],
        "valid_from": "2025-09-29T00:00:00Z",
        "currency": "USD",
        "input_per_1m": "3",
        "cached_input_per_1m": "0.3",
        "cache_write_per_1m": "3.75",
        "output_per_1m": "15",
        "reasoning_per_1m": None,
        "request_fee": None,
        "long_context": {
            "threshold_tokens": 200000,
            "input_per_1m": "6",
            "cached_input_per_1m": "0.6",
            "cache_write_per_1m": "7.5",
            "output_per_1m": "22.5",
            "reasoning_per_1m": None,
        },
        "origin": "manual",
        "catalog": False,
        "source": "https://www.anthropic.com/pricing#api",
        "as_of": "2025-09-29",
    }
    assert without_times(created.json()) == expected
    assert without_times(api.get(f"/v1/costs/model-prices/{price_id}").json()) == expected
    listed = api.get("/v1/costs/model-prices?provider=anthropic").json()["results"]
    assert [p["id"] for p in listed] == [price_id]
    assert api.get("/v1/costs/model-prices?provider=openai").json()["results"] == []

    # An entry's prices never change in place: the change is a new entry from a later instant.
    refused = api.patch(
        f"/v1/costs/model-prices/{price_id}",
        {"output_per_1m": "14.5", "long_context": None},
        format="json",
    )
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "A model price is effective-dated and never changes (long_context, output_per_1m): post "
        "a new entry with a later valid_from (POST /v1/costs/model-prices), then re-cost past "
        "events (POST /v1/costs/recalculations)."
    )
    assert without_times(api.get(f"/v1/costs/model-prices/{price_id}").json()) == expected
    corrected = api.post(
        "/v1/costs/model-prices",
        {
            **SONNET,
            "valid_from": "2026-01-01T00:00:00Z",
            "output_per_1m": "14.5",
            "long_context": None,
        },
        format="json",
    )
    assert corrected.status_code == 201
    assert (corrected.json()["output_per_1m"], corrected.json()["long_context"]) == ("14.5", None)
    stored = ModelPrice.objects.get(pk=corrected.json()["id"])
    assert (stored.output_per_1m, stored.long_context_threshold, stored.long_input_per_1m) == (
        14.5,
        None,
        None,
    )
    assert ModelPrice.objects.get(pk=price_id).output_per_1m == 15  # the old entry is kept

    # Where a price came from may be corrected; the same values again change nothing.
    sourced = api.patch(
        f"/v1/costs/model-prices/{price_id}",
        {
            "source": "https://docs.anthropic.com/pricing",
            "as_of": "2025-10-01",
            "model": SONNET["model"],
        },
        format="json",
    )
    assert sourced.status_code == 200
    assert without_times(sourced.json()) == {
        **expected,
        "source": "https://docs.anthropic.com/pricing",
        "as_of": "2025-10-01",
    }


def test_the_catalog_is_listed_only_when_asked(api: APIClient) -> None:
    price_catalog_load()
    assert api.get("/v1/costs/model-prices").json()["results"] == []
    with_catalog = api.get("/v1/costs/model-prices?include_catalog=true&model=gpt-4o").json()
    assert [(p["model"], p["catalog"], p["input_per_1m"]) for p in with_catalog["results"]] == [
        ("gpt-4o", True, "2.5")
    ]


def test_a_second_price_for_the_same_model_and_start_is_a_409(api: APIClient) -> None:
    assert api.post("/v1/costs/model-prices", SONNET, format="json").status_code == 201
    again = api.post("/v1/costs/model-prices", SONNET, format="json")
    assert again.status_code == 409
    assert again.json()["detail"] == (
        "A price for anthropic/claude-sonnet-4-5 from 2025-09-29T00:00:00+00:00 already exists."
    )
    assert ModelPrice.objects.filter(tenant__isnull=False).count() == 1


def test_invalid_prices_are_a_400_with_field_paths_and_write_nothing(api: APIClient) -> None:
    response = api.post(
        "/v1/costs/model-prices",
        {
            "model": "x",
            "valid_from": "soon",
            "input_per_1m": "-1",
            "output_per_1m": "ten",
            "long_context": {"threshold_tokens": 0, "input_per_1m": "1", "output_per_1m": "2"},
        },
        format="json",
    )
    assert response.status_code == 400
    assert sorted(e["field"] for e in response.json()["errors"]) == [
        "input_per_1m",
        "long_context.threshold_tokens",
        "output_per_1m",
        "valid_from",
    ]
    assert ModelPrice.objects.filter(tenant__isnull=False).count() == 0


def test_a_read_key_lists_prices_but_cannot_add_one(
    tenant: Tenant, client_for: Callable[..., APIClient]
) -> None:
    reader = client_for(tenant, ["read"])
    assert reader.get("/v1/costs/model-prices").status_code == 200
    response = reader.post("/v1/costs/model-prices", SONNET, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "This API key lacks the 'write' scope."


def test_another_tenants_price_is_a_404(api: APIClient, other_api: APIClient) -> None:
    price_id = api.post("/v1/costs/model-prices", SONNET, format="json").json()["id"]
    assert other_api.get(f"/v1/costs/model-prices/{price_id}").status_code == 404
    patched = other_api.patch(
        f"/v1/costs/model-prices/{price_id}", {"input_per_1m": "0"}, format="json"
    )
    assert patched.status_code == 404
    assert ModelPrice.objects.get(pk=price_id).input_per_1m == 3


def test_gpu_and_service_rates_are_created_corrected_and_listed(api: APIClient) -> None:
    gpu = api.post(
        "/v1/costs/gpu-rates",
        {"gpu_type": "h100", "valid_from": "2026-01-01T00:00:00Z", "usd_per_gpu_hour": "2.99"},
        format="json",
    )
    assert gpu.status_code == 201
    assert without_times(gpu.json()) == {
        "id": gpu.json()["id"],
        "gpu_type": "h100",
        "valid_from": "2026-01-01T00:00:00Z",
        "currency": "USD",
        "usd_per_gpu_hour": "2.99",
    }
    default = api.post(
        "/v1/costs/gpu-rates",
        {"valid_from": "2026-01-01T00:00:00Z", "usd_per_gpu_hour": "1.50"},
        format="json",
    )
    assert default.json()["gpu_type"] == ""
    patched = api.patch(
        f"/v1/costs/gpu-rates/{gpu.json()['id']}", {"usd_per_gpu_hour": "3.10"}, format="json"
    )
    assert patched.status_code == 409
    assert patched.json()["detail"] == (
        "A GPU rate is effective-dated and never changes (usd_per_gpu_hour): post a new entry "
        "with a later valid_from (POST /v1/costs/gpu-rates), then re-cost past events "
        "(POST /v1/costs/recalculations)."
    )
    unchanged = api.patch(
        f"/v1/costs/gpu-rates/{gpu.json()['id']}", {"usd_per_gpu_hour": "2.990"}, format="json"
    )
    assert (unchanged.status_code, unchanged.json()["usd_per_gpu_hour"]) == (200, "2.99")
    assert [r["gpu_type"] for r in api.get("/v1/costs/gpu-rates").json()["results"]] == ["", "h100"]

    service = api.post(
        "/v1/costs/service-rates",
        {"service": "retrieval", "valid_from": "2026-01-01T00:00:00Z", "usd_per_call": "0.0004"},
        format="json",
    )
    assert service.status_code == 201
    assert service.json()["usd_per_call"] == "0.0004"
    bad = api.post(
        "/v1/costs/service-rates",
        {"service": "has space", "valid_from": "2026-01-01T00:00:00Z", "usd_per_call": "1"},
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"] == [
        {"field": "service", "message": "Use 1-64 letters, digits or _ . : @ / - characters."}
    ]
    assert (GpuRate.objects.count(), ServiceRate.objects.count()) == (2, 1)


def test_the_whole_litellm_map_imports_through_the_upload_endpoint(
    api: APIClient, tenant: Tenant
) -> None:
    body = LITELLM_MAP.read_text(encoding="utf-8")
    url = "/v1/costs/model-prices/import?source=litellm&valid_from=2026-11-01T00:00:00Z"

    first = api.generic("POST", url, body, content_type="application/json")

    assert first.status_code == 200, first.content
    result = first.json()
    assert (result["created"], result["updated"], result["unchanged"]) == (3480, 0, 0)
    assert sum(result["skipped"].values()) == 4553 - 3480
    assert result["skipped"]["sample_spec"] == 1
    assert result["warnings"] == ["kyma/qwen3.7-flash: 2 context tiers, kept the lowest"]
    assert ModelPrice.objects.filter(tenant=tenant, origin="litellm").count() == 3480
    pro = ModelPrice.objects.get(tenant=tenant, model="gemini/gemini-2.5-pro")
    assert (pro.provider, pro.aliases, pro.input_per_1m, pro.long_context_threshold) == (
        "gemini",
        ["gemini-2.5-pro"],
        1.25,
        200000,
    )
    assert pro.long_output_per_1m == 15

    again = api.generic("POST", url, body, content_type="application/json").json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3480)


def test_the_import_endpoint_needs_a_known_format_and_a_map(api: APIClient) -> None:
    no_format = api.post("/v1/costs/model-prices/import", {"x": {}}, format="json")
    assert no_format.status_code == 400
    assert no_format.json()["errors"] == [{"field": "source", "message": "Must be 'litellm'."}]
    empty = api.post("/v1/costs/model-prices/import?source=litellm", {}, format="json")
    assert empty.status_code == 400


def test_import_prices_command_loads_a_litellm_map_for_a_tenant_and_is_idempotent(
    tenant: Tenant, tmp_path: Path
) -> None:
    small = {
        "sample_spec": {"mode": "chat"},
        "acme/acme-1": {
            "litellm_provider": "acme",
            "mode": "chat",
            "input_cost_per_token": 1.5e-06,
            "output_cost_per_token": 6e-06,
        },
        "acme/acme-tts": {"litellm_provider": "acme", "mode": "audio_speech"},
    }
    path = tmp_path / "prices.json"
    path.write_text(json.dumps(small))
    out = StringIO()

    call_command(
        "import_prices",
        str(path),
        "--format",
        "litellm",
        "--tenant",
        str(tenant.id),
        "--valid-from",
        "2026-01-01",
        stdout=out,
    )
    call_command(
        "import_prices",
        str(path),
        "--format",
        "litellm",
        "--tenant",
        str(tenant.id),
        "--valid-from",
        "2026-01-01",
        stdout=out,
    )

    assert out.getvalue().splitlines() == [
        "created 1, updated 0, unchanged 0, skipped 2",
        "  skipped 1: mode:audio_speech",
        "  skipped 1: sample_spec",
        "created 0, updated 0, unchanged 1, skipped 2",
        "  skipped 1: mode:audio_speech",
        "  skipped 1: sample_spec",
    ]
    price = ModelPrice.objects.get(tenant=tenant)
    assert (price.model, price.input_per_1m, price.output_per_1m) == ("acme/acme-1", 1.5, 6)
    assert price.valid_from.isoformat() == "2026-01-01T00:00:00+00:00"


def test_import_prices_command_reloads_the_shipped_catalog_without_duplicates(db: None) -> None:
    price_catalog_load()
    before = ModelPrice.objects.filter(tenant__isnull=True).count()
    out = StringIO()
    catalog = (
        Path(__file__).resolve().parents[3] / "economics" / "costs" / "data" / "default_prices.json"
    )

    call_command("import_prices", str(catalog), "--format", "catalog", stdout=out)

    assert out.getvalue().startswith("created 0, updated 0, unchanged 27")
    assert before == ModelPrice.objects.filter(tenant__isnull=True).count() == 27
