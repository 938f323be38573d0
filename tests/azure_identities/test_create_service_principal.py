"""create_service_principal end to end against the emulator (real msgraph, Key Vault and RBAC SDKs)."""

from __future__ import annotations

import asyncio
import logging

import pytest

from haymaker.azure.clients import AzureClients
from haymaker.azure.errors import ResourceNotFound
from haymaker.azure.identities.markers import marker_tags
from haymaker.azure.identities.models import PollPolicy, ServicePrincipalProvisioningError
from haymaker.azure.identities.service_principals import (
    create_service_principal,
    create_service_principal_sync,
)
from haymaker.emulator.server import Emulator
from haymaker.models import ServicePrincipalDetails
from haymaker.naming import key_vault_secret_name, service_principal_name
from tests.azure_identities.conftest import RecordingSleep, leftovers, sign_in

CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c"
READER = "acdd72a7-3d1f-48bd-a7b0-cd0f1cd6a23e"
SP_BY_ID = r"^/v1\.0/servicePrincipals/[0-9a-f-]+$"


def _create(
    clients: AzureClients,
    run_id: str,
    scope: str,
    poll: PollPolicy,
    roles: list[str] | None = None,
    graph_permissions: list[str] | None = None,
) -> ServicePrincipalDetails:
    return create_service_principal_sync(
        clients,
        "web-01",
        run_id,
        clients.target.subscription_id,
        roles or ["Contributor"],
        scope,
        poll=poll,
        graph_permissions=graph_permissions or [],
    )


def _stored_secret(clients: AzureClients, run_id: str) -> str:
    value = clients.secrets().get_secret(key_vault_secret_name(run_id, "web-01")).value
    assert value
    return value


def test_app_and_service_principal_carry_the_marker(
    emulator: Emulator, clients: AzureClients, run_id: str, scope: str, poll: PollPolicy
) -> None:
    details = _create(clients, run_id, scope, poll)
    app = emulator.state.get("graph_application", details.app_object_id)
    sp = emulator.state.get("graph_service_principal", details.principal_id)
    assert app is not None and sp is not None
    assert app["displayName"] == service_principal_name(run_id, "web-01") == details.sp_name
    assert app["appId"] == sp["appId"] == details.client_id
    assert app["tags"] == sp["tags"] == marker_tags(run_id, "web-01")
    assert run_id in app["notes"] and run_id in sp["notes"]


def test_password_is_kept_in_key_vault_and_signs_the_principal_in(
    emulator: Emulator, clients: AzureClients, run_id: str, scope: str, poll: PollPolicy
) -> None:
    details = _create(clients, run_id, scope, poll)
    assert details.secret_reference == key_vault_secret_name(run_id, "web-01")
    stored = clients.secrets().get_secret(details.secret_reference)
    assert stored.properties.tags is not None
    assert stored.properties.tags["AzureHayMaker-managed"] == "true"
    assert stored.properties.tags["AzureHayMaker-run-id"] == run_id
    assert stored.properties.tags["AzureHayMaker-scenario"] == "web-01"
    claims = sign_in(emulator, details.client_id, stored.value or "")
    assert claims["oid"] == details.principal_id


def test_roles_are_assigned_to_the_principal_at_the_scope(
    clients: AzureClients, run_id: str, scope: str, poll: PollPolicy
) -> None:
    details = _create(clients, run_id, scope, poll, ["Contributor", "Reader"])
    listed = list(
        clients.authorization().role_assignments.list_for_scope(
            scope, filter=f"principalId eq '{details.principal_id}'"
        )
    )
    assert sorted(a.role_definition_id.rsplit("/", 1)[1] for a in listed) == sorted([CONTRIBUTOR, READER])
    assert {a.scope for a in listed} == {scope}
    assert {a.principal_type for a in listed} == {"ServicePrincipal"}
    assert sorted(a.id for a in listed) == sorted(details.role_assignment_ids)
    assert details.roles == ["Contributor", "Reader"] and details.scope == scope


