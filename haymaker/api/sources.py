"""Where the operator CLI reads runs from: the API over HTTP (client.py) or a report store here.

Both answer with the API's JSON bodies, so the CLI prints the same thing either way.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from enum import IntEnum
from typing import Any, Protocol

from haymaker.api.errors import ApiError
from haymaker.api.log_stream import LogArchive, LogTail
from haymaker.api.models import CleanupHistory
from haymaker.api.queries import resources_page_json, run_details_of, runs_page, status_of
from haymaker.api.reader import RunReader, parse_run_id
from haymaker.reporting.models import RunStatus
from haymaker.store.errors import StoreCorrupted, StoreError
from haymaker.store.protocol import ReportStore


class Failure(IntEnum):
    """What went wrong, as the CLI's exit code."""

    NOT_FOUND = 1
    BAD_INPUT = 2
    UNAVAILABLE = 3


class SourceError(Exception):
    def __init__(self, failure: Failure, message: str) -> None:
        super().__init__(message)
        self.failure = failure
        self.message = message


class RunSource(Protocol):
    def status(self) -> dict[str, Any]: ...

    def runs(self, page: int, page_size: int, status: str | None) -> dict[str, Any]: ...

    def run(self, run_id: str) -> dict[str, Any]: ...

    def cleanups(self, run_id: str) -> dict[str, Any]: ...

    def resources(
        self,
        run_id: str,
        page: int,
        page_size: int,
        scenario_name: str | None,
        resource_type: str | None,
        status: str | None,
    ) -> dict[str, Any]: ...

    def logs(self, run_id: str, scenario: str | None, follow: bool) -> Iterator[dict[str, Any]]: ...

    def close(self) -> None: ...


def failure_for_status(status: int) -> Failure:
    if status == 404:
        return Failure.NOT_FOUND
    if 400 <= status < 500:
        return Failure.BAD_INPUT
    return Failure.UNAVAILABLE


def _from_api_error(error: ApiError) -> SourceError:
    return SourceError(failure_for_status(error.status), f"{error.code}: {error.message}")


def _from_store_error(error: Exception) -> SourceError:
    if isinstance(error, StoreCorrupted):
        return SourceError(Failure.UNAVAILABLE, f"report store document {error.path} is corrupted")
    return SourceError(Failure.UNAVAILABLE, str(error) or type(error).__name__)


class StoreSource:
    """Reads straight from a report store, through the same queries the API serves."""

    def __init__(
        self,
        store: ReportStore,
        *,
        poll_seconds: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.store = store
        # What "nothing found" names (the store's repr never carries a secret).
        self.where = repr(store)
        self.reader = RunReader(store, cache_runs=2)
        self.archive = LogArchive(store, cache_entries=64)
        self.poll_seconds = poll_seconds
        self.sleep = sleep

    def _call(self, read: Callable[[], Any]) -> Any:
        try:
            return read()
        except ApiError as exc:
            raise _from_api_error(exc) from None
        except (StoreError, OSError) as exc:
            raise _from_store_error(exc) from None

    def status(self) -> dict[str, Any]:
        return self._call(lambda: status_of(self.reader).model_dump(mode="json"))

    def runs(self, page: int, page_size: int, status: str | None) -> dict[str, Any]:
        wanted = RunStatus(status) if status else None
        return self._call(lambda: runs_page(self.reader, page, page_size, wanted).model_dump(mode="json"))

    def run(self, run_id: str) -> dict[str, Any]:
        return self._call(
            lambda: run_details_of(self.reader, self.reader.resolve_run_id(run_id)).model_dump(mode="json")
        )

    def cleanups(self, run_id: str) -> dict[str, Any]:
        def read() -> Any:
            canonical = self.reader.resolve_run_id(run_id)
            self.reader.report(canonical)
            return CleanupHistory(run_id=canonical, cleanups=self.reader.cleanups(canonical)).model_dump(
                mode="json"
            )

        return self._call(read)

    def resources(
        self,
        run_id: str,
        page: int,
        page_size: int,
        scenario_name: str | None,
        resource_type: str | None,
        status: str | None,
    ) -> dict[str, Any]:
        def read() -> Any:
            body = resources_page_json(
                self.reader, parse_run_id(run_id), page, page_size, scenario_name, resource_type, status
            )
            return json.loads(body)

        return self._call(read)

    def logs(self, run_id: str, scenario: str | None, follow: bool) -> Iterator[dict[str, Any]]:
        """Entries as they are archived; with follow, until the run has finished."""
        canonical = self._call(lambda: parse_run_id(run_id))
        self._call(lambda: self.reader.report(canonical))
        tail = LogTail(self.archive, self.reader.find_report, canonical, scenario=scenario)
        while True:
            batch = self._call(tail.read)
            for entry in batch.entries:
                tail.seen(entry)
                yield entry.model_dump(mode="json")
            if not (follow and batch.run_running):
                return
            self.sleep(self.poll_seconds)

    def close(self) -> None:
        close = getattr(self.store, "close", None)
        if callable(close):
            close()
