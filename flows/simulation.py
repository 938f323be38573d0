"""haymaker-simulation: validation -> selection -> provisioning -> monitoring -> cleanup -> reporting.

A failed or crashed run still leaves nothing: the on_failure / on_crashed hooks run the cleanup
flow for the run, and a run killed outright is found by the cleanup sweep (its lease is dead).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from prefect import flow, get_run_logger, runtime
from prefect.states import Failed
from pydantic import BaseModel, Field

from blocks import DEFAULT_DOCUMENT
from blocks.loading import BlockNames, resolve_settings, settings_from_parameters
from flows.cleanup import haymaker_cleanup, report_of
from haymaker import leases, prefect_events
from haymaker.azure.reachability import TargetUnreachable, ride_out
from haymaker.models import CleanupStatus, ScenarioMetadata
from haymaker.models.goal import AgentMode
from haymaker.reporting.models import OrchestratorState, RunPhase, RunStatus
from haymaker.simulation import timeouts
from haymaker.simulation.environment import open_environment
from haymaker.simulation.parameters import (
    BlockName,
    DurationParam,
    HiddenDelay,
    HiddenSettings,
    SizeParam,
    retry_delay,
)
from haymaker.simulation.provisioning import ProvisionedScenario
from haymaker.simulation.report import final_report
from haymaker.simulation.settings import parse_duration, parse_size
from haymaker.simulation.tracking import RunTracker
from haymaker.store import ReportStore
from tasks.monitoring import monitor_run
from tasks.policy import backoff, with_backoff
from tasks.provisioning import prepare_agent_environment, provision_scenario, register_resource_providers
from tasks.reporting import build_report
from tasks.selection import select_scenarios
from tasks.validation import validate_environment

EMULATED_WORKDAY_SECONDS = 8 * 3600

log = logging.getLogger(__name__)


class RunOutcome(BaseModel):
    """What a run did, in a few fields (the CLI's summary)."""

    run_id: str
    status: RunStatus
    scenarios: list[str]
    scenarios_failed: list[str]
    resources_created: int
    cleanup_status: CleanupStatus | None
    remaining: list[str]
    report_location: str
    agent_mode: AgentMode = "steps"
    goal_scenarios: list[str] = Field(
        default_factory=list, description="Scenarios whose agents ran in goal mode"
    )
    fell_back: list[str] = Field(
        default_factory=list, description="Goal-mode scenarios whose agents fell back to their scripted steps"
    )


def _cleanup_after_failure(flow: Any, flow_run: Any, state: Any) -> None:
    """on_failure / on_crashed: clean up whatever the run created, riding out an unreachable
    target for its outage budget; past that the run is recorded failed with "target
    unreachable: <url>" and its leftovers are the next sweep's (finding 8)."""
    params = flow_run.parameters or {}
    settings = settings_from_parameters(params)
    run_id = str(flow_run.id)
    errors = [f"run failed: {state.message}"]
    with open_environment(settings) as env:
        finished = env.store.read_run_report(run_id)
        if finished is not None and finished.status != RunStatus.RUNNING:
            # The run got to its end (its cleanup could not verify): cleaned, reported, announced.
            return
        try:
            ride_out(
                lambda: report_of(
                    haymaker_cleanup(
                        run_id=run_id,
                        settings=settings,
                        retry_delay_seconds=retry_delay(params.get("retry_delay_seconds")),
                        return_state=True,
                    )
                ),
                url=env.target.arm_url,
                budget_seconds=env.target.outage_budget,
            )
        except TargetUnreachable as exc:
            errors.append(f"{exc}; what the run created is left to the next cleanup sweep")
            log.error("run %s: %s", run_id, errors[-1])
        except Exception as exc:
            errors.append(f"cleanup after the failure failed: {type(exc).__name__}: {exc}")
            log.exception("run %s: the cleanup after its failure failed", run_id)
        finally:
            leases.release(env.store, run_id)
            _record_failed(env.store, run_id, errors)
            # After its own cleanup, so the cleanup deployment this event triggers (prefect.yaml)
            # confirms that cleanup instead of racing it.
            prefect_events.emit(
                prefect_events.run_finished(run_id, completed=False, reason=str(state.message or state.name))
            )


def _record_failed(store: ReportStore, run_id: str, errors: list[str]) -> None:
    report = store.read_run_report(run_id)
    if report is None or report.status != RunStatus.RUNNING:
        return
    report.status = RunStatus.FAILED
    report.ended_at = report.ended_at or datetime.now(UTC)
    report.errors.extend(errors)
    store.write_run_report(report)


def simulation_run_name() -> str:
    """simulation-<size>-<region, else target>-<run8>: tells runs apart in the UI at a glance."""
    params = runtime.flow_run.parameters or {}
    settings = params.get("settings")
    target = getattr(getattr(settings, "target", None), "kind", None)
    if isinstance(settings, dict):
        target = (settings.get("target") or {}).get("kind")
    where = params.get("location") or target or "blocks"
    return f"simulation-{params.get('size') or 'default'}-{where}-{str(runtime.flow_run.id)[:8]}"


@flow(
    name="haymaker-simulation",
    flow_run_name=simulation_run_name,
    on_failure=[_cleanup_after_failure],
    on_crashed=[_cleanup_after_failure],
    validate_parameters=True,
    timeout_seconds=timeouts.CEILING_SECONDS,
)
def haymaker_simulation(
    size: SizeParam = None,
    duration: DurationParam = None,
    seed: int | None = None,
    scenario_filter: list[str] | None = None,
    location: str | None = None,
    agent_mode: AgentMode | None = None,
    settings: HiddenSettings = None,
    target_block: BlockName = DEFAULT_DOCUMENT,
    event_bus_block: BlockName = DEFAULT_DOCUMENT,
    report_store_block: BlockName = DEFAULT_DOCUMENT,
    settings_block: BlockName = DEFAULT_DOCUMENT,
    retry_delay_seconds: HiddenDelay = None,
) -> RunOutcome:
    """Run N scenarios' agents against the target, then verify nothing is left behind.

    Configuration comes from the named block documents (missing "default" ones mean the
    emulator); Python callers may pass `settings` instead, and `retry_delay_seconds` to shorten
    the retries' backoff (both are left out of the deployment form).

    Args:
        size: How many scenarios: small (5), medium (15), large (30) or a number. Empty: the
            HayMaker Settings block's size.
        duration: How long the agents operate, like 8h, 45m or 20s (at most 24h). Empty: the
            Settings block's duration.
        seed: Picks the same scenarios again when given; empty picks afresh.
        scenario_filter: Only scenarios whose name contains one of these, e.g. ["networking"].
        location: The Azure region to act in, one of the Settings block's regions (the regional
            windows set it). Empty: the Target block's location.
        agent_mode: steps runs the scenarios' scripted steps; goal lets a model choose the
            operations within guardrails (docs/goal-mode.md). Empty: the Settings block's mode.
        target_block: The HayMaker Target block document: where to act (the emulator or an
            Azure subscription).
        event_bus_block: The HayMaker Event Bus block document the agents publish to.
        report_store_block: The HayMaker Report Store block document reports and logs go to.
        settings_block: The HayMaker Settings block document with sizes, durations and regions.
    """
    names = BlockNames(
        target=target_block,
        event_bus=event_bus_block,
        report_store=report_store_block,
        settings=settings_block,
    )
    retry_delay_seconds = retry_delay(retry_delay_seconds)
    settings, default_size, duration = resolve_settings(settings, names, location, duration)
    if agent_mode is not None:
        settings = settings.model_copy(update={"agent_mode": agent_mode})
    size = size or default_size
    run_id = str(runtime.flow_run.id)
    count, seconds = parse_size(size), timeouts.check_duration(parse_duration(duration), duration)
    time_scale = settings.time_scale or (
        EMULATED_WORKDAY_SECONDS / seconds if settings.target.kind == "emulator" else 1.0
    )
    logger = get_run_logger()
    prepare, register_providers = with_backoff(
        retry_delay_seconds, prepare_agent_environment, register_resource_providers
    )

    with open_environment(settings) as env:
        lease = leases.acquire(env.store, run_id)
        tracker = RunTracker(
            env.store, run_id, env.target.kind, size, seed, cloud=env.cloud, duration_seconds=seconds
        )
        tracker.begin()
        prefect_events.emit(
            prefect_events.run_started(run_id, target=env.target.kind, size=size, location=env.location)
        )
        try:
            can_grant_graph = validate_environment(env, run_id)

            tracker.enter(RunPhase.SELECTION)
            selection = select_scenarios(run_id, count, seed, scenario_filter, settings, can_grant_graph)
            tracker.scenarios = selection.scenarios

            tracker.enter(RunPhase.PROVISIONING)
            register_providers(env, tracker.scenarios)
            environment_id = prepare(env, run_id, len(tracker.scenarios))
            futures = [
                provision_scenario.submit(
                    env, run_id, scenario, environment_id, seconds, time_scale, backoff(retry_delay_seconds)
                )
                for scenario in tracker.scenarios
            ]
            provisioned, failed = _collect(tracker.scenarios, futures)

            tracker.enter(RunPhase.MONITORING)
            leases.heartbeat(env.store, lease)
            monitor = monitor_run.with_options(
                timeout_seconds=timeouts.monitor_seconds(seconds, settings.grace_seconds)
            )
            outcome = monitor(env, tracker, [p.agent for p in provisioned if p.agent], seconds)

            tracker.enter(RunPhase.CLEANUP, OrchestratorState.CLEANING)
            cleanup = report_of(
                haymaker_cleanup(
                    run_id=run_id,
                    settings=settings,
                    expected=outcome.ledger.resources(),
                    retry_delay_seconds=retry_delay_seconds,
                    return_state=True,
                )
            )

            tracker.enter(RunPhase.REPORTING)
            report = final_report(
                tracker,
                outcome.ledger,
                dead_lettered=outcome.dead_lettered,
                skipped=outcome.skipped,
                cleanup=cleanup,
                cleanup_location=f"execution-reports/{run_id}/cleanup-report.json",
                errors=[f"provisioning {s.scenario_name} failed: {s.error_message}" for s in failed],
                skipped_scenarios=selection.skipped,
                failed_provisioning=failed,
            )
            build_report(env.store, report, outcome.ledger)
            tracker.enter(
                RunPhase.DONE,
                OrchestratorState.COMPLETED
                if report.status == RunStatus.COMPLETED
                else OrchestratorState.FAILED,
            )
        finally:
            leases.release(env.store, run_id)

    logger.info("run %s: %s; cleanup %s", run_id, report.status.value, cleanup.status.value)
    prefect_events.emit(
        prefect_events.run_finished(
            run_id,
            completed=report.status == RunStatus.COMPLETED,
            scenarios=[s.scenario_name for s in tracker.scenarios],
            resources_created=report.totals.resources_created,
            cleanup_status=cleanup.status.value,
        )
    )
    result = RunOutcome(
        run_id=run_id,
        status=report.status,
        scenarios=[s.scenario_name for s in tracker.scenarios],
        scenarios_failed=[s.scenario_name for s in report.scenarios if s.status.value == "failed"],
        resources_created=report.totals.resources_created,
        cleanup_status=cleanup.status,
        remaining=[r.resource_id for r in cleanup.remaining_resources],
        report_location=str(settings.report_path() / "execution-reports" / run_id),
        agent_mode=settings.agent_mode,
        goal_scenarios=[s.scenario_name for s in report.scenarios if s.agent_mode == "goal"],
        fell_back=[s.scenario_name for s in report.scenarios if s.model and s.model.fallback_reason],
    )
    if not cleanup.succeeded:
        # Failed, so Prefect's alerting fires; the outcome stays readable as the state's data.
        return Failed(message=cleanup.outcome_line(), data=result)  # type: ignore[return-value]
    return result


def _collect(
    scenarios: list[ScenarioMetadata], futures: list[Any]
) -> tuple[list[ProvisionedScenario], list[ScenarioMetadata]]:
    """Provisioned scenarios, and the ones whose provisioning failed (already rolled back)."""
    provisioned, failed = [], []
    for scenario, future in zip(scenarios, futures, strict=True):
        future.wait()
        if future.state.is_completed():
            provisioned.append(future.result())
            continue
        failed.append(
            scenario.model_copy(update={"status": "failed", "error_message": str(future.state.message)})
        )
        get_run_logger().error(
            "provisioning %s failed and was rolled back: %s", scenario.scenario_name, future.state.message
        )
    return provisioned, failed
