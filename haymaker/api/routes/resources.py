"""GET /api/v1/runs/{run_id}/resources: a page of the resources a run created."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from haymaker.api.deps import Reader, RunId
from haymaker.api.models import ResourcesPage
from haymaker.api.pagination import DEFAULT_PAGE_SIZE, PageQuery, PageSizeQuery
from haymaker.api.queries import resources_page_json
from haymaker.api.responses import errors, json_bytes
from haymaker.models.resources import ResourceStatus

router = APIRouter(tags=["Resources"])


@router.get(
    "/runs/{run_id}/resources",
    response_model=ResourcesPage,
    operation_id="listResources",
    summary="The resources a run created, a page at a time",
    description="Filters combine; resource_type compares case-insensitively, as Azure does. "
    "A page past total_pages is 400 INVALID_PARAMETER (page 1 of an empty list is an empty page).",
    responses=errors(400, 401, 404, 500, 503),
)
def list_resources(
    reader: Reader,
    run_id: RunId,
    page: PageQuery = 1,
    page_size: PageSizeQuery = DEFAULT_PAGE_SIZE,
    scenario_name: Annotated[str | None, Query(max_length=200, description="Only this scenario's")] = None,
    resource_type: Annotated[
        str | None,
        Query(max_length=300, description="Only this type", examples=["Microsoft.Network/virtualNetworks"]),
    ] = None,
    status: Annotated[ResourceStatus | None, Query(description="Only resources in this state")] = None,
) -> Response:
    status_value = status.value if status else None
    body = resources_page_json(reader, run_id, page, page_size, scenario_name, resource_type, status_value)
    return json_bytes(body)
