"""The report store layout implemented once, over an abstract byte layer.

A backend (local directory, Azure Blob) subclasses `LayoutReportStore` and implements only
`put_bytes`, `get_bytes`, `append_bytes` and `list_paths`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import UTC, datetime
from typing import TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from haymaker.models.cleanup import CleanupHistoryEntry, CleanupReport
from haymaker.models.resources import Resource
from haymaker.naming import validate_run_id, validate_scenario_name
from haymaker.reporting.models import LogEntry, OrchestratorStatus, RunReport, RunSummary
from haymaker.store import layout
from haymaker.store.errors import StoreCorrupted

ModelT = TypeVar("ModelT", bound=BaseModel)

SWEEP_MODE = "sweep"
_RESOURCES = TypeAdapter(list[Resource])


def _validation_reason(error: ValidationError) -> str:
    # Locations and messages only: the offending input could be anything, so it stays out.
    first = error.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or "<document>"
    return f"{error.error_count()} invalid field(s); first at {where}: {first['msg']}"


def _decode(path: str, data: bytes, model: type[ModelT]) -> ModelT:
    try:
        return model.model_validate_json(data)
    except ValidationError as exc:
        raise StoreCorrupted(path, _validation_reason(exc)) from None


def _is_run_id(value: str) -> bool:
    try:
        validate_run_id(value)
    except ValueError:
        return False
    return True


def _check_page(limit: int, offset: int) -> None:
    if limit < 0 or offset < 0:
        raise ValueError(f"limit and offset must be >= 0, got limit={limit} offset={offset}")


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


class LayoutReportStore(ABC):
    """Implements `ReportStore` (haymaker.store.protocol) on top of the byte layer."""

    # --- byte layer: what a backend implements -------------------------------------------

    @abstractmethod
    def put_bytes(self, path: str, data: bytes) -> None:
        """Replace the document at `path` atomically."""

    @abstractmethod
    def get_bytes(self, path: str) -> bytes | None:
        """The document at `path`, or None."""

    @abstractmethod
    def append_bytes(self, path: str, data: bytes) -> None:
        """Append `data` to the document at `path` in one piece, creating it when missing."""

    @abstractmethod
    def list_paths(self, prefix: str) -> list[str]:
        """Sorted document paths starting with `prefix`."""

    @abstractmethod
    def delete_bytes(self, path: str) -> None:
        """Remove the document at `path`; no error when there is none."""

    # --- JSON helpers ---------------------------------------------------------------------

    def _put_model(self, path: str, model: BaseModel) -> None:
        self.put_bytes(path, model.model_dump_json(indent=2).encode("utf-8"))

    def _get_model(self, path: str, model: type[ModelT]) -> ModelT | None:
        data = self.get_bytes(path)
        return None if data is None else _decode(path, data, model)

    def _get_text(self, path: str) -> str | None:
        data = self.get_bytes(path)
        if data is None:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise StoreCorrupted(path, f"not UTF-8 text at byte {exc.start}") from None

    # --- status ---------------------------------------------------------------------------

    def write_status(self, status: OrchestratorStatus) -> None:
        """Replace execution-state/current_status.json."""
        self._put_model(layout.STATUS_PATH, status)

    def read_status(self) -> OrchestratorStatus | None:
        """The orchestrator status, or None before the first run wrote one."""
        return self._get_model(layout.STATUS_PATH, OrchestratorStatus)

    # --- run reports ----------------------------------------------------------------------

    def write_run_report(self, report: RunReport) -> None:
        """Write execution-reports/<run_id>/report.json (write one at run start to list it)."""
        self._put_model(layout.run_report_path(report.run_id), report)

    def read_run_report(self, run_id: str) -> RunReport | None:
        """The run's report, or None when the run has none."""
        return self._get_model(layout.run_report_path(run_id), RunReport)

    def list_runs(self, limit: int = 50, offset: int = 0) -> list[RunSummary]:
        """Runs that have a report.json, newest start first (ties: run id descending)."""
        _check_page(limit, offset)
        reports = [self.read_run_report(run_id) for run_id in self._run_ids()]
        present = [r for r in reports if r is not None]
        present.sort(key=lambda r: (_utc(r.started_at), r.run_id), reverse=True)
        return [RunSummary.from_report(r) for r in present[offset : offset + limit]]

    def _run_ids(self) -> list[str]:
        ids = []
        for path in self.list_paths(layout.REPORTS_PREFIX):
            parts = path[len(layout.REPORTS_PREFIX) :].split("/")
            if len(parts) != 2 or parts[1] != layout.RUN_REPORT_FILE:
                continue
            try:
                ids.append(validate_run_id(parts[0]))
            except ValueError:
                continue  # "sweeps" and anything foreign in the container is not a run
        return ids

    # --- resources ------------------------------------------------------------------------

    def write_resources(self, run_id: str, resources: list[Resource]) -> None:
        """Replace execution-reports/<run_id>/resources.json (a JSON array of Resource)."""
        path = layout.resources_path(run_id)
        self.put_bytes(path, _RESOURCES.dump_json(resources, indent=2))

    def read_resources(self, run_id: str) -> list[Resource]:
        """The run's recorded resources; an empty list when none were written."""
        path = layout.resources_path(run_id)
        data = self.get_bytes(path)
        if data is None:
            return []
        try:
            return _RESOURCES.validate_json(data)
        except ValidationError as exc:
            raise StoreCorrupted(path, _validation_reason(exc)) from None

    # --- cleanup reports ------------------------------------------------------------------

    def write_cleanup_report(self, report: CleanupReport, markdown: str) -> str:
        """Write a cleanup report JSON and its markdown; return the JSON's path.

        A sweep's report (mode "sweep", no run id) goes to execution-reports/sweeps/<sweep_id>/,
        the sweep id being its start time. A run's report (a sweep's slice of one run included)
        joins the run's history, execution-reports/<run_id>/cleanups/<time>-<mode>.json, and,
        unless it is a dry run, replaces the run's cleanup-report.json: the latest applied cleanup.
        The path returned is the history entry's, which no later cleanup replaces.
        """
        if report.mode == SWEEP_MODE and not _is_run_id(report.run_id):
            started = report.started_at or report.completed_at or datetime.now(UTC)
            return self._put_cleanup(
                layout.sweep_dir(layout.sweep_id_for(started)), "cleanup-report", report, markdown
            )
        moment = report.completed_at or report.started_at or datetime.now(UTC)
        cleanup_id = layout.cleanup_id_for(moment, report.history_mode)
        location = self._put_cleanup(layout.cleanup_history_dir(report.run_id), cleanup_id, report, markdown)
        if not report.dry_run:
            self._put_cleanup(layout.run_dir(report.run_id), "cleanup-report", report, markdown)
        return location

    def _put_cleanup(self, directory: str, name: str, report: CleanupReport, markdown: str) -> str:
        # Markdown first: the JSON is what readers look for, so it lands last.
        self.put_bytes(f"{directory}{name}.md", markdown.encode("utf-8"))
        json_path = f"{directory}{name}.json"
        self._put_model(json_path, report)
        return json_path

    def list_cleanups(self, run_id: str) -> list[CleanupHistoryEntry]:
        """Every cleanup of the run, newest first (dry runs and sweeps included)."""
        prefix = layout.cleanup_history_dir(run_id)
        entries = []
        for path in self.list_paths(prefix):
            name = path[len(prefix) :]
            if not name.endswith(".json"):
                continue
            try:
                cleanup_id = layout.validate_cleanup_id(name[: -len(".json")])
            except ValueError:
                continue
            report = self._get_model(path, CleanupReport)
            if report is not None:
                entries.append(CleanupHistoryEntry.of(cleanup_id, report, path))
        return sorted(entries, key=lambda e: e.cleanup_id, reverse=True)

    def read_cleanup_entry(self, run_id: str, cleanup_id: str) -> CleanupReport | None:
        """One cleanup of the run's history by its id, or None."""
        return self._get_model(layout.cleanup_history_path(run_id, cleanup_id), CleanupReport)

    def read_cleanup_report(self, run_id: str) -> CleanupReport | None:
        return self._get_model(layout.cleanup_json_path(run_id), CleanupReport)

    def read_cleanup_markdown(self, run_id: str) -> str | None:
        return self._get_text(layout.cleanup_markdown_path(run_id))

    def list_sweeps(self, limit: int = 50, offset: int = 0) -> list[str]:
        """Sweep ids that have a cleanup report, newest first."""
        _check_page(limit, offset)
        ids = set()
        for path in self.list_paths(layout.SWEEPS_PREFIX):
            parts = path[len(layout.SWEEPS_PREFIX) :].split("/")
            if len(parts) == 2 and parts[1] == layout.CLEANUP_JSON_FILE:
                try:
                    ids.add(layout.validate_sweep_id(parts[0]))
                except ValueError:
                    continue
        return sorted(ids, reverse=True)[offset : offset + limit]

    def read_sweep_report(self, sweep_id: str) -> CleanupReport | None:
        path = layout.sweep_dir(sweep_id) + layout.CLEANUP_JSON_FILE
        return self._get_model(path, CleanupReport)

    def read_sweep_markdown(self, sweep_id: str) -> str | None:
        return self._get_text(layout.sweep_dir(sweep_id) + layout.CLEANUP_MARKDOWN_FILE)

    # --- logs -----------------------------------------------------------------------------

    def append_logs(self, run_id: str, scenario: str, entries: list[LogEntry]) -> None:
        """Append entries to execution-logs/<run_id>/<scenario>.jsonl in one write."""
        path = layout.log_path(run_id, scenario)
        foreign = {e.scenario for e in entries if e.scenario != scenario}
        if foreign:
            raise ValueError(f"log entries for scenario(s) {sorted(foreign)} cannot go to {scenario!r}'s log")
        if not entries:
            return
        data = "".join(e.model_dump_json() + "\n" for e in entries).encode("utf-8")
        self.append_bytes(path, data)

    def read_logs(
        self,
        run_id: str,
        scenario: str | None = None,
        since: int | datetime = 0,
        limit: int | None = None,
    ) -> list[LogEntry]:
        """Log entries of a run, optionally of one scenario.

        With a scenario, entries come in append order and an int `since` skips that many:
        a stable cursor for tailing a live log. Without one, all scenarios are merged in
        timestamp order (ties keep scenario, then append, order); since entries of different
        scenarios may arrive out of timestamp order, tail a live run per scenario. A datetime
        `since` keeps only entries strictly after it.
        """
        if limit is not None and limit < 0:
            raise ValueError(f"limit must be >= 0, got {limit}")
        if isinstance(since, int) and since < 0:
            raise ValueError(f"since must be >= 0, got {since}")
        if scenario is not None:
            entries = self._read_log_file(layout.log_path(run_id, scenario))
        else:
            entries = []
            for path in self._log_paths(run_id):
                entries.extend(self._read_log_file(path))
            entries.sort(key=lambda e: _utc(e.timestamp))
        if isinstance(since, datetime):
            after = _utc(since)
            entries = [e for e in entries if _utc(e.timestamp) > after]
        else:
            entries = entries[since:]
        return entries if limit is None else entries[:limit]

    def _log_paths(self, run_id: str) -> list[str]:
        prefix = layout.run_logs_dir(run_id)
        paths = []
        for path in self.list_paths(prefix):
            name = path[len(prefix) :]
            if "/" in name or not name.endswith(layout.LOG_SUFFIX):
                continue
            try:
                validate_scenario_name(name[: -len(layout.LOG_SUFFIX)])
            except ValueError:
                continue
            paths.append(path)
        return paths

    def _read_log_file(self, path: str) -> list[LogEntry]:
        data = self.get_bytes(path)
        if not data:
            return []
        lines = data.split(b"\n")
        # The last piece has no newline yet: an append still in flight, or an empty tail.
        complete = lines[:-1]
        entries = []
        for number, line in enumerate(complete, start=1):
            if not line.strip():
                continue
            try:
                entries.append(LogEntry.model_validate_json(line))
            except ValidationError as exc:
                raise StoreCorrupted(path, f"line {number}: {_validation_reason(exc)}") from None
        return entries
