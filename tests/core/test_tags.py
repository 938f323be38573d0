"""The ownership rule (docs/cleanup.md): tag names compare ignoring case, values exactly.

ARM treats tag names case-insensitively and keeps values as written
(https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations);
anything spelled like our tags that does not meet the rule is a lookalike: never ours, always
reported.
"""

from __future__ import annotations

import pytest

from haymaker.tags import MANAGED_TAG, RUN_ID_TAG, graph_ownership, haymaker_tags, ownership

RUN = "3f2b8c1e-0000-4000-8000-000000000000"


def test_our_own_tags_are_ours_and_name_the_run() -> None:
    own = ownership(haymaker_tags(RUN, "vnet"))
    assert own.managed and own.run_id == RUN and own.lookalike is None
    assert own.belongs_to(RUN)


def test_tag_names_match_ignoring_case_as_arm_compares_them() -> None:
    own = ownership({"azurehaymaker-MANAGED": "true", "AZUREHAYMAKER-RUN-ID": RUN})
    assert own.belongs_to(RUN)


@pytest.mark.parametrize("value", ["TRUE", "True", " true", "true ", "yes", "1", ""])
def test_a_managed_value_other_than_exactly_true_is_a_lookalike(value: str) -> None:
    own = ownership({MANAGED_TAG: value, RUN_ID_TAG: RUN})
    assert not own.managed and not own.belongs_to(RUN)
    assert own.lookalike is not None and repr(value) in own.lookalike


@pytest.mark.parametrize(
    "name",
    ["AzureHayMaker_managed", "Azure HayMaker-managed", " AzureHayMaker-managed", "azurehaymakermanaged"],
)
def test_a_misspelt_tag_name_is_a_lookalike(name: str) -> None:
    own = ownership({name: "true", RUN_ID_TAG: RUN})
    assert not own.managed
    assert own.lookalike is not None and "not spelled AzureHayMaker-managed" in own.lookalike


def test_a_run_id_in_another_case_is_a_lookalike_not_this_run() -> None:
    own = ownership({MANAGED_TAG: "true", RUN_ID_TAG: RUN.upper()})
    assert not own.belongs_to(RUN) and not own.belongs_to(RUN.upper())
    assert own.lookalike is not None and "lowercase hyphenated UUID" in own.lookalike


def test_two_spellings_of_one_tag_name_are_a_lookalike() -> None:
    own = ownership({MANAGED_TAG: "true", MANAGED_TAG.lower(): "true", RUN_ID_TAG: RUN})
    assert not own.managed and "appears 2 times" in (own.lookalike or "")


def test_a_run_id_without_the_managed_tag_is_a_lookalike() -> None:
    own = ownership({RUN_ID_TAG: RUN})
    assert not own.managed and own.lookalike is not None


def test_unrelated_tags_are_simply_foreign() -> None:
    own = ownership({"owner": "payroll", "env": "prod"})
    assert not own.managed and own.lookalike is None and own.run_id is None


def test_graph_marker_strings_follow_the_same_rule() -> None:
    assert graph_ownership([MANAGED_TAG, f"{RUN_ID_TAG}:{RUN}"]).belongs_to(RUN)
    variant = graph_ownership(["azurehaymaker-managed", f"{RUN_ID_TAG}:{RUN}"])
    assert not variant.managed and variant.lookalike is not None
    two_runs = graph_ownership([MANAGED_TAG, f"{RUN_ID_TAG}:{RUN}", f"{RUN_ID_TAG}:{RUN[:-1]}1"])
    assert not two_runs.belongs_to(RUN) and two_runs.lookalike is not None
