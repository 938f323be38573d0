"""Fixtures for the emulator's Graph, Key Vault and Authorization services (real SDK clients)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest
from pydantic import SecretStr

from haymaker.azure.clients import AzureClients
from haymaker.azure.target import AzureTarget

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Drive one msgraph coroutine to completion (msgraph-sdk is async)."""
    return asyncio.run(coro)


@dataclass
class Identity:
    """An app registration + service principal + password made through msgraph."""

    app_object_id: str
    app_id: str
    sp_id: str
    key_id: str
    secret: SecretStr


async def make_identity(clients: AzureClients, name: str, tags: list[str] | None = None) -> Identity:
    from msgraph.generated.applications.item.add_password.add_password_post_request_body import (
        AddPasswordPostRequestBody,
    )
    from msgraph.generated.models.application import Application
    from msgraph.generated.models.password_credential import PasswordCredential
    from msgraph.generated.models.service_principal import ServicePrincipal

    async with clients.graph_session() as graph:
        app = await graph.applications.post(Application(display_name=name, tags=tags or []))
        assert app is not None and app.id and app.app_id
        sp = await graph.service_principals.post(ServicePrincipal(app_id=app.app_id))
        assert sp is not None and sp.id
        body = AddPasswordPostRequestBody(password_credential=PasswordCredential(display_name="t"))
        password = await graph.applications.by_application_id(app.id).add_password.post(body)
        assert password is not None and password.secret_text and password.key_id
        return Identity(app.id, app.app_id, sp.id, str(password.key_id), SecretStr(password.secret_text))


@pytest.fixture
def identity(clients: AzureClients) -> Identity:
    return run(make_identity(clients, "emulator-identity"))


@pytest.fixture
def resource_group(clients: AzureClients, target: AzureTarget) -> str:
    """A resource group created through the real ResourceManagementClient; returns its id."""
    group = clients.resources().resource_groups.create_or_update("rbac-tests", {"location": "eastus"})
    assert group.id is not None
    return group.id
