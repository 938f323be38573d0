"""Where local state lives, resolved one way for the CLI, the flows, the API and the operator
commands (issue 14, finding 5: `haymaker runs list` ignored HAYMAKER_HOME and printed "No runs."
while the flows had written to `$HAYMAKER_HOME/reports`)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

DEFAULT_HOME = ".haymaker"


def home_dir(environ: Mapping[str, str] | None = None) -> Path:
    """HAYMAKER_HOME, else ./.haymaker (absolute)."""
    env = os.environ if environ is None else environ
    return Path(env.get("HAYMAKER_HOME") or DEFAULT_HOME).resolve()


def report_dir(environ: Mapping[str, str] | None = None) -> Path:
    """HAYMAKER_REPORT_DIR, else <home>/reports."""
    env = os.environ if environ is None else environ
    explicit = env.get("HAYMAKER_REPORT_DIR")
    return Path(explicit).resolve() if explicit else home_dir(env) / "reports"
