"""Webhook signatures: HMAC-SHA256 over timestamp and body, verified in constant time."""

from __future__ import annotations

from economics.alerts import signing as f


def test_webhook_signature_is_hmac_sha256_over_timestamp_dot_body():
    body = b'{"alert":"a1"}'

    # Reference value from `openssl dgst -sha256 -hmac whsec_test`.
    expected = "8d396f5020d97b00c24e6b3d443cd12f2cdde1bb5235a911ad69c833e6f60c2e"
    assert f.webhook_signature(secret="whsec_test", timestamp=1700000000, body=body) == expected
    assert f.webhook_signature_header(secret="whsec_test", timestamp=1700000000, body=body) == (
        f"t=1700000000,v1={expected}"
    )


def test_a_signature_verifies_and_tampering_or_staleness_fails():
    body = b'{"alert":"a1"}'
    header = f.webhook_signature_header(secret="s3cret", timestamp=1_700_000_000, body=body)

    assert f.verify_webhook_signature(secret="s3cret", header=header, body=body, now=1_700_000_100)
    assert not f.verify_webhook_signature(
        secret="s3cret", header=header, body=b'{"alert":"a2"}', now=1_700_000_100
    )
    assert not f.verify_webhook_signature(
        secret="other", header=header, body=body, now=1_700_000_100
    )
    assert not f.verify_webhook_signature(
        secret="s3cret", header=header, body=body, now=1_700_000_301
    )
    assert not f.verify_webhook_signature(
        secret="s3cret", header="v1=abc", body=body, now=1_700_000_000
    )
