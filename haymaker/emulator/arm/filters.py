"""ARM list `$filter` (tagName/tagValue, resourceType, name, location, resourceGroup) and paging."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from haymaker.emulator.arm.errors import arm_error, unsupported_filter

_CLAUSE = re.compile(r"\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*", re.IGNORECASE)
_AND = re.compile(r"\s*and\s+", re.IGNORECASE)
_FIELDS = {"tagname", "tagvalue", "resourcetype", "name", "location", "resourcegroup"}


@dataclass(frozen=True)
class ListFilter:
    """Equality conditions, field names lowercased; an empty filter matches everything."""

    conditions: dict[str, str] = field(default_factory=dict)

    def matches(self, doc: dict[str, Any], resource_group: str | None = None) -> bool:
        c = self.conditions
        tags = {str(k).lower(): v for k, v in (doc.get("tags") or {}).items()}
        if "tagname" in c:
            name = c["tagname"].lower()
            if name not in tags:
                return False
            if "tagvalue" in c and str(tags[name]) != c["tagvalue"]:
                return False
        checks = (
            ("resourcetype", doc.get("type")),
            ("name", doc.get("name")),
            ("location", doc.get("location")),
            ("resourcegroup", resource_group),
        )
        return all(key not in c or str(value or "").lower() == c[key].lower() for key, value in checks)


def parse_filter(expression: str | None) -> ListFilter:
    """Parse `a eq 'x' and b eq 'y'`; anything else is 400 as on Azure."""
    if not expression or not expression.strip():
        return ListFilter()
    conditions: dict[str, str] = {}
    rest = expression
    while rest.strip():
        match = _CLAUSE.match(rest)
        if match is None or match.group(1).lower() not in _FIELDS:
            raise unsupported_filter(expression)
        conditions[match.group(1).lower()] = match.group(2).replace("''", "'")
        rest = rest[match.end() :]
        if rest.strip():
            joiner = _AND.match(rest)
            if joiner is None:
                raise unsupported_filter(expression)
            rest = rest[joiner.end() :]
    if "tagvalue" in conditions and "tagname" not in conditions:
        raise arm_error(400, "InvalidFilterInQueryString", "A tagValue filter requires a tagName filter.")
    return ListFilter(conditions)


def page(
    items: Sequence[dict[str, Any]],
    *,
    base_url: str,
    path: str,
    query: str,
    page_size: int,
) -> dict[str, Any]:
    """One page `{value, nextLink?}`; `$skiptoken` is the offset, `$top` caps the total."""
    params = dict(parse_qsl(query, keep_blank_values=True))
    offset = _int_param(params.get("$skiptoken"), "$skiptoken", 0)
    top = _int_param(params.get("$top"), "$top", None)
    limit = len(items) if top is None else min(top, len(items))
    end = min(offset + max(page_size, 1), limit)
    body: dict[str, Any] = {"value": list(items[offset:end])}
    if end < limit:
        params["$skiptoken"] = str(end)
        body["nextLink"] = f"{base_url}{path}?{urlencode(params)}"
    return body


def _int_param(value: str | None, name: str, default: int | None) -> Any:
    if value is None or value == "":
        return default
    invalid = arm_error(400, "InvalidQueryParameterValue", f"The value '{value}' of {name} is invalid.")
    try:
        number = int(value)
    except ValueError:
        raise invalid from None
    if number < 0:
        raise invalid
    return number
