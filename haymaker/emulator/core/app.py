"""The emulator's ASGI app: auth, fault injection and the request log around the services given.

A service is a module with `routes(ctx) -> list[BaseRoute]` and optionally
`register_hooks(registry)` and `install(ctx)` (e.g. authorization installs the authorizer); which services, in which order, is the composition root's choice
(haymaker/emulator/server.py), so nothing here imports a service.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from types import ModuleType
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from haymaker.emulator.core import faults
from haymaker.emulator.core.authentication import Caller, authenticate, is_public
from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.core.errors import EmulatorHTTPError, error_response

log = logging.getLogger(__name__)


def build_app(ctx: EmulatorContext, services: Sequence[ModuleType]) -> Starlette:
    """The app serving `services` in order (the first route that matches wins)."""
    routes: list[BaseRoute] = []
    for module in services:
        register = getattr(module, "register_hooks", None)
        if register is not None:
            register(ctx.hooks)
        install = getattr(module, "install", None)
        if install is not None:
            install(ctx)
        routes.extend(module.routes(ctx))

    async def on_emulator_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, EmulatorHTTPError)
        return exc.response()

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.exception("emulator handler failed on %s %s", request.method, request.url.path)
        return JSONResponse(
            {"error": {"code": "InternalServerError", "message": f"Emulator error: {exc}"}},
            status_code=500,
        )

    async def around(request: Request, call_next: Any) -> Response:
        path = request.url.path
        principal = "-"
        if not is_public(path):
            caller = authenticate(ctx, request)
            if not isinstance(caller, Caller):
                _log(ctx, request, caller.status_code, principal)
                return caller
            request.state.caller = caller
            principal = caller.object_id
        response = await _inject_faults(ctx, request, path)
        if response is None:
            response = await call_next(request)
        if not path.startswith("/_emulator"):
            _log(ctx, request, response.status_code, principal)
        return response

    return Starlette(
        routes=routes,
        middleware=[Middleware(DotSegments), Middleware(BaseHTTPMiddleware, dispatch=around)],
        exception_handlers={EmulatorHTTPError: on_emulator_error, Exception: on_unexpected},
    )


class DotSegments:
    """Resolve the request path as a conforming server does before anything routes on it.

    The server (uvicorn) has already percent-decoded the path, so `%2e%2e` arrives as `..`;
    RFC 3986 treats the two as the same (section 6.2.2.2) and removes dot segments before the
    path is used (section 5.2.4, `remove_dot_segments`). Without this, `<our group>/x/../../
    <foreign group>` would be authorized against our group and act on the foreign one.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            path = scope["path"]
            resolved = remove_dot_segments(path)
            if resolved != path:
                scope = {**scope, "path": resolved, "raw_path": resolved.encode("utf-8")}
        await self.app(scope, receive, send)


def remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4 over '/'-separated segments."""
    if "." not in path:
        return path
    output: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                output.append("")
            continue
        if segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
            continue
        output.append(segment)
    resolved = "/".join(output)
    return resolved if resolved.startswith("/") else "/" + resolved


async def _inject_faults(ctx: EmulatorContext, request: Request, path: str) -> Response | None:
    if path.startswith("/_emulator"):
        return None
    rules = ctx.state.faults()
    if not rules:
        return None
    hits = faults.pick(rules, request.method, path)
    delay = sum(rule.latency_ms for _, rule in hits)
    if delay:
        await asyncio.sleep(delay / 1000)
    for fault_id, rule in hits:
        if rule.status is None:
            continue
        if rule.count is not None:
            ctx.state.update_fault(fault_id, rule.model_copy(update={"count": rule.count - 1}).model_dump())
        headers = {"Retry-After": str(rule.retry_after)} if rule.retry_after is not None else {}
        shape = "graph" if path.startswith("/v1.0") else "arm"
        return error_response(rule.status, rule.code, rule.message, headers, shape=shape)
    return None


def _log(ctx: EmulatorContext, request: Request, status: int, principal: str) -> None:
    ctx.state.log_request(
        request.method,
        request.url.path,
        request.url.query,
        status,
        request.headers.get("user-agent", ""),
        request.headers.get("x-ms-client-request-id", ""),
        principal,
    )
