"""GET /api/v1/runs/{run_id}/logs: the run's agent logs as Server-Sent Events."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse

from haymaker.api import sse
from haymaker.api.deps import Reader, RunId
from haymaker.api.errors import invalid_parameter, trace_id_of
from haymaker.api.log_stream import LogStream, LogTail
from haymaker.api.responses import errors
from haymaker.naming import SCENARIO_NAME_RE

router = APIRouter(tags=["Logs"])

_STREAM_DESCRIPTION = (
    "Server-Sent Events. `log` events (data: a LogEntry as JSON; id: the resumable cursor), "
    "`: keep-alive` comments while nothing happens, then one `end` event (data: run_id and the run's "
    "final status) when the run has finished — at once for a finished run or with follow=false. A "
    "store failure after the stream began arrives as an `error` event in the error format. "
    "Reconnect with Last-Event-ID to resume exactly where the stream stopped."
)

# One event of the stream (OpenAPI 3.1: the schema of a text/event-stream describes each event).
EVENT_SCHEMA = {
    "type": "object",
    "required": ["data"],
    "properties": {
        "event": {"type": "string", "enum": ["log", "end", "error"]},
        "data": {
            "type": "string",
            "description": "JSON: a LogEntry (log), {run_id, status} (end) or an ErrorResponse (error)",
        },
        "id": {"type": "string", "description": "The resumable cursor after this log event"},
        "retry": {"type": "integer", "description": "Reconnection delay in milliseconds"},
    },
}


@router.get(
    "/runs/{run_id}/logs",
    operation_id="streamLogs",
    summary="Agent logs of a run, following it while it runs",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": _STREAM_DESCRIPTION,
            "content": {"text/event-stream": {"schema": EVENT_SCHEMA}},
        },
        **errors(400, 401, 404, 500, 503),
    },
)
def stream_logs(
    request: Request,
    reader: Reader,
    run_id: RunId,
    scenario: Annotated[
        str | None, Query(pattern=SCENARIO_NAME_RE.pattern, description="Only this scenario's log")
    ] = None,
    follow: Annotated[bool, Query(description="Keep the stream open while the run is running")] = True,
    last_event_id: Annotated[
        str | None,
        Header(alias="Last-Event-ID", description="Resume after this event (sent by EventSource)"),
    ] = None,
) -> StreamingResponse:
    reader.report(run_id)
    try:
        offsets = sse.decode_cursor(last_event_id) if last_event_id else {}
    except ValueError as exc:
        raise invalid_parameter("Last-Event-ID", str(exc)) from None
    if scenario is not None:
        offsets = {scenario: offsets.get(scenario, 0)}
    tail = LogTail(
        request.app.state.log_archive, reader.find_report, run_id, scenario=scenario, offsets=offsets
    )
    stream = LogStream(tail, follow=follow, options=request.app.state.stream_options)
    return StreamingResponse(
        stream.events(trace_id_of(request)),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
