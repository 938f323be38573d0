"""Small facts about ARM resource ids: their type, whether they are top-level, their parent."""

from __future__ import annotations

import re

_RG = re.compile(r"^/subscriptions/[^/]+/resourceGroups/[^/]+$", re.IGNORECASE)
# Types that attach to a scope rather than live in it: they take no tags.
_EXTENSION_NAMESPACES = ("microsoft.authorization/",)
_EXTENSION_TYPES = frozenset({"microsoft.insights/diagnosticsettings"})
_TOP_LEVEL = re.compile(
    r"^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/[^/]+/[^/]+/[^/]+$", re.IGNORECASE
)


def resource_type(resource_id: str) -> str | None:
    """`Namespace/type[/child...]` of a resource id, or None when it is not one.

    Extension resources take the type after their last `providers` segment.
    """
    path = "/" + resource_id.strip("/")
    if _RG.match(path):
        return "Microsoft.Resources/resourceGroups"
    parts = path.strip("/").split("/")
    if len(parts) < 2 or parts[0].lower() != "subscriptions":
        return None
    providers = [i for i, part in enumerate(parts) if part.lower() == "providers"]
    if not providers:
        return None
    rest = parts[providers[-1] + 1 :]
    if len(rest) < 3 or len(rest) % 2 == 0 or any(not part for part in rest):
        return None
    namespace, pairs = rest[0], rest[1:]
    return namespace + "/" + "/".join(pairs[0::2])


def is_resource_id(resource_id: str) -> bool:
    return resource_type(resource_id) is not None


def is_top_level_resource(resource_id: str) -> bool:
    """A resource directly in a resource group (one type/name pair after its provider) or the
    group itself: the things that carry tags. Child and extension resources (locks, role
    assignments, diagnostic settings) are not."""
    path = "/" + resource_id.strip("/")
    if _RG.match(path):
        return True
    if not _TOP_LEVEL.match(path):
        return False
    kind = (resource_type(path) or "").lower()
    return not (kind.startswith(_EXTENSION_NAMESPACES) or kind in _EXTENSION_TYPES)


def resource_name(resource_id: str) -> str:
    return resource_id.rstrip("/").rsplit("/", 1)[-1]


def is_under(resource_id: str, ancestor_id: str) -> bool:
    """True when `resource_id` is `ancestor_id` itself or lies beneath it (case-insensitive)."""
    child = resource_id.rstrip("/").lower()
    parent = ancestor_id.rstrip("/").lower()
    return child == parent or child.startswith(parent + "/")
