"""The demo data (manage.py seed_demo, 12 customers) as of a fixed day, for exact figures."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.management import call_command
from rest_framework.test import APIClient

from metering.models import Tenant

# The demo seeds history up to today's midnight: freezing the day makes it exact.
TODAY = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)


@pytest.fixture
def demo(tenant: Tenant) -> Tenant:
    """The owner tenant seeded with the demo's first 12 customers (Sept.-Nov. 2026)."""
    from economics.costs.services.prices import price_catalog_load

    price_catalog_load()  # the shipped model prices, as `migrate` loads them
    with time_machine.travel(TODAY, tick=False):
        call_command("seed_demo", tenant=str(tenant.id), customers=12, stdout=io.StringIO())
    return tenant


@pytest.fixture
def at_today() -> Callable[[], object]:
    """Freeze the clock at the demo's day for the block that uses it."""
    return lambda: time_machine.travel(TODAY, tick=False)


def get(client: APIClient, url: str) -> object:
    with time_machine.travel(TODAY, tick=False):
        return client.get(url)
