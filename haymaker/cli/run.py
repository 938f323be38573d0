"""`haymaker simulate` and `haymaker cleanup`: run the Prefect flows from the command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_RUN_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_NOT_VERIFIED = 3


def register(commands: Any) -> None:
    """Add `simulate` and `cleanup` to the `haymaker` command."""
    simulate = commands.add_parser(
        "simulate",
        help="run a simulation (the haymaker-simulation flow) on the emulator or Azure",
        description=(
            "Select scenarios, give each its own service principal and resource group, run their "
            "agents for DURATION, then clean up and verify nothing is left. Without "
            "--emulator-data-dir an emulator runs in-process; haymaker starts Prefect's temporary "
            "server (and stops it) unless PREFECT_API_URL points at one."
        ),
        epilog=(
            "examples: haymaker simulate --size small --duration 20s --seed 42 | "
            "ANTHROPIC_API_KEY=... haymaker simulate --agent-mode goal --duration 20s"
        ),
    )
    simulate.add_argument(
        "--size", default="small", help="small (5), medium (15), large (30) or a number (default small)"
    )
    simulate.add_argument(
        "--duration", default="20s", help="how long agents operate: 20s, 45m, 8h (default 20s)"
    )
    simulate.add_argument("--seed", type=int, default=None, help="seed for a reproducible selection")
    simulate.add_argument(
        "--scenario",
        action="append",
        dest="scenario_filter",
        metavar="PATTERN",
        help="only scenarios matching this name pattern or technology area (repeatable)",
    )
    simulate.add_argument(
        "--agent-mode",
        choices=("steps", "goal"),
        default="steps",
        help="steps: agents run the scenarios' scripted steps (default); goal: a model chooses the "
        "operations within guardrails - needs ANTHROPIC_API_KEY (ANTHROPIC_BASE_URL for a gateway); "
        "see docs/goal-mode.md",
    )
    _common(simulate)
    simulate.set_defaults(func=_simulate)

    cleanup = commands.add_parser(
        "cleanup",
        help="clean up one run, or sweep leftovers of finished runs",
        description=(
            "--run-id ID cleans one run (only resources tagged with that run id). --sweep finds "
            "leftovers of every run that is no longer active and older than --older-than; it "
            "only reports what it would delete unless --apply is given."
        ),
        epilog="examples: haymaker cleanup --run-id 3f2b8c1e-... --dry-run | haymaker cleanup --sweep --older-than 10h --apply",
    )
    which = cleanup.add_mutually_exclusive_group(required=True)
    which.add_argument("--run-id", help="the run to clean up (a UUID)")
    which.add_argument("--sweep", action="store_true", help="sweep leftovers of finished runs")
    cleanup.add_argument("--dry-run", action="store_true", help="with --run-id: report only, delete nothing")
    cleanup.add_argument(
        "--older-than", default=None, help="with --sweep: minimum run age (default 10h; 0s = any)"
    )
    cleanup.add_argument(
        "--apply", action="store_true", help="with --sweep: really delete (default: dry run)"
    )
    _common(cleanup)
    cleanup.set_defaults(func=_cleanup)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--emulator-data-dir",
        default=os.environ.get("HAYMAKER_EMULATOR_DATA_DIR"),
        help="use the emulator already serving this data dir (also HAYMAKER_EMULATOR_DATA_DIR)",
    )
    parser.add_argument(
        "--home", default=None, help="local state directory (default ./.haymaker or HAYMAKER_HOME)"
    )
    parser.add_argument(
        "--output", choices=("text", "json"), default="text", help="summary format (default text)"
    )


def _settings(args: argparse.Namespace) -> Any:
    from haymaker.simulation.settings import RunSettings, TargetSettings

    return RunSettings(home=args.home, target=TargetSettings(emulator_data_dir=args.emulator_data_dir))


def _simulate(args: argparse.Namespace) -> int:
    from haymaker.simulation.settings import parse_duration, parse_size
    from haymaker.simulation.timeouts import check_duration, simulation_seconds

    try:
        _check_size(parse_size(args.size), args.size)
        seconds = check_duration(parse_duration(args.duration), args.duration)
        settings = _settings(args).model_copy(update={"agent_mode": args.agent_mode})
        _check_target(settings)
        _check_goal_key(settings)
        _check_prefect_api()
    except (ValueError, FileNotFoundError) as exc:
        return _bad_input(exc)
    from flows.simulation import RunOutcome, haymaker_simulation

    # Bounded by what this run asked for, tighter than the flow's own 24 h ceiling.
    timeout = simulation_seconds(seconds, settings.grace_seconds)
    state, outcome = _run_flow(
        haymaker_simulation.with_options(timeout_seconds=timeout),
        settings,
        size=args.size,
        duration=args.duration,
        seed=args.seed,
        scenario_filter=args.scenario_filter,
    )
    # A run whose cleanup could not verify ends Failed but still carries its outcome.
    if not isinstance(outcome, RunOutcome):
        return _failed(args, "simulation", state)
    summary = outcome.model_dump(mode="json")
    if args.output == "json":
        print(json.dumps(summary))
    else:
        _print_run(summary)
    if outcome.cleanup_status is None or outcome.cleanup_status.value != "verified":
        print(
            f"cleanup not verified: {outcome.cleanup_status}; remaining: {outcome.remaining}", file=sys.stderr
        )
        return EXIT_NOT_VERIFIED
    if outcome.status.value != "completed":
        failed = ", ".join(outcome.scenarios_failed) or "none"
        print(f"run {outcome.status.value}: failed scenarios: {failed} (see the run report)", file=sys.stderr)
        return EXIT_RUN_FAILED
    return EXIT_OK


def _cleanup(args: argparse.Namespace) -> int:
    from haymaker.simulation.cleanup_request import cleanup_request

    try:
        cleanup_request(
            run_id=args.run_id,
            sweep=args.sweep,
            apply=args.apply,
            dry_run=args.dry_run,
            older_than=args.older_than,
        )
        settings = _settings(args)
        _check_target(settings)
        if args.run_id is not None:
            args.run_id = _full_run_id(settings, args.run_id)
        _check_prefect_api()
    except (ValueError, LookupError) as exc:
        return _bad_input(exc)
    from flows.cleanup import haymaker_cleanup
    from haymaker.models import CleanupReport

    state, report = _run_flow(
        haymaker_cleanup,
        settings,
        run_id=args.run_id,
        sweep=args.sweep,
        apply=args.apply,
        dry_run=args.dry_run,
        older_than=args.older_than,
    )
    if not isinstance(report, CleanupReport):
        return _failed(args, "cleanup", state)
    if args.output == "json":
        print(report.model_dump_json())
    else:
        _print_cleanup(report)
    if report.dry_run:
        return EXIT_OK
    return EXIT_OK if report.status.value == "verified" else EXIT_NOT_VERIFIED


def _run_flow(flow: Any, settings: Any, **parameters: Any) -> tuple[Any, Any]:
    """Run `flow` on Prefect's temporary server (unless PREFECT_API_URL names one): its final
    state and its result - a Failed run's data (outcome, report) included."""
    from haymaker.cli.prefect_server import temporary_server

    with temporary_server(settings.home_path()):
        state = flow(settings=settings, return_state=True, **parameters)
    return state, state.result(raise_on_failure=False)


