"""Which earlier steps a request body names, and where: a body that holds another resource's id
makes its resource depend on that one (Azure refuses to delete the one still referenced)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from haymaker.scenarios.template import iter_template_fields


def body_references(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(body path, template field name) for every `{name}` in a string of the body. Paths use the
    provider table's notation: dotted keys, `[]` for array items (`properties.subnet.id`)."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from body_references(child, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for child in value:
            yield from body_references(child, f"{path}[]")
    elif isinstance(value, str):
        for inner in iter_template_fields(value):
            yield path, inner
