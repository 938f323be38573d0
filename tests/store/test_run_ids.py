"""Short run ids resolve through the report store (issue 14, finding 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from haymaker.store import LocalReportStore
from haymaker.store.run_ids import (
    AmbiguousRun,
    UnknownRun,
    check_run_id_or_prefix,
    is_run_id_prefix,
    resolve_in_store,
)
from tests.api.seed import finished_run

A = "445cc22f-0000-4000-8000-000000000001"
B = "445cc22f-1111-4000-8000-000000000002"
C = "9d0e7a1b-0000-4000-8000-000000000003"


@pytest.fixture
def store(tmp_path: Path) -> LocalReportStore:
    store = LocalReportStore(tmp_path)
    for run_id in (A, B, C):
        finished_run(store, run_id)
    return store


def test_eight_characters_name_the_one_run_that_starts_with_them(store: LocalReportStore) -> None:
    assert resolve_in_store(store, "9d0e7a1b") == C


def test_a_longer_prefix_with_its_hyphen_tells_two_runs_apart(store: LocalReportStore) -> None:
    assert resolve_in_store(store, "445cc22f-1") == B


def test_a_prefix_is_case_insensitive(store: LocalReportStore) -> None:
    assert resolve_in_store(store, "9D0E7A1B") == C


def test_a_shared_prefix_is_ambiguous_and_lists_the_candidates(store: LocalReportStore) -> None:
    with pytest.raises(AmbiguousRun, match=f"ambiguous.*{A}, {B}; give more characters"):
        resolve_in_store(store, "445cc22f")


def test_a_prefix_no_run_has_is_unknown_and_says_where_it_looked(store: LocalReportStore) -> None:
    with pytest.raises(UnknownRun, match=r"no run starts with 'deadbeef' in LocalReportStore\("):
        resolve_in_store(store, "deadbeef")


def test_a_full_id_passes_without_a_lookup(tmp_path: Path) -> None:
    assert resolve_in_store(LocalReportStore(tmp_path / "empty"), C) == C


@pytest.mark.parametrize("text", ["445cc22", "445cc22g", "445cc22f_", "x' or 1==1", "", "445cc22f-00000"])
def test_what_is_neither_an_id_nor_a_prefix_is_refused(text: str) -> None:
    assert not is_run_id_prefix(text) or len(text) == 36
    with pytest.raises(ValueError):
        check_run_id_or_prefix(text)
