"""Find HayMaker's resources with Azure Resource Graph (docs/architecture.md: Cleanup; S2, S3, S7).

Every page is read: the skip token goes into `QueryRequestOptions(skip_token=...)` (set on
`QueryRequest` it is silently dropped and page 1 comes back forever), a token seen twice stops
the loop with an error, and a result Resource Graph truncated without a token is an error rather
than a silently short list. Resource Graph lags ARM by seconds to minutes: confirm deletions
against ARM, not here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from azure.core.exceptions import HttpResponseError, ServiceRequestError, ServiceResponseError
from azure.mgmt.resourcegraph.models import QueryRequest, QueryRequestOptions

from haymaker.azure import kql
from haymaker.azure.clients import AzureClients
from haymaker.azure.errors import AzureError, from_http_error
from haymaker.models import Resource, ResourceStatus
from haymaker.naming import validate_run_id, validate_scenario_name, validate_subscription_id
from haymaker.tags import SCENARIO_TAG, ownership

MAX_PAGE_SIZE = 1000
RESOURCE_GROUP_TYPE = "Microsoft.Resources/resourceGroups"
# Resource group names per query: keeps each query far below Resource Graph's size limits.
GROUPS_PER_QUERY = 100


class ResourceGraphError(AzureError):
    """Resource Graph refused a query or answered in a way that cannot be paged completely."""


class InvalidQueryError(ResourceGraphError):
    """400: Resource Graph could not parse or does not allow the query."""


def query_resources(
    clients: AzureClients,
    subscriptions: Sequence[str],
    query: str,
    *,
    page_size: int = MAX_PAGE_SIZE,
) -> list[dict[str, Any]]:
    """All rows of `query` over `subscriptions`, following every page."""
    if not subscriptions:
        # No subscriptions would mean every subscription the caller can see.
        raise ValueError("query_resources needs at least one subscription id")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}, got {page_size}")
    scope = [validate_subscription_id(s) for s in subscriptions]
    for sub in scope:
        clients.target.check_allowed(sub)
    client = clients.resource_graph()

    def fetch(token: str | None) -> Page:
        options = QueryRequestOptions(skip_token=token, top=page_size, result_format="objectArray")
        try:
            response = client.resources(QueryRequest(subscriptions=scope, query=query, options=options))
        except (HttpResponseError, ServiceRequestError, ServiceResponseError) as exc:
            raise map_error(exc) from exc
        return Page(
            rows=_rows(response.data),
            skip_token=response.skip_token or None,
            truncated=response.result_truncated == "true",
        )

    return collect_pages(fetch)


@dataclass(frozen=True)
class Page:
    """One Resource Graph answer: its rows, the token for the next page, the truncation flag."""

    rows: list[dict[str, Any]]
    skip_token: str | None
    truncated: bool


def collect_pages(fetch: Callable[[str | None], Page]) -> list[dict[str, Any]]:
    """Rows of every page: `fetch(None)` first, then `fetch(token)` while a new token comes back."""
    rows: list[dict[str, Any]] = []
    seen_tokens: set[str] = set()
    token: str | None = None
    while True:
        page = fetch(token)
        rows.extend(page.rows)
        token = page.skip_token
        if token is None:
            if page.truncated:
                raise ResourceGraphError(
                    f"Resource Graph truncated the result after {len(rows)} rows without a skip "
                    "token; the query must project the 'id' column to be paged",
                    code="ResultTruncated",
                )
            return rows
        if token in seen_tokens:
            raise ResourceGraphError(
                f"Resource Graph returned a skip token it had already returned (after {len(rows)} "
                "rows); stopping instead of reading the same pages again",
                code="RepeatedSkipToken",
            )
        seen_tokens.add(token)


def query_managed_resources(
    clients: AzureClients,
    subscription_id: str,
    run_id: str | None = None,
    *,
    scenario_name: str | None = None,
) -> list[Resource]:
    """Resources, then resource groups, that are HayMaker's by the ownership rule
    (haymaker.tags: AzureHayMaker-managed exactly `true`; of exactly `run_id` when given)."""
    found = query_candidate_resources(clients, subscription_id, run_id, scenario_name=scenario_name)
    owned = [(r, ownership(r.tags)) for r in found]
    return [r for r, own in owned if own.managed and (run_id is None or own.run_id == run_id)]


def query_candidate_resources(
    clients: AzureClients,
    subscription_id: str,
    run_id: str | None = None,
    *,
    scenario_name: str | None = None,
) -> list[Resource]:
    """Resources, then resource groups, whose tags mention ours in any spelling (and the run id
    when given): what a cleanup must look at, lookalikes included. Nothing here decides."""
    run_id, scenario_name = _validated(run_id, scenario_name)
    resources = query_resources(
        clients, [subscription_id], kql.managed_resources_query(run_id, scenario_name)
    )
    groups = query_resources(
        clients, [subscription_id], kql.managed_resource_groups_query(run_id, scenario_name)
    )
    return [resource_from_row(row) for row in [*resources, *groups]]


def list_managed_resource_groups(
    clients: AzureClients,
    subscription_id: str,
    run_id: str | None = None,
    *,
    scenario_name: str | None = None,
) -> list[Resource]:
    """Resource groups that are HayMaker's by the ownership rule (of exactly `run_id` if given)."""
    run_id, scenario_name = _validated(run_id, scenario_name)
    rows = query_resources(
        clients, [subscription_id], kql.managed_resource_groups_query(run_id, scenario_name)
    )
    groups = [resource_from_row(row) for row in rows]
    owned = [(g, ownership(g.tags)) for g in groups]
    return [g for g, own in owned if own.managed and (run_id is None or own.run_id == run_id)]


