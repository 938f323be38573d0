"""Operator commands of `haymaker`: status, runs, resources, logs, and `api serve`.

They read through the monitoring API when HAYMAKER_API_URL is set (with HAYMAKER_API_KEY), else
straight from the report store the HAYMAKER_* store variables name (as `haymaker api serve`
does). Tables by default, `--output json` for scripts. Exit codes: 0 ok, 1 not found, 2 bad
input, 3 store or API unreachable (or failing).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import SecretStr

from haymaker.models.resources import ResourceStatus
from haymaker.reporting.models import RunStatus

EXIT_OK = 0
EXIT_INTERRUPTED = 130
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
DEFAULT_POLL_SECONDS = "0.5"

_SOURCE_HELP = (
    "Reads through the API when HAYMAKER_API_URL is set (key: HAYMAKER_API_KEY), else straight from "
    "the report store (HAYMAKER_REPORT_DIR, default .haymaker/reports, or HAYMAKER_BLOB_CONNECTION_STRING "
    "/ HAYMAKER_BLOB_ACCOUNT_URL + HAYMAKER_BLOB_CONTAINER; `logs --follow` polls it every "
    "HAYMAKER_LOG_POLL_SECONDS, default 0.5). Exit codes: 0 ok, 1 not found, 2 bad "
    "input, 3 store or API unreachable."
)


# --- output -------------------------------------------------------------------------------


def format_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Plain columns aligned with two spaces; the last column is not padded."""
    cells = [[str(h) for h in headers], *[["" if c is None else str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for row in cells:
        padded = [cell.ljust(widths[i]) if i < len(row) - 1 else cell for i, cell in enumerate(row)]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines)


def _pairs(items: Sequence[tuple[str, object]]) -> str:
    width = max(len(k) for k, _ in items)
    return "\n".join(f"{k.ljust(width)}  {'-' if v is None else v}" for k, v in items)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"


def _pages(pagination: Mapping[str, Any], noun: str) -> str:
    return (
        f"page {pagination['page']} of {pagination['total_pages']} "
        f"({pagination['total_items']} {noun}, {pagination['page_size']} a page)"
    )


def render_status(status: Mapping[str, Any]) -> str:
    return _pairs(
        [
            ("status", f"{status['status']} ({status.get('orchestrator_state', status['status'])})"),
            ("health", ", ".join([status.get("health") or "-", *status.get("health_reasons", [])])),
            ("run", status.get("current_run_id")),
            ("phase", status.get("phase")),
            ("started", status.get("started_at")),
            ("ends", status.get("scheduled_end_at")),
            ("updated", status.get("updated_at")),
            ("next run", status.get("next_scheduled_run")),
            (
                "scenarios",
                f"{status['scenarios_total']} total, {status['scenarios_running']} running, "
                f"{status['scenarios_completed']} completed, {status['scenarios_failed']} failed",
            ),
            ("resources", f"{status['resources_created']} created, {status['resources_deleted']} deleted"),
        ]
    )


def render_cleanups(history: Mapping[str, Any]) -> str:
    """Every cleanup of a run, newest first (the run's own, later ones, dry runs, sweeps' parts)."""
    rows = [
        [
            c["cleanup_id"],
            c["mode"],
            c["status"],
            c["resources_deleted"],
            c["deletion_failures"],
            c["remaining"],
        ]
        for c in history["cleanups"]
    ]
    if not rows:
        return "\nNo cleanups yet."
    return "\nCleanups:\n" + format_table(
        ["CLEANUP", "MODE", "STATUS", "DELETED", "FAILED", "REMAINING"], rows
    )


def render_runs(page: Mapping[str, Any], where: str | None = None) -> str:
    rows = [
        [
            r["run_id"],
            r["status"],
            r["started_at"],
            _duration(r.get("duration_seconds")),
            r["scenarios_total"],
            r["scenarios_failed"],
            r["resources_created"],
            r.get("cleanup_status") or "-",
        ]
        for r in page["runs"]
    ]
    headers = ["RUN ID", "STATUS", "STARTED", "DURATION", "SCENARIOS", "FAILED", "RESOURCES", "CLEANUP"]
    if not rows:
        # Say where: an empty answer from the wrong place looked like "no runs" (finding 5).
        return f"No runs in {where}." if where else "No runs."
    return format_table(headers, rows) + "\n" + _pages(page["pagination"], "runs")


def render_run(run: Mapping[str, Any]) -> str:
    cleanup = run["cleanup_verification"]
    summary = _pairs(
        [
            ("run", run["run_id"]),
            ("status", run.get("run_status") or run["status"]),
            ("phase", run.get("phase")),
            ("target", run["target"]),
            ("size", run.get("simulation_size")),
            ("started", run["started_at"]),
            ("ended", run.get("ended_at")),
            ("duration", _duration(run.get("duration_seconds"))),
            ("resources", run["total_resources"]),
            ("service principals", run["total_service_principals"]),
            (
                "cleanup",
                f"{cleanup.get('status') or 'not run'}, {'verified' if cleanup['verified'] else 'not verified'}, "
                f"{cleanup['remaining']} remaining, {cleanup['deletion_failures']} failed deletions",
            ),
        ]
    )
    parts = [summary, ""]
    if run["scenarios"]:
        rows = [
            [
                s["scenario_name"],
                s["status"],
                s["resources_created"],
                s["resources_deleted"],
                s.get("error") or "",
            ]
            for s in run["scenarios"]
        ]
        parts.append(format_table(["SCENARIO", "STATUS", "CREATED", "DELETED", "ERROR"], rows))
    else:
        parts.append("No scenarios yet.")
    if run["errors"]:
        parts += [
            "",
            "Errors:",
            *(f"  - {e['message'] if isinstance(e, dict) else e}" for e in run["errors"]),
        ]
    return "\n".join(parts)


def render_resources(page: Mapping[str, Any]) -> str:
    rows = [
        [r["resource_type"], r["resource_name"], r["scenario_name"], r["status"], r.get("created_at") or "-"]
        for r in page["resources"]
    ]
    if not rows:
        return "No resources match."
    table = format_table(["TYPE", "NAME", "SCENARIO", "STATUS", "CREATED"], rows)
    return table + "\n" + _pages(page["pagination"], "resources")


def render_log_line(entry: Mapping[str, Any]) -> str:
    return f"{entry['timestamp']}  {entry['level']:<8} {entry['scenario']}  {entry['message']}"


# --- where the data comes from ------------------------------------------------------------


def open_source(environ: Mapping[str, str]) -> Any:
    """The API (HAYMAKER_API_URL set) or the report store the environment names."""
    url = environ.get("HAYMAKER_API_URL")
    if url:
        from haymaker.api.client import HttpSource

        key = environ.get("HAYMAKER_API_KEY")
        return HttpSource(url, SecretStr(key) if key else None)
    from haymaker.api.settings import SettingsError, open_store, store_settings_from_env
    from haymaker.api.sources import StoreSource

    poll = environ.get("HAYMAKER_LOG_POLL_SECONDS") or DEFAULT_POLL_SECONDS
    try:
        poll_seconds = float(poll)
    except ValueError:
        raise SettingsError(f"HAYMAKER_LOG_POLL_SECONDS must be a number of seconds, got {poll!r}") from None
    return StoreSource(open_store(store_settings_from_env(environ)), poll_seconds=poll_seconds)


def _run(args: argparse.Namespace, action: Any) -> int:
    from haymaker.api.settings import SettingsError
    from haymaker.api.sources import SourceError

    try:
        source = open_source(os.environ)
    except SettingsError as exc:
        print(f"haymaker: {exc}", file=sys.stderr)
        return 2
    try:
        if getattr(args, "run_id", None):
            args.run_id = _full_run_id(source, args.run_id)
        action(source)
        return EXIT_OK
    except SourceError as exc:
        print(f"haymaker: {exc.message}", file=sys.stderr)
        return int(exc.failure)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    finally:
        source.close()


def _full_run_id(source: Any, text: str) -> str:
    """A run id or a unique prefix of 8+ characters (what the UI and events show) -> the run id;
    SourceError (unknown: 1, ambiguous or malformed: 2) otherwise."""
    from haymaker.api.sources import Failure, SourceError
    from haymaker.store.run_ids import PAGE, AmbiguousRun, UnknownRun, is_run_id_prefix, resolve_run_id

    if not is_run_id_prefix(text) or len(text) == 36:
        return text  # a full id, or not an id at all: the source answers (INVALID_RUN_ID, ...)

    def page_of(n: int) -> list[str]:
        return [r["run_id"] for r in source.runs(n + 1, PAGE, None)["runs"]]

    try:
        return resolve_run_id(text, page_of, source.where)
    except UnknownRun as exc:
        raise SourceError(Failure.NOT_FOUND, str(exc)) from None
    except AmbiguousRun as exc:
        raise SourceError(Failure.BAD_INPUT, str(exc)) from None


def _emit(args: argparse.Namespace, body: Mapping[str, Any], render: Any) -> None:
    if args.output == "json":
        print(json.dumps(body, indent=2))
    else:
        print(render(body))


# --- commands -----------------------------------------------------------------------------


def _status(args: argparse.Namespace) -> int:
    return _run(args, lambda source: _emit(args, source.status(), render_status))


def _runs_list(args: argparse.Namespace) -> int:
    return _run(
        args,
        lambda source: _emit(
            args,
            source.runs(args.page, args.page_size, args.status),
            lambda page: render_runs(page, source.where),
        ),
    )


def _runs_show(args: argparse.Namespace) -> int:
    def show(source: Any) -> None:
        run = source.run(args.run_id)
        if args.output == "json":
            _emit(args, run, render_run)
            return
        print(render_run(run))
        print(render_cleanups(source.cleanups(args.run_id)))

    return _run(args, show)


def _resources(args: argparse.Namespace) -> int:
    def action(source: Any) -> None:
        page = source.resources(args.run_id, args.page, args.page_size, args.scenario, args.type, args.status)
        _emit(args, page, render_resources)

    return _run(args, action)


def _logs(args: argparse.Namespace) -> int:
    def action(source: Any) -> None:
        for entry in source.logs(args.run_id, args.scenario, args.follow):
            line = json.dumps(entry) if args.output == "json" else render_log_line(entry)
            print(line, flush=True)

    return _run(args, action)


def _api_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from haymaker.api.app import create_app
    from haymaker.api.settings import SettingsError, api_settings_from_env

    try:
        settings = api_settings_from_env(os.environ)
    except SettingsError as exc:
        print(f"haymaker: {exc}", file=sys.stderr)
        return 2
    app = create_app(settings)
    print(
        f"HayMaker API on http://{args.host}:{args.port}/api/v1 (Ctrl-C stops it)",
        file=sys.stderr,
        flush=True,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return EXIT_OK


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def _runs_list_options(parser: argparse.ArgumentParser, default: object) -> None:
    def value(normal: object) -> object:
        return normal if default is None else default

    parser.add_argument(
        "--output", "-o", choices=["table", "json"], default=value("table"), help="table or json"
    )
    parser.add_argument("--page", type=_positive, default=value(1), help="page number (default 1)")
    parser.add_argument("--page-size", type=_positive, default=value(100), help="runs a page (default 100)")
    parser.add_argument(
        "--status",
        choices=[s.value for s in RunStatus],
        default=value(None),
        help="only runs with this status",
    )


def register(subparsers: Any) -> None:
    """Add status, runs, resources, logs and api to the `haymaker` command's subparsers."""
    output = argparse.ArgumentParser(add_help=False)
    output.add_argument(
        "--output", "-o", choices=["table", "json"], default="table", help="table (default) or json"
    )
    paging = argparse.ArgumentParser(add_help=False)
    paging.add_argument("--page", type=_positive, default=1, help="page number (default 1)")
    paging.add_argument("--page-size", type=_positive, default=100, help="items a page, 1-500 (default 100)")

    status = subparsers.add_parser(
        "status", parents=[output], help="what the orchestrator is doing now", description=_SOURCE_HELP
    )
    status.set_defaults(func=_status)

    runs = subparsers.add_parser("runs", help="runs, newest first; or one run", description=_SOURCE_HELP)
    _runs_list_options(runs, default=None)
    runs.set_defaults(func=_runs_list)  # `haymaker runs` alone lists
    runs_commands = runs.add_subparsers(dest="runs_command", metavar="{list,show}")
    runs_list = runs_commands.add_parser("list", help="runs, newest first")
    # SUPPRESS: an option given before `list` (haymaker runs -o json list) is not reset here.
    _runs_list_options(runs_list, default=argparse.SUPPRESS)
    runs_list.set_defaults(func=_runs_list)
    runs_show = runs_commands.add_parser("show", parents=[output], help="one run in detail")
    runs_show.add_argument("run_id", metavar="RUN_ID")
    runs_show.set_defaults(func=_runs_show)

    resources = subparsers.add_parser(
        "resources", parents=[output, paging], help="the resources a run created", description=_SOURCE_HELP
    )
    resources.add_argument("run_id", metavar="RUN")
    resources.add_argument("--scenario", help="only this scenario's resources")
    resources.add_argument("--type", help="only this resource type, e.g. Microsoft.Network/virtualNetworks")
    resources.add_argument("--status", choices=[s.value for s in ResourceStatus], help="only this status")
    resources.set_defaults(func=_resources)

    logs = subparsers.add_parser(
        "logs", parents=[output], help="a run's agent logs", description=_SOURCE_HELP
    )
    logs.add_argument("run_id", metavar="RUN")
    logs.add_argument("--scenario", help="only this scenario's log")
    logs.add_argument("--follow", "-f", action="store_true", help="keep following while the run is running")
    logs.set_defaults(func=_logs)

    api = subparsers.add_parser("api", help="the monitoring HTTP API", description="The monitoring HTTP API.")
    api_commands = api.add_subparsers(dest="api_command", required=True)
    serve = api_commands.add_parser(
        "serve",
        help="serve the API until interrupted",
        description=(
            "Serve the monitoring API over the report store the environment names (as the operator "
            "commands read it). HAYMAKER_API_KEY is the bearer key clients must send (unset: no "
            "authentication, with a warning); HAYMAKER_API_PUBLIC_STATUS=true opens /status."
        ),
    )
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST})")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    serve.set_defaults(func=_api_serve)


def build_parser() -> argparse.ArgumentParser:
    """A parser with only the operator commands (the `haymaker` CLI registers them itself)."""
    parser = argparse.ArgumentParser(prog="haymaker", description=__doc__.splitlines()[0])
    register(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
