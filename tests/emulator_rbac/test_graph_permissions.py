"""Microsoft Graph authorizes app-only callers by their application permissions and ownership.

Sources: https://learn.microsoft.com/graph/permissions-reference (Application.ReadWrite.OwnedBy:
create apps, manage only owned ones), https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignments
(granting needs AppRoleAssignment.ReadWrite.All) and https://learn.microsoft.com/graph/errors
(403 Authorization_RequestDenied).
"""

from __future__ import annotations

import pytest
from msgraph.generated.models.application import Application

from haymaker.azure.clients import AzureClients
from haymaker.azure.errors import GraphError
from haymaker.azure.identities.graph import call, grant_graph_permissions
from haymaker.emulator.server import Emulator
from tests.emulator_identity.conftest import run
from tests.emulator_rbac.conftest import Principal


def _grant(clients: AzureClients, principal_id: str, *permissions: str) -> list[str]:
    async def go() -> list[str]:
        async with clients.graph_session() as graph:
            return await grant_graph_permissions(graph, principal_id, list(permissions))

    return run(go())


def _create_app(clients: AzureClients, name: str) -> Application:
    async def go() -> Application:
        async with clients.graph_session() as graph:
            created = await call(lambda: graph.applications.post(Application(display_name=name)))
            assert created is not None
            return created

    return run(go())


def _list_apps(clients: AzureClients) -> list[str]:
    async def go() -> list[str]:
        async with clients.graph_session() as graph:
            page = await call(lambda: graph.applications.get())
            return [str(a.display_name) for a in (page.value if page else None) or []]

    return run(go())


def _delete_app(clients: AzureClients, object_id: str) -> None:
    async def go() -> None:
        async with clients.graph_session() as graph:
            await call(lambda: graph.applications.by_application_id(object_id).delete())

    run(go())


def test_a_principal_without_graph_permissions_is_denied(principal: Principal) -> None:
    with pytest.raises(GraphError) as caught:
        _list_apps(principal.clients)
    assert caught.value.status == 403
    assert caught.value.code == "Authorization_RequestDenied"


def test_owned_by_creates_and_manages_only_its_own_apps(clients: AzureClients, principal: Principal) -> None:
    foreign = _create_app(clients, "payroll-app")
    _grant(clients, principal.object_id, "Application.ReadWrite.OwnedBy")

    mine = _create_app(principal.clients, "scenario-app")

    assert _list_apps(principal.clients) == ["scenario-app"]
    with pytest.raises(GraphError) as caught:
        _delete_app(principal.clients, str(foreign.id))
    assert caught.value.status == 403
    _delete_app(principal.clients, str(mine.id))
    assert "payroll-app" in _list_apps(clients)


def test_granting_graph_permissions_needs_app_role_assignment_read_write_all(
    clients: AzureClients, principal: Principal
) -> None:
    _grant(clients, principal.object_id, "Application.ReadWrite.All")
    with pytest.raises(GraphError) as caught:
        _grant(principal.clients, principal.object_id, "Directory.Read.All")
    assert caught.value.status == 403


def test_an_unknown_permission_is_refused_before_anything_is_granted(
    clients: AzureClients, principal: Principal
) -> None:
    with pytest.raises(ValueError, match=r"no application permission named Application\.FlyToTheMoon"):
        _grant(clients, principal.object_id, "Application.FlyToTheMoon")


def test_deleting_the_service_principal_removes_its_grants(
    emulator: Emulator, clients: AzureClients, principal: Principal
) -> None:
    _grant(clients, principal.object_id, "Application.ReadWrite.OwnedBy")
    assert [
        a for a in emulator.state.list("graph_app_role_assignment") if a["principalId"] == principal.object_id
    ]

    async def delete() -> None:
        async with clients.graph_session() as graph:
            await call(lambda: graph.service_principals.by_service_principal_id(principal.object_id).delete())

    run(delete())
    assert not [
        a for a in emulator.state.list("graph_app_role_assignment") if a["principalId"] == principal.object_id
    ]
