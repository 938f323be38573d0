"""Vaults: ARM resources (`Microsoft.KeyVault/vaults`) whose data plane this service serves.

On Azure a vault's data plane is its own host, `https://<name>.vault.azure.net`; here every vault
gets a loopback host of its own (keyvault/hosts.py), the orchestrator's (`settings.key_vault_id`,
made at start-up) the emulator's main one, and `vaultUri` says which. Vault names are unique across Azure, so a second vault of the same name is `409 VaultAlreadyExists`
(https://learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates#vault-name-and-object-name).
The permission model is the vault's: `enableRbacAuthorization` (the default from api-version
2026-02-01 on) or its `accessPolicies`
(https://learn.microsoft.com/azure/key-vault/general/rbac-access-policy).
"""

from __future__ import annotations

from typing import Any

from haymaker.emulator.core.context import BaseHooks, EmulatorContext, HookRegistry
from haymaker.emulator.core.errors import EmulatorHTTPError
from haymaker.emulator.keyvault.hosts import assign_host
from haymaker.emulator.keyvault.lookup import INDEX, find_vault

VAULT_TYPE = "Microsoft.KeyVault/vaults"
RBAC_DEFAULT_FROM = "2026-02-01"
SOFT_DELETE_DAYS = 90


def vault_uri(ctx: EmulatorContext, resource_id: str, name: str) -> str:
    """The orchestrator's vault: the emulator's main host; any other: a host of its own."""
    if resource_id.lower() == ctx.settings.key_vault_id.lower():
        return ctx.settings.key_vault_url.rstrip("/") + "/"
    netloc = assign_host(ctx, name)
    return f"https://{netloc}/" if netloc else f"https://{name.lower()}.vault.azure.net/"


def uses_rbac(vault: dict[str, Any]) -> bool:
    return bool((vault.get("properties") or {}).get("enableRbacAuthorization"))


def purge_protected(vault: dict[str, Any]) -> bool:
    return bool((vault.get("properties") or {}).get("enablePurgeProtection"))


class VaultHooks(BaseHooks):
    def validate_put(self, ctx: EmulatorContext, resource: dict[str, Any]) -> None:
        name = str(resource.get("name", ""))
        existing = find_vault(ctx, name)
        if existing is not None and str(existing["id"]).lower() != str(resource["id"]).lower():
            raise EmulatorHTTPError(
                409,
                "VaultAlreadyExists",
                f"The vault name '{name}' is already in use. Vault names are globally unique so it "
                "is possible that the name is already taken.",
            )
        props = resource.get("properties") or {}
        previous = ((existing or {}).get("properties") or {}) if existing else {}
        if previous.get("enablePurgeProtection") and props.get("enablePurgeProtection") is False:
            raise EmulatorHTTPError(
                400,
                "BadRequest",
                "Once enabled, purge protection cannot be disabled on the vault.",
            )

    def after_put(self, ctx: EmulatorContext, resource: dict[str, Any]) -> dict[str, Any]:
        props = resource.setdefault("properties", {})
        api_version = str((resource.get("_meta") or {}).get("api_version") or "")
        props.setdefault("tenantId", ctx.settings.tenant_id)
        props.setdefault("enableRbacAuthorization", api_version >= RBAC_DEFAULT_FROM)
        props["enableSoftDelete"] = True  # soft delete can no longer be turned off on Azure
        props.setdefault("softDeleteRetentionInDays", SOFT_DELETE_DAYS)
        props.setdefault("accessPolicies", [])
        props["vaultUri"] = vault_uri(ctx, str(resource["id"]), str(resource["name"]))
        ctx.state.put(INDEX, str(resource["name"]).lower(), {"id": resource["id"]})
        return resource

    def before_delete(self, ctx: EmulatorContext, resource: dict[str, Any]) -> None:
        ctx.state.delete(INDEX, str(resource.get("name", "")).lower())


def register_hooks(registry: HookRegistry) -> None:
    registry.register(VAULT_TYPE, VaultHooks())
