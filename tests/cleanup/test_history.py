"""A sweep's report split run by run: each run gets only what was its own."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from haymaker.cleanup.discovery import Discovery
from haymaker.cleanup.history import sweep_slices
from haymaker.cleanup.plan import CleanupPlan
from haymaker.cleanup.runner import CleanupScope
from haymaker.models import CleanupReport, CleanupStatus, DeletionStatus, Resource, ResourceDeletion
from haymaker.naming import resource_group_name, service_principal_name

SUB = "00000000-0000-4000-8000-000000000001"
A, B, C = (str(uuid.uuid4()) for _ in range(3))
NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def _group(run_id: str) -> Resource:
    name = resource_group_name(run_id, "networking-01-vnet-nsg")
    return Resource(
        resource_id=f"/subscriptions/{SUB}/resourceGroups/{name}",
        resource_type="Microsoft.Resources/resourceGroups",
        resource_name=name,
        run_id=run_id,
    )


def _deletion(resource: Resource, status: DeletionStatus) -> ResourceDeletion:
    return ResourceDeletion(
        resource_id=resource.resource_id,
        resource_type=resource.resource_type,
        resource_name=resource.resource_name,
        status=status,
    )


def _scope(*groups: Resource) -> CleanupScope:
    return CleanupScope(
        mode="sweep",
        run_id=None,
        dry_run=False,
        started_at=NOW,
        found=Discovery(found=list(groups)),
        plan=CleanupPlan(delete=list(groups), runs={g.run_id for g in groups}),
        principals=[],
    )


def _sweep(**fields: object) -> CleanupReport:
    return CleanupReport(run_id="sweep", mode="sweep", started_at=NOW, **fields)  # type: ignore[arg-type]


def test_each_run_gets_its_own_deletions_and_the_failure_stays_with_its_run() -> None:
    a, b = _group(A), _group(B)
    report = _sweep(
        status=CleanupStatus.PARTIAL_FAILURE,
        deletions=[_deletion(a, DeletionStatus.DELETED), _deletion(b, DeletionStatus.FAILED)],
    )
    slices = {s.run_id: s for s in sweep_slices(report, _scope(a, b), known=[A, B])}
    assert slices[A].status is CleanupStatus.VERIFIED
    assert [d.resource_name for d in slices[A].deletions] == [a.resource_name]
    assert slices[B].status is CleanupStatus.PARTIAL_FAILURE
    assert [d.resource_name for d in slices[B].deletions] == [b.resource_name]


def test_a_run_whose_resource_remains_is_not_verified() -> None:
    a = _group(A)
    report = _sweep(
        status=CleanupStatus.VERIFICATION_FAILED,
        deletions=[_deletion(a, DeletionStatus.DELETED)],
        remaining_resources=[a],
    )
    (piece,) = sweep_slices(report, _scope(a), known=[A])
    assert piece.status is CleanupStatus.VERIFICATION_FAILED and piece.remaining_resources == [a]


def test_a_run_the_sweep_did_nothing_for_gets_no_slice() -> None:
    a = _group(A)
    report = _sweep(status=CleanupStatus.VERIFIED, deletions=[_deletion(a, DeletionStatus.DELETED)])
    assert [s.run_id for s in sweep_slices(report, _scope(a), known=[A, C])] == [A]


def test_an_identity_that_failed_to_go_marks_only_its_own_run() -> None:
    a, b = _group(A), _group(B)
    report = _sweep(
        status=CleanupStatus.PARTIAL_FAILURE,
        deletions=[_deletion(a, DeletionStatus.DELETED), _deletion(b, DeletionStatus.DELETED)],
        service_principals_failed=[f"{service_principal_name(B, 'networking-01-vnet-nsg')}: Forbidden"],
    )
    slices = {s.run_id: s for s in sweep_slices(report, _scope(a, b), known=[A, B])}
    assert slices[A].status is CleanupStatus.VERIFIED and not slices[A].service_principals_failed
    assert slices[B].status is CleanupStatus.PARTIAL_FAILURE
