"""Stripe's form encoding: `items[0][price]=p&metadata[k]=v` <-> nested dicts and lists."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

_PART = re.compile(r"\[([^\]]*)\]")


def decode(body: str) -> dict[str, Any]:
    """Return the nested parameters of a form-encoded body (or query string)."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        head = key.split("[", 1)[0]
        parts = [head, *_PART.findall(key[len(head) :])]
        node: Any = root
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            nxt: Any = value if last else ({} if parts[i + 1] not in ("",) else [])
            if isinstance(node, list):
                if part == "":
                    node.append(nxt)
                    node = node[-1]
                    continue
                index = int(part)
                while len(node) <= index:
                    node.append(None)
                if node[index] is None or last:
                    node[index] = nxt
                node = node[index]
            else:
                if last:
                    node[part] = value
                else:
                    node = node.setdefault(part, nxt)
    return _lists(root)


def _lists(node: Any) -> Any:
    """Turn dicts whose keys are all indexes ("0", "1", ...) into lists."""
    if isinstance(node, dict):
        converted = {k: _lists(v) for k, v in node.items()}
        if converted and all(k.isdigit() for k in converted):
            return [converted[k] for k in sorted(converted, key=int)]
        return converted
    if isinstance(node, list):
        return [_lists(v) for v in node]
    return node
