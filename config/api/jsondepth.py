"""How deep a JSON document nests, checked on the raw bytes before any parser recurses into it.

Python's json module and msgspec both recurse once per level and give up (RecursionError)
near 1,000 levels; far below that, deep documents are a cheap way to make a server work
hard. Every JSON body the API reads goes through `json_depth_error` first: a document
nesting more than MAX_JSON_DEPTH objects or arrays is refused with the path of the first
container past the limit. No Django here: the ingest validators call it too.
"""

from __future__ import annotations

import json
import re

# The top-level object or array is level 1; `{"a": {"b": [1]}}` is 3 levels deep.
MAX_JSON_DEPTH = 32

# Objects and arrays alike become [ and ]; every other byte but the quote is dropped.
_AS_BRACKETS = bytes.maketrans(b"{}", b"[]")
_OTHER_BYTES = bytes(byte for byte in range(256) if byte not in b'[]{}"')
_BARE_STRING = re.compile(rb'"[^"]*"')
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


def too_deep_message(max_depth: int = MAX_JSON_DEPTH) -> str:
    return f"Nested deeper than {max_depth} levels of objects and arrays."


def json_depth_error(body: bytes, max_depth: int = MAX_JSON_DEPTH) -> str | None:
    """Return the dotted path of the first container nested past `max_depth`, else None.

    The path names where the container sits ("" for the body itself, "a.0.b" inside
    objects and arrays), like the field paths of validation errors. Bodies that are not
    JSON pass (the parser words that error), unless their brackets alone nest too deep.
    """
    if body.count(b"[") + body.count(b"{") <= max_depth:
        return None  # cannot nest deeper than it has brackets
    # The brackets alone, strings removed; each pass removes every innermost empty pair,
    # so a document whose brackets are gone after `max_depth` passes is shallow enough.
    # In valid JSON a backslash only appears in strings, and removing the escaped backslashes,
    # then the escaped quotes (left to right), leaves every quote a string's start or end;
    # removing two adjacent quotes keeps that so. All in C: a 1 MB batch takes milliseconds.
    unescaped = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    quotes_and_brackets = unescaped.translate(_AS_BRACKETS, _OTHER_BYTES).replace(b'""', b"")
    brackets = _BARE_STRING.sub(b"", quotes_and_brackets)
    for _ in range(max_depth):
        brackets = brackets.replace(b"[]", b"")
        if not brackets:
            return None
    return _first_too_deep(body, max_depth)


def _first_too_deep(body: bytes, max_depth: int) -> str | None:
    """Walk the document to the first container past `max_depth`; return its path."""
    path: list[str | int] = []  # the key or index of each open container's current member
    kinds: list[int] = []  # "{" or "[" of each open container
    position, size = 0, len(body)
    expect_key = False
    while position < size:
        char = body[position]
        if char == ord('"'):
            match = _STRING.match(body, position)
            if match is None:
                return None  # an unterminated string: not JSON
            if expect_key:
                path[-1] = _key(match.group())
            position = match.end()
            continue
        if char in b"[{":
            if len(kinds) == max_depth:
                return ".".join(str(part) for part in path)
            kinds.append(char)
            path.append(0)
            expect_key = char == ord("{")
        elif char in b"]}":
            if not kinds:
                return None  # unbalanced: not JSON
            kinds.pop()
            path.pop()
            expect_key = False
        elif char == ord(","):
            if kinds and kinds[-1] == ord("["):
                index = path[-1]
                path[-1] = index + 1 if isinstance(index, int) else 0
            else:
                expect_key = True
        elif char == ord(":"):
            expect_key = False
        position += 1
    return None


def _key(quoted: bytes) -> str:
    """The text of an object key as sent (escapes decoded when they are valid)."""
    try:
        return str(json.loads(quoted))
    except ValueError:
        return quoted[1:-1].decode("utf-8", "replace")
