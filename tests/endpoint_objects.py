"""Objects the tenant walk needs to fill each path parameter of the API.

Every path parameter name used by a /v1/ operation maps to a factory that creates (or finds) an
object of the given tenant and returns the value to put in the URL. The walk fails for a
parameter with no factory, so a new endpoint cannot escape it.
"""

from __future__ import annotations

from collections.abc import Callable

from metering.models import Customer, Tenant
from metering.services import api_key_create, customer_create


def customer_id(tenant: Tenant) -> str:
    existing = Customer.objects.filter(tenant=tenant, external_id="walk-customer").first()
    if existing is not None:
        return existing.external_id
    return customer_create(tenant=tenant, external_id="walk-customer").external_id


def key_id(tenant: Tenant) -> str:
    return str(api_key_create(tenant=tenant, name="walk key", scopes=["read"]).api_key.id)


PATH_PARAM_FACTORIES: dict[str, Callable[[Tenant], str]] = {
    "customer_id": customer_id,
    "key_id": key_id,
}
