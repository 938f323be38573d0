"""delete_service_principal and verify_sp_deleted against the emulator."""

from __future__ import annotations

import uuid

import pytest

from haymaker.azure.clients import AzureClients
from haymaker.azure.identities.models import HaymakerServicePrincipal, PollPolicy
from haymaker.azure.identities.service_principals import (
    create_service_principal_sync,
    delete_service_principal_sync,
    list_haymaker_service_principals_sync,
    verify_sp_deleted_sync,
)
from haymaker.emulator.server import Emulator
from haymaker.models import DeletionStatus, ServicePrincipalDetails
from tests.azure_identities.conftest import leftovers


@pytest.fixture
def details(clients: AzureClients, run_id: str, scope: str, poll: PollPolicy) -> ServicePrincipalDetails:
    return create_service_principal_sync(
        clients,
        "web-01",
        run_id,
        clients.target.subscription_id,
        ["Contributor", "Reader"],
        scope,
        poll=poll,
    )


def test_delete_leaves_nothing_behind(
    emulator: Emulator, clients: AzureClients, details: ServicePrincipalDetails, poll: PollPolicy
) -> None:
    record = delete_service_principal_sync(clients, details, poll=poll)
    assert record.succeeded
    assert leftovers(emulator) == {}
    assert verify_sp_deleted_sync(clients, details.client_id)


def test_delete_records_every_part_it_removed(
    clients: AzureClients, details: ServicePrincipalDetails, poll: PollPolicy
) -> None:
    record = delete_service_principal_sync(clients, details, poll=poll)
    kinds = sorted(step.kind for step in record.steps if step.status == DeletionStatus.DELETED)
    assert kinds == sorted(
        [
            "role_assignment",
            "role_assignment",
            "application",
            "service_principal",
            "deleted_application",
            "secret",
            "deleted_secret",
        ]
    )
    assert record.display_name == details.sp_name
    assert record.missing == [] and record.failed == []


def test_deleting_again_finds_everything_missing(
    clients: AzureClients, details: ServicePrincipalDetails, poll: PollPolicy
) -> None:
    delete_service_principal_sync(clients, details, poll=poll)
    again = delete_service_principal_sync(clients, details, poll=poll)
    assert again.succeeded
    assert again.deleted == []
    assert {step.kind for step in again.steps} >= {"role_assignment", "secret", "deleted_secret"}


def test_an_identity_found_by_listing_is_deleted_with_its_secret(
    emulator: Emulator,
    clients: AzureClients,
    details: ServicePrincipalDetails,
    run_id: str,
    poll: PollPolicy,
) -> None:
    [listed] = list_haymaker_service_principals_sync(clients, run_id)
    record = delete_service_principal_sync(clients, listed, poll=poll)
    assert record.succeeded
    assert leftovers(emulator) == {}


def test_an_app_already_soft_deleted_is_purged(
    emulator: Emulator, clients: AzureClients, details: ServicePrincipalDetails, poll: PollPolicy
) -> None:
    import asyncio

    async def soft_delete() -> None:
        async with clients.graph_session() as graph:
            await graph.applications.by_application_id(details.app_object_id).delete()

    asyncio.run(soft_delete())
    record = delete_service_principal_sync(clients, details, poll=poll)
    assert record.succeeded
    assert "deleted_application:" + details.app_object_id in record.deleted
    assert leftovers(emulator) == {}


def test_a_failing_part_is_recorded_and_the_rest_still_goes(
    emulator: Emulator, clients: AzureClients, details: ServicePrincipalDetails, poll: PollPolicy
) -> None:
    emulator.add_fault(method="DELETE", path="/roleAssignments/", status=403, code="AuthorizationFailed")
    record = delete_service_principal_sync(clients, details, poll=poll)
    assert not record.succeeded
    failed = [s for s in record.steps if s.status == DeletionStatus.FAILED]
    assert {s.kind for s in failed} == {"role_assignment"}
    assert {s.error_code for s in failed} == {"AuthorizationFailed"}
    emulator.clear_faults()
    assert leftovers(emulator) == {"role_assignments": 2}
    assert verify_sp_deleted_sync(clients, details.client_id)


def test_an_app_without_the_marker_is_never_deleted(
    emulator: Emulator, clients: AzureClients, run_id: str, poll: PollPolicy
) -> None:
    import asyncio

    from msgraph.generated.models.application import Application

    async def foreign() -> Application | None:
        async with clients.graph_session() as graph:
            return await graph.applications.post(Application(display_name="AzureHayMaker-web-01-admin"))

    app = asyncio.run(foreign())
    assert app is not None and app.id and app.app_id
    look_alike = HaymakerServicePrincipal(
        display_name="AzureHayMaker-web-01-admin",
        client_id=app.app_id,
        app_object_id=app.id,
        run_id=run_id,
        scenario_name="web-01",
    )
    record = delete_service_principal_sync(clients, look_alike, poll=poll)
    assert [s.status for s in record.steps] == [DeletionStatus.SKIPPED]
    assert record.steps[0].error_code == "NotHayMakerManaged"
    assert emulator.state.get("graph_application", app.id) is not None


def test_an_app_of_another_run_is_never_deleted(
    emulator: Emulator, clients: AzureClients, details: ServicePrincipalDetails, poll: PollPolicy
) -> None:
    claimed = details.model_copy(update={"run_id": str(uuid.uuid4())})
    record = delete_service_principal_sync(clients, claimed, poll=poll)
    assert not record.succeeded
    assert [s.kind for s in record.steps] == ["marker_check"]
    assert emulator.state.get("graph_application", details.app_object_id) is not None
    assert clients.secrets().get_secret(details.secret_reference).value


def test_a_secret_without_our_tags_is_not_deleted(
    emulator: Emulator, clients: AzureClients, details: ServicePrincipalDetails, poll: PollPolicy
) -> None:
    clients.secrets().set_secret(details.secret_reference, "someone else's", tags={"owner": "them"})
    record = delete_service_principal_sync(clients, details, poll=poll)
    secret_steps = [(s.kind, s.status) for s in record.steps if s.kind in ("secret", "deleted_secret")]
    assert secret_steps == [("secret", DeletionStatus.SKIPPED)]
    assert clients.secrets().get_secret(details.secret_reference).value == "someone else's"


def test_verify_reports_an_identity_that_still_exists(
    clients: AzureClients, details: ServicePrincipalDetails
) -> None:
    assert not verify_sp_deleted_sync(clients, details.client_id)


def test_verify_reports_a_soft_deleted_app_as_not_yet_deleted(
    clients: AzureClients, details: ServicePrincipalDetails
) -> None:
    import asyncio

    async def soft_delete() -> None:
        async with clients.graph_session() as graph:
            await graph.applications.by_application_id(details.app_object_id).delete()

    asyncio.run(soft_delete())
    assert not verify_sp_deleted_sync(clients, details.client_id)
