"""Role definitions and role assignments in the emulator via the real AuthorizationManagementClient."""

from __future__ import annotations

import uuid

import pytest
from azure.core.exceptions import HttpResponseError, ResourceExistsError, ResourceNotFoundError
from azure.mgmt.authorization.models import RoleAssignmentCreateParameters

from haymaker.azure.clients import AzureClients
from haymaker.emulator.server import Emulator
from tests.emulator_identity.conftest import Identity

CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c"
READER = "acdd72a7-3d1f-48bd-a7b0-cd0f1cd6a23e"
BUILT_INS = {
    "Owner": "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    "Contributor": CONTRIBUTOR,
    "Reader": READER,
    "User Access Administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
}


def _role(clients: AzureClients, guid: str) -> str:
    return f"/subscriptions/{clients.target.subscription_id}/providers/Microsoft.Authorization/roleDefinitions/{guid}"


def _assign(
    clients: AzureClients,
    scope: str,
    principal_id: str,
    role: str = CONTRIBUTOR,
    principal_type: str | None = "ServicePrincipal",
) -> object:
    params = RoleAssignmentCreateParameters(
        role_definition_id=_role(clients, role), principal_id=principal_id, principal_type=principal_type
    )
    return clients.authorization().role_assignments.create(scope, str(uuid.uuid4()), params)


@pytest.mark.parametrize(("name", "guid"), sorted(BUILT_INS.items()))
def test_built_in_roles_are_found_by_name(
    clients: AzureClients, resource_group: str, name: str, guid: str
) -> None:
    found = list(
        clients.authorization().role_definitions.list(resource_group, filter=f"roleName eq '{name}'")
    )
    assert [(d.name, d.role_name, d.role_type) for d in found] == [(guid, name, "BuiltInRole")]
    assert found[0].id == _role(clients, guid)


def test_role_definition_reads_by_id_with_permissions(clients: AzureClients, resource_group: str) -> None:
    reader = clients.authorization().role_definitions.get(resource_group, READER)
    assert reader.role_name == "Reader"
    assert reader.permissions is not None and reader.permissions[0].actions == ["*/read"]


def test_unknown_role_definition_id_is_not_found(clients: AzureClients, resource_group: str) -> None:
    with pytest.raises(ResourceNotFoundError) as caught:
        clients.authorization().role_definitions.get(resource_group, str(uuid.uuid4()))
    assert caught.value.error is not None and caught.value.error.code == "RoleDefinitionDoesNotExist"


def test_assignment_is_created_and_read_back(
    clients: AzureClients, resource_group: str, identity: Identity
) -> None:
    created = _assign(clients, resource_group, identity.sp_id)
    read = clients.authorization().role_assignments.get_by_id(created.id)  # type: ignore[attr-defined]
    assert read.id == f"{resource_group}/providers/Microsoft.Authorization/roleAssignments/{read.name}"
    assert read.type == "Microsoft.Authorization/roleAssignments"
    assert read.scope == resource_group
    assert read.principal_id == identity.sp_id
    assert read.principal_type == "ServicePrincipal"
    assert read.role_definition_id == _role(clients, CONTRIBUTOR)
    assert read.created_on is not None


def test_assignment_is_stored_as_an_arm_document(
    emulator: Emulator, clients: AzureClients, resource_group: str, identity: Identity
) -> None:
    created = _assign(clients, resource_group, identity.sp_id)
    doc = emulator.state.get("arm", created.id.lower())  # type: ignore[attr-defined]
    assert doc is not None
    assert doc["type"] == "Microsoft.Authorization/roleAssignments"
    assert doc["properties"]["principalId"] == identity.sp_id


def test_duplicate_assignment_conflicts(
    clients: AzureClients, resource_group: str, identity: Identity
) -> None:
    _assign(clients, resource_group, identity.sp_id)
    with pytest.raises(ResourceExistsError) as caught:
        _assign(clients, resource_group, identity.sp_id)
    assert caught.value.error is not None and caught.value.error.code == "RoleAssignmentExists"


def test_same_principal_may_hold_another_role_at_the_scope(
    clients: AzureClients, resource_group: str, identity: Identity
) -> None:
    _assign(clients, resource_group, identity.sp_id, CONTRIBUTOR)
    _assign(clients, resource_group, identity.sp_id, READER)
    listed = clients.authorization().role_assignments.list_for_scope(
        resource_group, filter=f"principalId eq '{identity.sp_id}'"
    )
    assert sorted(a.role_definition_id.rsplit("/", 1)[1] for a in listed) == sorted([CONTRIBUTOR, READER])


