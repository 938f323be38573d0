"""haymaker-cleanup: verify through Resource Graph, force-delete leftovers with backoff, delete
the service principals, re-verify against ARM and publish the cleanup report.

Run mode (`run_id`) cleans one run; sweep mode (`sweep=True`) finds leftovers of every run that
is no longer active and older than `older_than` (default 10h) — a dry run unless `apply=True`.
Contradictory parameters (`dry_run` with `apply`, `older_than` or `apply` with a `run_id`) are
refused before anything is read.

A cleanup that cannot say nothing of ours is left (any status but `verified` or
`force_deletion_complete`, dry runs aside) ends its flow run Failed, the status and counts in the
state message and the report as its data, so Prefect's alerting on Failed runs fires. Callers
take the report with `report_of(state)` (`haymaker_cleanup(..., return_state=True)`).
"""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger, runtime
from prefect.states import Failed

from blocks import DEFAULT_DOCUMENT
from blocks.loading import BlockNames, load_run_settings
from haymaker import prefect_events
from haymaker.cleanup.crashes import record_crashed_runs
from haymaker.cleanup.facts import run_facts
from haymaker.cleanup.runner import IdentityOutcome, Verification, build_report
from haymaker.models import CleanupReport
from haymaker.simulation.cleanup_request import cleanup_request
from haymaker.simulation.environment import open_environment
from haymaker.simulation.parameters import (
    AgeParam,
    BlockName,
    HiddenDelay,
    HiddenExpected,
    HiddenSettings,
    RunIdParam,
    retry_delay,
)
from haymaker.simulation.timeouts import CLEANUP_SECONDS
from haymaker.store.run_ids import resolve_in_store
from tasks.cleanup import (
    delete_service_principals,
    force_delete_resources,
    publish_cleanup_report,
    query_managed_resources,
    query_sweep_leftovers,
    reverify,
    verify_cleanup_complete,
)
from tasks.policy import with_backoff


def cleanup_run_name() -> str:
    """cleanup-<run8> for one run, sweep-<UTC date> for a sweep (dry runs say so)."""
    from datetime import UTC, datetime

    params = runtime.flow_run.parameters or {}
    if params.get("run_id"):
        name = f"cleanup-{str(params['run_id'])[:8]}"
    else:
        name = f"sweep-{datetime.now(UTC):%Y-%m-%d}"
    dry = params.get("dry_run") or (not params.get("run_id") and not params.get("apply"))
    return f"{name}-dry-run" if dry else name


@flow(
    name="haymaker-cleanup",
    flow_run_name=cleanup_run_name,
    validate_parameters=True,
    timeout_seconds=CLEANUP_SECONDS,
)
def haymaker_cleanup(
    run_id: RunIdParam = None,
    sweep: bool = False,
    apply: bool = False,
    dry_run: bool = False,
    older_than: AgeParam = None,
    settings: HiddenSettings = None,
    expected: HiddenExpected = None,
    target_block: BlockName = DEFAULT_DOCUMENT,
    report_store_block: BlockName = DEFAULT_DOCUMENT,
    retry_delay_seconds: HiddenDelay = None,
) -> CleanupReport:
    """Clean up one run (`run_id`) or sweep every finished run (`sweep=True`).

    Acts where the HayMaker Target block document says and writes the report to the HayMaker
    Report Store document (missing "default" ones mean the emulator); Python callers may pass
    `settings` instead, the simulation hands over the resources it `expected`, and tests shorten
    `retry_delay_seconds` (all three are left out of the deployment form).

    Args:
        run_id: The run to clean: its id, or the first 8 or more characters of it as the UI
            shows them (e.g. 445cc22f). Leave empty for a sweep.
        sweep: Clean leftovers of every run that is no longer active and older than
            `older_than`, instead of one run.
        apply: With sweep: really delete. A sweep without apply only reports what it would do.
        dry_run: With run_id: report what would be deleted, delete nothing.
        older_than: With sweep: the minimum age of a run whose leftovers are swept, like 10h
            (the default) or 0s for any finished run.
        target_block: The HayMaker Target block document: where to clean (the emulator or an
            Azure subscription).
        report_store_block: The HayMaker Report Store block document the cleanup report goes to.
    """
    retry_delay_seconds = retry_delay(retry_delay_seconds)
    request = cleanup_request(run_id=run_id, sweep=sweep, apply=apply, dry_run=dry_run, older_than=older_than)
    if settings is None:
        names = BlockNames(target=target_block, report_store=report_store_block)
        settings = load_run_settings(names)[0]
    logger = get_run_logger()
    find_run, find_sweep, check = with_backoff(
        retry_delay_seconds, query_managed_resources, query_sweep_leftovers, reverify
    )
    with open_environment(settings) as env:
        if request.sweep:
            scope = find_sweep(env, run_facts(env.store), request.older_than_seconds, not request.dry_run)
        else:
            run = resolve_in_store(env.store, str(request.run_id))
            scope = find_run(env, run, expected or [], request.dry_run)
        if verify_cleanup_complete(scope):
            logger.info("nothing of ours is left: the agents cleaned up after themselves")
            deletions, identity = [], IdentityOutcome()
        else:
            deletions = force_delete_resources(env, scope, retry_delay_seconds)
            prefect_events.emit_all(prefect_events.deletion_events(deletions, scope.plan.delete))
            identity = delete_service_principals(env, scope)
        verification = check(env, scope) if not scope.dry_run else Verification([], [])
        report = build_report(scope, deletions, identity, verification)
        location = publish_cleanup_report(env, report, scope)
        if request.sweep and not request.dry_run:
            for crashed in record_crashed_runs(env.store):
                logger.warning(
                    "run %s crashed: its orchestrator died; marked crashed, lease removed", crashed
                )
        prefect_events.emit(prefect_events.cleanup_event(report, flow_run_id=str(runtime.flow_run.id)))
    if not report.succeeded:
        logger.error("%s (report: %s)", report.outcome_line(), location)
        return Failed(message=report.outcome_line(), data=report)  # type: ignore[return-value]
    logger.info("cleanup %s: %s (report: %s)", report.run_id, report.status.value, location)
    return report


def report_of(state: Any) -> CleanupReport:
    """The report of a finished haymaker-cleanup flow run, Completed or Failed with a report;
    anything else (the cleanup itself broke) is raised."""
    result = state.result(raise_on_failure=False)
    if isinstance(result, CleanupReport):
        return result
    if isinstance(result, BaseException):
        raise result
    raise RuntimeError(f"the cleanup ended {state.name} without a report: {state.message}")
