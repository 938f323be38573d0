"""list_haymaker_service_principals: only marked identities, only the run's when asked (S6)."""

from __future__ import annotations

import asyncio
import uuid

from msgraph.generated.models.application import Application

from haymaker.azure.clients import AzureClients
from haymaker.azure.identities.models import PollPolicy
from haymaker.azure.identities.service_principals import (
    create_service_principal_sync,
    list_haymaker_service_principals_sync,
)
from haymaker.emulator.server import Emulator
from haymaker.models import ServicePrincipalDetails


def _create(
    clients: AzureClients, run_id: str, scope: str, poll: PollPolicy, scenario: str = "web-01"
) -> ServicePrincipalDetails:
    return create_service_principal_sync(
        clients, scenario, run_id, clients.target.subscription_id, ["Reader"], scope, poll=poll
    )


def _post_app(clients: AzureClients, name: str, tags: list[str]) -> str:
    async def post() -> str:
        async with clients.graph_session() as graph:
            app = await graph.applications.post(Application(display_name=name, tags=tags))
            assert app is not None and app.app_id
            return app.app_id

    return asyncio.run(post())


def test_lists_the_runs_identity_with_its_principal(
    clients: AzureClients, run_id: str, scope: str, poll: PollPolicy
) -> None:
    details = _create(clients, run_id, scope, poll)
    [found] = list_haymaker_service_principals_sync(clients, run_id)
    assert found.client_id == details.client_id
    assert found.app_object_id == details.app_object_id
    assert found.principal_id == details.principal_id
    assert found.display_name == details.sp_name
    assert (found.run_id, found.scenario_name) == (run_id, "web-01")


def test_a_look_alike_with_the_same_name_but_no_marker_is_ignored(
    clients: AzureClients, run_id: str, scope: str, poll: PollPolicy
) -> None:
    details = _create(clients, run_id, scope, poll)
    _post_app(clients, details.sp_name, tags=[])
    _post_app(clients, details.sp_name, tags=[f"AzureHayMaker-run-id:{run_id}"])
    assert [f.client_id for f in list_haymaker_service_principals_sync(clients, run_id)] == [
        details.client_id
    ]
    assert [f.client_id for f in list_haymaker_service_principals_sync(clients)] == [details.client_id]


def test_another_runs_identities_are_left_out(
    clients: AzureClients, run_id: str, scope: str, poll: PollPolicy
) -> None:
    mine = _create(clients, run_id, scope, poll)
    other_run = str(uuid.uuid4())
    theirs = _create(clients, other_run, scope, poll)
    assert [f.client_id for f in list_haymaker_service_principals_sync(clients, run_id)] == [mine.client_id]
    everything = {f.client_id for f in list_haymaker_service_principals_sync(clients)}
    assert everything == {mine.client_id, theirs.client_id}


def test_listing_follows_every_page(
    emulator: Emulator, clients: AzureClients, run_id: str, scope: str, poll: PollPolicy
) -> None:
    made = {_create(clients, run_id, scope, poll, f"scn-{i}").client_id for i in range(5)}
    emulator.options.page_size = 2
    found = list_haymaker_service_principals_sync(clients, run_id)
    assert {f.client_id for f in found} == made
    assert all(f.principal_id for f in found)


def test_a_run_id_that_is_not_a_uuid_is_refused_before_any_query(
    emulator: Emulator, clients: AzureClients
) -> None:
    import pytest

    with pytest.raises(ValueError, match="UUID"):
        list_haymaker_service_principals_sync(clients, "x') or tags/any(t:t ne 'y")
    assert not [r for r in emulator.requests() if r["path"].startswith("/v1.0/")]
