"""The vaults' secrets as other emulator services may read them (the Key Vault interface).

Container Apps resolves an app's Key Vault secret references through `read_secret_as`: the
value only when the named identity may read it, as Key Vault itself would decide.
"""

from __future__ import annotations

from urllib.parse import urlparse

from haymaker.emulator.core.authentication import Caller
from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.keyvault.hosts import vault_of_host
from haymaker.emulator.keyvault.permissions import denial

SECRET = "kv_secret"
DELETED_SECRET = "kv_deleted_secret"


def secret_key(vault: str, name: str) -> str:
    """A secret's state key: `<vault>/<name>`, both lowercased (Key Vault names ignore case)."""
    return f"{vault.lower()}/{name.lower()}"


class SecretUnreadable(Exception):
    """Why a secret reference cannot be resolved (the message is Key Vault's answer)."""


def parse_secret_url(url: str) -> tuple[str, str, str | None] | None:
    """(vault host, secret, version) of `https://<vault host>/secrets/<name>[/<version>]`."""
    parsed = urlparse(url)
    parts = [p for p in parsed.path.split("/") if p]
    if parsed.scheme != "https" or not parsed.netloc or len(parts) not in (2, 3) or parts[0] != "secrets":
        return None
    return parsed.netloc.lower(), parts[1], parts[2] if len(parts) == 3 else None


def read_secret_as(ctx: EmulatorContext, principal_id: str, url: str) -> str:
    """The secret's value if `principal_id` may get it (SecretUnreadable says why not)."""
    where = parse_secret_url(url)
    if where is None:
        raise SecretUnreadable(f"'{url}' is not a Key Vault secret URL")
    host, name, version = where
    vault = vault_of_host(ctx, host)
    if vault is None:
        raise SecretUnreadable(f"no vault is reachable at {host}")
    vault_name = str(vault["name"])
    caller = Caller(object_id=principal_id, app_id=principal_id, tenant_id=ctx.settings.tenant_id)
    refused = denial(ctx, caller, vault, "get", name)
    if refused is not None:
        raise SecretUnreadable(refused.message)
    doc = ctx.state.get(SECRET, secret_key(vault_name, name))
    versions = (doc or {}).get("versions") or []
    if version is not None:
        versions = [v for v in versions if v.get("version") == version]
    if not versions:
        raise SecretUnreadable(f"A secret with (name/id) {name} was not found in this key vault.")
    return str(versions[-1]["value"])
