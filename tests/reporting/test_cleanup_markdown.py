"""cleanup_report_markdown: what a person needs to trust (or act on) a cleanup."""

from __future__ import annotations

import pytest

from haymaker.models.cleanup import CleanupStatus, DeletionStatus
from haymaker.reporting.render import MAX_MARKDOWN_BYTES, cleanup_report_markdown
from tests.reporting.conftest import cleanup, deletion, remaining, section, table_cells


def test_the_heading_names_the_run_by_its_first_eight_characters() -> None:
    assert cleanup_report_markdown(cleanup()).startswith("# Cleanup report — run 3f2b8c1e\n")


def test_a_sweep_report_is_headed_as_a_sweep() -> None:
    markdown = cleanup_report_markdown(cleanup(mode="sweep", run_id=""))
    assert markdown.startswith("# Cleanup report — sweep\n")


@pytest.mark.parametrize(
    ("status", "word"),
    [
        (CleanupStatus.VERIFIED, "VERIFIED"),
        (CleanupStatus.VERIFICATION_FAILED, "VERIFICATION FAILED"),
        (CleanupStatus.PARTIAL_FAILURE, "PARTIAL FAILURE"),
        (CleanupStatus.FORCE_DELETION_COMPLETE, "FORCE DELETION COMPLETE"),
    ],
)
def test_the_status_line_says_the_status_in_plain_words(status: CleanupStatus, word: str) -> None:
    markdown = cleanup_report_markdown(cleanup(status=status))
    assert f"**Status: {word}**" in markdown


def test_a_dry_run_carries_a_banner() -> None:
    markdown = cleanup_report_markdown(cleanup(dry_run=True))
    assert "> **DRY RUN** — nothing was deleted." in markdown


def test_an_applied_cleanup_has_no_dry_run_banner() -> None:
    assert "DRY RUN" not in cleanup_report_markdown(cleanup())


def test_counts_cover_each_outcome() -> None:
    counts = section(cleanup_report_markdown(cleanup()), "Counts")
    rows = {cells[0]: cells[1] for cells in map(table_cells, counts.strip().splitlines()[2:])}
    assert rows["Expected"] == "4"
    assert rows["Deleted"] == "1"
    assert rows["Not found (already gone)"] == "1"
    assert rows["Failed"] == "1"
    assert rows["Skipped / foreign"] == "1"
    assert rows["Remaining after cleanup"] == "1"


def test_the_table_lists_every_resource_with_status_attempts_and_error() -> None:
    rows = section(cleanup_report_markdown(cleanup()), "Resources").strip().splitlines()
    assert table_cells(rows[0]) == ["Type", "Name", "Status", "Attempts", "Error"]
    body = [table_cells(r) for r in rows[2:]]
    assert [r[1] for r in body] == ["vnet-a", "vnet-b", "vnet-c", "shared-vnet"]
    assert body[2] == [
        "Microsoft.Network/virtualNetworks",
        "vnet-c",
        "failed",
        "5",
        "ScopeLocked: the scope is locked",
    ]


def test_pipes_and_newlines_in_cells_cannot_break_the_table() -> None:
    hostile = deletion("a|b", DeletionStatus.FAILED, "line one\nline | two\r\n| x \\| y", attempts=2)
    rows = (
        section(cleanup_report_markdown(cleanup(deletions=[hostile], skipped_resources=[])), "Resources")
        .strip()
        .splitlines()
    )
    assert len(rows) == 3
    cells = table_cells(rows[2])
    assert len(cells) == 5
    assert cells[1] == "a\\|b"
    assert cells[4] == "line one line \\| two \\| x \\\\\\| y"


def test_markup_in_cells_is_escaped() -> None:
    hostile = deletion("vnet", DeletionStatus.FAILED, "<script>alert(1)</script>")
    markdown = cleanup_report_markdown(cleanup(deletions=[hostile]))
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown


def test_service_principals_and_secrets_are_listed_by_name() -> None:
    markdown = cleanup_report_markdown(cleanup())
    assert "- AzureHayMaker-networking-01-vnet-nsg-3f2b8c1e-admin" in section(
        markdown, "Service principals deleted"
    )
    assert "- scenario-sp-networking-01-vnet-nsg-3f2b8c1e-secret" in section(markdown, "Secrets purged")


def test_what_remains_says_why_for_remaining_and_skipped_resources() -> None:
    remains = section(cleanup_report_markdown(cleanup()), "What remains and why")
    assert "**vnet-c** — deletion failed after 5 attempt(s): ScopeLocked: the scope is locked" in remains
    assert "**shared-vnet** — not deleted on purpose: belongs to another run (S2)" in remains


def test_a_clean_run_says_nothing_remains() -> None:
    report = cleanup(
        status=CleanupStatus.VERIFIED,
        deletions=[deletion("vnet-a", DeletionStatus.DELETED)],
        skipped_resources=[],
        remaining_resources=[],
    )
    assert "_Nothing remains._" in section(cleanup_report_markdown(report), "What remains and why")


def test_a_dry_run_says_what_would_be_deleted() -> None:
    report = cleanup(
        dry_run=True,
        deletions=[deletion("vnet-a", DeletionStatus.WOULD_DELETE)],
        remaining_resources=[remaining("vnet-a")],
    )
    markdown = cleanup_report_markdown(report)
    assert "**vnet-a** — dry run: would be deleted when applied" in markdown
    assert "| Would delete | 1 |" in markdown


def test_ten_thousand_rows_are_truncated_with_exact_counts_and_stay_below_1_mb() -> None:
    error = "Conflict | dependent resource still exists — ünïcödé " * 20
    deletions = [deletion(f"vnet-{i:05d}|x", DeletionStatus.FAILED, error, attempts=5) for i in range(10_000)]
    report = cleanup(
        deletions=deletions,
        remaining_resources=[remaining(f"vnet-{i:05d}") for i in range(10_000)],
        skipped_resources=[],
        total_resources_expected=10_000,
    )
    markdown = cleanup_report_markdown(report)
    assert len(markdown.encode("utf-8")) < MAX_MARKDOWN_BYTES
    assert "| Failed | 10,000 |" in markdown and "| Remaining after cleanup | 10,000 |" in markdown
    table = section(markdown, "Resources")
    shown = sum(1 for line in table.splitlines() if line.startswith("| Microsoft.Network"))
    assert 0 < shown <= 2_000
    assert (
        f"_Showing the first {shown:,} of 10,000 resources; the full list is in cleanup-report.json." in table
    )
    assert "of 10,000 remaining or skipped resources" in section(markdown, "What remains and why")


def test_the_row_limit_applies_before_the_size_budget() -> None:
    deletions = [deletion(f"vnet-{i}", DeletionStatus.DELETED) for i in range(2_500)]
    markdown = cleanup_report_markdown(cleanup(deletions=deletions, skipped_resources=[]))
    assert "_Showing the first 2,000 of 2,500 resources" in markdown
