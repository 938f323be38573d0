"""Every live data-plane secret is also an ARM resource, `<vault id>/secrets/<name>`, as on Azure.

ARM shows a vault's secrets (without values) under Microsoft.KeyVault/vaults/secrets, and Key
Vault RBAC scopes a role assignment to one secret by that id
(https://learn.microsoft.com/azure/key-vault/general/rbac-guide#secret-scope-role-assignment).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from haymaker.emulator.arm import delete_document, get_resource, put_resource
from haymaker.emulator.core.context import EmulatorContext

SECRET_TYPE = "Microsoft.KeyVault/vaults/secrets"
API_VERSION = "2024-11-01"


def secret_resource_id(vault: dict[str, Any], name: str) -> str:
    return f"{vault['id']}/secrets/{name}"


def mirror_secret(ctx: EmulatorContext, vault: dict[str, Any], name: str, uri: str) -> None:
    resource_id = secret_resource_id(vault, name)
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    previous = get_resource(ctx, resource_id) or {}
    vault_meta = vault.get("_meta") or {}
    put_resource(
        ctx,
        {
            "id": resource_id,
            "name": name,
            "type": SECRET_TYPE,
            "location": vault.get("location"),
            "properties": {"secretUri": uri, "attributes": {"enabled": True}},
            "_meta": {
                **(previous.get("_meta") or {}),
                "api_version": API_VERSION,
                "created": (previous.get("_meta") or {}).get("created", now),
                "changed": now,
                "subscription": vault_meta.get("subscription"),
                "resource_group": vault_meta.get("resource_group"),
                "scope": vault_meta.get("scope"),
                "parent": vault["id"],
                "extension": False,
                "operation": None,
            },
        },
    )


def unmirror_secret(ctx: EmulatorContext, vault: dict[str, Any], name: str) -> None:
    delete_document(ctx, secret_resource_id(vault, name))
