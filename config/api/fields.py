"""Serializer fields whose OpenAPI shape says more than their Python type."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

DECIMAL_PATTERN = r"^-?\d+(\.\d+)?$"


@extend_schema_field(
    {"type": "string", "format": "decimal", "pattern": DECIMAL_PATTERN, "example": "12.50"}
)
class DecimalStringField(serializers.CharField):
    """An exact decimal already formatted as a string by the code that computed it."""


@extend_schema_field({"type": "object", "additionalProperties": True})
class JsonObjectField(serializers.JSONField):
    """A JSON object of the caller's own keys."""
