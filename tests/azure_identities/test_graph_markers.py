"""The HayMaker marker on Graph objects (pure logic)."""

from __future__ import annotations

import pytest

from haymaker.azure.identities.markers import is_marked, marker_tags, run_id_of, scenario_of

RUN = "3f2b8c1e-0000-4000-8000-000000000001"
OTHER = "3f2b8c1e-0000-4000-8000-000000000002"


def test_marker_tags_name_managed_run_and_scenario() -> None:
    assert marker_tags(RUN, "web-01") == [
        "AzureHayMaker-managed",
        f"AzureHayMaker-run-id:{RUN}",
        "AzureHayMaker-scenario:web-01",
    ]


def test_marker_tags_refuse_a_run_id_that_is_not_a_uuid() -> None:
    with pytest.raises(ValueError, match="UUID"):
        marker_tags("' or 1 eq 1", "web-01")


def test_marked_tags_are_recognised_with_and_without_a_run() -> None:
    tags = marker_tags(RUN, "web-01")
    assert is_marked(tags)
    assert is_marked(tags, RUN)


def test_another_runs_tags_do_not_belong_to_this_run() -> None:
    assert not is_marked(marker_tags(OTHER, "web-01"), RUN)


def test_run_tag_without_the_managed_marker_is_not_ours() -> None:
    assert not is_marked([f"AzureHayMaker-run-id:{RUN}"], RUN)


def test_two_run_ids_on_one_object_belong_to_no_run() -> None:
    tags = ["AzureHayMaker-managed", f"AzureHayMaker-run-id:{RUN}", f"AzureHayMaker-run-id:{OTHER}"]
    assert run_id_of(tags) is None
    assert not is_marked(tags, RUN)


def test_run_and_scenario_are_read_back_from_tags() -> None:
    tags = marker_tags(RUN, "web-01")
    assert run_id_of(tags) == RUN
    assert scenario_of(tags) == "web-01"
    assert run_id_of(None) is None
