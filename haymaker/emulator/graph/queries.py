"""Collection queries as Graph answers them: $filter, $orderby, $select, $count, $top and paging."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from haymaker.emulator.core.errors import EmulatorHTTPError
from haymaker.emulator.graph.objects import bad_request, public_view, select
from haymaker.emulator.graph.odata_filter import FilterError, compile_filter

DEFAULT_PAGE = 100
MAX_TOP = 999
SUPPORTED = frozenset({"$filter", "$top", "$select", "$count", "$orderby", "$skiptoken"})


def _param(params: QueryParams, name: str) -> str | None:
    # Graph accepts system query options with or without the `$` and in any case.
    for key, value in params.items():
        if key.lower() in (name, name.lstrip("$")):
            return value
    return None


def _check_supported(params: QueryParams) -> None:
    for key in params:
        if key.startswith("$") and key.lower() not in SUPPORTED:
            raise bad_request(
                f"Query option '{key}' is not supported by this emulator.", "Request_UnsupportedQuery"
            )


def _token(offset: int, fingerprint: str) -> str:
    raw = json.dumps({"o": offset, "f": fingerprint}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _offset(token: str, fingerprint: str) -> int:
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        offset = int(data["o"])
        if data["f"] != fingerprint or offset < 0:
            raise ValueError("token belongs to another query")
    except (ValueError, KeyError, TypeError):
        raise EmulatorHTTPError(
            400,
            "Directory_ExpiredPageToken",
            "The specified page token value has expired and can no longer be included in your request.",
            shape="graph",
        ) from None
    return offset


def list_page(
    docs: Iterable[dict[str, Any]],
    params: QueryParams,
    *,
    filterable: frozenset[str],
    resource: str,
    page_limit: int,
    collection_url: str,
    context_url: str,
    odata_type: str | None = None,
) -> dict[str, Any]:
    """One page of a collection, with @odata.nextLink when more remain."""
    _check_supported(params)
    items = [public_view(d) for d in docs]
    text = _param(params, "$filter")
    if text:
        try:
            predicate = compile_filter(text, filterable, resource)
        except FilterError as exc:
            raise EmulatorHTTPError(400, exc.code, exc.message, shape="graph") from None
        items = [d for d in items if predicate(d)]
    order = _param(params, "$orderby")
    if order:
        field, _, direction = order.strip().partition(" ")
        if field not in filterable:
            raise bad_request(f"Sorting by '{field}' is not supported.", "Request_UnsupportedQuery")
        descending = direction.strip().lower() == "desc"
        items.sort(key=lambda d: str(d.get(field) or "").casefold(), reverse=descending)
    top_text = _param(params, "$top")
    top = DEFAULT_PAGE
    if top_text is not None:
        if not top_text.isdigit() or not 1 <= int(top_text) <= MAX_TOP:
            raise bad_request(
                f"Invalid page size specified: '{top_text}'. Must be between 1 and {MAX_TOP} inclusive."
            )
        top = int(top_text)
    page_size = max(1, min(top, page_limit))
    fingerprint = hashlib.sha256(f"{resource}|{text}|{order}".encode()).hexdigest()[:16]
    skip = _param(params, "$skiptoken")
    offset = _offset(skip, fingerprint) if skip else 0
    page = items[offset : offset + page_size]
    fields = [f.strip() for f in (_param(params, "$select") or "").split(",") if f.strip()]
    values = []
    for item in page:
        if odata_type:
            item = {"@odata.type": odata_type, **item}
        values.append(select(item, fields))
    body: dict[str, Any] = {"@odata.context": context_url}
    if (_param(params, "$count") or "").lower() == "true":
        body["@odata.count"] = len(items)
    if offset + page_size < len(items):
        query = [(k, v) for k, v in params.multi_items() if k.lower() not in ("$skiptoken", "skiptoken")]
        query.append(("$skiptoken", _token(offset + page_size, fingerprint)))
        body["@odata.nextLink"] = f"{collection_url}?{urlencode(query)}"
    body["value"] = values
    return body
