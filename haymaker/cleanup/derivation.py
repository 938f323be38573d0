"""Ownership by derivation (issue 11, item 5): resources Azure makes on its own carry none of our
tags, yet a run owns them as surely as what it tagged. A precise, narrow extension of S1/S3.

An untagged resource counts as this run's when it hangs off one of this run's resources:
(a) its id lies under one (a child: a SQL server's `master` database, an untagged slot);
(b) its `managedBy` is one (a VM's OS disk);
(c) it is of a type Azure creates as a side effect and the property Azure sets names one (a
    private endpoint's NIC, `properties.privateEndpoint.id`).
Never when it carries any tag at all (another owner's, or any HayMaker did not write), and never
when it is older than the resource it would derive from (a disk that existed before our VM and was
attached to it later), or when either creation time is unknown: then it is foreign and keeps its
group (S3).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from haymaker.models import Resource

# Types Azure creates as side effects -> the property path that names the resource that caused
# them. Source: azure-rest-api-specs specification/network/resource-manager/Microsoft.Network/
# stable/2024-05-01/networkInterface.json NetworkInterfacePropertiesFormat.privateEndpoint
# (read-only: only Azure sets it, on the NIC it makes for a private endpoint).
SIDE_EFFECT_OWNER_PROPERTY: dict[str, tuple[str, ...]] = {
    "microsoft.network/networkinterfaces": ("privateEndpoint", "id"),
}


class Link(StrEnum):
    CHILD = "a child of"
    MANAGED = "managed by"
    SIDE_EFFECT = "created by Azure for"


@dataclass(frozen=True)
class Derived:
    """An untagged resource this run owns through `owner`."""

    resource: Resource
    owner: Resource
    link: Link

    @property
    def explanation(self) -> str:
        return f"untagged, {self.link.value} {self.owner.resource_type} {self.owner.resource_name}"

    @property
    def goes_with_owner(self) -> bool:
        """Children and side effects go when their owner is deleted; a managed resource may be
        detached instead (a disk with deleteOption Detach), so it is deleted after its owner."""
        return self.link is not Link.MANAGED


def derive(resource: Resource, ours: Mapping[str, Resource]) -> Derived | None:
    """How `resource` belongs to one of `ours` (keyed by lowercase id), or None: foreign."""
    if resource.tags or resource.is_resource_group or resource.created_at is None:
        return None
    key = resource.resource_id.lower()
    found = _parent(key, ours)
    link = Link.CHILD
    if found is None and resource.managed_by:
        found, link = ours.get(resource.managed_by.lower()), Link.MANAGED
    if (
        found is None
        and resource.side_effect_of
        and resource.resource_type.lower() in SIDE_EFFECT_OWNER_PROPERTY
    ):
        found, link = ours.get(resource.side_effect_of.lower()), Link.SIDE_EFFECT
    if found is None or found.created_at is None or resource.created_at < found.created_at:
        return None
    return Derived(resource, found, link)


def _parent(key: str, ours: Mapping[str, Resource]) -> Resource | None:
    """The nearest of `ours` whose id `key` lies under (never a resource group)."""
    best: Resource | None = None
    for candidate_key, candidate in ours.items():
        if candidate.is_resource_group or not key.startswith(candidate_key.rstrip("/") + "/"):
            continue
        if best is None or len(candidate_key) > len(best.resource_id):
            best = candidate
    return best
