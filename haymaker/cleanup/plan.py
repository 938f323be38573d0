"""Decide what a cleanup may delete. Pure: the safety invariants live here, tested directly.

S1 only what carries AzureHayMaker-managed=true; S2 a run-scoped cleanup only its own run id;
S3 a resource group holding anything foreign is kept (our children go one by one, and one of ours
that holds a foreign resource stays with it); untagged resources Azure made for ours count as
ours by derivation (haymaker/cleanup/derivation.py);
S5 the sweep skips runs that are active or younger than the minimum age. Ownership is decided
by one rule (`haymaker.tags.ownership`): what merely looks like ours is left alone and reported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from haymaker.cleanup.derivation import Derived, derive
from haymaker.models import Resource
from haymaker.resource_ids import unsafe_reason
from haymaker.tags import ownership


class SkipReason(StrEnum):
    LOOKALIKE = "looks like HayMaker's, left alone"
    UNSAFE_ID = "its id hides where it points; refusing to delete by it"
    NOT_MANAGED = "not tagged AzureHayMaker-managed=true (S1)"
    OTHER_RUN = "belongs to another run (S2)"
    NO_RUN_ID = "managed but carries no run id; left for an operator"
    GROUP_HOLDS_FOREIGN = "resource group holds resources that are not this run's (S3)"
    ARRIVED_AFTER_PLAN = "appeared in a group of ours while the cleanup ran; the group is kept (S3)"
    RUN_ACTIVE = "its run is still active (S5)"
    RUN_TOO_YOUNG = "its run is younger than the minimum age (S5)"
    RUN_AGE_UNKNOWN = "its run's start time is unknown; refusing to guess (S5)"
    HOLDS_FOREIGN = "holds a resource that is not this run's, which its deletion would take along (S3)"


@dataclass(frozen=True)
class Skip:
    resource: Resource
    reason: SkipReason
    detail: str | None = None  # what exactly (e.g. which tag spelling made it a lookalike)

    @property
    def explanation(self) -> str:
        return f"{self.reason.value}: {self.detail}" if self.detail else self.reason.value


@dataclass
class CleanupPlan:
    """What to delete, in order (dependents first), and what to leave with the reason."""

    delete: list[Resource] = field(default_factory=list)
    skip: list[Skip] = field(default_factory=list)
    runs: set[str] = field(default_factory=set)
    # Untagged resources of ours (by derivation) in kept groups that go when their owner does:
    # never deleted on their own, confirmed gone afterwards.
    with_owner: list[Derived] = field(default_factory=list)

    @property
    def with_owner_resources(self) -> list[Resource]:
        return [d.resource for d in self.with_owner]

    def skipped_ids(self) -> set[str]:
        return {s.resource.resource_id.lower() for s in self.skip}


@dataclass(frozen=True)
class RunFacts:
    """What the sweep knows about a run: is it active, when did it start."""

    active: bool
    started_at: datetime | None


def _group_id(resource: Resource) -> str | None:
    parts = resource.resource_id.split("/")
    if len(parts) >= 5 and parts[3].lower() == "resourcegroups":
        return "/".join(parts[:5]).lower()
    return None


def _depth(resource: Resource) -> int:
    return resource.resource_id.count("/")


def order_for_deletion(resources: Iterable[Resource]) -> list[Resource]:
    """Deepest ids first (children before parents), resource groups last."""
    return sorted(resources, key=lambda r: (r.is_resource_group, -_depth(r), r.resource_id.lower()))


@dataclass
class GroupContents:
    """What a group holds, sorted by ownership: tagged as this run's, derived, and foreign."""

    ours: list[Resource] = field(default_factory=list)
    derived: list[Derived] = field(default_factory=list)
    foreign: list[Skip] = field(default_factory=list)


def sort_contents(
    contents: Iterable[Resource], run_id: str | None, known: dict[str, Resource]
) -> GroupContents:
    """Sort a group's listing; `known` are this run's resources found elsewhere (lowercase ids).
    Listed ones win as owners: their creation times come from ARM, as the derived ones' do."""
    listed = list(contents)
    result = GroupContents()
    refusals: list[Skip] = []
    for child in listed:
        refusal = refusal_for_run(child, run_id)
        if refusal is None:
            result.ours.append(child)
        else:
            refusals.append(refusal)
    owners = {**known, **{r.resource_id.lower(): r for r in result.ours}}
    for refusal in refusals:
        derived = derive(refusal.resource, owners) if refusal.reason is SkipReason.NOT_MANAGED else None
        if derived is None:
            result.foreign.append(refusal)
        else:
            result.derived.append(derived)
    return result


