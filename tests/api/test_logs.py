"""GET /api/v1/runs/{run_id}/logs: archived entries, a live run followed, resumable cursors."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from haymaker.reporting.models import RunStatus
from haymaker.store.local import LocalReportStore
from tests.api.conftest import API_KEY, FAST, client_for
from tests.api.seed import T0, finished_run, log, running_run
from tests.api.sse_client import Event, events


def read_all(client: TestClient, url: str, **kwargs: object) -> list[Event]:
    with client.stream("GET", url, **kwargs) as response:  # type: ignore[arg-type]
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        return list(events(response))


def test_a_finished_runs_log_streams_in_time_order_then_ends(
    client: TestClient, store: LocalReportStore
) -> None:
    run = finished_run(store)
    received = read_all(client, f"/api/v1/runs/{run.run_id}/logs")
    logs = [e.json["message"] for e in received if e.name == "log"]
    assert logs == [
        "networking-01-vnet-nsg step 0",
        "storage-02-blob-lifecycle step 0",
        "networking-01-vnet-nsg step 1",
        "storage-02-blob-lifecycle step 1",
        "networking-01-vnet-nsg step 2",
        "storage-02-blob-lifecycle step 2",
    ]
    assert received[-1].name == "end"
    assert received[-1].json == {"run_id": run.run_id, "status": "completed"}


def test_each_log_event_id_is_a_cursor_of_what_was_seen(client: TestClient, store: LocalReportStore) -> None:
    run = finished_run(store)
    ids = [e.id for e in read_all(client, f"/api/v1/runs/{run.run_id}/logs") if e.name == "log"]
    assert ids[0] == "networking-01-vnet-nsg:1"
    assert ids[-1] == "networking-01-vnet-nsg:3,storage-02-blob-lifecycle:3"


def test_the_log_filters_by_scenario(client: TestClient, store: LocalReportStore) -> None:
    run = finished_run(store)
    received = read_all(
        client, f"/api/v1/runs/{run.run_id}/logs", params={"scenario": "storage-02-blob-lifecycle"}
    )
    assert {e.json["scenario"] for e in received if e.name == "log"} == {"storage-02-blob-lifecycle"}
    assert len([e for e in received if e.name == "log"]) == 3


def test_last_event_id_resumes_after_what_was_seen(client: TestClient, store: LocalReportStore) -> None:
    run = finished_run(store)
    url = f"/api/v1/runs/{run.run_id}/logs"
    first = [e for e in read_all(client, url) if e.name == "log"]
    resumed = [e for e in read_all(client, url, headers={"Last-Event-ID": first[3].id}) if e.name == "log"]
    assert [e.json["message"] for e in resumed] == [e.json["message"] for e in first[4:]]


def test_a_last_event_id_this_api_never_wrote_is_invalid_parameter(
    client: TestClient, store: LocalReportStore
) -> None:
    run = finished_run(store)
    response = client.get(f"/api/v1/runs/{run.run_id}/logs", headers={"Last-Event-ID": "../etc:x"})
    assert response.status_code == 400
    assert response.json()["error"]["details"]["parameter"] == "Last-Event-ID"


def test_a_bad_scenario_filter_is_invalid_parameter(client: TestClient, store: LocalReportStore) -> None:
    run = finished_run(store)
    response = client.get(f"/api/v1/runs/{run.run_id}/logs", params={"scenario": "../x"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_PARAMETER"


def test_a_live_run_is_followed_until_it_finishes(client: TestClient, store: LocalReportStore) -> None:
    run = running_run(store)
    store.append_logs(run.run_id, "networking-01-vnet-nsg", [log("networking-01-vnet-nsg", "deployed", T0)])
    received: list[Event] = []
    with client.stream("GET", f"/api/v1/runs/{run.run_id}/logs") as response:
        for event in events(response):
            received.append(event)
            if event.name == "log" and event.json["message"] == "deployed":
                # The run goes on: another scenario logs, then the run ends.
                one, two = T0 + timedelta(seconds=1), T0 + timedelta(seconds=2)
                store.append_logs(
                    run.run_id, "storage-02-blob-lifecycle", [log("storage-02-blob-lifecycle", "hello", one)]
                )
                store.append_logs(
                    run.run_id, "networking-01-vnet-nsg", [log("networking-01-vnet-nsg", "torn down", two)]
                )
                store.write_run_report(
                    run.model_copy(update={"status": RunStatus.COMPLETED, "ended_at": two})
                )
    messages = [e.json["message"] for e in received if e.name == "log"]
    assert messages == ["deployed", "hello", "torn down"]
    assert received[-1].name == "end"
    assert received[-1].json["status"] == "completed"


def test_follow_false_ends_a_live_runs_stream_after_what_is_archived(
    client: TestClient, store: LocalReportStore
) -> None:
    run = running_run(store)
    store.append_logs(run.run_id, "networking-01-vnet-nsg", [log("networking-01-vnet-nsg", "deployed")])
    received = read_all(client, f"/api/v1/runs/{run.run_id}/logs", params={"follow": "false"})
    assert [e.name for e in received] == ["log", "end"]
    assert received[-1].json["status"] == "running"


def test_a_corrupted_log_mid_stream_ends_with_an_error_event(
    client: TestClient, store: LocalReportStore
) -> None:
    run = finished_run(store)
    store.append_bytes(f"execution-logs/{run.run_id}/networking-01-vnet-nsg.jsonl", b"not json\n")
    with client.stream("GET", f"/api/v1/runs/{run.run_id}/logs") as response:
        received = list(events(response))
        trace_id = response.headers["X-Trace-ID"]
    assert received[-1].name == "error"
    error = received[-1].json["error"]
    assert error["code"] == "STORAGE_ERROR"
    assert error["trace_id"] == trace_id
    assert "not json" not in received[-1].data


class ReportOnlyStore:
    """A ReportStore with no byte layer underneath (only the protocol's methods)."""

    def __init__(self, inner: LocalReportStore) -> None:
        self.read_status = inner.read_status
        self.read_run_report = inner.read_run_report
        self.list_runs = inner.list_runs
        self.read_resources = inner.read_resources
        self.read_cleanup_report = inner.read_cleanup_report
        self.read_logs = inner.read_logs


def test_a_store_without_a_byte_layer_still_streams_every_scenario(store: LocalReportStore) -> None:
    run = finished_run(store)
    with client_for(ReportOnlyStore(store), Authorization=f"Bearer {API_KEY}") as client:
        received = read_all(client, f"/api/v1/runs/{run.run_id}/logs")
    assert len([e for e in received if e.name == "log"]) == 6


def test_a_quiet_live_stream_sends_keep_alive_comments(store: LocalReportStore) -> None:
    run = running_run(store)
    settings = FAST.model_copy(update={"heartbeat_seconds": 0.001})
    comments = 0
    with (
        client_for(store, settings, Authorization=f"Bearer {API_KEY}") as client,
        client.stream("GET", f"/api/v1/runs/{run.run_id}/logs") as response,
    ):
        for line in response.iter_lines():
            if line.startswith(": keep-alive"):
                comments += 1
                if comments == 2:
                    store.write_run_report(run.model_copy(update={"status": RunStatus.FAILED}))
            if line.startswith("event: end"):
                break
    assert comments >= 2


def test_a_stream_open_too_long_closes_without_an_end_so_the_client_resumes(store: LocalReportStore) -> None:
    run = running_run(store)
    store.append_logs(run.run_id, "networking-01-vnet-nsg", [log("networking-01-vnet-nsg", "deployed")])
    settings = FAST.model_copy(update={"stream_max_seconds": 0.02})
    with client_for(store, settings, Authorization=f"Bearer {API_KEY}") as client:
        received = read_all(client, f"/api/v1/runs/{run.run_id}/logs")
    assert [e.name for e in received] == ["log"]


class LogsExplode(ReportOnlyStore):
    """Reports read fine; reading a log fails in a way nobody expected."""

    def __init__(self, inner: LocalReportStore) -> None:
        super().__init__(inner)

        def read_logs(*args: object, **kwargs: object) -> list[object]:
            raise RuntimeError("disk said no, token=hunter2")

        self.read_logs = read_logs  # type: ignore[assignment]


def test_an_unexpected_failure_mid_stream_ends_with_an_internal_error_event(store: LocalReportStore) -> None:
    run = finished_run(store)
    with client_for(LogsExplode(store), Authorization=f"Bearer {API_KEY}") as client:
        received = read_all(client, f"/api/v1/runs/{run.run_id}/logs")
    assert received[-1].name == "error"
    assert received[-1].json["error"]["code"] == "INTERNAL_ERROR"
    assert "hunter2" not in received[-1].data
