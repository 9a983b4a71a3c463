"""Customers named by a request, resolved the same way by every view of every app.

A customer in the URL path is `metering.selectors.customer_get` (an unknown one is a 404); a
customer named in a body or query field is `customer_from_input` (an unknown one is a 400 on
that field). Both look the customer up by the tenant's own external_id with that one selector.
"""

from __future__ import annotations

from rest_framework.exceptions import ValidationError

from config.errors import NotFound
from metering import selectors
from metering.models import Customer, Tenant

UNKNOWN_CUSTOMER = "No customer with this external_id."


def customer_from_input(
    *,
    tenant: Tenant,
    external_id: str,
    field: str = "customer_id",
    message: str = UNKNOWN_CUSTOMER,
) -> Customer:
    """Return the tenant's customer a body or query field names; an unknown one is a 400."""
    try:
        return selectors.customer_get(tenant=tenant, external_id=external_id)
    except NotFound as exc:
        raise ValidationError({field: [message]}) from exc
