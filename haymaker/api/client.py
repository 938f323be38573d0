"""The monitoring API over HTTP, for the operator CLI (HAYMAKER_API_URL + HAYMAKER_API_KEY)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
from pydantic import SecretStr

from haymaker.api.sources import Failure, SourceError, failure_for_status
from haymaker.naming import validate_run_id

API_PREFIX = "/api/v1"
# A stream the server closed without its `end` event (it caps a stream's length) is resumed.
MAX_RESUMES = 1000


def _segment(run_id: str) -> str:
    """A run id as one path segment; checked here, as the API would, so "../x" never routes."""
    try:
        return quote(validate_run_id(run_id), safe="")
    except ValueError:
        raise SourceError(
            Failure.BAD_INPUT,
            "INVALID_RUN_ID: Run ID must be a UUID like 550e8400-e29b-41d4-a716-446655440000",
        ) from None


def _error_message(response: httpx.Response) -> str:
    try:
        error = response.json()["error"]
        return f"{error['code']}: {error['message']} (trace id {error.get('trace_id', '?')})"
    except (ValueError, KeyError, TypeError):
        return f"HTTP {response.status_code} from the API"


class HttpSource:
    """Reads through the monitoring API."""

    def __init__(
        self,
        base_url: str,
        api_key: SecretStr | None = None,
        *,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.where = f"the API at {self.base_url}"
        headers = {"Authorization": f"Bearer {api_key.get_secret_value()}"} if api_key else {}
        self._client = httpx.Client(
            base_url=self.base_url + API_PREFIX, headers=headers, timeout=timeout, transport=transport
        )

    def _unreachable(self, error: httpx.TransportError) -> SourceError:
        return SourceError(
            Failure.UNAVAILABLE, f"the API at {self.base_url} is unreachable ({type(error).__name__})"
        )

    def _check(self, response: httpx.Response) -> None:
        if response.status_code >= 400:
            response.read()
            message = _error_message(response)
            if response.status_code == 401:
                message += "; set HAYMAKER_API_KEY to the API's key"
            raise SourceError(failure_for_status(response.status_code), message)

    def _get(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        query = {k: v for k, v in (params or {}).items() if v is not None}
        try:
            response = self._client.get(path, params=query)
        except httpx.TransportError as exc:
            raise self._unreachable(exc) from None
        self._check(response)
        body: dict[str, Any] = response.json()
        return body

    def status(self) -> dict[str, Any]:
        return self._get("/status")

    def runs(self, page: int, page_size: int, status: str | None) -> dict[str, Any]:
        return self._get("/runs", {"page": page, "page_size": page_size, "status": status})

    def run(self, run_id: str) -> dict[str, Any]:
        return self._get(f"/runs/{_segment(run_id)}")

    def cleanups(self, run_id: str) -> dict[str, Any]:
        return self._get(f"/runs/{_segment(run_id)}/cleanups")

    def resources(
        self,
        run_id: str,
        page: int,
        page_size: int,
        scenario_name: str | None,
        resource_type: str | None,
        status: str | None,
    ) -> dict[str, Any]:
        params = {
            "page": page,
            "page_size": page_size,
            "scenario_name": scenario_name,
            "resource_type": resource_type,
            "status": status,
        }
        return self._get(f"/runs/{_segment(run_id)}/resources", params)

    def logs(self, run_id: str, scenario: str | None, follow: bool) -> Iterator[dict[str, Any]]:
        """Log entries from the SSE stream; resumes with Last-Event-ID if the server closes early."""
        last_id: str | None = None
        params = {"follow": "true" if follow else "false", **({"scenario": scenario} if scenario else {})}
        for _ in range(MAX_RESUMES):
            headers = {"Last-Event-ID": last_id} if last_id else {}
            try:
                with self._client.stream(
                    "GET", f"/runs/{_segment(run_id)}/logs", params=params, headers=headers, timeout=None
                ) as response:
                    self._check(response)
                    for name, data, event_id in _sse_events(response.iter_lines()):
                        if name == "log":
                            last_id = event_id or last_id
                            yield json.loads(data)
                        elif name == "end":
                            return
                        elif name == "error":
                            error = json.loads(data)["error"]
                            raise SourceError(Failure.UNAVAILABLE, f"{error['code']}: {error['message']}")
            except httpx.TransportError as exc:
                raise self._unreachable(exc) from None
        raise SourceError(Failure.UNAVAILABLE, "the log stream kept closing before the run ended")

    def close(self) -> None:
        self._client.close()


def _sse_events(lines: Iterator[str]) -> Iterator[tuple[str, str, str | None]]:
    """(event, data, id) for each event in an SSE line stream; comments and retry hints skipped."""
    name, data, event_id = "message", [], None
    for line in lines:
        if line == "":
            if data:
                yield name, "\n".join(data), event_id
            name, data, event_id = "message", [], None
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field == "event":
            name = value
        elif field == "data":
            data.append(value)
        elif field == "id":
            event_id = value
