"""The multi-host test's plan simulation and what-if: a seeded tenant, and one-process runs.

`seed_and_run_here` runs inside `manage.py shell` on the test's cluster (production
settings): it seeds the tenant the simulation tests compare runs on
(tests/economics/simulations/seeded.py, every event costed), runs the simulation and the
what-if once in that process (`chunked=False`: no worker, no chunk task) and prints, as one
JSON line, what the test needs to post the same jobs through the API and compare.
"""

from __future__ import annotations

import json
from typing import Any

# Chunk tasks per simulation or what-if on the test's hosts: enough that both simulations
# workers get some (40 customers, 5 a chunk), given to every process of both hosts as
# SIMULATION_CHUNKS and WHAT_IF_CHUNKS.
CHUNKS = 8
CUSTOMERS = 40
TENANT = "Seeded"  # the name seeded_tenant gives it
# The what-if: the seeded months with chat on a cheaper model (re-costed from the shipped
# catalog's prices, summed by PostgreSQL), 20 % fewer output tokens everywhere, rank retired,
# and every customer on the hybrid plan.
WHAT_IF: dict[str, Any] = {
    "name": "multihost",
    "start_month": "2026-01",
    "end_month": "2026-04",
    "changes": [
        {"type": "model", "request_class": "chat", "model": "gpt-4o-mini", "provider": "openai"},
        {"type": "output_tokens", "percent": "-20"},
        {"type": "retire", "request_class": "rank"},
    ],
    "candidate": {"plan_id": "hybrid", "version": 1},
}


def request_body() -> dict[str, Any]:
    """The simulation the comparisons run (seeded.ASK), as the API takes it."""
    from tests.economics.simulations.seeded import ASK

    return {"name": "multihost", **{k: v for k, v in ASK.items() if k != "today"}}


def seed_and_run_here() -> None:
    from economics.decisions.api.serializers import WhatIfCreateInputSerializer
    from economics.decisions.runner import what_if_run
    from economics.decisions.services import what_if_create
    from economics.simulations.runner import simulation_run
    from economics.simulations.services import simulation_create
    from metering.audit import Actor
    from metering.services import api_key_create
    from tests.economics.simulations.seeded import ASK, seeded_tenant

    # Every event costed: the hosts' costing workers leave the seeded usage as it is.
    tenant = seeded_tenant(customers=CUSTOMERS, all_costed=True)
    assert tenant.name == TENANT
    issued = api_key_create(
        tenant=tenant, name="multihost", scopes=["admin"], actor=Actor.system("tests")
    )
    simulation = simulation_create(tenant=tenant, enqueue=False, **ASK)
    single = simulation_run(simulation_id=simulation.pk, chunked=False)
    # Read as the API reads the request (its decimals at the API's scale), so that both runs
    # are asked the same and their results, the request's echo included, can be compared.
    asked = WhatIfCreateInputSerializer(data=WHAT_IF)
    asked.is_valid(raise_exception=True)
    what_if = what_if_create(
        tenant=tenant,
        enqueue=False,
        name=asked.validated_data["name"],
        start_month=asked.validated_data["start_month"],
        end_month=asked.validated_data["end_month"],
        changes=[dict(c) for c in asked.validated_data["changes"]],
        candidate=dict(asked.validated_data["candidate"]),
    )
    single_what_if = what_if_run(what_if_id=what_if.pk, chunked=False)
    print(
        json.dumps(
            {
                "key": issued.raw_key,
                "tenant": str(tenant.pk),
                "simulation": str(single.pk),
                "what-if": str(single_what_if.pk),
            }
        )
    )
