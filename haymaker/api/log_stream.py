"""GET /runs/{run_id}/logs: the log archive as Server-Sent Events, following a live run.

The stream sends what is archived, then polls the store while the run report says `running`,
and ends with an `end` event once the run has finished (or at once when follow is off). Each
`log` event's id is the resumable cursor (see haymaker.api.sse). Store failures after the
stream began arrive as an `error` event in the original Azure HayMaker API's error format, then the stream closes.
"""

from __future__ import annotations

import heapq
import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import anyio
from starlette.concurrency import run_in_threadpool

from haymaker.api import sse
from haymaker.api.cache import VersionedCache, VersionedDocuments
from haymaker.api.errors import INTERNAL_ERROR, error_body, store_error
from haymaker.naming import validate_scenario_name
from haymaker.reporting.models import LogEntry, RunReport, RunStatus
from haymaker.store import layout
from haymaker.store.errors import StoreError
from haymaker.store.protocol import ByteStore, ReportStore

logger = logging.getLogger("haymaker.api")
RECONNECT_MILLISECONDS = 2000


@dataclass
class StreamOptions:
    poll_seconds: float = 0.5
    heartbeat_seconds: float = 15.0
    max_seconds: float = 3600.0
    clock: Callable[[], float] = field(default=time.monotonic)


def _sort_key(entry: LogEntry) -> datetime:
    stamp = entry.timestamp
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp


class LogArchive:
    """Each scenario's log of a run in append order, parsed once per document version."""

    def __init__(self, store: ReportStore, cache_entries: int) -> None:
        self.store = store
        self._versions = store if isinstance(store, VersionedDocuments) else None
        self._bytes = store if isinstance(store, ByteStore) else None
        self._cache: VersionedCache[list[LogEntry]] = VersionedCache(cache_entries)

    def scenarios(self, run_id: str) -> set[str]:
        """Scenarios that have a log in this run."""
        if self._bytes is None:
            # A store without a byte layer: the merged read names every scenario with a log.
            return {entry.scenario for entry in self.store.read_logs(run_id)}
        prefix = layout.run_logs_dir(run_id)
        names = set()
        for path in self._bytes.list_paths(prefix):
            name = path[len(prefix) :]
            if "/" in name or not name.endswith(layout.LOG_SUFFIX):
                continue
            try:
                names.add(validate_scenario_name(name[: -len(layout.LOG_SUFFIX)]))
            except ValueError:
                continue
        return names

    def entries(self, run_id: str, scenario: str) -> list[LogEntry]:
        version = None
        if self._versions is not None:
            version = self._versions.document_version(layout.log_path(run_id, scenario))
        return self._cache.get(
            f"{run_id}/{scenario}", version, lambda: self.store.read_logs(run_id, scenario)
        )


@dataclass
class TailBatch:
    report: RunReport | None
    entries: list[LogEntry]

    @property
    def run_running(self) -> bool:
        return self.report is not None and self.report.status == RunStatus.RUNNING


class LogTail:
    """New log entries of a run (optionally one scenario) since a per-scenario cursor. Sync."""

    def __init__(
        self,
        archive: LogArchive,
        find_report: Callable[[str], RunReport | None],
        run_id: str,
        *,
        scenario: str | None = None,
        offsets: dict[str, int] | None = None,
    ) -> None:
        self.archive = archive
        self.find_report = find_report
        self.run_id = run_id
        self.scenario = scenario
        self.offsets = dict(offsets or {})

    def read(self) -> TailBatch:
        """The run report and the entries after the cursor (the cursor moves with `seen`)."""
        # The report first: entries archived before the run ended are then surely in this read.
        report = self.find_report(self.run_id)
        names = {self.scenario} if self.scenario else self.archive.scenarios(self.run_id) | set(self.offsets)
        fresh = []
        for name in sorted(names):
            seen = self.offsets.get(name, 0)
            entries = self.archive.entries(self.run_id, name)
            if len(entries) > seen:
                fresh.append(entries[seen:])
        # A k-way merge keeps each scenario's append order (a resumed cursor stays exact).
        return TailBatch(report, list(heapq.merge(*fresh, key=_sort_key)))

    def seen(self, entry: LogEntry) -> str:
        """Move the cursor past `entry`; return the cursor (the SSE event id)."""
        self.offsets[entry.scenario] = self.offsets.get(entry.scenario, 0) + 1
        return sse.encode_cursor(self.offsets)


class LogStream:
    """One client's SSE stream over a LogTail."""

    def __init__(self, tail: LogTail, *, follow: bool, options: StreamOptions) -> None:
        self.tail = tail
        self.follow = follow
        self.options = options

    def _end_event(self, report: RunReport | None) -> bytes:
        status = report.status.value if report else None
        return sse.event("end", json.dumps({"run_id": self.tail.run_id, "status": status}))

    async def events(self, trace_id: str) -> AsyncIterator[bytes]:
        """The stream's bytes: retry hint, log events, keep-alives, then end (or error)."""
        clock = self.options.clock
        opened = last_sent = clock()
        yield sse.retry(RECONNECT_MILLISECONDS)
        while True:
            try:
                batch = await run_in_threadpool(self.tail.read)
            except (StoreError, OSError) as exc:
                failure = store_error(exc)
                body = error_body(trace_id, failure.code, failure.message, failure.details)
                yield sse.event("error", json.dumps(body))
                return
            except Exception:
                # The answer has begun: the failure can only be told as an event.
                logger.exception("log stream failed (trace id %s)", trace_id)
                message = f"Internal error; quote trace id {trace_id}"
                yield sse.event("error", json.dumps(error_body(trace_id, INTERNAL_ERROR, message)))
                return
            for entry in batch.entries:
                cursor = self.tail.seen(entry)
                yield sse.event("log", entry.model_dump_json(), cursor)
                last_sent = clock()
            if not (self.follow and batch.run_running):
                yield self._end_event(batch.report)
                return
            if clock() - opened >= self.options.max_seconds:
                return  # no end event: the client reconnects with its Last-Event-ID
            if clock() - last_sent >= self.options.heartbeat_seconds:
                yield sse.HEARTBEAT
                last_sent = clock()
            await anyio.sleep(self.options.poll_seconds)
