"""Serializers of the metering API (names are unique across the schema)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.fields import JsonObjectField
from config.api.permissions import SCOPES
from metering.models import ActorType, ApiKey, AuditEntry, Customer

MAX_METADATA_BYTES = 8192


class ApiKeyOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiKey
        fields = ["id", "name", "prefix", "scopes", "created_at", "last_used_at", "revoked_at"]
        read_only_fields = fields

    scopes = serializers.ListField(child=serializers.ChoiceField(choices=list(SCOPES)))


class ApiKeyCreateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=list(SCOPES)), min_length=1, max_length=len(SCOPES)
    )


class ApiKeyCreatedOutputSerializer(ApiKeyOutputSerializer):
    key = serializers.CharField(
        read_only=True, help_text="The secret API key. Shown only in this response; store it now."
    )

    class Meta(ApiKeyOutputSerializer.Meta):
        fields = [*ApiKeyOutputSerializer.Meta.fields, "key"]
        read_only_fields = fields


def validate_metadata(value: Any) -> None:
    import json

    if not isinstance(value, dict):
        raise serializers.ValidationError("Must be a JSON object.")
    if len(json.dumps(value)) > MAX_METADATA_BYTES:
        raise serializers.ValidationError(f"Must be at most {MAX_METADATA_BYTES} bytes as JSON.")


class CustomerOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Customer
        fields = ["external_id", "name", "metadata", "archived", "created_at", "updated_at"]
        read_only_fields = fields

    metadata = JsonObjectField(read_only=True)


class CustomerCreateInputSerializer(serializers.Serializer):
    external_id = serializers.RegexField(
        r"^[A-Za-z0-9_.:@\-]{1,128}$",
        max_length=128,
        help_text="Your own id for the customer (letters, digits and _ . : @ -), unique per tenant.",
        error_messages={"invalid": "Use 1-128 letters, digits or _ . : @ - characters."},
    )
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    metadata = JsonObjectField(required=False, default=dict, validators=[validate_metadata])


class CustomerUpdateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    metadata = JsonObjectField(required=False, validators=[validate_metadata])
    archived = serializers.BooleanField(required=False)


class AuditActorOutputSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ActorType.choices)
    id = serializers.CharField(help_text="The API key's id; empty for a command or job.")
    # A field named like Field.label: DRF's metaclass moves it into _declared_fields.
    label = serializers.CharField(  # type: ignore[assignment]
        help_text="The API key's prefix, or the command or job."
    )


class AuditEntryOutputSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    before = serializers.JSONField(
        allow_null=True, help_text="The object before the action; null if it did not exist."
    )
    after = serializers.JSONField(
        allow_null=True, help_text="The object after the action; null if it is gone."
    )

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "occurred_at",
            "actor",
            "action",
            "object_type",
            "object_id",
            "before",
            "after",
        ]
        read_only_fields = fields

    @extend_schema_field(AuditActorOutputSerializer)
    def get_actor(self, obj: AuditEntry) -> dict[str, str]:
        return {"type": obj.actor_type, "id": obj.actor_id, "label": obj.actor_label}
