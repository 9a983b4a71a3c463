"""A JSON body nests at most 32 levels on every endpoint: deeper is a 400 naming where."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from config.api.jsondepth import json_depth_error

TOO_DEEP = "Nested deeper than 32 levels of objects and arrays."


def nested(levels: int, leaf: Any = 1) -> Any:
    """`levels` objects nested inside one another, each under the key "a"."""
    value = leaf
    for _ in range(levels):
        value = {"a": value}
    return value


def deep_text(levels: int) -> bytes:
    """`nested(levels)` as JSON text (the json module cannot write it past ~1,000 levels)."""
    return b'{"a": ' * levels + b"1" + b"}" * levels


def a_path(count: int) -> str:
    return ".".join(["a"] * count)


def post(api: APIClient, url: str, body: bytes | str) -> Any:
    return api.generic("POST", url, body, content_type="application/json")


def event(**fields: Any) -> dict[str, Any]:
    return {"event_id": "e-1", "customer_id": "acme", "request_class": "chat", **fields}


def too_deep(path: str) -> dict[str, Any]:
    return {
        "type": "/problems/validation-error",
        "title": "Invalid request",
        "status": 400,
        "detail": "The request has invalid fields; see errors.",
        "errors": [{"field": path, "message": TOO_DEEP}],
    }


def test_the_depth_of_a_document_counts_every_object_and_array() -> None:
    assert json_depth_error(json.dumps(nested(32)).encode()) is None
    assert json_depth_error(json.dumps(nested(33)).encode()) == a_path(32)
    assert json_depth_error(b"[" * 33 + b"]" * 33) == ".".join(["0"] * 32)
    assert json_depth_error(b"[1, [2, " + b"[" * 31 + b"]" * 33) == "1.1" + ".0" * 30


def test_brackets_inside_strings_do_not_count_and_do_not_hide_real_ones() -> None:
    assert json_depth_error(json.dumps({"a": "[" * 100 + "{" * 100}).encode()) is None
    assert json_depth_error(json.dumps({'a\\"[': "]" * 50, "b": ["[" * 40]}).encode()) is None
    # Strings holding closing brackets cannot pair with real openers and mask them.
    hidden = b"[" + b'["]", ' * 40 + b"1" + b"]" * 41
    assert json_depth_error(hidden) == "0" + ".1" * 31
    assert json_depth_error(json.dumps({'k"\\': nested(32)}).encode()) == 'k"\\.' + a_path(31)


def test_a_body_33_levels_deep_is_a_400_naming_where_on_customers(api: APIClient) -> None:
    body = {"external_id": "c-1", "metadata": nested(32)}
    response = post(api, "/v1/customers", json.dumps(body))
    assert response.status_code == 400
    assert response.json() == too_deep("metadata." + a_path(31))
    assert api.get("/v1/customers").json()["results"] == []


def test_a_body_32_levels_deep_is_read_on_customers(api: APIClient) -> None:
    body = {"external_id": "c-1", "metadata": nested(31)}
    response = post(api, "/v1/customers", json.dumps(body))
    assert response.status_code == 201, response.json()
    assert response.json()["metadata"] == nested(31)


@pytest.mark.parametrize(
    "url",
    ["/v1/customers", "/v1/plans", "/v1/events", "/v1/otlp/v1/traces", "/v1/simulations"],
)
def test_a_body_1000_levels_deep_is_a_400_not_a_500(api: APIClient, url: str) -> None:
    response = post(api, url, b"[" * 1000 + b"]" * 1000)
    assert response.status_code == 400
    assert response.json() == too_deep(".".join(["0"] * 32))
    response = post(api, url, deep_text(1000))
    assert response.status_code == 400
    assert response.json() == too_deep(a_path(32))


def test_an_unclosed_deep_body_is_a_400_too(api: APIClient) -> None:
    for url in ("/v1/customers", "/v1/events"):
        response = post(api, url, b'{"a": ' + b"[" * 5000)
        assert response.status_code == 400
        assert response.json() == too_deep("a" + ".0" * 31)


def test_an_event_property_nested_too_deep_is_a_400_with_its_path(api: APIClient) -> None:
    response = post(api, "/v1/events", json.dumps(event(properties=nested(32))))
    assert response.json() == too_deep("properties." + a_path(31))
    batch = {"events": [event(), event(event_id="e-2", properties=nested(30))]}
    response = post(api, "/v1/events", json.dumps(batch))
    assert response.json() == too_deep("events.1.properties." + a_path(29))
    assert api.get("/v1/events").json()["results"] == []


def test_an_event_nested_32_levels_is_judged_on_its_fields(api: APIClient) -> None:
    batch = {"events": [event(), event(event_id="e-2", properties=nested(29))]}
    response = post(api, "/v1/events", json.dumps(batch))
    assert response.status_code == 200
    assert response.json()["accepted"] == 1
    assert response.json()["results"][0]["errors"] == [
        {
            "field": "events.1.properties.a",
            "message": "Must be a string, a finite number, a boolean or null.",
        }
    ]


def test_an_amendment_nested_too_deep_is_a_400(api: APIClient) -> None:
    assert post(api, "/v1/events", json.dumps(event())).status_code == 201
    body = {"reason": "fix", "event": event(event_id="e-2", properties=nested(31))}
    response = post(api, "/v1/events/e-1/amend", json.dumps(body))
    assert response.json() == too_deep("event.properties." + a_path(30))
    body["event"] = event(event_id="e-2", properties=nested(30))
    response = post(api, "/v1/events/e-1/amend", json.dumps(body))
    assert response.json()["errors"][0]["field"] == "event.properties.a"
