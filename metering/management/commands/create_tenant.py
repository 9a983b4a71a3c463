"""Create a tenant, optionally its first dashboard admin, and print its admin API key last."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from config.errors import DomainError
from metering.audit import Actor
from metering.models import Role
from metering.services import member_create, tenant_create

ACTOR = Actor.system("manage.py create_tenant")


class Command(BaseCommand):
    help = (
        "Create a tenant (and, with --admin-email, its first dashboard admin) and print its "
        "first admin API key as the last line of output."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="The tenant's display name, e.g. 'Acme AI'.")
        parser.add_argument(
            "--admin-email",
            help="Also create a dashboard user with the admin role who signs in with this email.",
        )
        parser.add_argument(
            "--admin-password",
            help="Its password (at least 12 characters); prompted for when left out.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["admin_email"]
        password = options["admin_password"]
        if email and not password:
            password = getpass.getpass(f"Password for {email}: ")
        try:
            with transaction.atomic():
                tenant, issued = tenant_create(name=options["name"], actor=ACTOR)
                if email:
                    member_create(
                        tenant=tenant, email=email, password=password, role=Role.ADMIN, actor=ACTOR
                    )
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Created tenant '{tenant.name}' ({tenant.id}).")
        if email:
            self.stdout.write(f"Dashboard admin: {email.strip().lower()} (sign in at /dashboard/).")
        self.stdout.write("Its admin API key follows; it is shown only once:")
        self.stdout.write(issued.raw_key)
