"""Put ARM documents straight into the emulator's state, in the ARM engine's shape.

So that Resource Graph tests do not depend on the ARM engine: documents are what
haymaker/emulator/arm/store.py stores (ARM JSON plus an internal `_meta`), kind "arm",
key = lowercased id.
"""

from __future__ import annotations

from typing import Any

from haymaker.emulator.core.state import EmulatorState

ARM_KIND = "arm"
RESOURCE_GROUP_TYPE = "Microsoft.Resources/resourceGroups"


def state_key(resource_id: str) -> str:
    return "/" + resource_id.strip("/").lower()


class ArmSeeder:
    """Writes resource groups and resources of one subscription (or another, when given)."""

    def __init__(self, state: EmulatorState, subscription_id: str) -> None:
        self.state = state
        self.subscription_id = subscription_id

    def group_id(self, name: str, subscription: str | None = None) -> str:
        return f"/subscriptions/{subscription or self.subscription_id}/resourceGroups/{name}"

    def resource_group(
        self,
        name: str,
        *,
        tags: dict[str, str] | None = None,
        location: str = "eastus",
        subscription: str | None = None,
    ) -> str:
        resource_id = self.group_id(name, subscription)
        self.document(
            {
                "id": resource_id,
                "name": name,
                "type": RESOURCE_GROUP_TYPE,
                "location": location,
                "tags": dict(tags or {}),
                "properties": {"provisioningState": "Succeeded"},
            }
        )
        return resource_id

    def resource(
        self,
        group: str,
        resource_type: str,
        name: str,
        *,
        tags: dict[str, str] | None = None,
        location: str | None = "eastus",
        properties: dict[str, Any] | None = None,
        subscription: str | None = None,
        **extra: Any,
    ) -> str:
        """A resource `{group}/providers/{resource_type}/{name}`; child types take 'a/b' names."""
        namespace, *types = resource_type.split("/")
        names = name.split("/")
        if len(types) != len(names):
            raise ValueError(f"{resource_type} needs {len(types)} name parts, got {name!r}")
        segments = "/".join(f"{t}/{n}" for t, n in zip(types, names, strict=True))
        resource_id = f"{self.group_id(group, subscription)}/providers/{namespace}/{segments}"
        doc: dict[str, Any] = {
            "id": resource_id,
            "name": names[-1],
            "type": resource_type,
            "tags": dict(tags or {}),
            "properties": dict(properties or {"provisioningState": "Succeeded"}),
            **extra,
        }
        if location is not None:
            doc["location"] = location
        self.document(doc)
        return resource_id

    def document(self, doc: dict[str, Any]) -> None:
        """Store a document with the ARM engine's bookkeeping under `_meta`."""
        body = dict(doc)
        body.setdefault(
            "_meta",
            {
                "api_version": "2024-05-01",
                "created": "2026-01-01T00:00:00.000000Z",
                "changed": "2026-01-01T00:00:00.000000Z",
                "subscription": self.subscription_id,
                "resource_group": None,
                "scope": "",
                "parent": None,
                "extension": False,
                "operation": None,
            },
        )
        self.state.put(ARM_KIND, state_key(body["id"]), body)
