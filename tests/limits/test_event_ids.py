"""An event_id uses a URL-safe alphabet, so every stored event can be read, voided and amended."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rest_framework.test import APIClient

BAD_EVENT_ID = "Use 1-128 letters, digits or _ . : @ - characters, starting with a letter or digit."


def event(**fields: Any) -> dict[str, Any]:
    return {"event_id": "e-1", "customer_id": "acme", "request_class": "chat", **fields}


def post(api: APIClient, url: str, body: Any) -> Any:
    return api.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    "event_id",
    ["a/b", "a b", "a?b", "a#b", "a%2Fb", "é", "..", ".", "-x", "_x", "x\n", "a+b", "x" * 129],
)
def test_an_event_id_outside_the_alphabet_is_a_400_on_event_id(
    api: APIClient, event_id: str
) -> None:
    response = post(api, "/v1/events", event(event_id=event_id))
    assert response.status_code == 400
    message = "Must be 1 to 128 characters long." if len(event_id) > 128 else BAD_EVENT_ID
    assert response.json()["errors"] == [{"field": "event_id", "message": message}]
    assert api.get("/v1/events").json()["results"] == []


def test_a_batch_refuses_only_the_events_with_a_bad_id(api: APIClient) -> None:
    body = {"events": [event(), event(event_id="req/2"), event(event_id="e-3")]}
    response = post(api, "/v1/events", body)
    assert response.status_code == 200
    assert (response.json()["accepted"], response.json()["rejected"]) == (2, 1)
    assert response.json()["results"] == [
        {
            "index": 1,
            "event_id": "req/2",
            "status": "rejected",
            "errors": [{"field": "events.1.event_id", "message": BAD_EVENT_ID}],
        }
    ]


def test_an_amendment_whose_replacement_id_is_bad_is_a_400(api: APIClient) -> None:
    assert post(api, "/v1/events", event()).status_code == 201
    response = post(api, "/v1/events/e-1/amend", {"event": event(event_id="e 2")})
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "event.event_id", "message": BAD_EVENT_ID}]


@pytest.mark.parametrize("event_id", ["Req_01.HZX:a@b-c", "9", "x" * 128, "a..b", "ctx:42@eu"])
def test_every_id_of_the_alphabet_is_read_voided_and_amended_by_url(
    api: APIClient, event_id: str
) -> None:
    assert post(api, "/v1/events", event(event_id=event_id)).status_code == 201
    assert api.get(f"/v1/events/{event_id}").json()["event_id"] == event_id
    replacement = event(event_id=f"{event_id[:120]}-new", input_tokens=5)
    response = post(api, f"/v1/events/{event_id}/amend", {"event": replacement})
    assert response.status_code == 201, response.json()
    assert post(api, f"/v1/events/{replacement['event_id']}/void", {}).status_code == 200
    assert api.get(f"/v1/events/{event_id}").json()["voided_at"] is not None
    assert api.get(f"/v1/events/{replacement['event_id']}").json()["voided_at"] is not None
