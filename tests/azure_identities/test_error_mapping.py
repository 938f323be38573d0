"""Graph and Key Vault failures surface as haymaker.azure.errors types with Azure's code and message."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import SecretStr

from haymaker.azure.clients import AzureClients
from haymaker.azure.errors import ConflictError, GraphError
from haymaker.azure.identities import graph as graph_apps
from haymaker.azure.identities import secrets as keyvault_secrets


def test_graph_error_keeps_code_message_and_status(clients: AzureClients) -> None:
    async def bad_filter() -> None:
        async with clients.graph_session() as graph:
            await graph_apps.list_applications(graph, "publisherName eq 'x'")

    with pytest.raises(GraphError) as caught:
        asyncio.run(bad_filter())
    assert caught.value.code == "Request_UnsupportedQuery"
    assert caught.value.status == 400
    assert "publisherName" in caught.value.message


def test_graph_not_found_reads_as_absent(clients: AzureClients) -> None:
    async def missing() -> object:
        async with clients.graph_session() as graph:
            return await graph_apps.get_application(graph, "00000000-0000-4000-8000-000000000042")

    assert asyncio.run(missing()) is None


def test_graph_not_found_on_a_write_is_a_graph_error(clients: AzureClients) -> None:
    from datetime import UTC, datetime, timedelta

    async def add_to_missing() -> None:
        async with clients.graph_session() as graph:
            await graph_apps.add_password(
                graph, "00000000-0000-4000-8000-000000000042", "x", datetime.now(UTC) + timedelta(days=1)
            )

    with pytest.raises(GraphError) as caught:
        asyncio.run(add_to_missing())
    assert caught.value.code == "Request_ResourceNotFound"
    assert caught.value.status == 404


def test_key_vault_conflict_maps_to_conflict_error(clients: AzureClients) -> None:
    vault = clients.target.key_vault_url or ""
    keyvault_secrets.set_secret(clients, vault, "parked", SecretStr("v"), tags={})
    keyvault_secrets.start_delete(clients, vault, "parked")
    with pytest.raises(ConflictError) as caught:
        keyvault_secrets.set_secret(clients, vault, "parked", SecretStr("w"), tags={})
    assert caught.value.code == "Conflict"
    assert caught.value.status == 409
    assert "deleted but recoverable" in caught.value.message
