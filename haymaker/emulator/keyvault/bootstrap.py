"""The orchestrator's vault, made at start-up as a tenant's operator makes it before a first run.

A resource group and an RBAC vault with purge protection off (HayMaker purges what it deletes);
both untagged, so no HayMaker cleanup ever treats them as its own.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from haymaker.emulator.arm import RESOURCE_GROUP_TYPE, get_resource, put_resource
from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.keyvault.vaults import VAULT_TYPE, VaultHooks

API_VERSION = "2024-11-01"


def _meta(subscription: str, group: str, scope: str, parent: str) -> dict[str, Any]:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return {
        "api_version": API_VERSION,
        "created": now,
        "changed": now,
        "subscription": subscription,
        "resource_group": group,
        "scope": scope,
        "parent": parent,
        "extension": False,
        "operation": None,
    }


def ensure_vault(ctx: EmulatorContext, group: str, name: str, location: str) -> str:
    """Create (or find) resource group `group` and RBAC vault `name` in it; the vault's id."""
    subscription = ctx.settings.subscription_id
    sub_id = f"/subscriptions/{subscription}"
    group_id = f"{sub_id}/resourceGroups/{group}"
    vault_id = f"{group_id}/providers/{VAULT_TYPE}/{name}"
    if get_resource(ctx, group_id) is None:
        put_resource(
            ctx,
            {
                "id": group_id,
                "name": group,
                "type": RESOURCE_GROUP_TYPE,
                "location": location,
                "tags": {},
                "properties": {"provisioningState": "Succeeded"},
                "_meta": _meta(subscription, group, sub_id, sub_id),
            },
        )
    if get_resource(ctx, vault_id) is None:
        doc: dict[str, Any] = {
            "id": vault_id,
            "name": name,
            "type": VAULT_TYPE,
            "location": location,
            "tags": {},
            "properties": {
                "sku": {"family": "A", "name": "standard"},
                "enableRbacAuthorization": True,
                "provisioningState": "Succeeded",
            },
            "_meta": _meta(subscription, group, group_id, group_id),
        }
        put_resource(ctx, VaultHooks().after_put(ctx, doc))
    return vault_id
