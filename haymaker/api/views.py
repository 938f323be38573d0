"""Response bodies from stored documents. Pure."""

from __future__ import annotations

from datetime import datetime

from haymaker.api import original
from haymaker.api.models import CleanupVerification, RunDetails, ServicePrincipal, StatusResponse
from haymaker.models.cleanup import CleanupReport, DeletionStatus
from haymaker.reporting.models import OrchestratorStatus, RunPhase, RunReport, RunStatus


def cleanup_verification(report: RunReport, cleanup: CleanupReport | None) -> CleanupVerification:
    """Counts from the cleanup report when there is one, else the run report's summary line."""
    summary = report.cleanup
    verification = CleanupVerification(
        status=summary.status if summary else (cleanup.status if cleanup else None),
        verified=summary.verified if summary else False,
        remaining=summary.remaining if summary else 0,
        report_location=summary.report_location if summary else None,
    )
    if cleanup is None:
        return verification
    deletions = cleanup.deletions
    return verification.model_copy(
        update={
            "expected_deleted": cleanup.total_resources_expected,
            "actually_deleted": sum(1 for d in deletions if d.succeeded),
            "forced_deletions": sum(1 for d in deletions if d.status == DeletionStatus.DELETED),
            "deletion_failures": sum(1 for d in deletions if d.status == DeletionStatus.FAILED),
            "remaining": len(cleanup.remaining_resources) if summary is None else summary.remaining,
        }
    )


def run_phase(report: RunReport, status: OrchestratorStatus) -> RunPhase | None:
    """The phase the orchestrator reports for this run; DONE once the run has ended."""
    if report.status != RunStatus.RUNNING:
        return RunPhase.DONE
    return status.phase if status.current_run_id == report.run_id else None


def run_details(report: RunReport, cleanup: CleanupReport | None, status: OrchestratorStatus) -> RunDetails:
    """GET /runs/{run_id}: the run report plus what its cleanup verified."""
    return RunDetails(
        run_id=report.run_id,
        status=original.run_status(report.status),
        run_status=report.status,
        phase=original.run_phase(run_phase(report, status)),
        started_at=report.started_at,
        ended_at=report.ended_at,
        duration_seconds=report.duration_seconds,
        target=report.target,
        simulation_size=report.size,
        scenario_count=report.scenario_count,
        seed=report.seed,
        scenarios=report.scenarios,
        skipped_scenarios=report.skipped_scenarios,
        totals=report.totals,
        total_resources=report.totals.resources_created,
        total_service_principals=sum(1 for s in report.scenarios if s.service_principal_name),
        cleanup_verification=cleanup_verification(report, cleanup),
        errors=original.execution_errors(report),
    )


def status_response(
    status: OrchestratorStatus, current: RunReport | None, next_run: datetime | None
) -> StatusResponse:
    """GET /status: the stored status in the original contract's terms (haymaker/api/original.py)."""
    state = original.orchestrator_state(status.status, current)
    health, reasons = original.health(state, current)
    return StatusResponse(
        status=state,
        health=health,
        current_run_id=status.current_run_id,
        started_at=status.started_at,
        scheduled_end_at=status.scheduled_end_at,
        phase=original.status_phase(state, status.phase),
        scenarios_count=status.scenarios_total,
        scenarios_completed=status.scenarios_completed,
        scenarios_running=status.scenarios_running if state == "running" else 0,
        scenarios_failed=status.scenarios_failed,
        next_scheduled_run=next_run,
        orchestrator_state=status.status,
        health_reasons=reasons,
        updated_at=status.updated_at,
        scenarios_total=status.scenarios_total,
        resources_created=status.resources_created,
        resources_deleted=status.resources_deleted,
    )


def service_principals(report: RunReport, cleanup: CleanupReport | None) -> list[ServicePrincipal]:
    """Each scenario's service principal, with what cleanup reported about it."""
    deleted = set(cleanup.service_principals_deleted) if cleanup else set()
    # Cleanup records a failure as "<name>: <what failed>".
    failed = {f.split(":", 1)[0] for f in cleanup.service_principals_failed} if cleanup else set()
    principals = []
    for scenario in report.scenarios:
        name = scenario.service_principal_name
        if not name:
            continue
        status = "deleted" if name in deleted else "deletion_failed" if name in failed else "created"
        principals.append(
            ServicePrincipal(
                sp_name=name,
                scenario_name=scenario.scenario_name,
                resource_group=scenario.resource_group,
                status=status,
            )
        )
    return principals
