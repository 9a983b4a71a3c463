"""Request fields take JSON as the schema types it, and nothing the schema does not describe.

DRF is lenient by default: a string field turns the number 42 into "42", a boolean field takes
0, "yes" or "on", and a decimal field a JSON number or strings such as "1e3", " 5 " or "" (read
as null). The published schema says a string field is a JSON string, a boolean a JSON boolean
and a decimal a decimal string (money is never a float), so the API holds clients to exactly
that: anything else is a 400 on the field, the answer a generated client and a contract fuzzer
expect.
"""

from __future__ import annotations

import re
from typing import Any

from rest_framework import serializers
from rest_framework.fields import empty

DECIMAL_STRING = re.compile(r"^-?\d+(\.\d+)?$")
DECIMAL_MESSAGE = 'Must be a decimal string such as "12.50".'

_char_to_internal_value = serializers.CharField.to_internal_value
_decimal_to_internal_value = serializers.DecimalField.to_internal_value
_decimal_run_validation = serializers.DecimalField.run_validation
_boolean_to_internal_value = serializers.BooleanField.to_internal_value


def _strict_char(self: serializers.CharField, data: Any) -> str:
    if not isinstance(data, str):
        self.fail("invalid")
    return _char_to_internal_value(self, data)


def _strict_decimal(self: serializers.DecimalField, data: Any) -> Any:
    if not isinstance(data, str) or not DECIMAL_STRING.fullmatch(data):
        raise serializers.ValidationError(DECIMAL_MESSAGE, code="invalid")
    return _decimal_to_internal_value(self, data)


def _strict_decimal_run_validation(self: serializers.DecimalField, data: Any = empty) -> Any:
    if data == "":
        raise serializers.ValidationError(DECIMAL_MESSAGE, code="invalid")
    return _decimal_run_validation(self, data)


def _strict_boolean(self: serializers.BooleanField, data: Any) -> Any:
    if not isinstance(data, bool):
        self.fail("invalid", input=data)
    return _boolean_to_internal_value(self, data)


def install() -> None:
    """Make the string, boolean and decimal fields of every serializer strict (at start-up)."""
    serializers.CharField.to_internal_value = _strict_char  # type: ignore[method-assign,assignment]
    serializers.DecimalField.to_internal_value = _strict_decimal  # type: ignore[method-assign,assignment]
    serializers.DecimalField.run_validation = _strict_decimal_run_validation  # type: ignore[method-assign,assignment]
    serializers.BooleanField.to_internal_value = _strict_boolean  # type: ignore[method-assign,assignment]
