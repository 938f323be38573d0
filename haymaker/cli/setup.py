"""`haymaker setup`: prepare a Prefect server for HayMaker (blocks, rate limits, automation)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any


def register(commands: Any) -> None:
    """Add `setup` to the `haymaker` command."""
    setup = commands.add_parser(
        "setup",
        help="register HayMaker's blocks, save default block documents, create the Azure rate limits",
        description=(
            "On the Prefect server PREFECT_API_URL points at: register the HayMaker block types, save "
            "the 'default' documents the flows load (an emulator target, the SQLite event bus, the local "
            "report store, default settings), create the global concurrency limits that throttle Azure "
            "calls, and the automation that fires when haymaker.cleanup.failed occurs (with "
            "--notify-block it sends a notification through that block). Safe to run again."
        ),
        epilog="example: haymaker setup --emulator-data-dir .haymaker/emulator --notify-block slack-webhook/ops",
    )
    setup.add_argument(
        "--emulator-data-dir",
        default=os.environ.get("HAYMAKER_EMULATOR_DATA_DIR"),
        help="the default target uses the emulator serving this data dir (also HAYMAKER_EMULATOR_DATA_DIR)",
    )
    setup.add_argument(
        "--notify-block",
        default=None,
        metavar="TYPE/NAME",
        help="notification block document for the cleanup-failed automation, e.g. slack-webhook/ops",
    )
    setup.add_argument("--overwrite", action="store_true", help="replace existing default block documents")
    setup.add_argument("--output", choices=("text", "json"), default="text", help="report format")
    setup.set_defaults(func=_setup)


def default_documents(emulator_data_dir: str | None) -> list[tuple[str, Any]]:
    """The 'default' documents: everything on the emulator, state under the run's home."""
    from blocks import (
        DEFAULT_DOCUMENT,
        HayMakerEventBus,
        HayMakerReportStore,
        HayMakerSettings,
        HayMakerTarget,
    )

    data_dir = os.path.abspath(emulator_data_dir) if emulator_data_dir else None
    return [
        (DEFAULT_DOCUMENT, HayMakerTarget(kind="emulator", emulator_data_dir=data_dir)),
        (DEFAULT_DOCUMENT, HayMakerEventBus()),
        (DEFAULT_DOCUMENT, HayMakerReportStore()),
        (DEFAULT_DOCUMENT, HayMakerSettings()),
    ]


def _setup(args: argparse.Namespace) -> int:
    from haymaker.prefect_setup import run_setup

    try:
        report = run_setup(
            default_documents(args.emulator_data_dir),
            notify_block=args.notify_block,
            overwrite=args.overwrite,
        )
    except ValueError as exc:
        print(f"haymaker: {exc}", file=sys.stderr)
        return 2
    if args.output == "json":
        print(json.dumps(report.model_dump()))
        return 0
    for key, outcome in report.documents.items():
        print(f"block      {key}: {outcome}")
    for name, outcome in report.limits.items():
        print(f"limit      {name}: {outcome}")
    print(f"automation {report.automation}")
    return 0
