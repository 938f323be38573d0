"""What a cleanup was asked to do, refused when the flags contradict each other (finding 2).

The CLI and the flow's parameters both go through `cleanup_request`, so a deployment run cannot
combine what the CLI refuses: `--dry-run` with `--apply` once deleted everything while the
report said `dry_run: false`.
"""

from __future__ import annotations

from dataclasses import dataclass

from haymaker.simulation.settings import parse_age
from haymaker.store.run_ids import check_run_id_or_prefix

DEFAULT_SWEEP_AGE = "10h"


@dataclass(frozen=True)
class CleanupRequest:
    """One consistent cleanup: a run (deletes unless dry_run) or a sweep (dry unless applied)."""

    run_id: str | None
    sweep: bool
    dry_run: bool
    older_than_seconds: float


def cleanup_request(
    *,
    run_id: str | None,
    sweep: bool,
    apply: bool,
    dry_run: bool,
    older_than: str | None,
) -> CleanupRequest:
    """The request these flags mean, or ValueError naming the contradiction and the fix."""
    if sweep and run_id is not None:
        raise ValueError(
            "--run-id (run_id) and --sweep (sweep) contradict each other: clean one run or sweep them all, not both"
        )
    if not sweep and run_id is None:
        raise ValueError(
            "say what to clean: --run-id ID (run_id) for one run, or --sweep (sweep) for every finished run"
        )
    if dry_run and apply:
        raise ValueError(
            "--dry-run (dry_run) and --apply (apply) contradict each other: drop one; a sweep deletes nothing unless applied"
        )
    if run_id is not None:
        if apply:
            raise ValueError(
                "--apply (apply) is for --sweep; a run cleanup deletes unless --dry-run (dry_run) is given"
            )
        if older_than is not None:
            raise ValueError(
                "--older-than (older_than) is for --sweep; a run cleanup cleans that run whatever its age"
            )
        # A short id (8+ characters) is resolved through the report store by the flow.
        return CleanupRequest(check_run_id_or_prefix(run_id), False, dry_run, 0.0)
    age = parse_age(older_than if older_than is not None else DEFAULT_SWEEP_AGE)
    return CleanupRequest(None, True, not apply, age)
