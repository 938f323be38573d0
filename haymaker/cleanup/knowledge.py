"""Whether a run cleanup can know the run at all (issue 14, finding 1).

`haymaker cleanup --run-id X` pointed at the wrong place - a fresh in-process emulator, another
home, a cloud the run never used - found nothing and said "verified"; so did a deployment's
cleanup for a run whose cloud no longer existed. A run cleanup now asks first: does the report
store know the run, did the ledger expect anything, does the cloud hold anything of it, and is
this the cloud the run acted on (its run report records `cloud`)? When nothing knows the run, or
the run acted on another cloud and this one holds nothing of it, the cleanup's status is
`not_found` with the reason - never `verified`.
"""

from __future__ import annotations

from pathlib import Path

from haymaker.naming import run8
from haymaker.store import ReportStore

EMULATOR_PREFIX = "emulator:"


def why_unknown(
    store: ReportStore, run_id: str, cloud: str, *, expected: int, found_anything: bool
) -> str | None:
    """The reason this cleanup cannot speak for `run_id`, or None when it can."""
    if found_anything:
        return None
    report = store.read_run_report(run_id)
    if report is None:
        if expected:
            return None
        return (
            f"nothing knows run {run_id}: no report in {store!r}, no ledger, nothing in {cloud or 'the target'}; "
            "point the cleanup at the run's home (--home / HAYMAKER_HOME) and cloud (--emulator-data-dir or "
            "the run's target block)"
        )
    if report.cloud and cloud and report.cloud != cloud:
        gone = _vanished(report.cloud)
        where = f"{report.cloud}, which no longer exists" if gone else report.cloud
        return (
            f"run {run8(run_id)} acted on {where}; this cleanup looked at {cloud} and found nothing of it"
            + ("" if gone else ": point the cleanup at the run's cloud")
        )
    return None


def _vanished(cloud: str) -> bool:
    """An emulator cloud whose data dir is gone (an embedded emulator's home was removed)."""
    if not cloud.startswith(EMULATOR_PREFIX):
        return False
    return not (Path(cloud.removeprefix(EMULATOR_PREFIX)) / "state.db").exists()
