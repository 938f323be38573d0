"""Ownership by derivation (issue 11, item 5), attacked: untagged resources Azure made for ours are
ours; anything tagged by anyone else, older than its would-be owner, or of unknown age is foreign
and keeps its group (S3); one of ours that holds a foreign resource stays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haymaker.cleanup.derivation import Link, derive
from haymaker.cleanup.plan import CleanupPlan, SkipReason, plan_run_cleanup
from haymaker.models import Resource
from haymaker.tags import haymaker_tags

RUN = "11111111-1111-4111-8111-111111111111"
OTHER = "22222222-2222-4222-8222-222222222222"
SUB = "/subscriptions/00000000-0000-4000-8000-00000000c10d"
GROUP = "haymaker-11111111-derived"
GROUP_ID = f"{SUB}/resourceGroups/{GROUP}"
T0 = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
OURS = haymaker_tags(RUN, "derived")


def _group() -> Resource:
    return Resource(
        resource_id=GROUP_ID,
        resource_type="Microsoft.Resources/resourceGroups",
        resource_name=GROUP,
        tags=OURS,
    )


def _res(
    kind: str, name: str, *, tags: dict[str, str] | None = None, at: datetime | None = T0, **fields: object
) -> Resource:
    return Resource(
        resource_id=f"{GROUP_ID}/providers/{kind}/{name}",
        resource_type=kind,
        resource_name=name,
        tags=tags if tags is not None else {},
        created_at=at,
        **fields,  # type: ignore[arg-type]
    )


SERVER = _res("Microsoft.Sql/servers", "orders", tags=OURS)
MASTER = Resource(
    resource_id=f"{SERVER.resource_id}/databases/master",
    resource_type="Microsoft.Sql/servers/databases",
    resource_name="master",
    created_at=T0 + timedelta(seconds=5),
)
VM = _res("Microsoft.Compute/virtualMachines", "jump", tags=OURS)
OS_DISK = _res(
    "Microsoft.Compute/disks", "jump_OsDisk_1_ab12", at=T0 + timedelta(seconds=3), managed_by=VM.resource_id
)
ENDPOINT = _res("Microsoft.Network/privateEndpoints", "docs-pe", tags=OURS)
PE_NIC = _res(
    "Microsoft.Network/networkInterfaces",
    "docs-pe-nic",
    at=T0 + timedelta(seconds=2),
    side_effect_of=ENDPOINT.resource_id,
)
FOREIGN_NSG = _res("Microsoft.Network/networkSecurityGroups", "someone-elses-nsg")


def _plan(*contents: Resource) -> CleanupPlan:
    group = _group()
    ours = [r for r in contents if r.tags == OURS]
    return plan_run_cleanup(RUN, [group, *ours], {GROUP_ID.lower(): list(contents)})


def _names(resources: list[Resource]) -> set[str]:
    return {r.resource_name for r in resources}


# -- what counts as ours -----------------------------------------------------------------------
def test_a_sql_servers_untagged_master_database_is_a_child_of_ours_and_the_group_goes() -> None:
    plan = _plan(SERVER, MASTER)
    assert [r.resource_name for r in plan.delete] == [GROUP]
    assert plan.skip == []


def test_a_vms_untagged_os_disk_is_managed_by_ours_and_the_group_goes() -> None:
    plan = _plan(VM, OS_DISK)
    assert [r.resource_name for r in plan.delete] == [GROUP]


def test_a_private_endpoints_untagged_nic_was_made_for_ours_and_the_group_goes() -> None:
    plan = _plan(ENDPOINT, PE_NIC)
    assert [r.resource_name for r in plan.delete] == [GROUP]


def test_each_link_is_named() -> None:
    ours = {r.resource_id.lower(): r for r in (SERVER, VM, ENDPOINT)}
    links = [derive(r, ours) for r in (MASTER, OS_DISK, PE_NIC)]
    assert [d.link if d else None for d in links] == [Link.CHILD, Link.MANAGED, Link.SIDE_EFFECT]


# -- what never counts as ours -----------------------------------------------------------------
def test_an_untagged_nic_on_our_network_that_no_endpoint_made_is_foreign_and_keeps_the_group() -> None:
    stray = _res("Microsoft.Network/networkInterfaces", "admin-debug-nic", at=T0 + timedelta(minutes=5))
    plan = _plan(ENDPOINT, PE_NIC, stray)
    assert GROUP not in _names(plan.delete)
    assert {s.resource.resource_name: s.reason for s in plan.skip}[
        "admin-debug-nic"
    ] is SkipReason.NOT_MANAGED


def test_any_tag_at_all_makes_a_child_foreign_and_keeps_the_server_that_holds_it() -> None:
    for tags in ({"owner": "alice"}, haymaker_tags(OTHER, "x"), {"azurehaymaker-managed": "True"}):
        tenant_db = MASTER.model_copy(
            update={"resource_id": f"{SERVER.resource_id}/databases/tenant", "tags": tags}
        )
        plan = _plan(SERVER, tenant_db, FOREIGN_NSG)
        skipped = {s.resource.resource_name: s.reason for s in plan.skip}
        assert skipped["orders"] is SkipReason.HOLDS_FOREIGN, tags
        assert plan.delete == []


def test_a_disk_older_than_the_vm_it_is_attached_to_was_not_made_by_it() -> None:
    attached = OS_DISK.model_copy(update={"created_at": T0 - timedelta(days=30)})
    plan = _plan(VM, attached)
    assert GROUP not in _names(plan.delete)


def test_a_resource_of_unknown_age_is_never_derived() -> None:
    assert (
        derive(MASTER.model_copy(update={"created_at": None}), {SERVER.resource_id.lower(): SERVER}) is None
    )
    unknown_owner = SERVER.model_copy(update={"created_at": None})
    assert derive(MASTER, {SERVER.resource_id.lower(): unknown_owner}) is None


def test_a_child_of_another_runs_resource_is_not_ours() -> None:
    theirs = SERVER.model_copy(update={"tags": haymaker_tags(OTHER, "x")})
    plan = plan_run_cleanup(RUN, [_group()], {GROUP_ID.lower(): [theirs, MASTER]})
    assert plan.delete == []
    assert {s.resource.resource_name for s in plan.skip} >= {"orders", "master"}


# -- in a kept group ---------------------------------------------------------------------------
def test_in_a_kept_group_children_and_side_effects_go_with_their_owner_and_a_managed_disk_after_it() -> None:
    plan = _plan(SERVER, MASTER, VM, OS_DISK, ENDPOINT, PE_NIC, FOREIGN_NSG)
    assert _names(plan.delete) == {"orders", "jump", "docs-pe", "jump_OsDisk_1_ab12"}
    assert _names(plan.with_owner_resources) == {"master", "docs-pe-nic"}


def test_a_foreign_disk_attached_to_our_vm_keeps_the_vm() -> None:
    theirs = OS_DISK.model_copy(update={"tags": {"owner": "bob"}})
    plan = _plan(VM, theirs)
    assert {s.resource.resource_name: s.reason for s in plan.skip}["jump"] is SkipReason.HOLDS_FOREIGN
    assert plan.delete == []


# -- properties over mixed groups ---------------------------------------------------------------
OWNER_KINDS = (
    "Microsoft.Sql/servers",
    "Microsoft.Compute/virtualMachines",
    "Microsoft.Network/privateEndpoints",
)


@st.composite
def mixed_group(draw: st.DrawFn) -> tuple[list[Resource], set[str], set[str]]:
    """(group contents, ids that are ours by derivation, ids that are foreign)."""
    contents: list[Resource] = []
    derived: set[str] = set()
    foreign: set[str] = set()
    for index in range(draw(st.integers(min_value=1, max_value=4))):
        kind = draw(st.sampled_from(OWNER_KINDS))
        owner_at = T0 + timedelta(minutes=draw(st.integers(0, 60)))
        owner = _res(kind, f"own{index}", tags=OURS, at=owner_at)
        contents.append(owner)
        for extra in range(draw(st.integers(0, 3))):
            shape = draw(
                st.sampled_from(["child", "managed", "nic", "stray-tag", "older", "unknown-age", "stray"])
            )
            later = owner_at + timedelta(seconds=draw(st.integers(0, 600)))
            name = f"x{index}-{extra}"
            if shape == "child" or shape == "stray-tag":
                item = Resource(
                    resource_id=f"{owner.resource_id}/children/{name}",
                    resource_type=f"{kind}/children",
                    resource_name=name,
                    created_at=later,
                    tags={"team": "data"} if shape == "stray-tag" else {},
                )
            elif shape == "managed" or shape == "older":
                at = (
                    later if shape == "managed" else owner_at - timedelta(seconds=draw(st.integers(1, 10**6)))
                )
                item = _res("Microsoft.Compute/disks", name, at=at, managed_by=owner.resource_id)
            elif shape == "nic":
                item = _res(
                    "Microsoft.Network/networkInterfaces", name, at=later, side_effect_of=owner.resource_id
                )
            elif shape == "unknown-age":
                item = _res("Microsoft.Compute/disks", name, at=None, managed_by=owner.resource_id)
            else:
                item = _res("Microsoft.Storage/storageAccounts", name, at=later)
            contents.append(item)
            (derived if shape in ("child", "managed", "nic") else foreign).add(item.resource_id.lower())
    return contents, derived, foreign


def _under_or_manages(resource: Resource, other: Resource) -> bool:
    key = resource.resource_id.lower()
    return other.resource_id.lower().startswith(key + "/") or (other.managed_by or "").lower() == key


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed_group())
def test_no_foreign_resource_is_deleted_or_taken_along_and_the_group_goes_exactly_when_nothing_foreign_is_left(
    case: tuple[list[Resource], set[str], set[str]],
) -> None:
    contents, _derived, foreign = case
    plan = _plan(*contents)
    deleted = {r.resource_id.lower() for r in plan.delete}
    by_id = {r.resource_id.lower(): r for r in contents}
    assert not deleted & foreign
    for rid in foreign:
        assert not any(_under_or_manages(r, by_id[rid]) for r in plan.delete if not r.is_resource_group)
    assert (GROUP_ID.lower() in deleted) == (not foreign)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed_group())
def test_every_derived_resource_is_removed_unless_its_owner_must_stay(
    case: tuple[list[Resource], set[str], set[str]],
) -> None:
    contents, derived, foreign = case
    plan = _plan(*contents)
    if not foreign:
        return  # the group takes everything
    handled = {r.resource_id.lower() for r in [*plan.delete, *plan.with_owner_resources]}
    held = {s.resource.resource_id.lower() for s in plan.skip if s.reason is SkipReason.HOLDS_FOREIGN}
    ours = {r.resource_id.lower(): r for r in contents if r.tags == OURS}
    for rid in derived:
        found = derive(next(r for r in contents if r.resource_id.lower() == rid), ours)
        assert found is not None
        assert rid in handled or found.owner.resource_id.lower() in held
