"""The API's read operations as functions over a RunReader (the routes and the CLI share them)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

from haymaker.api.models import RunDetails, RunsPage, StatusResponse
from haymaker.api.pagination import paginate
from haymaker.api.reader import RunReader
from haymaker.api.views import run_details, status_response
from haymaker.reporting.models import RunStatus


def runs_page(reader: RunReader, page: int, page_size: int, status: RunStatus | None = None) -> RunsPage:
    """A page of runs, newest first, optionally of one status."""
    runs = reader.runs()
    if status is not None:
        runs = [r for r in runs if r.status == status]
    window, meta = paginate(len(runs), page, page_size)
    return RunsPage(runs=runs[window], pagination=meta)


def status_of(reader: RunReader, next_run: Callable[[], datetime | None] = lambda: None) -> StatusResponse:
    """The orchestrator status with the current (or last) run it names."""
    status = reader.status()
    current = reader.find_report(status.current_run_id) if status.current_run_id else None
    return status_response(status, current, next_run())


def run_details_of(reader: RunReader, run_id: str) -> RunDetails:
    """One run's details (run id already validated); 404 RUN_NOT_FOUND when it has no report."""
    report = reader.report(run_id)
    return run_details(report, reader.cleanup_report(run_id), reader.status())


def resources_page_json(
    reader: RunReader,
    run_id: str,
    page: int,
    page_size: int,
    scenario_name: str | None = None,
    resource_type: str | None = None,
    status: str | None = None,
) -> bytes:
    """A ResourcesPage as JSON bytes, assembled from resources serialized once per document version."""
    reader.report(run_id)
    index = reader.resources(run_id)
    positions = index.select(scenario_name, resource_type, status)
    window, meta = paginate(len(positions), page, page_size)
    items = b",".join(index.json[p] for p in positions[window])
    return b"".join(
        [
            b'{"run_id":',
            json.dumps(run_id).encode(),
            b',"resources":[',
            items,
            b'],"pagination":',
            meta.model_dump_json().encode(),
            b"}",
        ]
    )
