"""The cleanup flow's steps: find, verify, force-delete, delete identities, re-verify, publish."""

from __future__ import annotations

from datetime import timedelta

from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from haymaker import throttling
from haymaker.azure.backoff import RetryPolicy
from haymaker.cleanup import history, runner
from haymaker.cleanup.knowledge import why_unknown
from haymaker.cleanup.plan import RunFacts
from haymaker.cleanup.runner import CleanupScope, IdentityOutcome, Verification
from haymaker.models import CleanupReport, DeletionStatus, Resource, ResourceDeletion
from haymaker.reporting.render import artifact_key, cleanup_report_markdown
from haymaker.simulation import links
from haymaker.simulation.environment import RunEnvironment
from haymaker.simulation.timeouts import DELETIONS_SECONDS, STEP_SECONDS
from tasks.policy import AZURE_RETRIES, transient_only
from tasks.reporting import known_urls
from tasks.throttle import throttle


@task(
    name="query_managed_resources",
    timeout_seconds=STEP_SECONDS,
    cache_policy=NO_CACHE,
    retries=AZURE_RETRIES,
    retry_condition_fn=transient_only,
)
def query_managed_resources(
    env: RunEnvironment, run_id: str, expected: list[Resource], dry_run: bool
) -> CleanupScope:
    throttle(throttling.leftovers_query())
    scope = runner.find_run_leftovers(
        env.clients, env.subscription_id, run_id, expected=expected, dry_run=dry_run
    )
    scope.unknown = why_unknown(
        env.store,
        run_id,
        env.cloud,
        expected=len(expected),
        found_anything=not runner.nothing_to_do(scope) or bool(scope.plan.skip),
    )
    get_run_logger().info(
        "run %s: %d resources to delete, %d left alone, %d identities",
        run_id,
        len(scope.plan.delete),
        len(scope.plan.skip),
        len(scope.principals),
    )
    return scope


@task(
    name="query_sweep_leftovers",
    timeout_seconds=STEP_SECONDS,
    cache_policy=NO_CACHE,
    retries=AZURE_RETRIES,
    retry_condition_fn=transient_only,
)
def query_sweep_leftovers(
    env: RunEnvironment, runs: dict[str, RunFacts], min_age_seconds: float, apply: bool
) -> CleanupScope:
    throttle(throttling.leftovers_query())
    scope = runner.find_sweep_leftovers(
        env.clients, env.subscription_id, runs, min_age=timedelta(seconds=min_age_seconds), apply=apply
    )
    get_run_logger().info(
        "sweep: %d resources of %d runs to delete, %d left alone, %d identities%s",
        len(scope.plan.delete),
        len(scope.plan.runs),
        len(scope.plan.skip),
        len(scope.principals),
        "" if apply else " (dry run)",
    )
    return scope


@task(name="verify_cleanup_complete", timeout_seconds=STEP_SECONDS, cache_policy=NO_CACHE)
def verify_cleanup_complete(scope: CleanupScope) -> bool:
    """True when nothing of ours is left (the agents cleaned up after themselves)."""
    return runner.nothing_to_do(scope)


@task(name="force_delete_resources", timeout_seconds=DELETIONS_SECONDS, cache_policy=NO_CACHE)
def force_delete_resources(
    env: RunEnvironment, scope: CleanupScope, base_delay: float
) -> list[ResourceDeletion]:
    logger = get_run_logger()
    policy = RetryPolicy() if base_delay >= 1 else RetryPolicy(delays=(base_delay,), max_delay=base_delay)
    throttle(throttling.leftovers_delete(len(scope.plan.delete)))
    deletions = runner.delete_leftovers(env.clients, scope, policy=policy, progress=logger.info)
    for failed in (d for d in deletions if d.status is DeletionStatus.FAILED):
        logger.error(
            "could not delete %s %s: %s",
            failed.resource_type,
            failed.resource_name or failed.resource_id,
            failed.error,
        )
    return deletions


@task(name="delete_service_principals", timeout_seconds=DELETIONS_SECONDS, cache_policy=NO_CACHE)
def delete_service_principals(env: RunEnvironment, scope: CleanupScope) -> IdentityOutcome:
    throttle(throttling.identities_delete(len(scope.principals)))
    logger = get_run_logger()
    outcome = runner.delete_identities(
        env.clients, scope, key_vault_url=env.target.key_vault_url, progress=logger.info
    )
    for name in outcome.failed:
        logger.error("could not delete identity %s", name)
    return outcome


@task(
    name="reverify_against_arm",
    timeout_seconds=STEP_SECONDS,
    cache_policy=NO_CACHE,
    retries=AZURE_RETRIES,
    retry_condition_fn=transient_only,
)
def reverify(env: RunEnvironment, scope: CleanupScope) -> Verification:
    throttle(throttling.arm_confirmations(len(scope.plan.delete) + len(scope.riders)))
    return runner.verify_cleanup(env.clients, env.subscription_id, scope)


@task(name="publish_cleanup_report", timeout_seconds=STEP_SECONDS, cache_policy=NO_CACHE)
def publish_cleanup_report(env: RunEnvironment, report: CleanupReport, scope: CleanupScope) -> str:
    """Markdown artifact `cleanup-report-<run8>` (or `-sweep`; dry runs `...-dry-run`), and the
    report into the history of every run it speaks for (haymaker/cleanup/history.py)."""
    ui_url, api_url = known_urls()

    def render(cleanup: CleanupReport) -> str:
        # A run's report (a sweep's part of one included) links to that run's report.
        if cleanup.mode == "sweep" and cleanup.run_id == report.run_id:
            return cleanup_report_markdown(cleanup)
        related = links.cleanup_report_links(cleanup.run_id, ui_url=ui_url, api_url=api_url)
        return cleanup_report_markdown(cleanup, links=links.pairs(related))

    key = artifact_key("cleanup-report", None if report.mode == "sweep" else report.run_id)
    create_markdown_artifact(
        key=f"{key}-dry-run" if report.dry_run else key,
        markdown=render(report),
        description=f"HayMaker cleanup: {report.status.value}{' (dry run)' if report.dry_run else ''}",
    )
    return history.record_cleanup(env.store, report, scope, render)