def test_returned_details_hold_no_secret(
    clients: AzureClients, run_id: str, scope: str, poll: PollPolicy
) -> None:
    details = _create(clients, run_id, scope, poll)
    secret = _stored_secret(clients, run_id)
    assert secret not in details.model_dump_json()
    assert secret not in repr(details)


def test_secret_never_reaches_logs_or_the_request_log(
    emulator: Emulator,
    clients: AzureClients,
    run_id: str,
    scope: str,
    poll: PollPolicy,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG):
        _create(clients, run_id, scope, poll)
    secret = _stored_secret(clients, run_id)
    assert caplog.records, "the adapter and SDKs log at DEBUG; the check must see something"
    assert secret not in caplog.text
    for row in emulator.requests():
        assert secret not in f"{row['path']}?{row['query']}"


def test_readiness_is_polled_until_the_principal_is_visible(
    emulator: Emulator,
    clients: AzureClients,
    run_id: str,
    scope: str,
    poll: PollPolicy,
    sleeper: RecordingSleep,
) -> None:
    # Graph replication: the new service principal reads as 404 twice before it shows.
    emulator.add_fault(method="GET", path=SP_BY_ID, status=404, code="Request_ResourceNotFound", count=2)
    details = _create(clients, run_id, scope, poll)
    assert details.principal_id
    assert sleeper.calls == [0.5, 0.5]


def test_never_ready_gives_up_after_the_budget_and_rolls_back(
    emulator: Emulator,
    clients: AzureClients,
    run_id: str,
    scope: str,
    poll: PollPolicy,
    sleeper: RecordingSleep,
) -> None:
    emulator.add_fault(method="GET", path=SP_BY_ID, status=404, code="Request_ResourceNotFound")
    with pytest.raises(ServicePrincipalProvisioningError) as caught:
        _create(clients, run_id, scope, poll, ["Contributor", "Reader"])
    assert caught.value.code == "ReadinessTimeout"
    assert len(sleeper.calls) >= poll.max_attempts - 1
    emulator.clear_faults()
    assert leftovers(emulator) == {}


def test_unknown_role_fails_before_anything_is_created(
    emulator: Emulator, clients: AzureClients, run_id: str, scope: str, poll: PollPolicy
) -> None:
    with pytest.raises(ResourceNotFound) as caught:
        _create(clients, run_id, scope, poll, ["Contributor", "Astronaut"])
    assert caught.value.code == "RoleDefinitionDoesNotExist"
    assert "Astronaut" in caught.value.message
    assert not [r for r in emulator.requests() if r["method"] in ("POST", "PUT") and "/v1.0/" in r["path"]]
    assert leftovers(emulator) == {}


def test_failure_at_add_password_rolls_back_the_app_and_principal(
    emulator: Emulator, clients: AzureClients, run_id: str, scope: str, poll: PollPolicy
) -> None:
    emulator.add_fault(
        method="POST",
        path="/addPassword$",
        status=403,
        code="Authorization_RequestDenied",
        message="Insufficient privileges to complete the operation.",
    )
    with pytest.raises(ServicePrincipalProvisioningError) as caught:
        _create(clients, run_id, scope, poll)
    error = caught.value
    assert error.step == "add password"
    assert error.code == "Authorization_RequestDenied"
    assert "Insufficient privileges" in str(error)
    assert error.rollback_failures == []
    assert leftovers(emulator) == {}


def test_failure_at_a_role_assignment_rolls_back_secret_and_app(
    emulator: Emulator, clients: AzureClients, run_id: str, scope: str, poll: PollPolicy
) -> None:
    emulator.add_fault(
        method="PUT",
        path="/roleAssignments/",
        status=403,
        code="AuthorizationFailed",
        message="The client does not have authorization to perform action "
        "'Microsoft.Authorization/roleAssignments/write'.",
    )
    with pytest.raises(ServicePrincipalProvisioningError) as caught:
        _create(clients, run_id, scope, poll)
    assert caught.value.step == "assign role Contributor"
    assert caught.value.code == "AuthorizationFailed"
    assert leftovers(emulator) == {}


