"""Request bodies checked against the REST specifications' shapes (issue 11): the data file
haymaker/specs/data/arm_shapes.json, written by tools/specs/extract.py from Azure/bicep-types-az
(Microsoft's machine-readable reduction of Azure/azure-rest-api-specs; commit in the file).

`check_body` answers, for one PUT or PATCH body of a known (type, api-version):
- errors: a required property missing (PUT only: a PATCH sends what changes), a value outside a
  closed enum, a read-only property set, a name that breaks the type's pattern or length, an
  object where the spec has a scalar or the other way round;
- warnings: a property the spec does not know, with the closest name it does.
Values still holding a template (`{prefix}-vnet`) are checked for structure only.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "arm_shapes.json"
REQUIRED, READ_ONLY = 1, 2
# Set by ARM from the URL and the request, never from the body.
_ENVELOPE = frozenset({"id", "name", "type", "apiVersion"})


@dataclass(frozen=True)
class ShapeIssue:
    severity: str  # "error" | "warning"
    path: str  # `properties.sku.name`
    message: str
    rule: str = ""  # required | enum | read_only | name | type | range | unknown

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@cache
def _data() -> dict[str, Any]:
    return dict(json.loads(DATA_FILE.read_text(encoding="utf-8")))


def source() -> dict[str, str]:
    """Where the shapes come from (repository, commit, the specifications' commit)."""
    return dict(_data()["source"])


def known_pairs() -> set[tuple[str, str]]:
    """(type lowercase, api-version) of every pair the data file holds."""
    return {(s["type"].lower(), s["api_version"]) for s in _data()["shapes"].values()}


def has_shape(resource_type: str, api_version: str) -> bool:
    return _shape(resource_type, api_version) is not None


def _shape(resource_type: str, api_version: str) -> dict[str, Any] | None:
    found = _data()["shapes"].get(f"{resource_type}@{api_version}".lower())
    return dict(found) if found else None


def check_body(
    resource_type: str, api_version: str, method: str, body: Any, name: str | None = None
) -> list[ShapeIssue]:
    """What is wrong with `body` for a `method` (PUT or PATCH) of this pair; [] when the pair is
    not in the data file (callers decide whether that is itself a problem)."""
    shape = _shape(resource_type, api_version)
    if shape is None:
        return []
    checker = _Checker(shape["nodes"], partial=method.upper() == "PATCH")
    issues: list[ShapeIssue] = []
    root = shape["nodes"][shape["body"]]
    if name is not None and "{" not in name and root[0] == "o" and "name" in root[1]:
        issues += checker.scalar("name", shape["nodes"][root[1]["name"][1]], name)
    issues += checker.value("", shape["body"], body, top=True)
    return issues


class _Checker:
    def __init__(self, nodes: list[Any], *, partial: bool) -> None:
        self.nodes = nodes
        self.partial = partial

    def value(self, path: str, index: int, value: Any, *, top: bool = False) -> list[ShapeIssue]:
        node = self.nodes[index]
        kind = node[0]
        if kind == "o":
            return self.object(path, node[1], node[2], value, top=top)
        if kind == "d":
            return self.discriminated(path, node, value)
        if kind == "l":
            if _templated(value):
                return []
            if not isinstance(value, list):
                return [ShapeIssue("error", path, f"must be an array, not {_kind(value)}", "type")]
            return [i for n, item in enumerate(value) for i in self.value(f"{path}[{n}]", node[1], item)]
        return self.scalar(path, node, value)

    def object(
        self, path: str, props: dict[str, Any], extra: int | None, value: Any, *, top: bool = False
    ) -> list[ShapeIssue]:
        if not isinstance(value, dict):
            if _templated(value):
                return []
            return [ShapeIssue("error", path, f"must be an object, not {_kind(value)}", "type")]
        issues: list[ShapeIssue] = []
        for key, item in value.items():
            where = f"{path}.{key}" if path else key
            spec = props.get(key)
            if spec is None:
                if extra is not None:
                    issues += self.value(where, extra, item)
                elif not (top and key in _ENVELOPE):
                    close = difflib.get_close_matches(key, list(props), n=1, cutoff=0.6)
                    hint = f" (did you mean {close[0]!r}?)" if close else ""
                    issues.append(
                        ShapeIssue("warning", where, f"not a property the specification knows{hint}")
                    )
                continue
            flags, child = spec
            if flags & READ_ONLY and not (top and key in _ENVELOPE):
                issues.append(
                    ShapeIssue("error", where, "is read-only: Azure sets it, a request may not", "read_only")
                )
                continue
            issues += self.value(where, child, item)
        if not self.partial:
            for key, (flags, _child) in props.items():
                if (
                    flags & REQUIRED
                    and not flags & READ_ONLY
                    and key not in value
                    and not (top and key in _ENVELOPE)
                ):
                    where = f"{path}.{key}" if path else key
                    issues.append(ShapeIssue("error", where, "is required and missing", "required"))
        return issues

    def discriminated(self, path: str, node: list[Any], value: Any) -> list[ShapeIssue]:
        _, discriminator, base, elements = node
        if not isinstance(value, dict):
            return (
                []
                if _templated(value)
                else [ShapeIssue("error", path, f"must be an object, not {_kind(value)}", "type")]
            )
        chosen = value.get(discriminator)
        if not isinstance(chosen, str) or _templated(chosen):
            return []
        element = elements.get(chosen)
        if element is None:
            where = f"{path}.{discriminator}" if path else discriminator
            return [ShapeIssue("error", where, f"{chosen!r} is not one of {sorted(elements)}", "enum")]
        merged = dict(base)
        target = self.nodes[element]
        if target[0] == "o":
            merged.update(target[1])
        return self.object(path, merged, None, value)

    def scalar(self, path: str, node: list[Any], value: Any) -> list[ShapeIssue]:
        kind = node[0]
        if _templated(value) or kind == "*":
            return []
        if isinstance(value, dict | list):
            return [
                ShapeIssue(
                    "error", path, f"must be a {_SCALARS.get(kind, 'value')}, not {_kind(value)}", "type"
                )
            ]
        expected = _TYPES.get(kind)
        if expected is not None and not (
            isinstance(value, expected) and not (kind == "i" and isinstance(value, bool))
        ):
            return [
                ShapeIssue("error", path, f"must be a {_SCALARS[kind]}, not {_kind(value)} {value!r}", "type")
            ]
        if kind == "e":
            values, open_ = node[1], node[2]
            if not open_ and not isinstance(value, str):
                return [
                    ShapeIssue(
                        "error", path, f"must be one of {values}, not {_kind(value)} {value!r}", "enum"
                    )
                ]
            if isinstance(value, str) and not open_ and value not in values:
                near = [v for v in values if v.lower() == value.lower()]
                hint = f" (the specification spells it {near[0]!r})" if near else ""
                return [ShapeIssue("error", path, f"{value!r} is not one of {values}{hint}", "enum")]
            return []
        if kind == "s" and isinstance(value, str):
            pattern, low, high = node[1], node[2], node[3]
            if low is not None and len(value) < low:
                return [ShapeIssue("error", path, f"{value!r} is shorter than {low} characters", "length")]
            if high is not None and len(value) > high:
                return [ShapeIssue("error", path, f"{value!r} is longer than {high} characters", "length")]
            if pattern and not _matches(pattern, value):
                return [
                    ShapeIssue("error", path, f"{value!r} does not match the pattern {pattern}", "pattern")
                ]
        if kind == "i" and isinstance(value, int | float) and not isinstance(value, bool):
            low, high = node[1], node[2]
            if (low is not None and value < low) or (high is not None and value > high):
                return [ShapeIssue("error", path, f"{value} is outside {low}..{high}", "range")]
        return []


_SCALARS = {"s": "string", "e": "string", "i": "number", "b": "boolean"}
# What a scalar must be in JSON (an open enum may be another shape too, so it is not checked).
# bicep-types has one numeric type for the swagger's integer and number (Container Apps' cpu is
# a double), so a number passes where it says integer.
_TYPES: dict[str, type | tuple[type, ...]] = {"s": str, "i": (int, float), "b": bool}


def _matches(pattern: str, value: str) -> bool:
    try:
        return re.search(pattern, value) is not None
    except re.error:
        return True  # a pattern Python cannot read (.NET syntax) is not held against the value


def _templated(value: Any) -> bool:
    return isinstance(value, str) and "{" in value and "}" in value


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}.get(
        type(value), type(value).__name__
    )
