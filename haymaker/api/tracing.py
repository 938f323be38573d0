"""A trace id for every request: in request.state, in the X-Trace-ID header of every answer.

A pure ASGI middleware (no per-request task, streaming untouched). It is also the last line of
defence: an exception nothing else handled becomes a 500 INTERNAL_ERROR in the original Azure HayMaker API's error format,
logged with its trace id, never a stack trace in the answer.
"""

from __future__ import annotations

import json
import logging
import re
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from haymaker.api.errors import INTERNAL_ERROR, error_body

TRACE_HEADER = "X-Trace-ID"
# A caller's own trace id is kept when it is short and plain (it ends up in headers and logs).
_CALLER_TRACE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

logger = logging.getLogger("haymaker.api")


def _incoming_trace_id(scope: Scope) -> str | None:
    wanted = TRACE_HEADER.lower().encode()
    for name, value in scope.get("headers", []):
        if name == wanted:
            text = value.decode("latin-1")
            return text if _CALLER_TRACE_ID.match(text) else None
    return None


class TraceIdMiddleware:
    """Sets request.state.trace_id and adds X-Trace-ID to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        trace_id = _incoming_trace_id(scope) or uuid.uuid4().hex
        scope.setdefault("state", {})["trace_id"] = trace_id
        header = (TRACE_HEADER.lower().encode(), trace_id.encode())
        started = False

        async def send_with_trace(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), header]
            await send(message)

        try:
            await self.app(scope, receive, send_with_trace)
        except Exception:
            logger.exception("unhandled error (trace id %s)", trace_id)
            if started:
                return  # the answer is on its way; all that is left is to end it
            body = json.dumps(
                error_body(trace_id, INTERNAL_ERROR, f"Internal error; quote trace id {trace_id}")
            ).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                        (b"cache-control", b"no-store"),
                        header,
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
