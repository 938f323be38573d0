"""Key Vault secrets: one soft-delete-enabled vault served at the root of the emulator URL.

Modules: `routes` (the data-plane API: set, get, update, list, versions, delete, deleted items,
purge, recover) and `secrets` (the store's kinds and the read other services may use).

Interface for other services: `secret_value(ctx, name, version=None)` (Container Apps resolves
Key Vault secret references with it).
"""

from haymaker.emulator.keyvault.secrets import secret_value

__all__ = ["secret_value"]
