"""The emulator's ASGI app: auth, fault injection and the request log around the services given.

A service is a module with `routes(ctx) -> list[BaseRoute]` and optionally
`register_hooks(registry)`; which services, in which order, is the composition root's choice
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
from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.core.errors import EmulatorHTTPError, error_response
from haymaker.emulator.core.tokens import bearer, read_token

log = logging.getLogger(__name__)

KEY_VAULT_PREFIXES = ("/secrets", "/deletedsecrets")


def _is_public(path: str) -> bool:
    return (
        path.startswith("/_emulator")
        or "/oauth2/" in path
        or "/.well-known/" in path
        or path.endswith("/discovery/instance")
    )


def _unauthorized(ctx: EmulatorContext, path: str) -> Response:
    if path.startswith(KEY_VAULT_PREFIXES):
        challenge = (
            f'Bearer authorization="https://login.microsoftonline.com/{ctx.settings.tenant_id}", '
            'resource="https://vault.azure.net"'
        )
        return error_response(
            401,
            "Unauthorized",
            "AKV10000: Request is missing a Bearer or PoP token.",
            {"WWW-Authenticate": challenge},
        )
    if path.startswith("/v1.0"):
        return error_response(401, "InvalidAuthenticationToken", "Access token is empty.", shape="graph")
    return error_response(
        401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing."
    )


def build_app(ctx: EmulatorContext, services: Sequence[ModuleType]) -> Starlette:
    """The app serving `services` in order (the first route that matches wins)."""
    routes: list[BaseRoute] = []
    for module in services:
        register = getattr(module, "register_hooks", None)
        if register is not None:
            register(ctx.hooks)
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
        if not _is_public(path):
            token = bearer(request.headers.get("authorization"))
            if token is None:
                response = _unauthorized(ctx, path)
                _log(ctx, request, response.status_code, principal)
                return response
            claims = read_token(token)
            request.state.claims = claims
            principal = str(claims.get("oid", "-"))
        response = await _inject_faults(ctx, request, path)
        if response is None:
            response = await call_next(request)
        if not path.startswith("/_emulator"):
            _log(ctx, request, response.status_code, principal)
        return response

    return Starlette(
        routes=routes,
        middleware=[Middleware(BaseHTTPMiddleware, dispatch=around)],
        exception_handlers={EmulatorHTTPError: on_emulator_error, Exception: on_unexpected},
    )


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
