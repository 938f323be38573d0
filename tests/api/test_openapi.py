"""The OpenAPI document: served at /openapi.json and kept, identical, in docs/openapi.json."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from haymaker.api.openapi_file import REGENERATE, canonical_document

DOC = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_docs_openapi_json_is_the_served_document(client: TestClient) -> None:
    served = client.get("/openapi.json").json()
    kept = json.loads(DOC.read_text(encoding="utf-8"))
    assert served == kept, f"docs/openapi.json is out of date; regenerate it with: {REGENERATE}"


def test_the_document_does_not_depend_on_the_deployments_key() -> None:
    assert canonical_document() == json.loads(DOC.read_text(encoding="utf-8")), REGENERATE


def test_validation_failures_are_documented_as_400_not_422(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    for path, operations in document["paths"].items():
        for operation in operations.values():
            assert "422" not in operation["responses"], path
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_every_endpoint_of_the_issue_is_documented(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    assert paths == {
        "/api/v1/status",
        "/api/v1/runs",
        "/api/v1/runs/{run_id}",
        "/api/v1/runs/{run_id}/scenarios",
        "/api/v1/runs/{run_id}/service-principals",
        "/api/v1/runs/{run_id}/cleanups",
        "/api/v1/runs/{run_id}/cleanups/{cleanup_id}",
        "/api/v1/runs/{run_id}/cleanup-report",
        "/api/v1/runs/{run_id}/resources",
        "/api/v1/runs/{run_id}/logs",
        "/api/v1/metrics",
        "/api/v1/health",
    }


def test_health_alone_needs_no_key_and_status_may_not(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    security = {path: ops["get"].get("security") for path, ops in document["paths"].items()}
    assert security["/api/v1/health"] is None
    assert security["/api/v1/status"] == [{"ApiKey": []}, {}]
    assert all(
        s == [{"ApiKey": []}] for p, s in security.items() if p not in {"/api/v1/health", "/api/v1/status"}
    )


def test_finding_11_run_id_is_declared_as_a_uuid(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    run_id_schemas = [
        parameter["schema"]
        for path in document["paths"].values()
        for operation in path.values()
        for parameter in operation.get("parameters", [])
        if parameter["name"] == "run_id"
    ]
    assert run_id_schemas
    assert all(schema.get("format") == "uuid" for schema in run_id_schemas)
