"""Sign-in and sign-out with Django's auth, and a throttle on failed sign-ins.

Failures are counted per (username, client address) in the cache for a lockout period; at
the limit, sign-in is refused (429) for that pair until the period ends, even with the right
password, so guessing one person's password from one place is slow. The address is the
connection's (REMOTE_ADDR): a header the client sets would let it pick a fresh one each try.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse


def _key(request: HttpRequest) -> str:
    username = str(request.POST.get("username", "")).strip().lower()
    address = str(request.META.get("REMOTE_ADDR", ""))
    digest = hashlib.sha256(f"{username}|{address}".encode()).hexdigest()
    return f"dashboard:login-failures:{digest}"


def failures(request: HttpRequest) -> int:
    return int(cache.get(_key(request), 0))


def failure_record(request: HttpRequest) -> None:
    key = _key(request)
    timeout = settings.DASHBOARD_LOGIN_LOCKOUT_SECONDS
    if not cache.add(key, 1, timeout=timeout):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=timeout)


class SignInView(auth_views.LoginView):
    template_name = "dashboard/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if failures(request) >= settings.DASHBOARD_LOGIN_MAX_FAILURES:
            minutes = max(1, settings.DASHBOARD_LOGIN_LOCKOUT_SECONDS // 60)
            form = self.get_form_class()(request)  # unbound: the password is not even checked
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    throttled=f"Too many failed sign-ins: try again in {minutes} minutes.",
                ),
                status=429,
            )
        response = super().post(request, *args, **kwargs)
        if response.status_code == 200:  # the form came back: wrong username or password
            failure_record(request)
        else:
            cache.delete(_key(request))
        return response


class SignOutView(auth_views.LogoutView):
    pass
