"""GET /api/v1/status: what the orchestrator is doing now."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from haymaker.api.auth import status_access
from haymaker.api.deps import Reader
from haymaker.api.models import StatusResponse
from haymaker.api.queries import status_of
from haymaker.api.responses import errors, json_model

router = APIRouter(tags=["Status"])


@router.get(
    "/status",
    response_model=StatusResponse,
    operation_id="getStatus",
    summary="Current orchestrator status",
    description="The original Azure HayMaker API's OrchestratorStatus (status idle | running | error, "
    "health, phase, scenario counts, scheduled_end_at, next_scheduled_run from Prefect's schedules) with "
    "HayMaker's own state beside it; `idle` when no run ever wrote a status. Needs the API key unless "
    "the API is configured with public status. Cached for 10 s.",
    dependencies=[Depends(status_access)],
    responses=errors(401, 500, 503),
)
def get_status(reader: Reader, request: Request) -> Response:
    return json_model(status_of(reader, request.app.state.next_scheduled_run.get), "private, max-age=10")