def plan_run_cleanup(
    run_id: str,
    found: Iterable[Resource],
    group_contents: dict[str, list[Resource]],
) -> CleanupPlan:
    """Plan the cleanup of one run.

    `found` are candidates (from Resource Graph and the run ledger, confirmed against ARM, with
    their current tags); `group_contents` maps a resource group id (lowercase) to everything ARM
    lists inside it, ours or not.
    """
    plan = CleanupPlan(runs={run_id})
    candidates: dict[str, Resource] = {}
    for resource in found:
        refusal = refusal_for_run(resource, run_id)
        if refusal is not None:
            plan.skip.append(refusal)
            continue
        candidates[resource.resource_id.lower()] = resource

    kept: dict[str, GroupContents] = {}
    for resource in candidates.values():
        if not resource.is_resource_group:
            continue
        group = resource.resource_id.lower()
        contents = sort_contents(group_contents.get(group, []), run_id, candidates)
        if contents.foreign:
            kept[group] = contents
            plan.skip.append(Skip(resource, SkipReason.GROUP_HOLDS_FOREIGN))
            plan.skip.extend(contents.foreign)

    deleted_groups = {rid for rid, r in candidates.items() if r.is_resource_group and rid not in kept}
    for rid, resource in candidates.items():
        if rid in kept:
            continue
        if not resource.is_resource_group and _group_id(resource) in deleted_groups:
            continue  # goes with its group
        plan.delete.append(resource)
    # Our resources inside kept groups must go one by one (S3), even if Resource Graph missed them.
    for contents in kept.values():
        plan.delete.extend(c for c in contents.ours if c.resource_id.lower() not in candidates)
        plan.with_owner.extend(d for d in contents.derived if d.goes_with_owner)
        plan.delete.extend(d.resource for d in contents.derived if not d.goes_with_owner)
    _keep_holders(
        plan,
        [s.resource for contents in kept.values() for s in contents.foreign],
        [d for contents in kept.values() for d in contents.derived],
    )
    plan.delete = order_for_deletion(_unique(plan.delete))
    return plan


def _keep_holders(plan: CleanupPlan, foreign: list[Resource], derived: list[Derived]) -> None:
    """S3 inside a kept group: one of ours that a foreign resource lies under, or that manages
    one, stays (deleting it would delete that too), and so does what goes with it."""
    if not foreign:
        return
    held = [f.resource_id.lower() for f in foreign]
    managers = {f.managed_by.lower() for f in foreign if f.managed_by}

    def holds(resource: Resource) -> bool:
        key = resource.resource_id.lower()
        return key in managers or any(h.startswith(key.rstrip("/") + "/") for h in held)

    holders = [r for r in plan.delete if not r.is_resource_group and holds(r)]
    if not holders:
        return
    kept = {h.resource_id.lower() for h in holders}
    kept |= {d.resource.resource_id.lower() for d in derived if d.owner.resource_id.lower() in kept}
    plan.skip.extend(Skip(h, SkipReason.HOLDS_FOREIGN) for h in holders)
    plan.delete = [r for r in plan.delete if r.resource_id.lower() not in kept]
    plan.with_owner = [d for d in plan.with_owner if d.owner.resource_id.lower() not in kept]


def plan_sweep(
    found: Iterable[Resource],
    group_contents: dict[str, list[Resource]],
    runs: dict[str, RunFacts],
    *,
    now: datetime,
    min_age: timedelta,
) -> CleanupPlan:
    """Plan a sweep over every run's leftovers; runs that are active or too young are skipped."""
    by_run: dict[str, list[Resource]] = defaultdict(list)
    plan = CleanupPlan()
    for resource in found:
        refusal = refusal_for_run(resource, None)
        if refusal is not None:
            plan.skip.append(refusal)
            continue
        by_run[str(ownership(resource.tags).run_id)].append(resource)

    for run_id, resources in sorted(by_run.items()):
        reason = sweep_refusal(runs.get(run_id), now=now, min_age=min_age)
        if reason is not None:
            plan.skip.extend(Skip(r, reason) for r in resources)
            continue
        sub = plan_run_cleanup(run_id, resources, group_contents)
        plan.delete.extend(sub.delete)
        plan.skip.extend(sub.skip)
        plan.runs.add(run_id)
    plan.delete = order_for_deletion(_unique(plan.delete))
    return plan


def sweep_refusal(facts: RunFacts | None, *, now: datetime, min_age: timedelta) -> SkipReason | None:
    """S5 for one run: None when the sweep may clean it."""
    if facts is not None and facts.active:
        return SkipReason.RUN_ACTIVE
    if min_age <= timedelta(0):
        return None
    if facts is None or facts.started_at is None:
        return SkipReason.RUN_AGE_UNKNOWN
    if now - facts.started_at < min_age:
        return SkipReason.RUN_TOO_YOUNG
    return None


def refusal_for_run(resource: Resource, run_id: str | None) -> Skip | None:
    """Why `resource` is not this run's to delete (any run's when `run_id` is None), or None."""
    # Deleting by an id with dot segments or encodings could land outside what was read (the
    # same normalization confines agents); such an id is refused, whatever its tags say.
    unsafe = unsafe_reason(resource.resource_id)
    if unsafe is not None:
        return Skip(resource, SkipReason.UNSAFE_ID, unsafe)
    own = ownership(resource.tags)
    if own.lookalike is not None:
        return Skip(resource, SkipReason.LOOKALIKE, own.lookalike)
    if not own.managed:
        return Skip(resource, SkipReason.NOT_MANAGED)
    if own.run_id is None:
        return Skip(resource, SkipReason.NO_RUN_ID)
    if run_id is not None and own.run_id != run_id:
        return Skip(resource, SkipReason.OTHER_RUN)
    return None


def _unique(resources: Iterable[Resource]) -> list[Resource]:
    seen: dict[str, Resource] = {}
    for resource in resources:
        seen.setdefault(resource.resource_id.lower(), resource)
    return list(seen.values())
