"""Key Vault secrets for service principal passwords: store, inspect, delete and purge.

Values go in as SecretStr and are unwrapped only inside the SDK call. Azure failures leave here
as haymaker.azure.errors types (from_http_error).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from azure.core.exceptions import HttpResponseError, ServiceRequestError, ServiceResponseError
from pydantic import SecretStr

from haymaker.azure.errors import ResourceNotFound, from_http_error

if TYPE_CHECKING:
    from haymaker.azure.clients import AzureClients

T = TypeVar("T")


def _azure(operation: Callable[[], T]) -> T:
    try:
        return operation()
    except (HttpResponseError, ServiceRequestError, ServiceResponseError) as exc:
        raise from_http_error(exc) from None


def set_secret(
    clients: AzureClients,
    vault_url: str,
    name: str,
    value: SecretStr,
    *,
    tags: dict[str, str],
    expires_on: datetime | None = None,
    content_type: str = "text/plain",
) -> str:
    """Store a new version of a secret; returns its id (no value)."""
    client = clients.secrets(vault_url)
    stored = _azure(
        lambda: client.set_secret(
            name,
            value.get_secret_value(),
            tags=tags,
            expires_on=expires_on,
            content_type=content_type,
        )
    )
    return str(stored.id)


def secret_version_tags(clients: AzureClients, vault_url: str, name: str) -> list[dict[str, str]] | None:
    """Tags of every version of a live secret, None when the secret does not exist.

    Reads version properties only, so the value is never fetched.
    """
    client = clients.secrets(vault_url)
    try:
        versions = _azure(lambda: list(client.list_properties_of_secret_versions(name)))
    except ResourceNotFound:
        return None
    if not versions:
        return None
    return [dict(v.tags or {}) for v in versions]


def deleted_secret_tags(clients: AzureClients, vault_url: str, name: str) -> dict[str, str] | None:
    """Tags of a soft-deleted secret, None when no deleted secret has that name."""
    client = clients.secrets(vault_url)
    try:
        deleted = _azure(lambda: client.get_deleted_secret(name))
    except ResourceNotFound:
        return None
    return dict(deleted.properties.tags or {})


def start_delete(clients: AzureClients, vault_url: str, name: str) -> bool:
    """Soft-delete a secret (all versions); False when there is no such secret.

    Does not wait: the caller polls `deleted_secret_tags` until the deletion shows, then purges.
    """
    client = clients.secrets(vault_url)
    try:
        _azure(lambda: client.begin_delete_secret(name))
    except ResourceNotFound:
        return False
    return True


def purge(clients: AzureClients, vault_url: str, name: str) -> bool:
    """Permanently delete a soft-deleted secret; False when there is nothing to purge."""
    client = clients.secrets(vault_url)
    try:
        _azure(lambda: client.purge_deleted_secret(name))
    except ResourceNotFound:
        return False
    return True


def exists(clients: AzureClients, vault_url: str, name: str) -> bool:
    """True when a live or soft-deleted secret of that name exists."""
    return (
        secret_version_tags(clients, vault_url, name) is not None
        or deleted_secret_tags(clients, vault_url, name) is not None
    )
