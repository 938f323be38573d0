"""A host per vault: Key Vault's data plane is `https://<vault>.vault.azure.net`, one host each.

The SDK takes a vault to be a host (azure.keyvault.secrets._shared.parse_key_vault_id), so the
emulator gives every vault a loopback address of its own (`127.0.1.N:<port>`, opened by the
composition root through `ctx.runtime[VAULT_HOST_OPENER]`) and tells vaults apart by the host a
request came to. The orchestrator's vault is served on the emulator's main host. Without an
opener (hook-level tests, no server) a vault has Azure's host name and no data plane here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.keyvault.lookup import find_vault, served_vault

KIND = "kv_vault_host"
VAULT_HOST_OPENER = "open_vault_host"
Opener = Callable[[str | None], str]


def main_host(ctx: EmulatorContext) -> str:
    return urlparse(ctx.settings.key_vault_url).netloc.lower()


def vault_of_host(ctx: EmulatorContext, netloc: str) -> dict[str, Any] | None:
    """The vault a request to `netloc` (host:port) is for, or None."""
    netloc = netloc.lower()
    if netloc == main_host(ctx):
        return served_vault(ctx)
    entry = ctx.state.get(KIND, netloc)
    return find_vault(ctx, entry["vault"]) if entry else None


def host_of_vault(ctx: EmulatorContext, name: str) -> str | None:
    for netloc, entry in ctx.state.items(KIND):
        if entry["vault"] == name.lower() and find_vault(ctx, name) is not None:
            return netloc
    return None


def assign_host(ctx: EmulatorContext, name: str) -> str | None:
    """The vault's host:port, opened now if it has none; None when no server can open one."""
    existing = host_of_vault(ctx, name)
    if existing is not None:
        return existing
    opener: Opener | None = ctx.runtime.get(VAULT_HOST_OPENER)
    if opener is None:
        return None
    netloc = opener(None).lower()
    ctx.state.put(KIND, netloc, {"vault": name.lower()})
    return netloc


def reopen_vault_hosts(ctx: EmulatorContext) -> None:
    """After a restart on the same data dir: serve every vault's host again."""
    opener: Opener | None = ctx.runtime.get(VAULT_HOST_OPENER)
    if opener is None:
        return
    for netloc, entry in ctx.state.items(KIND):
        if find_vault(ctx, entry["vault"]) is not None:
            opener(netloc)
