"""GET /api/v1/runs/{run_id}/resources: the original Azure HayMaker API's paging and filters over resources.json."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from haymaker.models.resources import ResourceStatus
from haymaker.store.local import LocalReportStore
from tests.api.seed import finished_run, resources_for, running_run


def test_a_page_of_resources_with_the_seeds_pagination_metadata(
    client: TestClient, store: LocalReportStore
) -> None:
    run = finished_run(store, resources=250)
    body = client.get(f"/api/v1/runs/{run.run_id}/resources", params={"page": 2}).json()
    assert body["run_id"] == run.run_id
    assert [r["resource_name"] for r in body["resources"]] == [f"res-{n:05d}" for n in range(100, 200)]
    assert body["pagination"] == {
        "page": 2,
        "page_size": 100,
        "total_items": 250,
        "total_pages": 3,
        "has_next": True,
        "has_previous": True,
    }


def test_resources_are_served_as_stored(client: TestClient, store: LocalReportStore) -> None:
    run = finished_run(store, resources=3)
    body = client.get(f"/api/v1/runs/{run.run_id}/resources").json()
    assert body["resources"] == [r.model_dump(mode="json") for r in store.read_resources(run.run_id)]


def test_the_last_page_is_partial(client: TestClient, store: LocalReportStore) -> None:
    run = finished_run(store, resources=250)
    body = client.get(f"/api/v1/runs/{run.run_id}/resources", params={"page": 3}).json()
    assert len(body["resources"]) == 50
    assert body["pagination"]["has_next"] is False


def test_filters_by_scenario(client: TestClient, store: LocalReportStore) -> None:
    run = finished_run(store, resources=10)
    body = client.get(
        f"/api/v1/runs/{run.run_id}/resources", params={"scenario_name": "storage-02-blob-lifecycle"}
    ).json()
    assert {r["scenario_name"] for r in body["resources"]} == {"storage-02-blob-lifecycle"}
    assert body["pagination"]["total_items"] == 5


def test_filters_by_resource_type_ignoring_case(client: TestClient, store: LocalReportStore) -> None:
    run = finished_run(store, resources=10)
    body = client.get(
        f"/api/v1/runs/{run.run_id}/resources", params={"resource_type": "microsoft.network/VIRTUALNETWORKS"}
    ).json()
    assert {r["resource_type"] for r in body["resources"]} == {"Microsoft.Network/virtualNetworks"}
    assert len(body["resources"]) == 5


def test_filters_by_status_and_combine(client: TestClient, store: LocalReportStore) -> None:
    run = running_run(store)
    statuses = (ResourceStatus.CREATED, ResourceStatus.DELETED, ResourceStatus.DELETION_FAILED)
    store.write_resources(run.run_id, resources_for(run.run_id, 12, statuses))
    url = f"/api/v1/runs/{run.run_id}/resources"
    failed = client.get(url, params={"status": "deletion_failed"}).json()
    both = client.get(
        url, params={"status": "deletion_failed", "scenario_name": "networking-01-vnet-nsg"}
    ).json()
    assert {r["status"] for r in failed["resources"]} == {"deletion_failed"}
    assert len(failed["resources"]) == 4
    assert [r["resource_name"] for r in both["resources"]] == ["res-00002", "res-00008"]


def test_no_match_is_an_empty_first_page(client: TestClient, store: LocalReportStore) -> None:
    run = finished_run(store, resources=4)
    body = client.get(f"/api/v1/runs/{run.run_id}/resources", params={"scenario_name": "nothing-here"}).json()
    assert body["resources"] == []
    assert body["pagination"]["total_items"] == 0
    assert body["pagination"]["total_pages"] == 0


def test_a_run_without_resources_json_has_no_resources(client: TestClient, store: LocalReportStore) -> None:
    run = running_run(store)
    assert client.get(f"/api/v1/runs/{run.run_id}/resources").json()["resources"] == []


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page_size": 0}, "page_size"),
        ({"page_size": 501}, "page_size"),
        ({"page": 0}, "page"),
        ({"page": "two"}, "page"),
        ({"status": "gone"}, "status"),
    ],
)
def test_bad_parameters_are_invalid_parameter_in_the_seed_format(
    client: TestClient, store: LocalReportStore, params: dict[str, object], parameter: str
) -> None:
    run = finished_run(store, resources=3)
    response = client.get(f"/api/v1/runs/{run.run_id}/resources", params=params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "INVALID_PARAMETER"
    assert error["details"]["parameter"] == parameter
    assert error["trace_id"] == response.headers["X-Trace-ID"]


def test_a_page_past_the_last_is_invalid_parameter(client: TestClient, store: LocalReportStore) -> None:
    run = finished_run(store, resources=150)
    response = client.get(f"/api/v1/runs/{run.run_id}/resources", params={"page": 3})
    assert response.status_code == 400
    assert response.json()["error"]["details"]["parameter"] == "page"


def test_a_rewritten_resources_json_is_served_fresh(client: TestClient, store: LocalReportStore) -> None:
    run = finished_run(store, resources=5)
    url = f"/api/v1/runs/{run.run_id}/resources"
    assert client.get(url).json()["pagination"]["total_items"] == 5
    store.write_resources(run.run_id, resources_for(run.run_id, 7))
    assert client.get(url).json()["pagination"]["total_items"] == 7
