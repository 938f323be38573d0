"""Parse ARM paths: subscriptions, resource groups, resources, child and extension resources."""

from __future__ import annotations

from dataclasses import dataclass

# Extension resource types attach to any scope (a subscription, a group or a resource).
EXTENSION_TYPES = frozenset(
    {
        "microsoft.authorization/locks",
        "microsoft.authorization/roleassignments",
        "microsoft.authorization/roledefinitions",
        "microsoft.insights/diagnosticsettings",
    }
)

RESOURCE_GROUP_TYPE = "Microsoft.Resources/resourceGroups"


@dataclass(frozen=True)
class ArmPath:
    """One ARM path. `is_collection` when it names a list (an odd number of type/name parts)."""

    path: str
    subscription: str
    resource_group: str | None
    namespace: str | None
    type: str
    name: str | None
    scope: str
    parent: str | None
    is_collection: bool

    @property
    def key(self) -> str:
        """The state key: ARM ids compare case-insensitively."""
        return self.path.lower()

    @property
    def type_key(self) -> str:
        return self.type.lower()

    @property
    def is_extension(self) -> bool:
        return self.type_key in EXTENSION_TYPES

    @property
    def resource_group_id(self) -> str | None:
        if self.resource_group is None:
            return None
        return f"/subscriptions/{self.subscription}/resourceGroups/{self.resource_group}"


def parse_arm_path(path: str) -> ArmPath | None:
    """Parse a request path; None when it is not under /subscriptions/{id}."""
    clean = "/" + path.strip("/")
    parts = clean.strip("/").split("/")
    if len(parts) < 2 or parts[0].lower() != "subscriptions" or not parts[1]:
        return None
    sub = parts[1]
    sub_id = f"/subscriptions/{sub}"
    rg = parts[3] if len(parts) >= 4 and parts[2].lower() == "resourcegroups" else None
    last_providers = max((i for i, p in enumerate(parts) if p.lower() == "providers"), default=None)
    if last_providers is None:
        if len(parts) == 2:
            return ArmPath(clean, sub, None, None, "Microsoft.Resources/subscriptions", sub, "/", None, False)
        if len(parts) == 3 and parts[2].lower() == "resourcegroups":
            return ArmPath(clean, sub, None, None, RESOURCE_GROUP_TYPE, None, sub_id, sub_id, True)
        if len(parts) == 4 and rg is not None:
            return ArmPath(clean, sub, rg, None, RESOURCE_GROUP_TYPE, rg, sub_id, sub_id, False)
        if len(parts) == 5 and rg is not None and parts[4].lower() == "resources":
            rg_id = f"{sub_id}/resourceGroups/{rg}"
            return ArmPath(clean, sub, rg, None, "Microsoft.Resources/resources", None, rg_id, rg_id, True)
        return None
    scope = "/" + "/".join(parts[:last_providers]) if last_providers > 0 else "/"
    rest = parts[last_providers + 1 :]
    if not rest:
        return None
    namespace = rest[0]
    pairs = rest[1:]
    if not pairs:
        return ArmPath(clean, sub, rg, namespace, namespace, None, scope, scope, True)
    types = pairs[0::2]
    names = pairs[1::2]
    full_type = namespace + "/" + "/".join(types)
    is_collection = len(types) != len(names)
    name = names[-1] if names and not is_collection else None
    if is_collection:
        parent = scope if len(types) == 1 else "/".join(clean.split("/")[:-1])
    elif len(types) == 1:
        parent = scope
    else:
        parent = "/".join(clean.split("/")[:-2])
    return ArmPath(clean, sub, rg, namespace, full_type, name, scope, parent, is_collection)
