"""A run's cleanup history and short run ids over the API (issue 14, findings 2 and 6)."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from haymaker.models.cleanup import CleanupStatus
from haymaker.reporting.render import cleanup_report_markdown
from haymaker.store.local import LocalReportStore
from tests.api.seed import finished_run


def _dry_run_later(store: LocalReportStore, run_id: str) -> None:
    applied = store.read_cleanup_report(run_id)
    assert applied is not None
    dry = applied.model_copy(
        update={
            "dry_run": True,
            "status": CleanupStatus.VERIFICATION_FAILED,
            "completed_at": applied.completed_at + timedelta(hours=1),
        }
    )
    store.write_cleanup_report(dry, cleanup_report_markdown(dry))


def test_a_later_dry_run_leaves_the_cleanup_report_and_joins_the_history(
    client: TestClient, store: LocalReportStore
) -> None:
    run = finished_run(store)
    _dry_run_later(store, run.run_id)
    assert client.get(f"/api/v1/runs/{run.run_id}/cleanup-report").json()["dry_run"] is False
    body = client.get(f"/api/v1/runs/{run.run_id}/cleanups").json()
    assert [(c["mode"], c["status"]) for c in body["cleanups"]] == [
        ("dry-run", "verification_failed"),
        ("run", "force_deletion_complete"),
    ]


def test_one_cleanup_of_the_history_is_served_by_its_id(client: TestClient, store: LocalReportStore) -> None:
    run = finished_run(store)
    _dry_run_later(store, run.run_id)
    (newest, _) = client.get(f"/api/v1/runs/{run.run_id}/cleanups").json()["cleanups"]
    response = client.get(f"/api/v1/runs/{run.run_id}/cleanups/{newest['cleanup_id']}")
    assert response.status_code == 200 and response.json()["dry_run"] is True


def test_an_unknown_cleanup_id_is_404_and_a_malformed_one_400(
    client: TestClient, store: LocalReportStore
) -> None:
    run = finished_run(store)
    unknown = client.get(f"/api/v1/runs/{run.run_id}/cleanups/20200101T000000000000Z-run")
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "RESOURCE_NOT_FOUND")
    assert client.get(f"/api/v1/runs/{run.run_id}/cleanups/..%2F..%2Freport").status_code in (400, 404)
    assert client.get(f"/api/v1/runs/{run.run_id}/cleanups/yesterday-run").status_code == 400


def test_a_run_is_found_by_the_eight_characters_the_prefect_ui_shows(
    client: TestClient, store: LocalReportStore
) -> None:
    run = finished_run(store)
    response = client.get(f"/api/v1/runs/{run.run_id[:8]}")
    assert response.status_code == 200 and response.json()["run_id"] == run.run_id
    assert client.get(f"/api/v1/runs/{run.run_id[:8]}/cleanups").json()["run_id"] == run.run_id


def test_a_prefix_no_run_has_is_run_not_found(client: TestClient, store: LocalReportStore) -> None:
    finished_run(store, run_id="aaaaaaaa-0000-4000-8000-000000000001")
    response = client.get("/api/v1/runs/bbbbbbbb")
    assert (response.status_code, response.json()["error"]["code"]) == (404, "RUN_NOT_FOUND")


def test_a_prefix_two_runs_share_is_ambiguous(client: TestClient, store: LocalReportStore) -> None:
    finished_run(store, run_id="aaaaaaaa-0000-4000-8000-000000000001")
    finished_run(store, run_id="aaaaaaaa-0000-4000-8000-000000000002")
    response = client.get("/api/v1/runs/aaaaaaaa")
    assert (response.status_code, response.json()["error"]["code"]) == (400, "INVALID_RUN_ID")
    assert "ambiguous" in response.json()["error"]["message"]
