"""The report store's two contracts: documents by meaning, and the bytes underneath."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

from haymaker.models.cleanup import CleanupHistoryEntry, CleanupReport
from haymaker.models.resources import Resource
from haymaker.reporting.models import LogEntry, OrchestratorStatus, RunReport, RunSummary


@runtime_checkable
class ByteStore(Protocol):
    """Opaque bytes at relative '/'-separated paths; all a new backend has to implement."""

    def put_bytes(self, path: str, data: bytes) -> None:
        """Replace the document at `path` atomically: readers see the old or the new bytes."""
        ...

    def get_bytes(self, path: str) -> bytes | None:
        """The document at `path`, or None when there is none."""
        ...

    def append_bytes(self, path: str, data: bytes) -> None:
        """Append `data` in one piece (concurrent appenders never interleave within a call)."""
        ...

    def list_paths(self, prefix: str) -> list[str]:
        """Every document path starting with `prefix`, sorted."""
        ...

    def delete_bytes(self, path: str) -> None:
        """Remove the document at `path`; no error when there is none."""
        ...


@runtime_checkable
class ReportStore(Protocol):
    """The report store layout (docs/architecture.md) as methods; callers never build paths."""

    def write_status(self, status: OrchestratorStatus) -> None: ...

    def read_status(self) -> OrchestratorStatus | None: ...

    def write_run_report(self, report: RunReport) -> None: ...

    def read_run_report(self, run_id: str) -> RunReport | None: ...

    def list_runs(self, limit: int = 50, offset: int = 0) -> list[RunSummary]: ...

    def write_resources(self, run_id: str, resources: list[Resource]) -> None: ...

    def read_resources(self, run_id: str) -> list[Resource]: ...

    def write_cleanup_report(self, report: CleanupReport, markdown: str) -> str: ...

    def read_cleanup_report(self, run_id: str) -> CleanupReport | None: ...

    def read_cleanup_markdown(self, run_id: str) -> str | None: ...

    def list_cleanups(self, run_id: str) -> list[CleanupHistoryEntry]: ...

    def read_cleanup_entry(self, run_id: str, cleanup_id: str) -> CleanupReport | None: ...

    def list_sweeps(self, limit: int = 50, offset: int = 0) -> list[str]: ...

    def read_sweep_report(self, sweep_id: str) -> CleanupReport | None: ...

    def read_sweep_markdown(self, sweep_id: str) -> str | None: ...

    def append_logs(self, run_id: str, scenario: str, entries: list[LogEntry]) -> None: ...

    def read_logs(
        self,
        run_id: str,
        scenario: str | None = None,
        since: int | datetime = 0,
        limit: int | None = None,
    ) -> list[LogEntry]: ...
