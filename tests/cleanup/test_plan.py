"""The cleanup planner: each safety invariant, attacked directly (S1, S2, S3, S5)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from haymaker.cleanup.plan import RunFacts, SkipReason, plan_run_cleanup, plan_sweep
from haymaker.models import Resource
from haymaker.tags import haymaker_tags

RUN = "11111111-1111-4111-8111-111111111111"
OTHER = "22222222-2222-4222-8222-222222222222"
SUB = "/subscriptions/00000000-0000-4000-8000-00000000c10d"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def group(name: str, tags: dict[str, str]) -> Resource:
    return Resource(
        resource_id=f"{SUB}/resourceGroups/{name}",
        resource_type="Microsoft.Resources/resourceGroups",
        resource_name=name,
        tags=tags,
    )


def res(group_name: str, name: str, tags: dict[str, str], kind: str = "virtualNetworks") -> Resource:
    return Resource(
        resource_id=f"{SUB}/resourceGroups/{group_name}/providers/Microsoft.Network/{kind}/{name}",
        resource_type=f"Microsoft.Network/{kind}",
        resource_name=name,
        tags=tags,
    )


OURS = haymaker_tags(RUN, "vnet")
THEIRS = haymaker_tags(OTHER, "vnet")


def ids(resources: list[Resource]) -> list[str]:
    return [r.resource_name for r in resources]


def test_s1_untagged_resource_is_never_planned_for_deletion() -> None:
    stranger = res("rg", "prod-vnet", {})
    plan = plan_run_cleanup(RUN, [stranger], {})
    assert plan.delete == []
    assert plan.skip[0].reason is SkipReason.NOT_MANAGED


def test_s1_managed_false_is_not_managed() -> None:
    fake = res("rg", "v", {**OURS, "AzureHayMaker-managed": "false"})
    assert plan_run_cleanup(RUN, [fake], {}).delete == []


def test_an_id_that_climbs_out_of_its_group_is_never_planned_even_when_tagged_ours() -> None:
    climbing = res("rg", "x/../../../../foreign/providers/Microsoft.Network/virtualNetworks/prod", OURS)
    encoded = res("rg", "x%2f..%2fprod", OURS)
    plan = plan_run_cleanup(RUN, [climbing, encoded], {})
    assert plan.delete == []
    assert [s.reason for s in plan.skip] == [SkipReason.UNSAFE_ID, SkipReason.UNSAFE_ID]


def test_s2_run_cleanup_never_deletes_another_runs_resource() -> None:
    plan = plan_run_cleanup(RUN, [res("rg", "mine", OURS), res("rg2", "theirs", THEIRS)], {})
    assert ids(plan.delete) == ["mine"]
    assert [(s.resource.resource_name, s.reason) for s in plan.skip] == [("theirs", SkipReason.OTHER_RUN)]


def test_group_with_only_our_resources_is_deleted_whole() -> None:
    rg = group("hm-rg", OURS)
    child = res("hm-rg", "vnet", OURS)
    plan = plan_run_cleanup(RUN, [rg, child], {rg.resource_id.lower(): [child]})
    assert ids(plan.delete) == ["hm-rg"]


def test_s3_group_holding_a_foreign_resource_is_kept_and_our_children_go_one_by_one() -> None:
    rg = group("hm-rg", OURS)
    ours = res("hm-rg", "vnet", OURS)
    planted = res("hm-rg", "planted", {})
    other_run = res("hm-rg", "neighbour", THEIRS, kind="networkSecurityGroups")
    plan = plan_run_cleanup(RUN, [rg, ours], {rg.resource_id.lower(): [ours, planted, other_run]})
    assert ids(plan.delete) == ["vnet"]
    skipped = {s.resource.resource_name: s.reason for s in plan.skip}
    assert skipped == {
        "hm-rg": SkipReason.GROUP_HOLDS_FOREIGN,
        "planted": SkipReason.NOT_MANAGED,
        "neighbour": SkipReason.OTHER_RUN,
    }


def test_s3_our_child_missing_from_discovery_is_still_deleted_from_a_kept_group() -> None:
    rg = group("hm-rg", OURS)
    unseen = res("hm-rg", "late", OURS)
    planted = res("hm-rg", "planted", {})
    plan = plan_run_cleanup(RUN, [rg], {rg.resource_id.lower(): [unseen, planted]})
    assert ids(plan.delete) == ["late"]


def test_children_are_ordered_before_parents_and_groups_last() -> None:
    rg = group("kept", OURS)
    planted = res("kept", "planted", {})
    vnet = res("kept", "vnet", OURS)
    subnet = Resource(
        resource_id=vnet.resource_id + "/subnets/a",
        resource_type="Microsoft.Network/virtualNetworks/subnets",
        resource_name="a",
        tags=OURS,
    )
    other_group = group("hm-2", OURS)
    plan = plan_run_cleanup(RUN, [other_group, vnet, subnet, rg], {rg.resource_id.lower(): [vnet, planted]})
    assert ids(plan.delete) == ["a", "vnet", "hm-2"]


def test_s5_sweep_skips_an_active_run_even_when_old() -> None:
    facts = {RUN: RunFacts(active=True, started_at=NOW - timedelta(days=3))}
    plan = plan_sweep([group("hm", OURS)], {}, facts, now=NOW, min_age=timedelta(hours=10))
    assert plan.delete == []
    assert plan.skip[0].reason is SkipReason.RUN_ACTIVE


def test_s5_sweep_skips_a_run_younger_than_the_minimum_age() -> None:
    facts = {RUN: RunFacts(active=False, started_at=NOW - timedelta(hours=9))}
    plan = plan_sweep([group("hm", OURS)], {}, facts, now=NOW, min_age=timedelta(hours=10))
    assert plan.skip[0].reason is SkipReason.RUN_TOO_YOUNG


def test_s5_sweep_refuses_a_run_of_unknown_age() -> None:
    plan = plan_sweep([group("hm", OURS)], {}, {}, now=NOW, min_age=timedelta(hours=10))
    assert plan.skip[0].reason is SkipReason.RUN_AGE_UNKNOWN


def test_sweep_cleans_finished_old_runs_and_leaves_the_rest() -> None:
    facts = {
        RUN: RunFacts(active=False, started_at=NOW - timedelta(hours=11)),
        OTHER: RunFacts(active=True, started_at=NOW - timedelta(hours=11)),
    }
    found = [group("old", OURS), group("live", THEIRS), res("x", "stranger", {})]
    plan = plan_sweep(found, {}, facts, now=NOW, min_age=timedelta(hours=10))
    assert ids(plan.delete) == ["old"]
    assert plan.runs == {RUN}
    assert {s.resource.resource_name: s.reason for s in plan.skip} == {
        "live": SkipReason.RUN_ACTIVE,
        "stranger": SkipReason.NOT_MANAGED,
    }


def test_sweep_with_zero_minimum_age_cleans_a_dead_run_of_unknown_age() -> None:
    plan = plan_sweep([group("hm", OURS)], {}, {}, now=NOW, min_age=timedelta(0))
    assert ids(plan.delete) == ["hm"]
