"""ARM authorizes every request against the caller's effective role assignments.

Sources: https://learn.microsoft.com/azure/role-based-access-control/overview (scopes inherit
downwards; actions/notActions), the built-in role definitions at
https://learn.microsoft.com/azure/role-based-access-control/built-in-roles, AuthorizationFailed's
wording at https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-register-resource-provider
and ...troubleshooting/common-deployment-errors, and propagation at
https://learn.microsoft.com/azure/role-based-access-control/troubleshooting#role-assignment-changes-are-not-being-detected.
"""

from __future__ import annotations

import pytest
from azure.core.exceptions import HttpResponseError

from haymaker.azure.clients import AzureClients
from haymaker.emulator.server import Emulator
from tests.emulator_rbac.conftest import Principal, assign, eventually

VNET = "Microsoft.Network/virtualNetworks"
VNET_API = "2024-05-01"
VNET_BODY = {"location": "eastus", "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}}


def _vnet_id(group_id: str, name: str = "vnet1") -> str:
    return f"{group_id}/providers/{VNET}/{name}"


def _put_vnet(arm: object, resource_id: str) -> object:
    return arm.resources.begin_create_or_update_by_id(  # type: ignore[attr-defined]
        resource_id, VNET_BODY, api_version=VNET_API
    ).result()


@pytest.fixture(autouse=True)
def _instant_propagation(emulator: Emulator) -> None:
    emulator.options.rbac_propagation_seconds = 0


def test_a_principal_without_any_role_is_refused_with_authorization_failed(
    principal: Principal, groups: tuple[str, str]
) -> None:
    ours, _ = groups
    with pytest.raises(HttpResponseError) as caught:
        _put_vnet(principal.arm, _vnet_id(ours))
    assert caught.value.status_code == 403
    assert caught.value.error is not None and caught.value.error.code == "AuthorizationFailed"
    message = caught.value.error.message or ""
    assert principal.identity.app_id in message
    assert principal.object_id in message
    assert f"'{VNET}/write'" in message
    assert _vnet_id(ours) in message


def test_contributor_on_a_group_creates_and_deletes_inside_it(
    clients: AzureClients, principal: Principal, groups: tuple[str, str]
) -> None:
    ours, _ = groups
    assign(clients, ours, principal.object_id, "Contributor")
    created = _put_vnet(principal.arm, _vnet_id(ours))
    assert created.id.lower() == _vnet_id(ours).lower()  # type: ignore[attr-defined]
    principal.arm.resources.begin_delete_by_id(_vnet_id(ours), api_version=VNET_API).result()
    assert clients.resources().resources.check_existence_by_id(_vnet_id(ours), api_version=VNET_API) is False


def test_contributor_on_one_group_cannot_touch_another_and_it_stays_unchanged(
    clients: AzureClients, principal: Principal, groups: tuple[str, str]
) -> None:
    ours, foreign = groups
    planted = _put_vnet(clients.resources(), _vnet_id(foreign, "foreign-vnet"))
    assign(clients, ours, principal.object_id, "Contributor")
    for attempt in (
        lambda: principal.arm.resources.begin_delete_by_id(
            _vnet_id(foreign, "foreign-vnet"), api_version=VNET_API
        ).result(),
        lambda: _put_vnet(principal.arm, _vnet_id(foreign, "foreign-vnet")),
        lambda: principal.arm.resource_groups.begin_delete("rbac-foreign").result(),
    ):
        with pytest.raises(HttpResponseError) as caught:
            attempt()
        assert caught.value.status_code == 403
    after = clients.resources().resources.get_by_id(_vnet_id(foreign, "foreign-vnet"), api_version=VNET_API)
    assert after.as_dict() == planted.as_dict()  # type: ignore[attr-defined]


def test_reading_a_foreign_resource_is_403_not_404(
    clients: AzureClients, principal: Principal, groups: tuple[str, str]
) -> None:
    ours, foreign = groups
    assign(clients, ours, principal.object_id, "Contributor")
    with pytest.raises(HttpResponseError) as caught:
        principal.arm.resources.get_by_id(_vnet_id(foreign, "missing"), api_version=VNET_API)
    assert caught.value.status_code == 403


def test_reader_reads_but_cannot_write(
    clients: AzureClients, principal: Principal, groups: tuple[str, str]
) -> None:
    ours, _ = groups
    _put_vnet(clients.resources(), _vnet_id(ours))
    assign(clients, ours, principal.object_id, "Reader")
    assert principal.arm.resources.get_by_id(_vnet_id(ours), api_version=VNET_API).name == "vnet1"
    with pytest.raises(HttpResponseError) as caught:
        _put_vnet(principal.arm, _vnet_id(ours, "vnet2"))
    assert caught.value.status_code == 403


def test_contributor_cannot_assign_roles_but_owner_can(
    clients: AzureClients, principal: Principal, groups: tuple[str, str]
) -> None:
    ours, _ = groups
    assign(clients, ours, principal.object_id, "Contributor")
    with pytest.raises(HttpResponseError) as caught:
        assign(principal.clients, ours, principal.object_id, "Reader")
    assert caught.value.status_code == 403
    assert "Microsoft.Authorization/roleAssignments/write" in str(caught.value)
    assign(clients, ours, principal.object_id, "Owner")
    assert assign(principal.clients, ours, principal.object_id, "Reader")


def test_listing_groups_shows_only_the_groups_the_principal_may_read(
    clients: AzureClients, principal: Principal, groups: tuple[str, str]
) -> None:
    ours, _ = groups
    assign(clients, ours, principal.object_id, "Contributor")
    listed = [g.name for g in principal.arm.resource_groups.list()]
    assert listed == ["rbac-ours"]
    everything = {g.name for g in clients.resources().resource_groups.list()}
    assert {"rbac-ours", "rbac-foreign"} <= everything


def test_listing_groups_without_any_role_in_the_subscription_is_403(principal: Principal) -> None:
    with pytest.raises(HttpResponseError) as caught:
        list(principal.arm.resource_groups.list())
    assert caught.value.status_code == 403


def test_a_role_at_the_subscription_covers_every_group(
    clients: AzureClients, principal: Principal, groups: tuple[str, str]
) -> None:
    _, foreign = groups
    assign(clients, f"/subscriptions/{clients.target.subscription_id}", principal.object_id, "Contributor")
    assert _put_vnet(principal.arm, _vnet_id(foreign))


def test_a_new_assignment_takes_effect_only_after_propagation(
    emulator: Emulator, clients: AzureClients, principal: Principal, groups: tuple[str, str]
) -> None:
    ours, _ = groups
    emulator.options.rbac_propagation_seconds = 1.5
    assign(clients, ours, principal.object_id, "Contributor")
    with pytest.raises(HttpResponseError) as caught:
        _put_vnet(principal.arm, _vnet_id(ours))
    assert caught.value.status_code == 403

    def allowed() -> bool:
        try:
            _put_vnet(principal.arm, _vnet_id(ours))
        except HttpResponseError as exc:
            assert exc.status_code == 403
            return False
        return True

    assert eventually(allowed)


def test_a_deleted_assignment_stops_granting(
    clients: AzureClients, principal: Principal, groups: tuple[str, str]
) -> None:
    ours, _ = groups
    assignment = assign(clients, ours, principal.object_id, "Contributor")
    _put_vnet(principal.arm, _vnet_id(ours))
    clients.authorization().role_assignments.delete_by_id(assignment)
    with pytest.raises(HttpResponseError) as caught:
        _put_vnet(principal.arm, _vnet_id(ours, "vnet2"))
    assert caught.value.status_code == 403


def test_an_assignment_deleted_with_its_group_stops_granting(
    clients: AzureClients, principal: Principal, groups: tuple[str, str]
) -> None:
    ours, _ = groups
    assign(clients, ours, principal.object_id, "Contributor")
    clients.resources().resource_groups.begin_delete("rbac-ours").result()
    clients.resources().resource_groups.create_or_update("rbac-ours", {"location": "eastus"})
    with pytest.raises(HttpResponseError) as caught:
        _put_vnet(principal.arm, _vnet_id(ours))
    assert caught.value.status_code == 403


def test_a_brand_new_principal_needs_principal_type_during_replication(
    emulator: Emulator, clients: AzureClients, principal: Principal, groups: tuple[str, str]
) -> None:
    from azure.mgmt.authorization.models import RoleAssignmentCreateParameters

    ours, _ = groups
    emulator.options.graph_replication_seconds = 600
    definition = f"/subscriptions/{clients.target.subscription_id}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3d1f-48bd-a7b0-cd0f1cd6a23e"
    authz = clients.authorization().role_assignments
    untyped = RoleAssignmentCreateParameters(role_definition_id=definition, principal_id=principal.object_id)
    untyped.principal_type = None  # the SDK model defaults it to "User"
    with pytest.raises(HttpResponseError) as caught:
        authz.create(ours, "6f1c0f5e-0c59-4c43-9d7f-2f0a1c1d7e01", untyped)
    assert caught.value.error is not None and caught.value.error.code == "PrincipalNotFound"
    created = authz.create(
        ours,
        "6f1c0f5e-0c59-4c43-9d7f-2f0a1c1d7e01",
        RoleAssignmentCreateParameters(
            role_definition_id=definition, principal_id=principal.object_id, principal_type="ServicePrincipal"
        ),
    )
    assert created.principal_type == "ServicePrincipal"


@pytest.mark.parametrize("dots", ["..", "%2e%2e", "%2E%2E"])
def test_a_path_that_climbs_out_of_the_group_is_authorized_where_it_lands(
    clients: AzureClients, principal: Principal, groups: tuple[str, str], dots: str
) -> None:
    # A server resolves dot segments, spelled plainly or percent-encoded, before it acts
    # (RFC 3986 sections 5.2.4 and 6.2.2.2), so RBAC judges the foreign group the path reaches.
    ours, foreign = groups
    planted = _put_vnet(clients.resources(), _vnet_id(foreign, "foreign-vnet"))
    assign(clients, ours, principal.object_id, "Contributor")
    climbing = f"{ours}/providers/{VNET}/x/{'/'.join([dots] * 5)}/rbac-foreign/providers/{VNET}/foreign-vnet"

    with pytest.raises(HttpResponseError) as caught:
        _put_vnet(principal.arm, climbing)

    assert caught.value.status_code == 403
    assert "rbac-foreign" in str(caught.value.message)
    after = clients.resources().resources.get_by_id(_vnet_id(foreign, "foreign-vnet"), api_version=VNET_API)
    assert after.as_dict() == planted.as_dict()  # type: ignore[attr-defined]
