"""GET /api/v1/status: what the orchestrator is doing now."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from haymaker.api.auth import status_access
from haymaker.api.deps import Reader
from haymaker.api.responses import errors, json_model
from haymaker.reporting.models import OrchestratorStatus

router = APIRouter(tags=["Status"])


@router.get(
    "/status",
    response_model=OrchestratorStatus,
    operation_id="getStatus",
    summary="Current orchestrator status",
    description="The orchestrator's state and current run; `idle` when no run ever wrote a status. "
    "Needs the API key unless the API is configured with public status. Cached for 10 s.",
    dependencies=[Depends(status_access)],
    responses=errors(401, 500, 503),
)
def get_status(reader: Reader) -> Response:
    return json_model(reader.status(), "private, max-age=10")
