"""Microsoft.Authorization routes: `{scope}/providers/Microsoft.Authorization/roleAssignments|roleDefinitions`.

They match before the ARM engine's catch-all, so the engine never sees these paths.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.datastructures import URLPath
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, NoMatchFound
from starlette.types import Receive, Scope, Send

from haymaker.emulator.authorization.evaluation import RoleBasedAuthorizer
from haymaker.emulator.authorization.role_assignments import AuthorizationHandlers
from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.core.errors import EmulatorHTTPError

_PATH_RE = re.compile(
    r"^(?P<scope>(?:/+[^/]+)*?)/+providers/Microsoft\.Authorization/"
    r"(?P<collection>roleAssignments|roleDefinitions)(?:/(?P<name>[^/]+))?/?$",
    re.I,
)
Handler = Callable[[Request, str, str | None], Awaitable[Response]]


class _AuthorizationRoute(BaseRoute):
    """Matches `{scope}/providers/Microsoft.Authorization/(roleAssignments|roleDefinitions)[/name]`.

    Scopes nest arbitrarily deep and ARM paths compare case-insensitively, which Starlette's
    path templates cannot express; every method lands here so the catch-all never sees these.
    """

    def __init__(self, handlers: dict[str, Handler]) -> None:
        self.handlers = handlers

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http":
            return Match.NONE, {}
        match = _PATH_RE.match(scope["path"])
        if match is None:
            return Match.NONE, {}
        params = {k: v for k, v in match.groupdict().items() if v is not None}
        return Match.FULL, {"path_params": {**scope.get("path_params", {}), **params}}

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        # Nothing routes to these by name; say so the way Starlette expects.
        raise NoMatchFound(name, path_params)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        params = request.path_params
        collection = params["collection"].lower()
        arm_scope = "/" + "/".join(p for p in params.get("scope", "").split("/") if p)
        name = params.get("name")
        handler = self.handlers.get(f"{collection} {request.method}")
        if handler is None:
            response: Response = EmulatorHTTPError(
                405, "MethodNotAllowed", f"The method '{request.method}' is not supported."
            ).response()
        else:
            try:
                response = await handler(request, arm_scope, name)
            except EmulatorHTTPError as exc:
                response = exc.response()
        await response(scope, receive, send)


def install(ctx: EmulatorContext) -> None:
    """Every service's permission checks ask role assignments from here on (core/authorization.py)."""
    ctx.authorizer = RoleBasedAuthorizer()


def routes(ctx: EmulatorContext) -> list[BaseRoute]:
    authz = AuthorizationHandlers(ctx)
    return [
        _AuthorizationRoute(
            {
                "roledefinitions GET": authz.get_definition,
                "roleassignments GET": authz.get_assignment,
                "roleassignments PUT": authz.put_assignment,
                "roleassignments DELETE": authz.delete_assignment,
            }
        )
    ]