def _check_goal_key(settings: Any) -> None:
    """Goal mode on the emulator needs the key the run stores for its agents; said before any
    server or flow starts."""
    from haymaker.simulation.goal import missing_key_problem

    problem = missing_key_problem(settings, os.environ)
    if problem:
        raise ValueError(problem)


def _check_target(settings: Any) -> None:
    """An emulator data dir whose emulator is not serving is bad input, said before any server
    or flow starts (issue 14, findings 4 and 7: such a run used to ride out its outage budgets
    for minutes and end in a page of "Request timeout")."""
    data_dir = settings.target.emulator_data_dir
    if settings.target.kind != "emulator" or not data_dir:
        return
    from haymaker.azure.reachability import answers
    from haymaker.emulator.core.settings import EmulatorSettings

    try:
        emulator = EmulatorSettings.load(data_dir)
    except FileNotFoundError:
        raise ValueError(
            f"--emulator-data-dir {data_dir}: no emulator has served there (no emulator.json); start "
            f"one with `haymaker emulator serve --data-dir {data_dir}`, or leave the option out to "
            "use an in-process emulator"
        ) from None
    if not answers(emulator.arm_url):
        raise ValueError(
            f"the emulator of --emulator-data-dir {data_dir} is not running (nothing answers at "
            f"{emulator.arm_url}): start it with `haymaker emulator serve --data-dir {data_dir}`"
        )


