"""Reports as Markdown (for Prefect artifacts and cleanup-report.md) and as table rows. Pure.

Every rendering stays below `MAX_MARKDOWN_BYTES` whatever the input: long lists are cut with
a note giving exact numbers, cells are capped, and counts are always computed over everything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from haymaker.models.cleanup import CleanupReport, CleanupStatus, DeletionStatus, ResourceDeletion
from haymaker.models.resources import Resource
from haymaker.naming import validate_run_id
from haymaker.reporting import markdown as md
from haymaker.reporting.models import RunReport, RunStatus

MAX_MARKDOWN_BYTES = 1_000_000
MAX_TABLE_ROWS = 2_000
MAX_LIST_ITEMS = 500
# Section budgets add up to well under MAX_MARKDOWN_BYTES (headers and counts are tiny).
_TABLE_BYTES = 560_000
_REMAINS_BYTES = 160_000
_NAMES_BYTES = 40_000
_NOTES_BYTES = 40_000
_GOAL_BYTES = 100_000

_TYPE_CHARS = 120
_NAME_CHARS = 160
_ERROR_CHARS = 300
_ID_CHARS = 400

SWEEP_MODE = "sweep"
CLEANUP_JSON_HINT = "cleanup-report.json"

STATUS_WORDS: dict[CleanupStatus, str] = {
    CleanupStatus.VERIFIED: "VERIFIED",
    CleanupStatus.VERIFICATION_FAILED: "VERIFICATION FAILED",
    CleanupStatus.PARTIAL_FAILURE: "PARTIAL FAILURE",
    CleanupStatus.FORCE_DELETION_COMPLETE: "FORCE DELETION COMPLETE",
    CleanupStatus.NOT_FOUND: "NOT FOUND",
}
_STATUS_MEANING: dict[CleanupStatus, str] = {
    CleanupStatus.VERIFIED: "nothing of ours remains.",
    CleanupStatus.VERIFICATION_FAILED: "resources of ours still exist after cleanup.",
    CleanupStatus.PARTIAL_FAILURE: "some deletions failed; see what remains below.",
    CleanupStatus.FORCE_DELETION_COMPLETE: "leftovers were force-deleted and are gone.",
    CleanupStatus.NOT_FOUND: "nothing this cleanup can see knows the run; it cannot say what is left (see the notes).",
}

_ARTIFACT_KEY_RE = re.compile(r"^[a-z0-9-]*$")


def status_word(status: CleanupStatus) -> str:
    """The plain word for a cleanup status (VERIFIED, PARTIAL FAILURE, ...)."""
    return STATUS_WORDS[status]


def is_sweep(report: CleanupReport) -> bool:
    return report.mode == SWEEP_MODE


def _run8(run_id: str) -> str:
    return md.escape(md.plain(run_id, 36)[:8])


# --- cleanup report ------------------------------------------------------------------------


def _count(deletions: Sequence[ResourceDeletion], status: DeletionStatus) -> int:
    return sum(1 for d in deletions if d.status == status)


def _deletion_row(d: ResourceDeletion) -> list[str]:
    return [
        md.cell(d.resource_type, _TYPE_CHARS),
        md.cell(d.resource_name or d.resource_id.rsplit("/", 1)[-1], _NAME_CHARS),
        md.cell(d.status.value, 32),
        str(d.attempts),
        md.cell(d.error or "", _ERROR_CHARS),
    ]


def _remaining_reason(resource: Resource, failures: dict[str, ResourceDeletion], dry_run: bool) -> str:
    failure = failures.get(resource.resource_id.lower())
    if failure is not None:
        if failure.status == DeletionStatus.WOULD_DELETE:
            return "dry run: would be deleted when applied"
        if failure.error:
            code = f"{failure.error_code}: " if failure.error_code else ""
            return f"deletion failed after {failure.attempts} attempt(s): {code}{failure.error}"
        return f"deletion failed after {failure.attempts} attempt(s)"
    if resource.deletion_error:
        return f"deletion failed: {resource.deletion_error}"
    if dry_run:
        return "dry run: nothing was deleted"
    return "still present when cleanup verified"


def _resource_item(kind: str, name: str, reason: str) -> str:
    return f"{md.cell(kind, _TYPE_CHARS)} **{md.cell(name, _NAME_CHARS)}** — {md.cell(reason, _ERROR_CHARS)}"


def links_section(links: Sequence[tuple[str, str]]) -> list[str]:
    """`## Links`: (label, URL or report-store path) pairs; nothing when there are none."""
    if not links:
        return []
    lines = ["", "## Links", ""]
    for label, target in links:
        shown = (
            f"[{md.cell(target, 500)}]({target})"
            if target.startswith(("http://", "https://"))
            else f"`{md.cell(target, 500)}`"
        )
        lines.append(f"- {md.cell(label, 120)}: {shown}")
    return lines


def cleanup_report_markdown(
    report: CleanupReport, *, max_rows: int = MAX_TABLE_ROWS, links: Sequence[tuple[str, str]] = ()
) -> str:
    """The cleanup report a person reads: status, counts, every resource, what remains and why."""
    deletions = report.deletions
    skipped = [*(d for d in deletions if d.status == DeletionStatus.SKIPPED), *report.skipped_resources]
    title = "sweep" if is_sweep(report) else f"run {_run8(report.run_id)}"
    lines = [f"# Cleanup report — {title}", ""]
    lines.append(f"**Status: {status_word(report.status)}** — {_STATUS_MEANING[report.status]}")
    lines.append("")
    if report.dry_run:
        lines += [
            "> **DRY RUN** — nothing was deleted. Rows marked `would_delete` show what an "
            "applied cleanup would delete.",
            "",
        ]
    scope = "sweep of all runs' orphans" if is_sweep(report) else f"run `{md.cell(report.run_id, 64)}`"
    lines += [
        f"Scope: {scope} · started {md.when(report.started_at)} · completed {md.when(report.completed_at)}",
        "",
        "## Counts",
        "",
        "| What | Count |",
        "|---|---:|",
        f"| Expected | {report.total_resources_expected:,} |",
        f"| Deleted | {_count(deletions, DeletionStatus.DELETED):,} |",
        f"| Not found (already gone) | {_count(deletions, DeletionStatus.NOT_FOUND):,} |",
        f"| Failed | {_count(deletions, DeletionStatus.FAILED):,} |",
        f"| Skipped / foreign | {len(skipped):,} |",
    ]
    if report.dry_run:
        lines.append(f"| Would delete | {_count(deletions, DeletionStatus.WOULD_DELETE):,} |")
    lines += [
        f"| Remaining after cleanup | {len(report.remaining_resources):,} |",
        f"| Service principals deleted | {len(report.service_principals_deleted):,} |",
        f"| Secrets purged | {len(report.secrets_purged):,} |",
        "",
        "## Resources",
        "",
    ]
    rows = [_deletion_row(d) for d in [*deletions, *report.skipped_resources]]
    if rows:
        lines += md.table(
            ["Type", "Name", "Status", "Attempts", "Error"],
            rows,
            numeric=frozenset({3}),
            max_rows=max_rows,
            max_bytes=_TABLE_BYTES,
            noun="resources",
            full_source=CLEANUP_JSON_HINT,
        )
    else:
        lines.append("_No resources were found for this cleanup._")
    lines += ["", "## Service principals deleted", ""]
    lines += _names(report.service_principals_deleted, "service principals", "None.")
    if report.service_principals_failed:
        lines += ["", "## Service principals that could not be deleted", ""]
        lines += _names(report.service_principals_failed, "service principals", "None.")
    lines += ["", "## Secrets purged", ""]
    lines += _names(report.secrets_purged, "secrets", "None.")
    lines += ["", "## What remains and why", ""]
    lines += _remains(report, skipped)
    if report.lookalikes:
        lines += ["", "## Looks like HayMaker's, left alone", ""]
        lines.append(
            "_Tags spelled like ours that do not meet the ownership rule (AzureHayMaker-managed "
            "exactly `true`, the run id exactly): never deleted. Check who tagged them._"
        )
        lines.append("")
        lines += md.bullet_list(
            [
                _resource_item(d.resource_type, d.resource_name or d.resource_id, d.error or "")
                for d in report.lookalikes
            ],
            max_items=MAX_LIST_ITEMS,
            max_bytes=_REMAINS_BYTES,
            noun="lookalikes",
            empty="None.",
        )
    if report.notes:
        lines += ["", "## Notes", ""]
        lines += md.bullet_list(
            [md.cell(n, 1_000) for n in report.notes],
            max_items=MAX_LIST_ITEMS,
            max_bytes=_NOTES_BYTES,
            noun="notes",
            empty="None.",
        )
    lines += links_section(links)
    return "\n".join(lines) + "\n"


def _names(names: Sequence[str], noun: str, empty: str) -> list[str]:
    return md.bullet_list(
        [md.cell(n, _NAME_CHARS) for n in names],
        max_items=MAX_LIST_ITEMS,
        max_bytes=_NAMES_BYTES,
        noun=noun,
        empty=empty,
    )


def _remains(report: CleanupReport, skipped: Sequence[ResourceDeletion]) -> list[str]:
    if not report.remaining_resources and not skipped:
        return ["_Nothing remains._"]
    failures = {
        d.resource_id.lower(): d
        for d in report.deletions
        if d.status in (DeletionStatus.FAILED, DeletionStatus.WOULD_DELETE)
    }
    items = [
        _resource_item(r.resource_type, r.resource_name, _remaining_reason(r, failures, report.dry_run))
        for r in report.remaining_resources
    ]
    items += [
        _resource_item(
            d.resource_type,
            d.resource_name or d.resource_id.rsplit("/", 1)[-1],
            f"not deleted on purpose: {d.error or 'skipped'}",
        )
        for d in skipped
    ]
    return md.bullet_list(
        items,
        max_items=MAX_LIST_ITEMS,
        max_bytes=_REMAINS_BYTES,
        noun="remaining or skipped resources",
        empty="Nothing remains.",
    )


# --- run report ----------------------------------------------------------------------------


def run_report_markdown(report: RunReport, *, links: Sequence[tuple[str, str]] = ()) -> str:
    """The run report a person reads: summary, scenarios, totals, cleanup, errors."""
    run_id = md.cell(report.run_id, 64)
    size = report.size.value if report.size else "custom"
    lines = [
        f"# Run report — run {_run8(report.run_id)}",
        "",
        f"**Status: {report.status.value.upper()}**",
        "",
        "| | |",
        "|---|---|",
        f"| Run id | `{run_id}` |",
        f"| Target | {report.target} |",
        f"| Size | {size} ({report.scenario_count} scenarios requested) |",
        f"| Seed | {report.seed if report.seed is not None else '—'} |",
        f"| Started | {md.when(report.started_at)} |",
        f"| Ended | {md.when(report.ended_at) if report.ended_at else 'still running'} |",
        f"| Duration | {md.duration(report.duration_seconds)} |",
        "",
        "## Scenarios",
        "",
    ]
    if report.scenarios:
        rows = [
            [
                md.cell(s.scenario_name, 64),
                md.cell(s.technology_area or "—", 40),
                md.cell(s.status.value, 24),
                md.cell(s.resource_group or "—", 90),
                md.cell(s.service_principal_name or "—", 120),
                str(s.resources_created),
                str(s.resources_deleted),
                str(s.operations),
                md.cell(s.error or "", _ERROR_CHARS),
            ]
            for s in report.scenarios
        ]
        lines += md.table(
            [
                "Scenario",
                "Area",
                "Status",
                "Resource group",
                "Service principal",
                "Created",
                "Deleted",
                "Operations",
                "Error",
            ],
            rows,
            numeric=frozenset({5, 6, 7}),
            max_rows=MAX_TABLE_ROWS,
            max_bytes=_TABLE_BYTES,
            noun="scenarios",
            full_source="report.json",
        )
    else:
        lines.append("_No scenarios ran._")
    lines += _goal_mode_section(report)
    t = report.totals
    lines += [
        "",
        "## Totals",
        "",
        "| What | Count |",
        "|---|---:|",
        f"| Agents started | {t.agents_started:,} |",
        f"| Resources created | {t.resources_created:,} |",
        f"| Resources deleted | {t.resources_deleted:,} |",
        f"| Deletions failed | {t.resources_failed:,} |",
        f"| Operations | {t.operations:,} |",
        f"| Events ingested | {t.events_ingested:,} |",
        f"| Duplicate events | {t.events_duplicate:,} |",
        f"| Events dead-lettered | {t.events_dead_lettered:,} |",
        f"| Events skipped | {t.events_skipped:,} |",
        "",
        "## Cleanup",
        "",
        _cleanup_line(report),
    ]
    if report.skipped_scenarios:
        lines += ["", "## Skipped scenarios", ""]
        lines += md.bullet_list(
            [
                f"**{md.cell(s.scenario_name, 64)}** — {md.cell(s.reason, _ERROR_CHARS)}"
                for s in report.skipped_scenarios
            ],
            max_items=MAX_LIST_ITEMS,
            max_bytes=_NAMES_BYTES,
            noun="skipped scenarios",
            empty="None.",
        )
    lines += ["", "## Errors", ""]
    lines += md.bullet_list(
        [md.cell(e, 1_000) for e in report.errors],
        max_items=MAX_LIST_ITEMS,
        max_bytes=_REMAINS_BYTES,
        noun="errors",
        empty="None.",
    )
    lines += links_section(links)
    return "\n".join(lines) + "\n"


def _goal_mode_section(report: RunReport) -> list[str]:
    """`## Goal mode`: per goal-mode scenario, operations by source, refused calls, tokens and the
    fallback to the scripted operations (issue 15); nothing in a steps-only run."""
    goal = [s for s in report.scenarios if s.agent_mode == "goal"]
    if not goal:
        return []
    rows = []
    for s in goal:
        m = s.model
        rows.append(
            [
                md.cell(s.scenario_name, 64),
                str(s.scripted_operations),
                str(s.model_operations),
                str(m.refused_calls if m else 0),
                str(m.failed_operations if m else 0),
                f"{m.requests:,}" if m else "0",
                f"{m.input_tokens:,}" if m else "0",
                f"{m.output_tokens:,}" if m else "0",
                f"{m.cache_read_input_tokens:,}" if m else "0",
                md.cell(m.fallback_reason or "—", _ERROR_CHARS) if m else "no usage reported",
            ]
        )
    fell_back = sum(1 for s in goal if s.model and s.model.fallback_reason)
    lines = [
        "",
        "## Goal mode",
        "",
        f"{len(goal)} scenario(s) in goal mode; {fell_back} fell back to the scripted operations.",
        "",
    ]
    lines += md.table(
        [
            "Scenario",
            "Scripted ops",
            "Model ops",
            "Refused calls",
            "Failed calls",
            "Requests",
            "Input tokens",
            "Output tokens",
            "Cache reads",
            "Fallback",
        ],
        rows,
        numeric=frozenset(range(1, 9)),
        max_rows=MAX_TABLE_ROWS,
        max_bytes=_GOAL_BYTES,
        noun="scenarios",
        full_source="report.json",
    )
    return lines


def _cleanup_line(report: RunReport) -> str:
    cleanup = report.cleanup
    if cleanup is None:
        if report.status == RunStatus.RUNNING:
            return "Cleanup: not run yet."
        return "**Cleanup: NOT RUN** — check for leftovers with a sweep."
    verified = "verified" if cleanup.verified else "not verified"
    where = f" — report: `{md.cell(cleanup.report_location, 300)}`" if cleanup.report_location else ""
    return f"**Cleanup: {status_word(cleanup.status)}** — {verified}, {cleanup.remaining:,} remaining{where}"


# --- table artifacts -----------------------------------------------------------------------


def resources_table_rows(
    resources: Sequence[Resource], *, max_rows: int = MAX_TABLE_ROWS
) -> list[dict[str, str | int]]:
    """Rows for a Prefect table artifact (first `max_rows`; the artifact must stay small)."""
    return [
        {
            "type": md.plain(r.resource_type, _TYPE_CHARS),
            "name": md.plain(r.resource_name, _NAME_CHARS),
            "scenario": md.plain(r.scenario_name, 64),
            "status": r.status.value,
            "created_at": r.created_at.isoformat() if r.created_at else "",
            "deleted_at": r.deleted_at.isoformat() if r.deleted_at else "",
            "deletion_attempts": r.deletion_attempts,
            "deletion_error": md.plain(r.deletion_error, _ERROR_CHARS),
            "resource_id": md.plain(r.resource_id, _ID_CHARS),
        }
        for r in resources[:max_rows]
    ]


def deletions_table_rows(
    deletions: Sequence[ResourceDeletion], *, max_rows: int = MAX_TABLE_ROWS
) -> list[dict[str, str | int]]:
    """Rows of a cleanup's deletions for a Prefect table artifact (first `max_rows`)."""
    return [
        {
            "type": md.plain(d.resource_type, _TYPE_CHARS),
            "name": md.plain(d.resource_name, _NAME_CHARS),
            "status": d.status.value,
            "attempts": d.attempts,
            "error_code": md.plain(d.error_code, 64),
            "error": md.plain(d.error, _ERROR_CHARS),
            "resource_id": md.plain(d.resource_id, _ID_CHARS),
        }
        for d in deletions[:max_rows]
    ]


def artifact_key(prefix: str, run_id: str | None) -> str:
    """`<prefix>-<run8>` (or `<prefix>-sweep`), a valid Prefect artifact key (^[a-z0-9-]*$)."""
    if not prefix or not _ARTIFACT_KEY_RE.match(prefix) or prefix.endswith("-"):
        raise ValueError(
            f"artifact key prefix must be lowercase letters, digits and '-', not ending in '-'; "
            f"got {prefix!r}"
        )
    suffix = "sweep" if run_id is None else validate_run_id(run_id)[:8]
    return f"{prefix}-{suffix}"
