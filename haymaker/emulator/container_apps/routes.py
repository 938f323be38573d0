"""Azure Container Apps in the emulator.

Documents (PUT/GET/PATCH/DELETE/list) belong to the generic ARM engine (arm/); this module
plugs Container Apps behaviour into it through hooks (hooks.py) and serves the
actions the engine does not know: POST .../containerApps/{name}/stop and /start.

Running an app as a local process is a runner's job (runner.py): put one into
ctx.runtime["container_app_runner"] and the hooks start it on deploy and stop it on delete.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from haymaker.emulator.arm import get_resource, public_view
from haymaker.emulator.container_apps.hooks import ContainerAppHooks, ManagedEnvironmentHooks
from haymaker.emulator.container_apps.private_state import app_secret_values, set_stopped
from haymaker.emulator.container_apps.runner import get_runner
from haymaker.emulator.core.context import EmulatorContext, HookRegistry
from haymaker.emulator.core.errors import EmulatorHTTPError

CONTAINER_APP_TYPE = "Microsoft.App/containerApps"
MANAGED_ENVIRONMENT_TYPE = "Microsoft.App/managedEnvironments"
APP_PATH = (
    "/subscriptions/{subscription}/resourceGroups/{resource_group}"
    "/providers/Microsoft.App/containerApps/{name}"
)


def register_hooks(registry: HookRegistry) -> None:
    """Plug Container Apps behaviour into the generic ARM engine."""
    registry.register(CONTAINER_APP_TYPE, ContainerAppHooks())
    registry.register(MANAGED_ENVIRONMENT_TYPE, ManagedEnvironmentHooks())


def _app_id(request: Request) -> str:
    p = request.path_params
    return (
        f"/subscriptions/{p['subscription']}/resourceGroups/{p['resource_group']}"
        f"/providers/Microsoft.App/containerApps/{p['name']}"
    )


def _load_app(ctx: EmulatorContext, request: Request) -> dict[str, Any]:
    if not request.query_params.get("api-version"):
        raise EmulatorHTTPError(
            400,
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.",
        )
    app = get_resource(ctx, _app_id(request))
    if app is None:
        p = request.path_params
        raise EmulatorHTTPError(
            404,
            "ResourceNotFound",
            f"The Resource 'Microsoft.App/containerApps/{p['name']}' under resource group "
            f"'{p['resource_group']}' was not found. For more details please go to "
            "https://aka.ms/ARMResourceNotFoundFix",
        )
    return app


def _render(ctx: EmulatorContext, app: dict[str, Any]) -> JSONResponse:
    return JSONResponse(ContainerAppHooks().on_read(ctx, public_view(app)))


def routes(ctx: EmulatorContext) -> list[BaseRoute]:
    async def stop(request: Request) -> Response:
        app = _load_app(ctx, request)
        app_id = str(app["id"])
        set_stopped(ctx, app_id, True)
        runner = get_runner(ctx)
        if runner is not None:
            runner.stop(ctx, app_id)
        return _render(ctx, app)

    async def start(request: Request) -> Response:
        app = _load_app(ctx, request)
        app_id = str(app["id"])
        set_stopped(ctx, app_id, False)
        runner = get_runner(ctx)
        if runner is not None:
            runner.start(ctx, public_view(app), app_secret_values(ctx, app_id))
        return _render(ctx, app)

    return [
        Route(APP_PATH + "/stop", stop, methods=["POST"]),
        Route(APP_PATH + "/start", start, methods=["POST"]),
    ]
