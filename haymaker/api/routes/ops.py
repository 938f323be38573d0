"""Operations: /health (no key) and /metrics (Prometheus text)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

import haymaker
from haymaker.api import metrics
from haymaker.api.auth import require_api_key
from haymaker.api.deps import Reader
from haymaker.api.models import HealthResponse
from haymaker.api.resource_index import ResourceIndex
from haymaker.api.responses import errors, json_model
from haymaker.store.errors import StoreCorrupted

router = APIRouter(tags=["Operations"])


@router.get(
    "/health",
    response_model=HealthResponse,
    operation_id="getHealth",
    summary="Liveness and report store reachability (no API key needed)",
    description="`degraded` when the store answers but its status document is corrupted; "
    "503 STORAGE_ERROR when the store is unreachable.",
    responses=errors(500, 503),
)
def get_health(reader: Reader) -> Response:
    try:
        reader.status()
        storage = "pass"
    except StoreCorrupted:
        storage = "fail"
    health = HealthResponse(
        status="healthy" if storage == "pass" else "degraded",
        version=haymaker.__version__,
        checks={"storage": storage},
    )
    return json_model(health, "no-store")


@router.get(
    "/metrics",
    operation_id="getMetrics",
    summary="Prometheus metrics from the report store",
    dependencies=[Depends(require_api_key)],
    response_class=Response,
    responses={
        200: {
            "description": "Prometheus text exposition format 0.0.4",
            "content": {metrics.CONTENT_TYPE: {"schema": {"type": "string"}}},
        },
        **errors(401, 500, 503),
    },
)
def get_metrics(reader: Reader) -> Response:
    runs = reader.runs()
    recent = runs[: reader.metrics_runs]
    resources: dict[str, ResourceIndex] = {run.run_id: reader.resources(run.run_id) for run in recent}
    text = metrics.render(metrics.collect(reader.status(), runs, resources))
    return Response(text, media_type=metrics.CONTENT_TYPE, headers={"Cache-Control": "no-store"})
