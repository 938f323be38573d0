"""ARM resource documents in the emulator state (kind "arm", key = lowercased id).

A document is the resource in ARM's JSON shape plus `_meta`, internal bookkeeping stripped from
every response:

    _meta = {
        "api_version": str,        # api-version of the last write
        "created": str, "changed": str,   # ISO 8601 UTC
        "subscription": str, "resource_group": str | None,
        "scope": str,              # the id the resource lives under (extension: its target)
        "parent": str | None,      # parent resource id for child resources, else the scope
        "extension": bool,         # a lock, role assignment, ... attached to `scope`
        "operation": str | None,   # id of the async operation still running on it
    }

Other emulator modules read and write documents through these helpers; documents written
elsewhere without `_meta` (e.g. role assignments) are handled too.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from haymaker.emulator.core.context import EmulatorContext

KIND = "arm"
META = "_meta"
# Deleted documents Resource Graph still shows while its lag lasts (options.resource_graph_lag_seconds).
TOMBSTONE_KIND = "arm_tombstone"

_CANONICAL_SEGMENTS = {
    "subscriptions": "subscriptions",
    "resourcegroups": "resourceGroups",
    "providers": "providers",
}


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def normalize_location(location: str) -> str:
    """ARM answers locations in their short form: 'East US' -> 'eastus'."""
    return location.replace(" ", "").lower()


def key_of(resource_id: str) -> str:
    """The state key of an id: ARM ids compare case-insensitively."""
    return "/" + resource_id.strip("/").lower()


def canonical_id(path: str) -> str:
    """An id with ARM's casing for the fixed segments (resourceGroups, providers)."""
    parts = path.strip("/").split("/")
    for i, part in enumerate(parts):
        # Only names in fixed-segment positions are rewritten, never resource names.
        if i % 2 == 0 and part.lower() in _CANONICAL_SEGMENTS:
            parts[i] = _CANONICAL_SEGMENTS[part.lower()]
    return "/" + "/".join(parts)


def is_under(key: str, ancestor_key: str) -> bool:
    """True when `key` is `ancestor_key` itself or anything below it."""
    return key == ancestor_key or key.startswith(ancestor_key.rstrip("/") + "/")


def get_resource(ctx: EmulatorContext, resource_id: str) -> dict[str, Any] | None:
    """The stored document (with `_meta`), or None."""
    return ctx.state.get(KIND, key_of(resource_id))


def put_resource(ctx: EmulatorContext, doc: dict[str, Any]) -> None:
    """Store a document under the key of its `id`."""
    ctx.state.put(KIND, key_of(doc["id"]), doc)


def delete_document(ctx: EmulatorContext, resource_id: str) -> bool:
    key = key_of(resource_id)
    if ctx.options.resource_graph_lag_seconds > 0:
        doc = ctx.state.get(KIND, key)
        if doc is not None:
            ctx.state.put(TOMBSTONE_KIND, key, {"doc": doc, "deleted": now_iso()})
    return ctx.state.delete(KIND, key)


def recently_deleted(ctx: EmulatorContext, within_seconds: float) -> list[dict[str, Any]]:
    """Documents deleted less than `within_seconds` ago (older tombstones are dropped)."""
    now = datetime.now(UTC)
    recent = []
    for key, tombstone in ctx.state.items(TOMBSTONE_KIND):
        if (now - parse_iso(tombstone["deleted"])).total_seconds() < within_seconds:
            recent.append(tombstone["doc"])
        else:
            ctx.state.delete(TOMBSTONE_KIND, key)
    return recent


def parse_iso(value: str) -> datetime:
    """A stored ISO 8601 time (now_iso()'s, or ARM's with seven fractional digits), as UTC."""
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def list_under(ctx: EmulatorContext, prefix_id: str, *, include_self: bool = False) -> list[dict[str, Any]]:
    """Documents below an id (children, extension resources, a group's resources)."""
    prefix = key_of(prefix_id)
    found = []
    for key, doc in ctx.state.items(KIND, prefix):
        if key == prefix and not include_self:
            continue
        if is_under(key, prefix):
            found.append(doc)
    return found


def all_resources(ctx: EmulatorContext, subscription: str | None = None) -> list[dict[str, Any]]:
    """Every document, or those of one subscription."""
    if subscription is None:
        return ctx.state.list(KIND)
    return list_under(ctx, f"/subscriptions/{subscription}")


def public_view(doc: dict[str, Any]) -> dict[str, Any]:
    """The document as ARM returns it: without `_meta` (or any other `_`-prefixed key)."""
    return {k: copy.deepcopy(v) for k, v in doc.items() if not k.startswith("_")}


def meta(doc: dict[str, Any]) -> dict[str, Any]:
    """The document's bookkeeping (an empty dict for documents written without it)."""
    value = doc.get(META)
    return value if isinstance(value, dict) else {}


def resource_group_id(subscription: str, name: str) -> str:
    return f"/subscriptions/{subscription}/resourceGroups/{name}"


def get_resource_group(ctx: EmulatorContext, subscription: str, name: str) -> dict[str, Any] | None:
    return get_resource(ctx, resource_group_id(subscription, name))


def type_of(doc: dict[str, Any]) -> str:
    return str(doc.get("type", ""))
