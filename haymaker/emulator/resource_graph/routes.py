"""Resource Graph: `POST /providers/Microsoft.ResourceGraph/resources` over the ARM documents.

Request and response follow the 2021-03-01 API (QueryRequest / QueryResponse): the KQL subset in
kql/, the `subscriptions` scope, `$top` / `$skip` / `$skipToken` paging and both result
formats. Paging as Resource Graph does it: a page holds min($top, page size) rows; while rows
remain a `$skipToken` is returned — but only when the result has an `id` column; without one
the answer says `resultTruncated: "true"` and carries no token. A skip token encodes the offset
and a hash of the query and scope, so it is refused for any other query.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.core.errors import EmulatorHTTPError
from haymaker.emulator.resource_graph.kql.evaluator import KqlType, Result, evaluate
from haymaker.emulator.resource_graph.kql.lexer import KqlError
from haymaker.emulator.resource_graph.kql.parser import SUPPORTED_OPERATORS, parse_query
from haymaker.emulator.resource_graph.tables import build_tables

QUERY_PATH = "/providers/Microsoft.ResourceGraph/resources"
SUPPORTED_API_VERSIONS = (
    "2019-04-01",
    "2020-04-01-preview",
    "2021-03-01",
    "2021-06-01-preview",
    "2022-10-01",
    "2024-04-01",
)
# Before 2021-03-01 the default result format was a table.
OBJECT_ARRAY_SINCE = "2021-03-01"
MAX_TOP = 1000
INVALID_QUERY_MESSAGE = (
    "Query is invalid. Please refer to the documentation for the Azure Resource Graph service "
    "and fix the error before retrying."
)
SUPPORTED_SUMMARY = (
    "The emulator's Resource Graph supports the tables Resources and ResourceContainers and the "
    f"operators {', '.join(SUPPORTED_OPERATORS)}."
)
_COLUMN_TYPES = {
    KqlType.STRING: "string",
    KqlType.LONG: "integer",
    KqlType.REAL: "number",
    KqlType.BOOL: "boolean",
    KqlType.DYNAMIC: "object",
}
_QUOTA_HEADERS = {"x-ms-user-quota-remaining": "14", "x-ms-user-quota-resets-after": "00:00:05"}


class QueryError(EmulatorHTTPError):
    """400 BadRequest in Resource Graph's shape: error.details carries the specific codes."""

    def __init__(self, message: str, details: list[dict[str, Any]]) -> None:
        super().__init__(400, "BadRequest", message)
        self.details = details

    def response(self) -> JSONResponse:
        body = {"error": {"code": self.code, "message": self.message, "details": self.details}}
        return JSONResponse(body, status_code=self.status)


def routes(ctx: EmulatorContext) -> list[BaseRoute]:
    async def resources(request: Request) -> Response:
        api_version = _api_version(request)
        body = await _body(request)
        return JSONResponse(run_request(ctx, body, api_version), headers=_QUOTA_HEADERS)

    route = Route(QUERY_PATH, resources, methods=["POST"])
    # ARM paths are case-insensitive.
    route.path_regex = re.compile(route.path_regex.pattern, re.IGNORECASE)
    return [route]


def run_request(ctx: EmulatorContext, body: dict[str, Any], api_version: str) -> dict[str, Any]:
    """Answer one QueryRequest body with a QueryResponse body (raises EmulatorHTTPError)."""
    query = body.get("query")
    if not isinstance(query, str) or not query.strip():
        raise EmulatorHTTPError(400, "BadRequest", "The request must contain a non-empty 'query' string.")
    subscriptions = _subscriptions(body)
    if body.get("managementGroups"):
        raise _unsupported_request(
            "managementGroups", "Management group scopes are not emulated; pass subscriptions."
        )
    if body.get("facets"):
        raise _unsupported_request("facets", "Facet requests are not emulated.")
    options = body.get("options") or {}
    if not isinstance(options, dict):
        raise EmulatorHTTPError(400, "BadRequest", "'options' must be an object.")
    result_format = options.get("resultFormat") or (
        "objectArray" if api_version >= OBJECT_ARRAY_SINCE else "table"
    )
    if result_format not in ("objectArray", "table"):
        raise EmulatorHTTPError(
            400, "BadRequest", f"resultFormat must be 'objectArray' or 'table', got {result_format!r}."
        )
    top = _int_option(options, "$top", 1, MAX_TOP)
    skip = _int_option(options, "$skip", 0, None)
    result = _evaluate(ctx, query, subscriptions)
    fingerprint = _fingerprint(query, subscriptions)
    offset = 0
    token = options.get("$skipToken")
    if token is not None:
        offset = _read_skip_token(token, fingerprint, len(result.rows))
    if skip is not None:
        offset = skip
    page_size = min(top or MAX_TOP, max(1, ctx.options.page_size))
    page = result.rows[offset : offset + page_size]
    remaining = offset + len(page) < len(result.rows)
    response: dict[str, Any] = {
        "totalRecords": len(result.rows),
        "count": len(page),
        "resultTruncated": "false",
        "facets": [],
        "data": _format(result, page, result_format),
    }
    if remaining:
        if "id" in result.schema:
            response["$skipToken"] = _skip_token(offset + len(page), fingerprint)
        else:
            response["resultTruncated"] = "true"
    return response


