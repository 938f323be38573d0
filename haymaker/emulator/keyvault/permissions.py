"""Who may do what with a vault's secrets: Azure RBAC data actions or the vault's access policies.

RBAC vaults check the caller's data actions at the secret's scope (`<vault id>/secrets/<name>`)
or the vault's; denial is `403 Forbidden` with inner code `ForbiddenByRbac`. Access-policy
vaults check the caller's object id in `accessPolicies` (`ForbiddenByPolicy`).
Sources: https://learn.microsoft.com/azure/key-vault/general/rbac-guide,
https://learn.microsoft.com/azure/role-based-access-control/permissions/security#microsoftkeyvault
(the data actions), https://learn.microsoft.com/azure/key-vault/general/troubleshooting-access-issues
(both error texts).
"""

from __future__ import annotations

from typing import Any

from haymaker.emulator.core.authentication import Caller
from haymaker.emulator.core.authorization import grants_for
from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.core.errors import EmulatorHTTPError

DATA_ACTIONS = {
    "get": "Microsoft.KeyVault/vaults/secrets/getSecret/action",
    "list": "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
    "set": "Microsoft.KeyVault/vaults/secrets/setSecret/action",
    "update": "Microsoft.KeyVault/vaults/secrets/update/action",
    "delete": "Microsoft.KeyVault/vaults/secrets/delete",
    "purge": "Microsoft.KeyVault/vaults/secrets/purge/action",
    "recover": "Microsoft.KeyVault/vaults/secrets/recover/action",
}
# Access policies name secret permissions by verb; an update needs "set".
POLICY_PERMISSIONS = {"update": "set"}


class KeyVaultForbidden(EmulatorHTTPError):
    def __init__(self, message: str, inner: str) -> None:
        super().__init__(403, "Forbidden", message)
        self.inner = inner

    def response(self):  # type: ignore[no-untyped-def]
        from starlette.responses import JSONResponse

        return JSONResponse(
            {"error": {"code": "Forbidden", "message": self.message, "innererror": {"code": self.inner}}},
            status_code=403,
        )


def denial(
    ctx: EmulatorContext, caller: Caller, vault: dict[str, Any], operation: str, secret: str | None
) -> KeyVaultForbidden | None:
    """None when the caller may perform `operation`, else the 403 Key Vault answers."""
    props = vault.get("properties") or {}
    where = f"{vault['name']};location={vault.get('location')}"
    who = (
        f"appid={caller.app_id};oid={caller.object_id};iss=https://sts.windows.net/{ctx.settings.tenant_id}/"
    )
    if props.get("enableRbacAuthorization"):
        scope = str(vault["id"]) + (f"/secrets/{secret}" if secret else "")
        action = DATA_ACTIONS[operation]
        if grants_for(ctx, caller).permits(action, scope, data=True):
            return None
        return KeyVaultForbidden(
            "Caller is not authorized to perform action on resource.\r\nIf role assignments, deny "
            "assignments or role definitions were changed recently, please observe propagation "
            f"time.\r\nCaller: {who}\r\nAction: '{action}'\r\nResource: '{scope.lower()}'\r\n"
            f"Assignment: (not found)\r\nDecisionReason: 'DeniedWithNoValidRBAC' \r\nVault: {where}\r\n",
            "ForbiddenByRbac",
        )
    wanted = POLICY_PERMISSIONS.get(operation, operation)
    for policy in props.get("accessPolicies") or []:
        if str(policy.get("objectId", "")).lower() != caller.object_id.lower():
            continue
        granted = {str(p).lower() for p in ((policy.get("permissions") or {}).get("secrets") or [])}
        if wanted in granted or "all" in granted:
            return None
    return KeyVaultForbidden(
        f"The user, group or application '{who}' does not have secrets {wanted} permission on key "
        f"vault '{where}'. For help resolving this issue, please see "
        "https://go.microsoft.com/fwlink/?linkid=2125287",
        "ForbiddenByPolicy",
    )


def authorize(
    ctx: EmulatorContext, caller: Caller, vault: dict[str, Any], operation: str, secret: str | None = None
) -> None:
    refused = denial(ctx, caller, vault, operation, secret)
    if refused is not None:
        raise refused
