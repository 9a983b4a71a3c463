"""The JSON parser of every endpoint: standard JSON that can be stored as it was sent."""

from __future__ import annotations

import io
import json
from typing import Any

from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser

from config.api.jsondepth import json_depth_error, too_deep_message


class StrictJSONParser(JSONParser):
    """JSON nested at most 32 levels deep whose strings are valid Unicode.

    A deeper body is a 400 naming the path of the first container too deep (checked on the
    bytes, before the parser recurses). Python's json module accepts lone surrogate escapes
    ("\\ud800"), but no database column (or UTF-8 consumer) can hold them, so they are
    refused here rather than failing later.
    """

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        body = stream.read()
        too_deep = json_depth_error(body)
        if too_deep is not None:
            raise ValidationError({too_deep: [too_deep_message()]})
        data = super().parse(io.BytesIO(body), media_type, parser_context)
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ParseError("JSON parse error - a string holds an unpaired surrogate.") from exc
        return data
