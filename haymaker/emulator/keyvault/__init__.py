"""Key Vault: vaults as ARM resources, and their secrets' data plane, a host per vault.

Modules: `vaults` (the ARM hooks of `Microsoft.KeyVault/vaults`: name uniqueness, `vaultUri`,
permission model, purge protection), `lookup`, `hosts` (a loopback host per vault), `routes` (the data-plane API: set, get, update, list,
versions, delete, deleted items, purge, recover), `permissions` (RBAC data actions or access
policies), `secrets` (the store's kinds and the read other services may use).

Interface for other services: `read_secret_as(ctx, principal_id, url)` and `SecretUnreadable`
(Container Apps resolves Key Vault secret references with the app's identity), and
`parse_secret_url`, `ensure_vault` (the bootstrap creates the orchestrator's vault), and
`VAULT_HOST_OPENER` + `reopen_vault_hosts` (the composition root opens vaults' hosts).
"""

from haymaker.emulator.keyvault.bootstrap import ensure_vault
from haymaker.emulator.keyvault.hosts import VAULT_HOST_OPENER, reopen_vault_hosts
from haymaker.emulator.keyvault.secrets import SecretUnreadable, parse_secret_url, read_secret_as

__all__ = [
    "VAULT_HOST_OPENER",
    "SecretUnreadable",
    "ensure_vault",
    "parse_secret_url",
    "read_secret_as",
    "reopen_vault_hosts",
]
