"""Where each document lives in the report store (docs/architecture.md "Report store layout").

```
execution-state/current_status.json
execution-reports/<run_id>/report.json
execution-reports/<run_id>/resources.json
execution-reports/<run_id>/cleanup-report.json   (+ cleanup-report.md)   the latest applied cleanup
execution-reports/<run_id>/cleanups/<cleanup_id>.json   (+ .md)             every cleanup of the run
execution-reports/sweeps/<sweep_id>/cleanup-report.json   (+ cleanup-report.md)
execution-logs/<run_id>/<scenario>.jsonl
```

A sweep has no run id, so its reports go under `execution-reports/sweeps/<sweep_id>/`, where the
sweep id is the sweep's start time in UTC, `YYYYMMDDTHHMMSSffffffZ` (sortable, path safe).
"sweeps" is not a UUID, so it can never collide with a run's directory.

Every cleanup of a run, dry runs and sweeps that deleted the run's leftovers included, is kept in
the run's `cleanups/` history as `<time>-<mode>` (the time in the sweep id format, the mode `run`,
`sweep` or `dry-run`), so a later cleanup never erases what an earlier one found (issue 14,
finding 2); `cleanup-report.json` is replaced only by an applied cleanup.

Every run id is validated as a UUID and every scenario as a scenario name before it becomes part
of a path, so no caller input can traverse out of the layout.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from haymaker.naming import validate_run_id, validate_scenario_name

STATUS_PATH = "execution-state/current_status.json"
REPORTS_PREFIX = "execution-reports/"
LOGS_PREFIX = "execution-logs/"
SWEEPS_PREFIX = f"{REPORTS_PREFIX}sweeps/"
RUN_REPORT_FILE = "report.json"
RESOURCES_FILE = "resources.json"
CLEANUP_JSON_FILE = "cleanup-report.json"
CLEANUP_MARKDOWN_FILE = "cleanup-report.md"
LOG_SUFFIX = ".jsonl"

CLEANUPS_DIR = "cleanups/"

SWEEP_ID_FORMAT = "%Y%m%dT%H%M%S%fZ"
SWEEP_ID_RE = re.compile(r"^\d{8}T\d{12}Z$")
CLEANUP_MODES = ("run", "sweep", "dry-run")
CLEANUP_ID_RE = re.compile(r"^\d{8}T\d{12}Z-(run|sweep|dry-run)$")


def run_dir(run_id: str) -> str:
    """`execution-reports/<run_id>/` for a validated run id."""
    return f"{REPORTS_PREFIX}{validate_run_id(run_id)}/"


def run_report_path(run_id: str) -> str:
    return run_dir(run_id) + RUN_REPORT_FILE


def resources_path(run_id: str) -> str:
    return run_dir(run_id) + RESOURCES_FILE


def cleanup_json_path(run_id: str) -> str:
    return run_dir(run_id) + CLEANUP_JSON_FILE


def cleanup_markdown_path(run_id: str) -> str:
    return run_dir(run_id) + CLEANUP_MARKDOWN_FILE


def sweep_id_for(started_at: datetime) -> str:
    """The sweep id of a sweep that started at `started_at` (naive times are taken as UTC)."""
    if started_at.tzinfo is None:
        started_at = started_at.replace(tzinfo=UTC)
    return started_at.astimezone(UTC).strftime(SWEEP_ID_FORMAT)


def validate_sweep_id(sweep_id: str) -> str:
    """Return the sweep id, or raise ValueError when it is not of the sweep id format."""
    if not isinstance(sweep_id, str) or not SWEEP_ID_RE.match(sweep_id):
        raise ValueError(f"sweep id must look like 20261105T120000000000Z, got {sweep_id!r}")
    return sweep_id


def sweep_dir(sweep_id: str) -> str:
    return f"{SWEEPS_PREFIX}{validate_sweep_id(sweep_id)}/"


def cleanup_id_for(moment: datetime, mode: str) -> str:
    """`<time>-<mode>`: the name of one cleanup in its run's history."""
    if mode not in CLEANUP_MODES:
        raise ValueError(f"cleanup mode must be one of {', '.join(CLEANUP_MODES)}, got {mode!r}")
    return f"{sweep_id_for(moment)}-{mode}"


def validate_cleanup_id(cleanup_id: str) -> str:
    """Return the cleanup id, or raise ValueError when it is not `<time>-<mode>`."""
    if not isinstance(cleanup_id, str) or not CLEANUP_ID_RE.match(cleanup_id):
        raise ValueError(
            f"cleanup id must look like 20261105T120000000000Z-run (or -sweep, -dry-run), got {cleanup_id!r}"
        )
    return cleanup_id


def cleanup_history_dir(run_id: str) -> str:
    """`execution-reports/<run_id>/cleanups/`."""
    return run_dir(run_id) + CLEANUPS_DIR


def cleanup_history_path(run_id: str, cleanup_id: str, suffix: str = ".json") -> str:
    return cleanup_history_dir(run_id) + validate_cleanup_id(cleanup_id) + suffix


def run_logs_dir(run_id: str) -> str:
    return f"{LOGS_PREFIX}{validate_run_id(run_id)}/"


def log_path(run_id: str, scenario: str) -> str:
    """`execution-logs/<run_id>/<scenario>.jsonl` for a validated run id and scenario name."""
    return f"{run_logs_dir(run_id)}{validate_scenario_name(scenario)}{LOG_SUFFIX}"
