"""Error responses in the JSON shapes Azure's services use."""

from __future__ import annotations

import uuid

from starlette.responses import JSONResponse


class EmulatorHTTPError(Exception):
    """Raised inside a handler; the app turns it into Azure's error shape."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
        *,
        shape: str = "arm",
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.shape = shape

    def response(self) -> JSONResponse:
        return error_response(self.status, self.code, self.message, self.headers, shape=self.shape)


def error_response(
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
    *,
    shape: str = "arm",
) -> JSONResponse:
    """ARM and Key Vault: {"error": {code, message}}; Graph adds innerError with a request id."""
    error: dict[str, object] = {"code": code, "message": message}
    if shape == "graph":
        error["innerError"] = {"request-id": str(uuid.uuid4()), "date": ""}
    return JSONResponse({"error": error}, status_code=status, headers=headers or {})


def not_found(resource_id: str, *, kind: str = "resource") -> EmulatorHTTPError:
    if kind == "resource_group":
        return EmulatorHTTPError(
            404, "ResourceGroupNotFound", f"Resource group '{resource_id}' could not be found."
        )
    return EmulatorHTTPError(404, "ResourceNotFound", f"The Resource '{resource_id}' was not found.")
