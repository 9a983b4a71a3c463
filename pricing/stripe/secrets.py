"""Tenants' Stripe keys at rest: Fernet tokens under a key from the settings, never in clear.

STRIPE_ENCRYPTION_KEY holds one or more Fernet keys (comma-separated): the first encrypts,
every one decrypts, so a key is rotated by putting the new one first. Without it a key is
derived from SECRET_KEY (HKDF-SHA256), which is enough for development and tests.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


class SecretUnreadable(Exception):
    """A stored secret cannot be decrypted with the configured keys."""


def derived_key(secret_key: str) -> str:
    """Return a Fernet key derived from Django's SECRET_KEY."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"marginal-stripe-secrets")
    return base64.urlsafe_b64encode(hkdf.derive(secret_key.encode())).decode()


def _fernet() -> MultiFernet:
    configured = [k.strip() for k in settings.STRIPE_ENCRYPTION_KEY.split(",") if k.strip()]
    keys = configured or [derived_key(settings.SECRET_KEY)]
    return MultiFernet([Fernet(k.encode()) for k in keys])


def encrypt(plain: str) -> str:
    """Return the Fernet token of a secret."""
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    """Return the secret of a Fernet token; raise SecretUnreadable when no key opens it."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable("A stored Stripe secret cannot be decrypted.") from exc


def mask(secret: str) -> str:
    """Return a secret as it may be shown: its prefix and last four characters."""
    prefix = secret.rsplit("_", 1)[0] + "_" if "_" in secret else ""
    if len(prefix) > 12:
        prefix = prefix[:12]
    return f"{prefix}…{secret[-4:]}" if len(secret) > 8 else "…"