def _evaluate(ctx: EmulatorContext, query: str, subscriptions: list[str] | None) -> Result:
    try:
        parsed = parse_query(query)
        return evaluate(parsed, build_tables(ctx, subscriptions))
    except KqlError as exc:
        line, column = _line_and_column(query, exc.pos)
        detail: dict[str, Any] = {"code": exc.kind.value, "message": exc.message}
        if exc.pos >= 0:
            detail.update({"line": line, "characterPositionInLine": column})
        if exc.token:
            detail["token"] = exc.token
        where = f" (line {line}, position {column})" if exc.pos >= 0 else ""
        raise QueryError(
            f"{exc.message}{where}. {SUPPORTED_SUMMARY}",
            [{"code": "InvalidQuery", "message": INVALID_QUERY_MESSAGE}, detail],
        ) from None


def _line_and_column(text: str, pos: int) -> tuple[int, int]:
    if pos < 0:
        return -1, -1
    before = text[:pos]
    return before.count("\n") + 1, pos - (before.rfind("\n") + 1)


def _format(result: Result, page: list[dict[str, Any]], result_format: str) -> Any:
    if result_format == "objectArray":
        return page
    return {
        "columns": [{"name": name, "type": _COLUMN_TYPES[kind]} for name, kind in result.schema.items()],
        "rows": [[row[name] for name in result.schema] for row in page],
    }


# -- request parts --------------------------------------------------------------------------------
def _api_version(request: Request) -> str:
    version = request.query_params.get("api-version")
    if not version:
        raise EmulatorHTTPError(
            400,
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.",
        )
    if version not in SUPPORTED_API_VERSIONS:
        raise EmulatorHTTPError(
            400,
            "InvalidApiVersionParameter",
            f"The api-version '{version}' is invalid. The supported versions are "
            f"'{','.join(SUPPORTED_API_VERSIONS)}'.",
        )
    return version


async def _body(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body() or b"null")
    except ValueError as exc:
        raise EmulatorHTTPError(
            400,
            "InvalidRequestContent",
            f"The request content was invalid and could not be deserialized: {exc}",
        ) from None
    if not isinstance(body, dict):
        raise EmulatorHTTPError(400, "InvalidRequestContent", "The request content must be a JSON object.")
    return body


def _subscriptions(body: dict[str, Any]) -> list[str] | None:
    subscriptions = body.get("subscriptions")
    if subscriptions is None or subscriptions == []:
        # No scope: every subscription the caller can see (the emulator's, and any in use).
        return None
    if not isinstance(subscriptions, list) or not all(isinstance(s, str) for s in subscriptions):
        raise EmulatorHTTPError(400, "BadRequest", "'subscriptions' must be a list of subscription ids.")
    return subscriptions


def _int_option(options: dict[str, Any], name: str, low: int, high: int | None) -> int | None:
    value = options.get(name)
    if value is None:
        return None
    in_range = value >= low and (high is None or value <= high) if isinstance(value, int) else False
    if isinstance(value, bool) or not in_range:
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise EmulatorHTTPError(
            400, "BadRequest", f"Option '{name}' must be an integer {bounds}, got {value!r}."
        )
    return value


def _unsupported_request(field: str, message: str) -> QueryError:
    return QueryError(
        f"Unsupported by the emulator: '{field}'. {message}",
        [{"code": "UnsupportedRequest", "message": message, "token": field}],
    )


# -- skip tokens ----------------------------------------------------------------------------------
def _fingerprint(query: str, subscriptions: list[str] | None) -> str:
    scope = sorted(s.lower() for s in subscriptions) if subscriptions is not None else None
    raw = json.dumps([query, scope], separators=(",", ":")).encode()
    return hashlib.sha256(raw).hexdigest()[:24]


def _skip_token(offset: int, fingerprint: str) -> str:
    raw = json.dumps({"o": offset, "q": fingerprint}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _read_skip_token(token: Any, fingerprint: str, total: int) -> int:
    invalid = QueryError(
        "The $skipToken is invalid: it was not issued for this query and scope.",
        [{"code": "InvalidSkipToken", "message": "The skip token is invalid or belongs to another query."}],
    )
    if not isinstance(token, str) or not token:
        raise invalid
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        content = json.loads(raw)
    except (binascii.Error, ValueError):
        raise invalid from None
    if not isinstance(content, dict) or content.get("q") != fingerprint:
        raise invalid
    offset = content.get("o")
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise invalid
    # Rows deleted since the previous page leave fewer behind; that is an empty page, not an error.
    return min(offset, total)
