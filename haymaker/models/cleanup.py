"""What a cleanup did: one record per deletion and the report over a run."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from haymaker.models.resources import Resource


class CleanupStatus(StrEnum):
    VERIFIED = "verified"
    VERIFICATION_FAILED = "verification_failed"
    PARTIAL_FAILURE = "partial_failure"
    FORCE_DELETION_COMPLETE = "force_deletion_complete"
    # Nothing that could know the run does: not the report store, not the ledger, not the
    # cloud looked at (or the run acted on another cloud). Never "verified" (issue 14, finding 1).
    NOT_FOUND = "not_found"


# Nothing of ours is left (ARM agrees; Resource Graph may still lag): what a Completed flow run,
# a healthy service and a settled run report mean.
SUCCEEDED_STATUSES = frozenset({CleanupStatus.VERIFIED, CleanupStatus.FORCE_DELETION_COMPLETE})


class DeletionStatus(StrEnum):
    DELETED = "deleted"
    NOT_FOUND = "not_found"
    FAILED = "failed"
    SKIPPED = "skipped"
    WOULD_DELETE = "would_delete"


class ResourceDeletion(BaseModel):
    """The outcome of deleting one resource (attempts, final error)."""

    resource_id: str
    resource_type: str
    resource_name: str = ""
    status: DeletionStatus
    attempts: int = Field(default=1, ge=0)
    error: str | None = None
    error_code: str | None = None
    deleted_at: datetime | None = None

    @property
    def succeeded(self) -> bool:
        return self.status in (DeletionStatus.DELETED, DeletionStatus.NOT_FOUND)


class CleanupReport(BaseModel):
    """The cleanup of one run (or one sweep): what was found, deleted, and what remains."""

    run_id: str
    status: CleanupStatus
    mode: str = "run"
    dry_run: bool = False
    started_at: datetime | None = None
    completed_at: datetime | None = None
    total_resources_expected: int = 0
    total_resources_deleted: int = 0
    deletions: list[ResourceDeletion] = Field(default_factory=list)
    remaining_resources: list[Resource] = Field(default_factory=list)
    skipped_resources: list[ResourceDeletion] = Field(default_factory=list)
    lookalikes: list[ResourceDeletion] = Field(
        default_factory=list,
        description="Things whose tags look like HayMaker's without meeting the ownership rule "
        "(docs/cleanup.md): never deleted, always reported with the reason",
    )
    service_principals_deleted: list[str] = Field(default_factory=list)
    service_principals_failed: list[str] = Field(default_factory=list)
    secrets_purged: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    @property
    def succeeded(self) -> bool:
        """What the flow run's state says: a dry run, or nothing of ours left (ARM agrees)."""
        return self.dry_run or self.status in SUCCEEDED_STATUSES

    def outcome_line(self) -> str:
        """One line for a state message and a log: the status and what it counts."""
        what = "sweep" if self.mode == "sweep" else f"run {self.run_id[:8]}"
        failed = sum(1 for d in self.deletions if d.status == DeletionStatus.FAILED)
        return (
            f"cleanup of {what}: {self.status.value}; {failed} deletion(s) failed, "
            f"{len(self.remaining_resources)} resource(s) remain, "
            f"{len(self.service_principals_failed)} identity(ies) not deleted"
        )

    @property
    def history_mode(self) -> str:
        """How the run's cleanup history names this cleanup: run, sweep or dry-run."""
        return "dry-run" if self.dry_run else ("sweep" if self.mode == "sweep" else "run")

    def has_failures(self) -> bool:
        """True when any deletion failed or anything of ours remains."""
        return (
            any(d.status == DeletionStatus.FAILED for d in self.deletions)
            or bool(self.remaining_resources)
            or bool(self.service_principals_failed)
        )


class CleanupHistoryEntry(BaseModel):
    """One cleanup in a run's history (execution-reports/<run_id>/cleanups/), newest first."""

    cleanup_id: str = Field(description="<UTC time>-<mode>, e.g. 20261105T120000000000Z-run")
    mode: str = Field(
        description="run (a run-scoped cleanup), sweep (a sweep deleted the run's leftovers) or dry-run"
    )
    dry_run: bool
    status: CleanupStatus
    started_at: datetime | None = None
    completed_at: datetime | None = None
    resources_deleted: int = Field(ge=0)
    deletion_failures: int = Field(ge=0)
    remaining: int = Field(ge=0, description="Still present after this cleanup")
    location: str = Field(description="Where the full report is in the report store")

    @classmethod
    def of(cls, cleanup_id: str, report: CleanupReport, location: str) -> CleanupHistoryEntry:
        return cls(
            cleanup_id=cleanup_id,
            mode=report.history_mode,
            dry_run=report.dry_run,
            status=report.status,
            started_at=report.started_at,
            completed_at=report.completed_at,
            resources_deleted=report.total_resources_deleted,
            deletion_failures=sum(1 for d in report.deletions if d.status == DeletionStatus.FAILED),
            remaining=len(report.remaining_resources),
            location=location,
        )
