"""What a new emulator holds: the bootstrap administrator and the orchestrator's vault.

A fresh Azure subscription has an owner who signs in and grants everything else; the emulator's
is a service principal made at start-up (and again after a reset), with Owner and Key Vault
Administrator on the subscription, effective at once. Its client id and secret are written to
`emulator.json` (mode 0600) and reused on a restart with the same data dir. The vault
(`emulator-infrastructure/emulator-vault`, RBAC) is where the orchestrator keeps scenario
secrets, as the Key Vault an operator creates before a first run on Azure.
"""

from __future__ import annotations

import json
import secrets
import uuid
from pathlib import Path

from pydantic import SecretStr

from haymaker.emulator.arm import register_provider
from haymaker.emulator.authorization import assign_role, role_id_by_name
from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.core.settings import SETTINGS_FILE
from haymaker.emulator.graph import (
    ensure_application_principal,
    ensure_microsoft_graph,
    grant_graph_permissions,
)
from haymaker.emulator.keyvault import ensure_vault

ADMIN_DISPLAY_NAME = "HayMaker emulator administrator"
ADMIN_ROLES = ("Owner", "Key Vault Administrator")
# Admin consent an operator gives the orchestrator: manage apps, grant app roles to them.
ADMIN_GRAPH_PERMISSIONS = ["Application.ReadWrite.All", "AppRoleAssignment.ReadWrite.All"]
# The orchestrator's vault, as an operator creates it before a first run on Azure.
INFRASTRUCTURE_GROUP = "emulator-infrastructure"
VAULT_NAME = "emulator-vault"
VAULT_LOCATION = "eastus"


def vault_id(subscription_id: str) -> str:
    return (
        f"/subscriptions/{subscription_id}/resourceGroups/{INFRASTRUCTURE_GROUP}"
        f"/providers/Microsoft.KeyVault/vaults/{VAULT_NAME}"
    )


def admin_credentials(data_dir: Path) -> tuple[str, SecretStr]:
    """The administrator's client id and secret: those of an earlier start, or new ones."""
    path = data_dir / SETTINGS_FILE
    if path.exists():
        try:
            saved = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError):
            saved = {}
        if saved.get("admin_client_id") and saved.get("admin_client_secret"):
            return str(saved["admin_client_id"]), SecretStr(str(saved["admin_client_secret"]))
    return str(uuid.uuid4()), SecretStr(secrets.token_urlsafe(30))


def ensure_tenant(ctx: EmulatorContext) -> str:
    """What a new emulator starts with (again after a reset): the administrator, its roles and
    the orchestrator's vault. Returns the administrator's object id."""
    register_provider(ctx, "Microsoft.KeyVault", at_once=True)
    ensure_vault(ctx, INFRASTRUCTURE_GROUP, VAULT_NAME, VAULT_LOCATION)
    return ensure_admin(ctx)


def ensure_admin(ctx: EmulatorContext) -> str:
    """Create (or find) the administrator and its role assignments; its object id."""
    settings = ctx.settings
    principal = ensure_application_principal(
        ctx, settings.admin_client_id, settings.admin_client_secret.get_secret_value(), ADMIN_DISPLAY_NAME
    )
    scope = f"/subscriptions/{settings.subscription_id}"
    for role in ADMIN_ROLES:
        assign_role(ctx, scope, role_id_by_name(role), principal, effective_now=True)
    ensure_microsoft_graph(ctx)
    grant_graph_permissions(ctx, principal, ADMIN_GRAPH_PERMISSIONS)
    return principal