def test_unknown_role_definition_is_refused(
    clients: AzureClients, resource_group: str, identity: Identity
) -> None:
    with pytest.raises(HttpResponseError) as caught:
        _assign(clients, resource_group, identity.sp_id, str(uuid.uuid4()))
    assert caught.value.status_code == 400
    assert caught.value.error is not None and caught.value.error.code == "RoleDefinitionDoesNotExist"


def test_unknown_principal_without_type_is_principal_not_found(
    clients: AzureClients, resource_group: str
) -> None:
    with pytest.raises(HttpResponseError) as caught:
        _assign(clients, resource_group, str(uuid.uuid4()), principal_type=None)
    assert caught.value.status_code == 400
    assert caught.value.error is not None and caught.value.error.code == "PrincipalNotFound"


def test_principal_type_skips_the_directory_lookup(clients: AzureClients, resource_group: str) -> None:
    # As on Azure: a brand-new principal may not have replicated yet.
    created = _assign(clients, resource_group, str(uuid.uuid4()), principal_type="ServicePrincipal")
    assert created.principal_type == "ServicePrincipal"  # type: ignore[attr-defined]


def test_assignment_at_a_missing_resource_group_is_refused(clients: AzureClients, identity: Identity) -> None:
    scope = f"/subscriptions/{clients.target.subscription_id}/resourceGroups/does-not-exist"
    with pytest.raises(ResourceNotFoundError) as caught:
        _assign(clients, scope, identity.sp_id)
    assert caught.value.error is not None and caught.value.error.code == "ResourceGroupNotFound"


def test_at_scope_lists_assignments_at_and_above_but_not_below(
    clients: AzureClients, resource_group: str, identity: Identity
) -> None:
    subscription = f"/subscriptions/{clients.target.subscription_id}"
    above = _assign(clients, subscription, identity.sp_id, READER)
    at = _assign(clients, resource_group, identity.sp_id)
    authz = clients.authorization()

    def ids(listed: object) -> set[str]:
        # The bootstrap administrator's own assignments at the subscription are listed too.
        return {a.id for a in listed if a.principal_id == identity.sp_id}  # type: ignore[attr-defined]

    at_rg = ids(authz.role_assignments.list_for_scope(resource_group, filter="atScope()"))
    at_sub = ids(authz.role_assignments.list_for_scope(subscription, filter="atScope()"))
    everything = ids(authz.role_assignments.list_for_subscription())
    assert at_rg == {above.id, at.id}  # type: ignore[attr-defined]
    assert at_sub == {above.id}  # type: ignore[attr-defined]
    assert everything == {above.id, at.id}  # type: ignore[attr-defined]


def test_principal_filter_lists_only_that_principal(
    clients: AzureClients, resource_group: str, identity: Identity
) -> None:
    mine = _assign(clients, resource_group, identity.sp_id)
    _assign(clients, resource_group, str(uuid.uuid4()))
    listed = clients.authorization().role_assignments.list_for_scope(
        resource_group, filter=f"principalId eq '{identity.sp_id}'"
    )
    assert [a.id for a in listed] == [mine.id]  # type: ignore[attr-defined]


def test_listing_pages_with_next_link(emulator: Emulator, clients: AzureClients, resource_group: str) -> None:
    emulator.options.page_size = 2
    for _ in range(5):
        _assign(clients, resource_group, str(uuid.uuid4()))
    listed = list(clients.authorization().role_assignments.list_for_resource_group("rbac-tests"))
    assert len({a.id for a in listed if a.scope == resource_group}) == 5


def test_delete_returns_the_assignment_then_nothing(
    clients: AzureClients, resource_group: str, identity: Identity
) -> None:
    created = _assign(clients, resource_group, identity.sp_id)
    authz = clients.authorization()
    deleted = authz.role_assignments.delete_by_id(created.id)  # type: ignore[attr-defined]
    assert deleted is not None and deleted.id == created.id  # type: ignore[attr-defined]
    assert authz.role_assignments.delete_by_id(created.id) is None  # type: ignore[attr-defined]
    with pytest.raises(ResourceNotFoundError) as caught:
        authz.role_assignments.get_by_id(created.id)  # type: ignore[attr-defined]
    assert caught.value.error is not None and caught.value.error.code == "RoleAssignmentNotFound"


def test_assignments_go_with_their_resource_group(
    emulator: Emulator, clients: AzureClients, resource_group: str, identity: Identity
) -> None:
    created = _assign(clients, resource_group, identity.sp_id)
    clients.resources().resource_groups.begin_delete("rbac-tests").result()
    assert emulator.state.get("arm", created.id.lower()) is None  # type: ignore[attr-defined]
    left = clients.authorization().role_assignments.list_for_subscription()
    assert [a for a in left if a.principal_id == identity.sp_id] == []
