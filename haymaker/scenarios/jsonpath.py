"""Dotted JSON paths for assertions: `properties.subnets[0].name`, `tags.env`."""

from __future__ import annotations

import re
from typing import Any

_SEGMENT = re.compile(r"^([A-Za-z0-9_$@-]+)((?:\[\d+\])*)$")

Key = str | int


def parse_path(path: str) -> list[Key]:
    """Keys and list indexes of a path; ValueError naming the bad segment."""
    keys: list[Key] = []
    if not path:
        raise ValueError("empty JSON path")
    for segment in path.split("."):
        match = _SEGMENT.match(segment)
        if match is None:
            raise ValueError(f"invalid JSON path {path!r} at {segment!r}")
        keys.append(match.group(1))
        keys.extend(int(index) for index in re.findall(r"\[(\d+)\]", match.group(2)))
    return keys


_MISSING = object()


def lookup(document: Any, path: str) -> Any:
    """The value at `path`, or raise KeyError naming the first missing part."""
    current = document
    for key in parse_path(path):
        if isinstance(key, int):
            if not isinstance(current, list) or key >= len(current):
                raise KeyError(f"{path}: no item [{key}]")
            current = current[key]
        else:
            value = current.get(key, _MISSING) if isinstance(current, dict) else _MISSING
            if value is _MISSING:
                raise KeyError(f"{path}: no key {key!r}")
            current = value
    return current
