"""Tenant scoping made mechanical: a query of a tenant-owned model names its tenant.

Every model with a `tenant` foreign key derives from `TenantOwnedModel`, whose manager
offers `of(tenant)` (the rows of one tenant) and `cross_tenant(reason=...)` (the rows of
every tenant, for the few jobs that span tenants: beat sweeps, a worker that only has an
id, authentication). tests/test_tenant_scoping.py fails on any other query of such a model
in the application code, so an unscoped query is hard to write by accident and easy to
find (`grep -rn cross_tenant`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self, TypeVar

from django.db import models

if TYPE_CHECKING:
    from metering.models import Tenant

_M = TypeVar("_M", bound=models.Model, covariant=True)


class TenantQuerySet(models.QuerySet[_M]):
    """Rows of a tenant-owned model: `of(tenant)` scopes them, `cross_tenant` says why not."""

    def of(self, tenant: Tenant) -> Self:
        """Return the rows of one tenant."""
        # Compared by label: this module is imported by metering.models, which defines Tenant.
        if not (isinstance(tenant, models.Model) and tenant._meta.label == "metering.Tenant"):
            # One type: a tenant id (or None) here is a mistake that would still filter.
            raise TypeError(f"of() takes a Tenant, not {type(tenant).__name__}.")
        return self.filter(tenant=tenant)

    def cross_tenant(self, *, reason: str) -> Self:
        """Return the rows of every tenant; `reason` says which job needs them all, and why."""
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError("cross_tenant() needs a reason: which job spans tenants, and why.")
        return self.all()


class TenantManager(models.Manager[_M]):
    """The default manager of tenant-owned models: `of(tenant)` or `cross_tenant(reason=...)`.

    Not used in migrations (Django's default), so adopting it changes no table and
    creates no migration.
    """

    def get_queryset(self) -> TenantQuerySet[_M]:
        return TenantQuerySet(self.model, using=self._db)

    def of(self, tenant: Tenant) -> TenantQuerySet[_M]:
        """Return the rows of one tenant."""
        return self.get_queryset().of(tenant)

    def cross_tenant(self, *, reason: str) -> TenantQuerySet[_M]:
        """Return the rows of every tenant; `reason` says which job needs them all, and why."""
        return self.get_queryset().cross_tenant(reason=reason)


class TenantOwnedModel(models.Model):
    """Base of every model with a `tenant` foreign key (each model declares the field itself)."""

    objects = TenantManager()

    class Meta:
        abstract = True
