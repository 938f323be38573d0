"""Key Vault references of an app, resolved as Container Apps resolves them: with the identity
each secret names, under that identity's Key Vault permissions, at the app's create or update.

A system-assigned identity does not exist until the app does, so `identity: "system"` on the
first PUT cannot read anything: Azure answers InvalidParameterValueInContainerTemplate ("Unable
to get value using Managed identity system"). Sources:
https://learn.microsoft.com/azure/container-apps/manage-secrets#reference-secret-from-key-vault
and https://learn.microsoft.com/azure/container-apps/managed-identity#common-use-cases (a
user-assigned identity is the way to reference secrets at creation).
"""

from __future__ import annotations

from typing import Any

from haymaker.emulator.arm import get_resource
from haymaker.emulator.container_apps.rules import SYSTEM_IDENTITY_REF, template_error
from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.keyvault import SecretUnreadable, read_secret_as


def _principal_of(
    ctx: EmulatorContext, app: dict[str, Any], identity_ref: str, first_create: bool
) -> str | None:
    if identity_ref.lower() == SYSTEM_IDENTITY_REF:
        if first_create:
            return None
        return (app.get("identity") or {}).get("principalId")
    identity = get_resource(ctx, identity_ref) or {}
    return (identity.get("properties") or {}).get("principalId")


def resolve_key_vault_refs(
    ctx: EmulatorContext, app: dict[str, Any], *, first_create: bool
) -> dict[str, str]:
    """App secret name -> value for every Key Vault reference; 400 when one cannot be read."""
    values: dict[str, str] = {}
    config = (app.get("properties") or {}).get("configuration") or {}
    for secret in config.get("secrets") or []:
        url = secret.get("keyVaultUrl")
        if not url:
            continue
        name, identity_ref = str(secret["name"]), str(secret.get("identity") or "")
        principal = _principal_of(ctx, app, identity_ref, first_create)
        if principal is None:
            raise template_error(
                "configuration.secrets",
                name,
                f"Unable to get value using Managed identity {identity_ref} for secret {name}. "
                f"Error: the identity {identity_ref} does not exist yet",
            )
        try:
            values[name] = read_secret_as(ctx, principal, str(url))
        except SecretUnreadable as exc:
            raise template_error(
                "configuration.secrets",
                name,
                f"Unable to get value using Managed identity {identity_ref} for secret {name}. "
                f"Error: {' '.join(str(exc).split())}",
            ) from None
    return values
