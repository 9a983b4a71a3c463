"""Who may see a page: a signed-in person with a membership of a tenant and a role enough for it.

Every page view is wrapped by `page`: it requires a session (else a redirect to sign in),
loads the person's membership (its tenant scopes every read of the page), checks the role,
and answers a missing object of that tenant (another tenant's, say) with the HTML 404 page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from config.errors import NotFound
from metering.audit import Actor
from metering.models import Membership, Role, Tenant

RANK = {Role.VIEWER: 0, Role.BILLING: 1, Role.ADMIN: 2}


@dataclass(frozen=True)
class Viewer:
    """The signed-in person as the pages see them: their tenant and role."""

    membership: Membership

    @property
    def tenant(self) -> Tenant:
        return self.membership.tenant

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def actor(self) -> Actor:
        return Actor.of_user(self.membership.user)

    def may(self, role: str) -> bool:
        """Whether the person's role is `role` or above (viewer < billing < admin)."""
        return RANK[Role(self.role)] >= RANK[Role(role)]


def membership_of(user: Any) -> Membership | None:
    """The signed-in user's membership (with its tenant), or None for a user of no tenant."""
    return (
        Membership.objects.cross_tenant(reason="sign-in: the user's membership names the tenant")
        .select_related("tenant", "user")
        .filter(user_id=user.pk)
        .first()
    )


def not_found(request: HttpRequest, detail: str = "") -> HttpResponse:
    return render(request, "dashboard/error.html", {"status": 404, "detail": detail}, status=404)


def page(role: str = Role.VIEWER) -> Callable[[Callable[..., HttpResponse]], Callable[..., Any]]:
    """Wrap a page view: sign-in required, the user's tenant and role checked, 404 as HTML."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., Any]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = membership_of(request.user)
            if membership is None:
                return render(
                    request,
                    "dashboard/error.html",
                    {"status": 403, "detail": "Your account belongs to no tenant."},
                    status=403,
                )
            viewer = Viewer(membership)
            if not viewer.may(role):
                return render(
                    request,
                    "dashboard/error.html",
                    {
                        "status": 403,
                        "detail": f"This needs the {role} role; yours is {viewer.role}.",
                        "viewer": viewer,
                    },
                    status=403,
                )
            try:
                return view(request, viewer, *args, **kwargs)
            except (NotFound, Http404) as exc:
                return not_found(request, str(exc))

        return wrapped

    return decorate
