"""The OpenAPI document as the API serves it at /openapi.json (docs/openapi.json keeps a copy;
`haymaker.api.openapi_file` writes it)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from haymaker.api.auth import OPTIONAL_AUTH_OPERATIONS

# FastAPI's own validation error shapes: this API answers 400 in its error format instead.
_FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


def _adjusted(document: dict[str, Any]) -> dict[str, Any]:
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            operation.get("responses", {}).pop("422", None)
            if operation.get("operationId") in OPTIONAL_AUTH_OPERATIONS:
                operation["security"] = [{"ApiKey": []}, {}]
    schemas = document.get("components", {}).get("schemas", {})
    for name in _FASTAPI_VALIDATION_SCHEMAS:
        schemas.pop(name, None)
    return document


def install_openapi(app: FastAPI) -> None:
    """Serve the document without FastAPI's 422 answers (validation failures are 400 here)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = _adjusted(document)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
