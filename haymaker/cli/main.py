"""The `haymaker` command: the composition root. Heavy imports happen inside each command."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

DEFAULT_DATA_DIR = Path(".haymaker") / "emulator"
DEFAULT_PORT = 8443


# Azure's index usually trails ARM by seconds; a few are enough to exercise the code that copes.
DEFAULT_RESOURCE_GRAPH_LAG = 3.0


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if seconds < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is negative")
    return seconds


def _emulator_serve(args: argparse.Namespace) -> int:
    from haymaker.emulator.server import Emulator, EmulatorOptions

    options = EmulatorOptions(resource_graph_lag_seconds=args.resource_graph_lag)
    emulator = Emulator(data_dir=args.data_dir, port=args.port, first_port=DEFAULT_PORT, options=options)
    settings = emulator.start()
    emulator.run_agents()
    print(json.dumps(settings.public(), indent=2))
    print(
        f"\nHayMaker emulator listening on {settings.arm_url} (CA: {settings.ca_path}).\n"
        f"Settings for clients, with the administrator's client id and secret: "
        f"{Path(settings.data_dir) / 'emulator.json'}. Ctrl-C stops it.",
        file=sys.stderr,
        flush=True,
    )
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    emulator.stop()
    return 0


def _agent_env_help() -> str:
    from haymaker.agent.main import ENV_HELP

    return ENV_HELP


def _agent_run(args: argparse.Namespace) -> int:
    from haymaker.agent import main as agent_main

    return agent_main([])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="haymaker",
        description=(
            "HayMaker fills an Azure tenant with benign, realistic activity and always cleans up "
            "after itself. Without an Azure target everything runs against the local emulator."
        ),
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        default=os.environ.get("HAYMAKER_DEBUG", "").strip().lower() in {"1", "true", "yes", "on"},
        help="print tracebacks and debug logs instead of one-line errors (also HAYMAKER_DEBUG=1); "
        "give it before the command: haymaker --debug simulate ...",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    emulator = commands.add_parser(
        "emulator", help="the local Azure emulator", description="Run the local Azure emulator."
    )
    emulator_commands = emulator.add_subparsers(dest="emulator_command", required=True)
    serve = emulator_commands.add_parser(
        "serve",
        help="serve the emulator over HTTPS until interrupted",
        description=(
            "Serve ARM, Resource Graph, Microsoft Graph, Key Vault, Container Apps and the token "
            "endpoint on https://127.0.0.1:PORT. Writes the CA bundle to DATA_DIR/ca.pem and the "
            "settings a client needs to DATA_DIR/emulator.json; cloud state persists in "
            "DATA_DIR/state.db, so other processes and later commands see the same cloud."
        ),
    )
    serve.add_argument(
        "--port",
        type=int,
        default=None,
        help=f"port to listen on (default: the port this data dir served on last, else {DEFAULT_PORT}; "
        "0 = any free port). The CA in the data dir is kept too, so clients reconnect after a restart",
    )
    serve.add_argument(
        "--data-dir",
        type=Path,
        default=DEFAULT_DATA_DIR,
        help=f"state and settings directory (default {DEFAULT_DATA_DIR})",
    )
    serve.add_argument(
        "--resource-graph-lag",
        type=_seconds,
        default=DEFAULT_RESOURCE_GRAPH_LAG,
        metavar="SECONDS",
        help="Resource Graph shows new and deleted resources only this long after ARM, as Azure's "
        f"index trails ARM (default {DEFAULT_RESOURCE_GRAPH_LAG:g}; 0 = no lag)",
    )
    serve.set_defaults(func=_emulator_serve)

    agent = commands.add_parser(
        "agent",
        help="the scenario agent (runs inside a container app)",
        description="Run one scenario as its own service principal, configured from the environment.",
    )
    agent_commands = agent.add_subparsers(dest="agent_command", required=True)
    run = agent_commands.add_parser(
        "run",
        help="run the scenario named by HAYMAKER_SCENARIO",
        description=(
            "Reads AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_SUBSCRIPTION_ID, "
            "HAYMAKER_RUN_ID, HAYMAKER_SCENARIO, HAYMAKER_RESOURCE_GROUP, HAYMAKER_DURATION and the "
            "event bus settings from the environment; deploys, operates for the duration, tears "
            "down, and publishes events for everything it does."
        ),
        epilog=_agent_env_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.set_defaults(func=_agent_run)

    # Imported here so that `haymaker agent` and `haymaker emulator` stay light (no Prefect).
    from haymaker.cli import operator as operator_commands
    from haymaker.cli import run as run_commands
    from haymaker.cli import scenarios as scenario_commands
    from haymaker.cli import setup as setup_commands

    run_commands.register(commands)
    operator_commands.register(commands)
    setup_commands.register(commands)
    scenario_commands.register(commands)
    return parser


# 128 + SIGPIPE, what a shell reports for a pipeline's writer that lost its reader.
EXIT_BROKEN_PIPE = 141
EXIT_INTERRUPTED = 130
# sysexits.h EX_SOFTWARE: HayMaker itself failed in a way no command foresaw.
EXIT_UNEXPECTED = 70


def main(argv: Sequence[str] | None = None) -> int:
    # Prefect's telemetry heartbeat only adds "database is locked" noise to a local temporary server.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.debug:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:
        # `haymaker runs | head`: the reader left; not an error worth a traceback (finding 7).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as exc:
        if args.debug:
            raise
        # A sentence, not a traceback (issue 14, finding 7); --debug keeps the traceback.
        print(f"haymaker: {type(exc).__name__}: {exc} (run with --debug for the traceback)", file=sys.stderr)
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    sys.exit(main())
