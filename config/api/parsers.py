"""The JSON parser of every endpoint: standard JSON that can be stored as it was sent."""

from __future__ import annotations

import json
from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class StrictJSONParser(JSONParser):
    """JSON whose strings are valid Unicode: a lone surrogate escape ("\\ud800") is a 400.

    Python's json module accepts such escapes, but no database column (or UTF-8 consumer) can
    hold them, so they are refused here rather than failing later.
    """

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ParseError("JSON parse error - a string holds an unpaired surrogate.") from exc
        return data
