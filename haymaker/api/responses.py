"""Shared response helpers: JSON bodies without re-validation, documented error answers."""

from __future__ import annotations

from typing import Any

from fastapi import Response
from pydantic import BaseModel

from haymaker.api.errors import ErrorResponse

_ERROR_DESCRIPTIONS = {
    400: "Invalid parameter (INVALID_PARAMETER) or run id (INVALID_RUN_ID)",
    401: "Missing or wrong API key (UNAUTHORIZED)",
    404: "No such run (RUN_NOT_FOUND) or document (RESOURCE_NOT_FOUND)",
    500: "Corrupted stored document or store failure (STORAGE_ERROR), or INTERNAL_ERROR",
    503: "Report store unreachable (STORAGE_ERROR); retry after Retry-After seconds",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for these error statuses, all in the original Azure HayMaker API's error format."""
    return {
        status: {"model": ErrorResponse, "description": _ERROR_DESCRIPTIONS[status]} for status in statuses
    }


def json_model(model: BaseModel, cache_control: str | None = None) -> Response:
    """A model as JSON (it is valid by construction: FastAPI need not validate it again)."""
    headers = {"Cache-Control": cache_control} if cache_control else None
    return Response(model.model_dump_json(), media_type="application/json", headers=headers)


def json_bytes(body: bytes, cache_control: str | None = None) -> Response:
    headers = {"Cache-Control": cache_control} if cache_control else None
    return Response(body, media_type="application/json", headers=headers)
