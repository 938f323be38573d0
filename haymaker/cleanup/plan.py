"""Decide what a cleanup may delete. Pure: the safety invariants live here, tested directly.

S1 only what carries AzureHayMaker-managed=true; S2 a run-scoped cleanup only its own run id;
S3 a resource group holding anything foreign is kept (our children go one by one);
S5 the sweep skips runs that are active or younger than the minimum age. Ownership is decided
by one rule (`haymaker.tags.ownership`): what merely looks like ours is left alone and reported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

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

    kept_groups: set[str] = set()
    for resource in candidates.values():
        if not resource.is_resource_group:
            continue
        group = resource.resource_id.lower()
        foreign = [
            refusal
            for child in group_contents.get(group, [])
            if (refusal := refusal_for_run(child, run_id)) is not None
        ]
        if foreign:
            kept_groups.add(group)
            plan.skip.append(Skip(resource, SkipReason.GROUP_HOLDS_FOREIGN))
            plan.skip.extend(foreign)

    deleted_groups = {rid for rid, r in candidates.items() if r.is_resource_group and rid not in kept_groups}
    for rid, resource in candidates.items():
        if rid in kept_groups:
            continue
        if not resource.is_resource_group and _group_id(resource) in deleted_groups:
            continue  # goes with its group
        plan.delete.append(resource)
    # Our children inside kept groups must go one by one (S3), even if Resource Graph missed them.
    for group in kept_groups:
        for child in group_contents.get(group, []):
            if refusal_for_run(child, run_id) is None and child.resource_id.lower() not in candidates:
                plan.delete.append(child)
    plan.delete = order_for_deletion(_unique(plan.delete))
    return plan


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
