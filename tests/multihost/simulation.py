"""The multi-host test's plan simulation: a seeded tenant, and its run in one process.

`seed_and_run_here` runs inside `manage.py shell` on the test's cluster (production
settings): it seeds the tenant the simulation tests compare runs on
(tests/economics/simulations/seeded.py, every event costed), rates the simulation once in that process
(`chunked=False`: no worker, no chunk task) and prints, as one JSON line, what the test
needs to post the same simulation through the API and compare the two.
"""

from __future__ import annotations

import json
from typing import Any

# Chunk tasks per simulation on the test's hosts: enough that both simulations workers get
# some (40 customers, 5 a chunk), given to every process of both hosts as SIMULATION_CHUNKS.
CHUNKS = 8
CUSTOMERS = 40
TENANT = "Seeded"  # the name seeded_tenant gives it


def request_body() -> dict[str, Any]:
    """The simulation the comparisons run (seeded.ASK), as the API takes it."""
    from tests.economics.simulations.seeded import ASK

    return {"name": "multihost", **{k: v for k, v in ASK.items() if k != "today"}}


def seed_and_run_here() -> None:
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
    print(
        json.dumps(
            {
                "key": issued.raw_key,
                "tenant": str(tenant.pk),
                "simulation": str(single.pk),
                "status": single.status,
            }
        )
    )
