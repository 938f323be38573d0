"""The last look before a resource group goes (finding 4 of the safety campaign).

Deleting a group deletes whatever it holds at that moment, so what the plan saw minutes ago is
not enough: a foreign resource created after the listing would go with it. Immediately before
each group is deleted, ARM lists it again; if anything that is not this run's is there now, the
group is kept, our resources in it are deleted one by one (S3) and the newcomer is reported.
The remaining window is one ARM round trip; Azure offers no conditional group delete.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from haymaker.azure.api_versions import resource_group_of, subscription_of
from haymaker.azure.clients import AzureClients
from haymaker.cleanup.discovery import list_group
from haymaker.cleanup.plan import CleanupPlan, Skip, SkipReason, sort_contents
from haymaker.models import Resource
from haymaker.tags import ownership


@dataclass
class GroupCheck:
    """What a group holds right now: ours (to delete one by one if the group is kept) and the
    refusals for everything else."""

    group: Resource
    ours: list[Resource] = field(default_factory=list)
    newcomers: list[Skip] = field(default_factory=list)

    @property
    def safe_to_delete(self) -> bool:
        return not self.newcomers


def check_group(clients: AzureClients, group: Resource) -> GroupCheck:
    """List `group` again through ARM and sort what it holds by the ownership rule."""
    run_id = ownership(group.tags).run_id
    contents = list_group(
        clients, subscription_of(group.resource_id), resource_group_of(group.resource_id) or ""
    )
    check = GroupCheck(group)
    # What Azure made for ours (derivation) is ours here too; everything else is a newcomer.
    sorted_contents = sort_contents(contents, run_id, {})
    check.ours = sorted_contents.ours
    check.newcomers = [
        Skip(refusal.resource, SkipReason.ARRIVED_AFTER_PLAN, refusal.reason.value)
        for refusal in sorted_contents.foreign
    ]
    return check


def keep_group(plan: CleanupPlan, check: GroupCheck) -> list[Resource]:
    """Record in `plan` that the group stays and why; returns our resources in it, which are
    now planned one by one (so verification checks each)."""
    names = ", ".join(f"{s.resource.resource_type} {s.resource.resource_name}" for s in check.newcomers)
    key = check.group.resource_id.lower()
    plan.delete = [r for r in plan.delete if r.resource_id.lower() != key]
    plan.skip.append(Skip(check.group, SkipReason.GROUP_HOLDS_FOREIGN, f"arrived during cleanup: {names}"))
    plan.skip.extend(check.newcomers)
    planned = {r.resource_id.lower() for r in plan.delete}
    added = [r for r in check.ours if r.resource_id.lower() not in planned]
    plan.delete.extend(added)
    return added
