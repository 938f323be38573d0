"""GET /api/v1/health: alive, and whether the report store answers."""

from __future__ import annotations

from fastapi.testclient import TestClient

import haymaker
from haymaker.store.local import LocalReportStore


def test_health_is_healthy_with_a_readable_store(anonymous: TestClient) -> None:
    body = anonymous.get("/api/v1/health").json()
    assert body == {"status": "healthy", "version": haymaker.__version__, "checks": {"storage": "pass"}}


def test_health_is_degraded_when_the_status_document_is_corrupted(
    anonymous: TestClient, store: LocalReportStore
) -> None:
    store.put_bytes("execution-state/current_status.json", b"{")
    response = anonymous.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"] == {"storage": "fail"}
