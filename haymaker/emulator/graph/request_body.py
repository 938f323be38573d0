"""The JSON object a Graph request carries, or Graph's 400 for anything else."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from haymaker.emulator.graph import objects as go


async def read_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw:
        return {}
    try:
        body = json.loads(raw)
    except json.JSONDecodeError:
        raise go.bad_request(
            "Unable to read JSON request payload. Please ensure Content-Type "
            "header is set and payload is of valid JSON format.",
            "BadRequest",
        ) from None
    if not isinstance(body, dict):
        raise go.bad_request("The request body must be a JSON object.", "BadRequest")
    return body
