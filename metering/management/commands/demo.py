"""Prepare the embedded demo: a demo tenant with a fresh key, seeded data and a report."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from metering.audit import Actor
from metering.models import ApiKey, Membership, Role, Tenant
from metering.services import (
    api_key_caches_clear,
    api_key_create,
    member_create,
    member_password_set,
    tenant_create,
)

DEMO_TENANT_NAME = "Demo AI"
DEMO_EMAIL = "demo@marginal.example"
ACTOR = Actor.system("manage.py demo")


class Command(BaseCommand):
    help = (
        "Create (or reuse, or with --reset replace) the demo tenant, seed demo data, print a "
        "report, a key and curl examples."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1:8000", help="Where the server will listen."
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Start over: set the current demo tenant aside (renamed, its keys revoked) "
            "and seed a new one.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = Tenant.objects.filter(name=DEMO_TENANT_NAME).first()
        if tenant is not None and options["reset"]:
            now = timezone.now()
            tenant.name = f"{DEMO_TENANT_NAME} (set aside {now:%Y-%m-%d %H:%M} UTC)"
            tenant.save(update_fields=["name"])
            api_key_caches_clear()
            ApiKey.objects.of(tenant).filter(revoked_at__isnull=True).update(revoked_at=now)
            tenant = None
        if tenant is None:
            tenant, issued = tenant_create(name=DEMO_TENANT_NAME, actor=ACTOR)
            origin = "created now"
        else:
            issued = api_key_create(tenant=tenant, name="Demo key", scopes=["admin"], actor=ACTOR)
            origin = (
                f"reused, with the data seeded on {tenant.created_at:%Y-%m-%d} "
                "(make demo RESET=1 starts over)"
            )
        # Later apps contribute demo data and a report through a `seed_demo` command.
        if "seed_demo" in get_commands():
            call_command("seed_demo", tenant=str(tenant.id), stdout=self.stdout)
        password = self._demo_login(tenant)
        host = options["host"]
        self.stdout.write("")
        self.stdout.write(f"Demo tenant: {tenant.name} ({tenant.id}), {origin}")
        self.stdout.write(f"Dashboard:   http://{host}/dashboard/")
        self.stdout.write(f"Sign in as:  {DEMO_EMAIL} / {password} (a new password each run)")
        self.stdout.write(f"API docs:    http://{host}/v1/docs")
        self.stdout.write("Try (the report's default window is the last 30 days):")
        for path in ("/v1/customers", "/v1/economics/request-classes"):
            self.stdout.write(
                f"  curl -s -H 'Authorization: Bearer {issued.raw_key}' http://{host}{path}"
            )
        self.stdout.write("Admin API key (shown once):")
        self.stdout.write(issued.raw_key)

    def _demo_login(self, tenant: Tenant) -> str:
        """Give the demo tenant's dashboard user a fresh password and return it."""
        password = secrets.token_urlsafe(12)
        membership = (
            Membership.objects.of(tenant).filter(user__username=DEMO_EMAIL).select_related("user")
        ).first()
        if membership is None:
            # A reset sets the old tenant aside: its demo user moves to the new one.
            get_user_model().objects.filter(username=DEMO_EMAIL).delete()
            member_create(
                tenant=tenant, email=DEMO_EMAIL, password=password, role=Role.ADMIN, actor=ACTOR
            )
        else:
            member_password_set(
                tenant=tenant, membership=membership, password=password, actor=ACTOR
            )
        return password
