"""What the API reads, through the ReportStore protocol, with parsed documents cached per version."""

from __future__ import annotations

from haymaker.api.cache import VersionedCache, VersionedDocuments
from haymaker.api.errors import INVALID_RUN_ID, ApiError, run_not_found
from haymaker.api.resource_index import ResourceIndex
from haymaker.models.cleanup import CleanupHistoryEntry, CleanupReport
from haymaker.naming import validate_run_id
from haymaker.reporting.models import OrchestratorStatus, RunReport, RunSummary
from haymaker.store import layout
from haymaker.store.protocol import ReportStore
from haymaker.store.run_ids import AmbiguousRun, UnknownRun, is_run_id_prefix, resolve_run_id

# Every run, for the run list and metrics: far more than any deployment keeps.
ALL_RUNS = 1_000_000


def parse_run_id(run_id: str) -> str:
    """The canonical run id, or 400 INVALID_RUN_ID (nothing else ever reaches the store)."""
    try:
        return validate_run_id(run_id)
    except ValueError:
        raise ApiError(
            400,
            INVALID_RUN_ID,
            "Run ID must be a UUID like 550e8400-e29b-41d4-a716-446655440000",
            {"parameter": "run_id"},
        ) from None


class RunReader:
    """Reads runs for the API; `cache_runs` = how many runs' parsed documents to keep (0: none).

    `metrics_runs`: how many of the most recent runs get per-run metrics.
    """

    def __init__(self, store: ReportStore, cache_runs: int = 8, metrics_runs: int = 10) -> None:
        self.store = store
        self.metrics_runs = metrics_runs
        self._versions = store if isinstance(store, VersionedDocuments) else None
        self._reports: VersionedCache[RunReport | None] = VersionedCache(cache_runs * 4)
        self._resources: VersionedCache[ResourceIndex] = VersionedCache(cache_runs)
        self._cleanups: VersionedCache[CleanupReport | None] = VersionedCache(cache_runs)

    def _version(self, path: str) -> str | None:
        return self._versions.document_version(path) if self._versions is not None else None

    def status(self) -> OrchestratorStatus:
        """The orchestrator status; idle when none was ever written."""
        return self.store.read_status() or OrchestratorStatus()

    def find_report(self, run_id: str) -> RunReport | None:
        """The run's report or None (run id already validated)."""
        version = self._version(layout.run_report_path(run_id))
        return self._reports.get(run_id, version, lambda: self.store.read_run_report(run_id))

    def report(self, run_id: str) -> RunReport:
        """The run's report, or 404 RUN_NOT_FOUND (run id already validated)."""
        report = self.find_report(run_id)
        if report is None:
            raise run_not_found(run_id)
        return report

    def resources(self, run_id: str) -> ResourceIndex:
        """The run's resources, parsed once per version of resources.json."""
        version = self._version(layout.resources_path(run_id))
        return self._resources.get(
            run_id, version, lambda: ResourceIndex.build(self.store.read_resources(run_id))
        )

    def cleanup_report(self, run_id: str) -> CleanupReport | None:
        version = self._version(layout.cleanup_json_path(run_id))
        return self._cleanups.get(run_id, version, lambda: self.store.read_cleanup_report(run_id))

    def resolve_run_id(self, text: str) -> str:
        """A full run id (400 when malformed), or the one run a short prefix names (404 unknown,
        400 ambiguous)."""
        if not (is_run_id_prefix(text) and len(text) < 36):
            return parse_run_id(text)
        try:
            return resolve_run_id(
                text, lambda page: [r.run_id for r in self.runs()] if page == 0 else [], "the report store"
            )
        except UnknownRun:
            raise run_not_found(text) from None
        except AmbiguousRun as exc:
            raise ApiError(400, INVALID_RUN_ID, str(exc), {"parameter": "run_id"}) from None

    def cleanups(self, run_id: str) -> list[CleanupHistoryEntry]:
        """Every cleanup of the run, newest first."""
        return self.store.list_cleanups(run_id)

    def cleanup_entry(self, run_id: str, cleanup_id: str) -> CleanupReport | None:
        return self.store.read_cleanup_entry(run_id, cleanup_id)

    def runs(self) -> list[RunSummary]:
        """Every run, newest first."""
        return self.store.list_runs(limit=ALL_RUNS, offset=0)
