"""`python -m haymaker.agent` / `haymaker agent run`: run the scenario named by the environment.

Exit codes: 0 the scenario ran and everything it created is gone, or a SIGTERM was honoured
(within about a second; what it created is left to the orchestrator's cleanup), 1 the run
failed (agent_failed was published; teardown was still attempted),
2 the configuration or the scenario document is unusable.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import signal
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from haymaker.agent.config import REQUIRED_ENV, AgentConfig, ConfigError

if TYPE_CHECKING:
    from azure.core.credentials import TokenCredential

    from haymaker.agent.events import EventSink
    from haymaker.agent.runner import AgentOutcome
    from haymaker.azure.backoff import RetryPolicy

EXIT_CONFIG = 2
log = logging.getLogger("haymaker.agent")

ENV_HELP = """\
environment:
  required  AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_SUBSCRIPTION_ID,
            HAYMAKER_RUN_ID, HAYMAKER_SCENARIO, HAYMAKER_DURATION (e.g. 8h, 20s, 3600),
            HAYMAKER_EVENT_BUS (sqlite:///path/bus.db or a Service Bus connection string)
  optional  HAYMAKER_RESOURCE_GROUP (default haymaker-<run8>-<scenario>), HAYMAKER_LOCATION
            (eastus), HAYMAKER_EVENT_TOPIC (agent-logs), HAYMAKER_TIME_SCALE (1: divides
            every scenario interval), HAYMAKER_SCENARIOS_DIR (the scenario catalog),
            HAYMAKER_OUTAGE_SECONDS (how long an unreachable endpoint is retried; 300, or 60
            on the emulator)
  goal mode HAYMAKER_AGENT_MODE=goal (default steps), ANTHROPIC_API_KEY (required with it),
            ANTHROPIC_BASE_URL (a gateway or peer), HAYMAKER_GOAL_MODEL (claude-sonnet-4-5),
            HAYMAKER_GOAL_WAKEUP_OPERATIONS (3), HAYMAKER_GOAL_RUN_CALLS (300),
            HAYMAKER_GOAL_WAKEUP_TOKENS (40000), HAYMAKER_GOAL_RUN_TOKENS (600000)
  emulator  HAYMAKER_ARM_URL, AZURE_AUTHORITY_HOST (required with it), HAYMAKER_GRAPH_URL,
            HAYMAKER_CA_PATH (CA bundle)
"""


def _redactor(config: AgentConfig) -> Callable[[str], str]:
    values = [config.client_secret, config.event_bus, *([config.goal.api_key] if config.goal else [])]
    secrets = [s for s in (v.get_secret_value() for v in values) if s]

    def redact(text: str) -> str:
        for secret in secrets:
            text = text.replace(secret, "***")
        return text

    return redact


def _target(config: AgentConfig) -> Any:
    from haymaker.azure.target import AZURE_AUTHORITY_URL, AzureTarget

    common: dict[str, Any] = {
        "tenant_id": config.tenant_id,
        "subscription_id": config.subscription_id,
        "client_id": config.client_id,
        "client_secret": config.client_secret,
        "ca_path": config.ca_path,
        "authority_url": config.authority_host or AZURE_AUTHORITY_URL,
        # The LRO polling fallback follows the compressed clock (Retry-After still wins).
        "polling_interval": max(0.01, 30.0 / config.time_scale),
    }
    if config.graph_url:
        common["graph_url"] = config.graph_url
    if config.arm_url is not None:
        return AzureTarget(kind="emulator", arm_url=config.arm_url, **common)
    return AzureTarget(
        kind="azure",
        allowed_subscriptions=[config.subscription_id],
        allowed_tenants=[config.tenant_id],
        **common,
    )


def _open_event_bus(config: AgentConfig) -> EventSink:
    from haymaker.events import EventBusClient

    try:
        return EventBusClient(config.event_bus, topic_name=config.event_topic)
    except Exception as exc:  # a bus we cannot open is a configuration problem: fail fast
        raise ConfigError(
            f"HAYMAKER_EVENT_BUS: cannot open the event bus: "
            f"{_redactor(config)(f'{type(exc).__name__}: {exc}')}"
        ) from None


def _report_failure(config: AgentConfig, reason: str) -> None:
    """Best effort: tell the orchestrator why this agent gave up before it started."""
    from haymaker.events import AgentFailed

    try:
        sink = _open_event_bus(config)
        sink.publish_event(AgentFailed(run_id=config.run_id, scenario_name=config.scenario, reason=reason))
        close = getattr(sink, "close", None)
        if callable(close):
            close()
        else:
            sink.flush()
    except Exception as exc:
        log.warning("could not report the failure to the event bus: %s", type(exc).__name__)


def run_agent(
    config: AgentConfig,
    *,
    credential: TokenCredential | None = None,
    event_sink: EventSink | None = None,
    stop: threading.Event | None = None,
    retry: RetryPolicy | None = None,
    seed: int | None = None,
) -> AgentOutcome:
    """Run the configured scenario end to end and return what happened.

    `credential` replaces the service principal sign-in (e.g. the emulator's admin token for a
    caller that provisions no identity); `event_sink` replaces the bus client built from
    HAYMAKER_EVENT_BUS.
    Raises ConfigError when the scenario cannot be loaded or needs an endpoint not configured.
    """
    from haymaker.agent.arm import ArmGateway
    from haymaker.agent.confinement import ConfinementPolicy
    from haymaker.agent.events import AgentEvents
    from haymaker.agent.executor import StepExecutor
    from haymaker.agent.graph import GraphGateway
    from haymaker.agent.policies import TaggingPolicy, TracingPolicy
    from haymaker.agent.runner import AgentRunner
    from haymaker.azure.backoff import RetryPolicy
    from haymaker.azure.clients import AzureClients
    from haymaker.scenarios import find_scenario, load_scenario
    from haymaker.scenarios.models import GraphStep
    from haymaker.scenarios.variables import scenario_variables

    try:
        scenario = load_scenario(find_scenario(config.scenario, config.scenarios_dir))
    except (FileNotFoundError, ValueError) as exc:
        raise ConfigError(f"scenario {config.scenario!r}: {exc}") from None
    uses_graph = any(
        isinstance(step, GraphStep)
        for step in [*scenario.steps.deploy, *(op.action for op in scenario.steps.operate)]
    )
    if uses_graph and config.is_emulator and not config.graph_url:
        raise ConfigError(f"scenario {config.scenario!r} calls Microsoft Graph: set HAYMAKER_GRAPH_URL")
    stop = stop or threading.Event()
    with ExitStack() as stack:
        clients = AzureClients(
            _target(config),
            credential=credential,
            per_call_policies=[
                ConfinementPolicy(config.resource_group_id),
                TaggingPolicy(config.run_id, config.scenario),
                TracingPolicy(config.run_id, config.scenario),
            ],
            # The runner's retries ride out outages and, unlike the SDK's, end at SIGTERM.
            ride_out_outages=False,
        )
        stack.callback(clients.close)
        if event_sink is None:
            event_sink = _open_event_bus(config)
            close = getattr(event_sink, "close", None)
            if callable(close):
                stack.callback(close)
        graph = GraphGateway(clients.graph_session) if uses_graph else None
        if graph is not None:
            stack.callback(graph.close)
        executor = StepExecutor(
            arm=ArmGateway(clients.resources(config.subscription_id), stopped=stop.is_set),
            graph=graph,
            values=scenario_variables(
                run_id=config.run_id,
                scenario_name=config.scenario,
                subscription_id=config.subscription_id,
                tenant_id=config.tenant_id,
                resource_group=config.resource_group,
                location=config.location,
            ),
            run_id=config.run_id,
            scenario_name=config.scenario,
            time_scale=config.time_scale,
            wait=stop.wait,
        )
        events = AgentEvents(
            event_sink,
            run_id=config.run_id,
            scenario_name=config.scenario,
            redact=_redactor(config),
        )
        runner = AgentRunner(
            scenario,
            executor,
            events,
            duration_seconds=config.duration_seconds,
            time_scale=config.time_scale,
            stop=stop,
            retry=retry or RetryPolicy(outage_seconds=config.outage_budget),
            rng=random.Random(seed),
            role_propagation_seconds=config.propagation_window,
        )
        if config.goal is not None:
            runner.goal = _goal_operator(config, scenario, runner, executor, events, stop)
            stack.callback(runner.goal.client.close)
        return runner.run()


def _goal_operator(
    config: AgentConfig,
    scenario: Any,
    runner: Any,
    executor: Any,
    events: Any,
    stop: threading.Event,
) -> Any:
    """The model's side of the run, sharing the runner's registry of what the agent created."""
    from pathlib import Path

    from haymaker.agent.goal.operator import GoalOperator

    assert config.goal is not None
    try:
        document = Path(scenario.metadata.scenario_doc_path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"scenario {config.scenario!r}: cannot read its document: {exc}") from None
    return GoalOperator(
        settings=config.goal,
        document=document,
        group_id=config.resource_group_id,
        resource_types=scenario.metadata.resource_types,
        arm=executor.arm,
        graph=executor.graph,
        events=events,
        created=runner.created,
        on_created=runner.model_created,
        on_deleted=runner.model_deleted,
        wait=stop.wait,
        time_scale=config.time_scale,
    )


def _install_signal_handlers(stop: threading.Event) -> Callable[[], None]:
    """SIGTERM/SIGINT set `stop`; returns a function that puts the previous handlers back."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def handle(signum: int, frame: object) -> None:
        log.warning("received signal %d: stopping; what this agent created is left to cleanup", signum)
        stop.set()

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}

    def restore() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    return restore


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Entry point of `python -m haymaker.agent` and `haymaker agent run`; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="haymaker agent run",
        description="Run one HayMaker scenario (deploy, operate, teardown) as its own service "
        "principal, configured from the environment.",
        epilog=ENV_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.parse_args(list(argv) if argv is not None else None)
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # The SDK's HTTP logging at INFO is a line per header; the agent's own log says what it does.
    logging.getLogger("azure").setLevel(logging.WARNING)
    try:
        config = AgentConfig.from_env(os.environ if environ is None else environ)
    except ConfigError as exc:
        print(f"haymaker agent: {exc}", file=sys.stderr)
        if exc.missing:
            print(f"haymaker agent: required: {', '.join(REQUIRED_ENV)}", file=sys.stderr)
        return EXIT_CONFIG
    stop = threading.Event()
    restore = _install_signal_handlers(stop)
    try:
        outcome = run_agent(config, stop=stop)
    except ConfigError as exc:
        message = _redactor(config)(str(exc))
        print(f"haymaker agent: {message}", file=sys.stderr)
        _report_failure(config, message)
        return EXIT_CONFIG
    finally:
        restore()
    return outcome.exit_code
