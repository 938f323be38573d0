"""What the sweep knows about each run (S5): alive by its lease, started by lease or report."""

from __future__ import annotations

from datetime import UTC, datetime

from haymaker import leases
from haymaker.cleanup.plan import RunFacts
from haymaker.store import ReportStore

PAGE = 500


def run_facts(store: ReportStore, *, now: datetime | None = None) -> dict[str, RunFacts]:
    """Runs with a live lease are active; runs the store knows have a start time."""
    moment = now or datetime.now(UTC)
    facts: dict[str, RunFacts] = {}
    offset = 0
    while True:
        page = store.list_runs(limit=PAGE, offset=offset)
        for summary in page:
            facts[summary.run_id.lower()] = RunFacts(active=False, started_at=summary.started_at)
        if len(page) < PAGE:
            break
        offset += PAGE
    for run_id, lease in leases.read_all(store).items():  # type: ignore[arg-type]
        known = facts.get(run_id.lower())
        facts[run_id.lower()] = RunFacts(
            active=lease.is_alive(now=moment),
            started_at=known.started_at if known and known.started_at else lease.started_at,
        )
    return facts