def test_failed_rollback_is_reported_and_no_secret_is_in_the_error(
    emulator: Emulator,
    clients: AzureClients,
    run_id: str,
    scope: str,
    poll: PollPolicy,
    caplog: pytest.LogCaptureFixture,
) -> None:
    emulator.add_fault(method="PUT", path="/roleAssignments/", status=403, code="AuthorizationFailed")
    emulator.add_fault(method="DELETE", path="^/deletedsecrets/", status=403, code="Forbidden")
    with caplog.at_level(logging.DEBUG), pytest.raises(ServicePrincipalProvisioningError) as caught:
        _create(clients, run_id, scope, poll)
    error = caught.value
    name = key_vault_secret_name(run_id, "web-01")
    assert error.rollback_failures == [f"deleted_secret:{name} (Forbidden)"]
    assert "Rollback FAILED" in str(error)
    emulator.clear_faults()
    # The purge failed, so the soft-deleted secret can still be recovered and read.
    clients.secrets().begin_recover_deleted_secret(name).wait()
    secret = clients.secrets().get_secret(name).value
    assert secret
    assert secret not in str(error) and secret not in repr(error.args)
    assert secret not in str(error.__cause__)
    assert secret not in caplog.text


def test_scope_outside_the_subscription_is_refused(
    emulator: Emulator, clients: AzureClients, run_id: str, poll: PollPolicy
) -> None:
    other = "/subscriptions/11111111-1111-4111-8111-111111111111/resourceGroups/x"
    with pytest.raises(ValueError, match="not inside subscription"):
        _create(clients, run_id, other, poll)
    assert leftovers(emulator) == {}


def test_without_a_key_vault_nothing_is_created(
    emulator: Emulator, clients: AzureClients, run_id: str, scope: str, poll: PollPolicy
) -> None:
    no_vault = AzureClients(clients.target.model_copy(update={"key_vault_url": None}))
    with pytest.raises(ValueError, match="Key Vault"):
        _create(no_vault, run_id, scope, poll)
    assert leftovers(emulator) == {}


def test_sync_twin_refuses_to_run_inside_an_event_loop(
    clients: AzureClients, run_id: str, scope: str, poll: PollPolicy
) -> None:
    async def inside_a_loop() -> None:
        _create(clients, run_id, scope, poll)

    with pytest.raises(RuntimeError, match="await create_service_principal"):
        asyncio.run(inside_a_loop())


def test_async_version_creates_the_same_identity(
    emulator: Emulator, clients: AzureClients, run_id: str, scope: str, poll: PollPolicy
) -> None:
    details = asyncio.run(
        create_service_principal(
            clients, "web-01", run_id, clients.target.subscription_id, ["Reader"], scope, poll=poll
        )
    )
    assert emulator.state.get("graph_service_principal", details.principal_id) is not None


def test_the_scenarios_graph_permissions_are_granted_to_its_principal(
    emulator: Emulator, clients: AzureClients, run_id: str, scope: str, poll: PollPolicy
) -> None:
    details = _create(clients, run_id, scope, poll, graph_permissions=["Application.ReadWrite.OwnedBy"])
    granted = [
        a
        for a in emulator.state.list("graph_app_role_assignment")
        if a["principalId"] == details.principal_id
    ]
    assert [a["appRoleId"] for a in granted] == ["18a4783c-866b-4cc7-a460-3d5e5662c884"]


def test_an_unknown_graph_permission_rolls_the_identity_back(
    emulator: Emulator, clients: AzureClients, run_id: str, scope: str, poll: PollPolicy
) -> None:
    with pytest.raises(ServicePrincipalProvisioningError, match="grant Microsoft Graph permissions"):
        _create(clients, run_id, scope, poll, graph_permissions=["Application.FlyToTheMoon"])
    emulator.clear_faults()
    assert leftovers(emulator) == {}