def _full_run_id(settings: Any, text: str) -> str:
    """`--run-id 445cc22f` (what the UI and events show): the run id it names in the report store
    the flow will use; a full id passes as it is."""
    from haymaker.store import LocalReportStore
    from haymaker.store.run_ids import resolve_in_store

    return resolve_in_store(LocalReportStore(settings.report_path()), text)


def _check_size(count: int, size: str) -> None:
    """More scenarios than the catalog holds is bad input, said before any server starts
    (issue 14, finding 7: `--size 999` started a server and a flow and failed after 20 s)."""
    from haymaker.scenarios.catalog import default_scenarios_dir, list_available_scenarios

    folder = default_scenarios_dir()
    available = len(list_available_scenarios(folder))
    if count > available:
        raise ValueError(
            f"size {size!r} asks for {count} scenarios, but the catalog ({folder}) holds {available}: "
            f"use at most {available}, or small / medium / large"
        )


def _check_prefect_api() -> None:
    """A PREFECT_API_URL that does not answer is one line, before anything starts (finding 7:
    it was 80-110 lines of traceback). Only a connection that fails counts: a server that
    answers, even 401 (Prefect Cloud without a key), is there."""
    import httpx
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if not url:
        return
    try:
        httpx.get(f"{str(url).rstrip('/')}/health", timeout=10)
    except httpx.TransportError as exc:
        raise ValueError(
            f"PREFECT_API_URL {url} does not answer ({type(exc).__name__}): start that server "
            "(`prefect server start`) or unset PREFECT_API_URL and haymaker starts a temporary one"
        ) from None


def _print_run(summary: dict[str, Any]) -> None:
    print(f"run        {summary['run_id']}")
    print(f"status     {summary['status']}")
    print(f"scenarios  {len(summary['scenarios'])}: {', '.join(summary['scenarios'])}")
    if summary["scenarios_failed"]:
        print(f"failed     {', '.join(summary['scenarios_failed'])}")
    print(f"resources  {summary['resources_created']} created by the agents")
    if summary.get("agent_mode") == "goal":
        goal, fell_back = summary["goal_scenarios"], summary["fell_back"]
        line = f"goal mode  {len(goal)} of {len(summary['scenarios'])} agents"
        if fell_back:
            line += f"; {len(fell_back)} fell back to their scripted steps: {', '.join(fell_back)}"
        print(line)
    print(f"cleanup    {summary['cleanup_status']}")
    print(f"remaining  {len(summary['remaining'])}" + "".join(f"\n  - {r}" for r in summary["remaining"]))
    print(f"report     {Path(summary['report_location'])}")


def _print_cleanup(report: Any) -> None:
    what = "sweep" if report.mode == "sweep" else f"run {report.run_id}"
    print(f"cleanup of {what}: {report.status.value}{' (dry run)' if report.dry_run else ''}")
    for deletion in report.deletions:
        print(
            f"  {deletion.status.value:<12} {deletion.resource_type}  {deletion.resource_name or deletion.resource_id}"
        )
    for name in report.service_principals_deleted:
        print(f"  deleted      service principal {name}")
    for skipped in report.skipped_resources:
        print(f"  left alone   {skipped.resource_type}  {skipped.resource_name}: {skipped.error}")
    for lookalike in report.lookalikes:
        print(f"  LOOKALIKE    {lookalike.resource_type}  {lookalike.resource_name}: {lookalike.error}")
    for remaining in report.remaining_resources:
        print(f"  REMAINS      {remaining.resource_type}  {remaining.resource_name}")
    for note in report.notes:
        print(f"  note: {note}")


def _bad_input(exc: Exception) -> int:
    print(f"haymaker: {exc}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _failed(args: argparse.Namespace, what: str, state: Any) -> int:
    message = state.message or state.name
    if getattr(args, "debug", False):
        import traceback

        error = state.result(raise_on_failure=False)
        if isinstance(error, BaseException):
            traceback.print_exception(error, file=sys.stderr)
    if args.output == "json":
        print(json.dumps({"status": "failed", "error": str(message)}))
    print(f"haymaker: the {what} failed: {message}", file=sys.stderr)
    return EXIT_RUN_FAILED
