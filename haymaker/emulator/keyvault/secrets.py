"""The vault's secrets as other emulator services may read them (the Key Vault interface).

Container Apps resolves an app's Key Vault secret references through `secret_value`, never by
reading the vault's documents itself.
"""

from __future__ import annotations

from haymaker.emulator.core.context import EmulatorContext

SECRET = "kv_secret"
DELETED_SECRET = "kv_deleted_secret"


def secret_value(ctx: EmulatorContext, name: str, version: str | None = None) -> str | None:
    """The value of a live secret (its latest version, or `version`), or None when it is absent."""
    doc = ctx.state.get(SECRET, name.lower())
    versions = (doc or {}).get("versions") or []
    if version is not None:
        versions = [v for v in versions if v.get("version") == version]
    return str(versions[-1]["value"]) if versions else None
