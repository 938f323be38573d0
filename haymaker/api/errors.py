"""Errors in the original Azure HayMaker API's error format: {"error": {code, message, trace_id, details}} + X-Trace-ID.

Messages never quote stored documents, stack traces or secrets: a corrupted document is named
by its path, an unexpected failure by its trace id (the server log has the rest).
"""

from __future__ import annotations

import logging
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from haymaker.store.errors import StoreCorrupted, StoreError, StoreUnavailable

logger = logging.getLogger("haymaker.api")

INVALID_PARAMETER = "INVALID_PARAMETER"
INVALID_RUN_ID = "INVALID_RUN_ID"
UNAUTHORIZED = "UNAUTHORIZED"
RUN_NOT_FOUND = "RUN_NOT_FOUND"
RESOURCE_NOT_FOUND = "RESOURCE_NOT_FOUND"
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
STORAGE_ERROR = "STORAGE_ERROR"
INTERNAL_ERROR = "INTERNAL_ERROR"

NO_STORE = {"Cache-Control": "no-store"}


class ErrorDetail(BaseModel):
    code: str = Field(description="Machine-readable error code, e.g. RUN_NOT_FOUND")
    message: str = Field(description="What went wrong, for a person")
    trace_id: str = Field(description="Also in the X-Trace-ID header; quote it when reporting a problem")
    details: dict[str, Any] = Field(default_factory=dict, description="Context, e.g. the parameter")


class ErrorResponse(BaseModel):
    """Every error the API answers has this shape."""

    error: ErrorDetail


class ApiError(Exception):
    """An error answer: HTTP status, code, message, details and extra headers."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}
        self.headers = headers or {}


def invalid_parameter(parameter: str, message: str) -> ApiError:
    return ApiError(
        400, INVALID_PARAMETER, f"Invalid parameter '{parameter}': {message}", {"parameter": parameter}
    )


def run_not_found(run_id: str) -> ApiError:
    return ApiError(404, RUN_NOT_FOUND, f"Run with ID '{run_id}' not found", {"run_id": run_id})


def trace_id_of(request: Request) -> str:
    return str(getattr(request.state, "trace_id", "") or "")


def error_body(
    trace_id: str, code: str, message: str, details: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The JSON body of an error answer."""
    return {"error": {"code": code, "message": message, "trace_id": trace_id, "details": details or {}}}


def error_response(request: Request, error: ApiError) -> JSONResponse:
    return JSONResponse(
        error_body(trace_id_of(request), error.code, error.message, error.details),
        status_code=error.status,
        headers={**NO_STORE, **error.headers},
    )


def store_error(error: Exception) -> ApiError:
    """The answer for a report store failure (also used inside log streams)."""
    if isinstance(error, StoreUnavailable):
        retry = max(1, math.ceil(error.retry_after or 5))
        return ApiError(
            503,
            STORAGE_ERROR,
            "The report store is unreachable right now; retry later",
            {"retryable": True},
            {"Retry-After": str(retry)},
        )
    if isinstance(error, StoreCorrupted):
        logger.warning("report store document %s is corrupted: %s", error.path, error.reason)
        return ApiError(
            500,
            STORAGE_ERROR,
            "A report store document is corrupted and cannot be served",
            {"document": error.path, "retryable": False},
        )
    logger.error("report store failure: %s", error)
    return ApiError(500, STORAGE_ERROR, "The report store failed to answer", {"retryable": True})


def _validation_details(error: RequestValidationError) -> tuple[str, dict[str, Any]]:
    first = error.errors()[0] if error.errors() else {}
    location = [str(part) for part in first.get("loc", ())]
    parameter = location[-1] if location else "request"
    problem = str(first.get("msg", "invalid value"))
    return parameter, {
        "parameter": parameter,
        "location": location[0] if location else "",
        "problem": problem,
    }


async def _on_api_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ApiError)
    return error_response(request, error)


async def _on_validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    parameter, details = _validation_details(error)
    message = f"Invalid parameter '{parameter}': {details['problem']}"
    return error_response(request, ApiError(400, INVALID_PARAMETER, message, details))


async def _on_http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    if error.status_code == 404:
        api_error = ApiError(404, RESOURCE_NOT_FOUND, f"No such endpoint: {request.url.path}")
    elif error.status_code == 405:
        api_error = ApiError(405, METHOD_NOT_ALLOWED, f"Method {request.method} is not allowed here")
    else:
        api_error = ApiError(error.status_code, INVALID_PARAMETER, str(error.detail))
    api_error.headers.update(error.headers or {})
    return error_response(request, api_error)


async def _on_store_error(request: Request, error: Exception) -> JSONResponse:
    return error_response(request, store_error(error))


def install_error_handlers(app: FastAPI) -> None:
    """Answer every expected failure in the original Azure HayMaker API's error format."""
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(StoreError, _on_store_error)
    app.add_exception_handler(OSError, _on_store_error)
