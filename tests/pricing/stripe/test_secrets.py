from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.test import override_settings

from pricing.stripe.secrets import SecretUnreadable, decrypt, encrypt, mask


def test_a_secret_is_encrypted_and_reads_back() -> None:
    token = encrypt("sk_test_abcdefgh12345678")
    assert "sk_test" not in token and "12345678" not in token
    assert decrypt(token) == "sk_test_abcdefgh12345678"


def test_a_rotated_key_still_reads_old_tokens_and_a_foreign_key_reads_none() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(STRIPE_ENCRYPTION_KEY=old):
        token = encrypt("whsec_secret")
    with override_settings(STRIPE_ENCRYPTION_KEY=f"{new},{old}"):
        assert decrypt(token) == "whsec_secret"
    with override_settings(STRIPE_ENCRYPTION_KEY=new), pytest.raises(SecretUnreadable):
        decrypt(token)


def test_a_secret_is_shown_masked() -> None:
    assert mask("sk_test_51FakeMarginalSecretKeyabcd") == "sk_test_…abcd"
    assert mask("whsec_FakeMarginalWebhookSecretwxyz") == "whsec_…wxyz"
    assert mask("short") == "…"
