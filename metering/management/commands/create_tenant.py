"""Create a tenant and print its first admin API key (the last line of output)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from metering.audit import Actor
from metering.services import tenant_create


class Command(BaseCommand):
    help = "Create a tenant and print its first admin API key as the last line of output."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="The tenant's display name, e.g. 'Acme AI'.")

    def handle(self, *args: Any, **options: Any) -> None:
        tenant, issued = tenant_create(
            name=options["name"], actor=Actor.system("manage.py create_tenant")
        )
        self.stdout.write(f"Created tenant '{tenant.name}' ({tenant.id}).")
        self.stdout.write("Its admin API key follows; it is shown only once:")
        self.stdout.write(issued.raw_key)
