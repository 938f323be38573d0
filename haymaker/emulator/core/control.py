"""Private control endpoints under /_emulator: health, faults, request log, reset."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.core.errors import EmulatorHTTPError
from haymaker.emulator.core.faults import FaultRule


def routes(ctx: EmulatorContext) -> list[BaseRoute]:
    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "settings": ctx.settings.public()})

    async def list_faults(request: Request) -> Response:
        return JSONResponse([{"id": fid, **rule} for fid, rule in ctx.state.faults()])

    async def add_fault(request: Request) -> Response:
        try:
            rule = FaultRule.model_validate(await request.json())
        except ValueError as exc:
            raise EmulatorHTTPError(400, "InvalidFault", str(exc)) from None
        fault_id = ctx.state.add_fault(rule.model_dump())
        return JSONResponse({"id": fault_id, **rule.model_dump()}, status_code=201)

    async def clear_faults(request: Request) -> Response:
        ctx.state.clear_faults()
        return Response(status_code=204)

    async def requests_log(request: Request) -> Response:
        since = int(request.query_params.get("since", "0"))
        return JSONResponse(ctx.state.requests(since))

    async def reset(request: Request) -> Response:
        for stopper in list(ctx.runtime.get("on_reset", [])):
            stopper()
        ctx.state.reset()
        for restore in list(ctx.runtime.get("after_reset", [])):
            restore()
        return Response(status_code=204)

    return [
        Route("/_emulator/health", health, methods=["GET"]),
        Route("/_emulator/faults", list_faults, methods=["GET"]),
        Route("/_emulator/faults", add_fault, methods=["POST"]),
        Route("/_emulator/faults", clear_faults, methods=["DELETE"]),
        Route("/_emulator/requests", requests_log, methods=["GET"]),
        Route("/_emulator/reset", reset, methods=["POST"]),
    ]
