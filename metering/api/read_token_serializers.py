"""Serializers of customer read tokens (names are unique across the schema)."""

from __future__ import annotations

from rest_framework import serializers

from metering.read_token_services import DEFAULT_TTL, MAX_TTL, MIN_TTL

TOKEN_STATUSES = ("active", "expired", "revoked")


class CustomerReadTokenCreateInputSerializer(serializers.Serializer):
    ttl_seconds = serializers.IntegerField(
        min_value=int(MIN_TTL.total_seconds()),
        max_value=int(MAX_TTL.total_seconds()),
        required=False,
        default=int(DEFAULT_TTL.total_seconds()),
        help_text="How long the token lives, in seconds: 60 to 86400 (24 h); default 3600.",
    )
    name = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="What the token is for, e.g. the portal session it was issued to.",
    )


class CustomerReadTokenOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    customer_id = serializers.CharField(help_text="The customer it reads (your external_id).")
    name = serializers.CharField()
    prefix = serializers.CharField(help_text="The token's first characters, to recognise it.")
    status = serializers.ChoiceField(
        choices=TOKEN_STATUSES, help_text="At the moment of the answer."
    )
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True, help_text="To the minute.")
    revoked_at = serializers.DateTimeField(allow_null=True)


class CustomerReadTokenCreatedOutputSerializer(CustomerReadTokenOutputSerializer):
    token = serializers.CharField(
        help_text="The secret read token. Shown only in this response; hand it to the portal."
    )


class CustomerReadTokensRevokedOutputSerializer(serializers.Serializer):
    revoked = serializers.IntegerField(help_text="Tokens revoked now (live until this request).")