def query_foreign_resources_in_groups(
    clients: AzureClients,
    subscription_id: str,
    resource_group_names: Iterable[str],
    run_id: str | None,
) -> list[Resource]:
    """Resources in these groups that are not ours (S3): unmanaged, or of a run other than `run_id`.

    With `run_id=None` (a sweep) only unmanaged resources count as foreign.
    """
    if run_id is not None:
        run_id = validate_run_id(run_id)
    names = sorted({kql.validate_resource_group_name(n) for n in resource_group_names}, key=str.lower)
    found: list[Resource] = []
    for start in range(0, len(names), GROUPS_PER_QUERY):
        chunk = names[start : start + GROUPS_PER_QUERY]
        rows = query_resources(clients, [subscription_id], kql.foreign_resources_query(chunk, run_id))
        found.extend(resource_from_row(row) for row in rows)
    return found


def resource_from_row(row: dict[str, Any]) -> Resource:
    """A Resource (status exists) from a Resource Graph row with id, name, type, location, tags."""
    resource_id = str(row.get("id") or "")
    raw_tags = row.get("tags")
    tags = (
        {str(k): "" if v is None else str(v) for k, v in raw_tags.items()}
        if isinstance(raw_tags, dict)
        else {}
    )
    return Resource(
        resource_id=resource_id,
        resource_type=azure_resource_type(resource_id, str(row.get("type") or "")),
        resource_name=str(row.get("name") or resource_id.rstrip("/").rsplit("/", 1)[-1]),
        run_id=ownership(tags).run_id or "",
        scenario_name=tags.get(SCENARIO_TAG, ""),
        tags=tags,
        location=row.get("location") or None,
        status=ResourceStatus.EXISTS,
    )


def azure_resource_type(resource_id: str, graph_type: str) -> str:
    """The type with Azure's casing, read from the id (Resource Graph lowercases `type`)."""
    if graph_type.lower() == kql.RESOURCE_GROUP_ROW_TYPE:
        return RESOURCE_GROUP_TYPE
    parts = [p for p in resource_id.split("/") if p]
    providers = [i for i, p in enumerate(parts) if p.lower() == "providers"]
    if providers:
        rest = parts[providers[-1] + 1 :]
        if len(rest) >= 3:
            derived = "/".join([rest[0], *rest[1::2]])
            if not graph_type or derived.lower() == graph_type.lower():
                return derived
    return graph_type


def map_error(exc: HttpResponseError | ServiceRequestError | ServiceResponseError) -> AzureError:
    """A typed error; an invalid query keeps Resource Graph's detail codes in its message."""
    error = from_http_error(exc)
    if not isinstance(exc, HttpResponseError) or exc.status_code != 400:
        return error
    details = _details(exc)
    if not details:
        return error
    described = "; ".join(_describe(d) for d in details)
    cls = InvalidQueryError if any(d.get("code") == "InvalidQuery" for d in details) else ResourceGraphError
    return cls(f"{error.message} ({described})", code=error.code, status=400)


def _validated(run_id: str | None, scenario_name: str | None) -> tuple[str | None, str | None]:
    # S7: ids are validated before any query is built or sent.
    return (
        validate_run_id(run_id) if run_id is not None else None,
        validate_scenario_name(scenario_name) if scenario_name is not None else None,
    )


def _rows(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [row for row in data if isinstance(row, dict)]
    if isinstance(data, dict) and "columns" in data and "rows" in data:
        names = [column["name"] for column in data["columns"]]
        return [dict(zip(names, values, strict=True)) for values in data["rows"]]
    raise ResourceGraphError(
        f"Resource Graph answered with data of an unexpected shape ({type(data).__name__})",
        code="UnexpectedResponse",
    )


def _details(exc: HttpResponseError) -> list[dict[str, Any]]:
    try:
        body = json.loads(exc.response.text()) if exc.response is not None else {}
    except (ValueError, AttributeError):
        return []
    details = body.get("error", {}).get("details") if isinstance(body, dict) else None
    return [d for d in details if isinstance(d, dict)] if isinstance(details, list) else []


def _describe(detail: dict[str, Any]) -> str:
    text = f"{detail.get('code', '?')}: {detail.get('message', '')}"
    if "token" in detail:
        text += f" [token {detail['token']!r}]"
    if isinstance(detail.get("line"), int) and detail["line"] >= 0:
        text += f" [line {detail['line']}, position {detail.get('characterPositionInLine')}]"
    return text
