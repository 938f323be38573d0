"""The provider-table entries catalog share B added: the emulator serves each type with its
api-versions and enforces the dependencies between them, through the real SDK."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError
from azure.mgmt.resource.resources import ResourceManagementClient
from azure.mgmt.resource.resources.models import GenericResource, ResourceGroup

from haymaker.azure.clients import AzureClients
from haymaker.emulator.server import Emulator

GROUP = "rg-share-b"
NETWORK = "2024-05-01"
SQL = "2023-08-01"
STORAGE = "2023-05-01"

Put = Callable[..., Any]
Rid = Callable[[str], str]


@pytest.fixture(autouse=True)
def fast_operations(emulator: Emulator) -> Iterator[None]:
    """No Retry-After: the SDK polls async operations every 10 ms."""
    emulator.options.retry_after_seconds = 0
    yield


@pytest.fixture
def arm(clients: AzureClients) -> ResourceManagementClient:
    client = clients.resources()
    client.resource_groups.create_or_update(GROUP, ResourceGroup(location="eastus"))
    return client


@pytest.fixture
def rid(emulator: Emulator) -> Rid:
    def build(tail: str) -> str:
        return f"/subscriptions/{emulator.settings.subscription_id}/resourceGroups/{GROUP}/providers/{tail}"

    return build


@pytest.fixture
def put(arm: ResourceManagementClient) -> Put:
    def create(resource_id: str, api_version: str = NETWORK, **fields: Any) -> Any:
        return arm.resources.begin_create_or_update_by_id(
            resource_id, api_version=api_version, parameters=GenericResource(**fields)
        ).result()

    return create


def _exists(arm: ResourceManagementClient, resource_id: str, api_version: str = NETWORK) -> bool:
    return bool(arm.resources.check_existence_by_id(resource_id, api_version=api_version))


def _public_ip(put: Put, rid: Rid) -> str:
    pip = rid("Microsoft.Network/publicIPAddresses/pip1")
    put(pip, location="eastus", sku={"name": "Standard"}, properties={"publicIPAllocationMethod": "Static"})
    return pip


@pytest.mark.parametrize(
    ("namespace", "resource_type", "api_version"),
    [
        ("Microsoft.Sql", "servers/elasticPools", "2023-08-01"),
        ("Microsoft.DocumentDB", "databaseAccounts/sqlDatabases/containers", "2024-11-15"),
        ("Microsoft.DBforPostgreSQL", "flexibleServers/configurations", "2024-08-01"),
        ("Microsoft.Cache", "redis/firewallRules", "2024-11-01"),
        ("Microsoft.Relay", "namespaces/hybridConnections/authorizationRules", "2021-11-01"),
        ("Microsoft.Automation", "automationAccounts/hybridRunbookWorkerGroups", "2023-11-01"),
        ("Microsoft.RecoveryServices", "vaults/backupPolicies", "2024-04-01"),
        ("Microsoft.Logic", "workflows", "2019-05-01"),
        ("Microsoft.ManagedIdentity", "userAssignedIdentities/federatedIdentityCredentials", "2023-01-31"),
        ("Microsoft.Network", "privateDnsZones/virtualNetworkLinks", "2024-06-01"),
        ("Microsoft.Network", "natGateways", "2024-05-01"),
    ],
)
def test_the_provider_document_lists_the_type_with_its_api_version(
    arm: ResourceManagementClient, namespace: str, resource_type: str, api_version: str
) -> None:
    provider = arm.providers.get(namespace)
    versions = {t.resource_type: t.api_versions for t in provider.resource_types or []}
    assert api_version in versions[resource_type]


def test_a_nat_gateway_a_subnet_uses_cannot_be_deleted(
    arm: ResourceManagementClient, put: Put, rid: Rid
) -> None:
    nat = rid("Microsoft.Network/natGateways/nat1")
    put(
        nat,
        location="eastus",
        sku={"name": "Standard"},
        properties={"publicIpAddresses": [{"id": _public_ip(put, rid)}]},
    )
    vnet = rid("Microsoft.Network/virtualNetworks/vnet1")
    put(vnet, location="eastus", properties={"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}})
    put(f"{vnet}/subnets/egress", properties={"addressPrefix": "10.0.1.0/24", "natGateway": {"id": nat}})

    with pytest.raises(HttpResponseError):
        arm.resources.begin_delete_by_id(nat, api_version=NETWORK).result()

    assert _exists(arm, nat)


def test_a_subnet_naming_a_missing_route_table_is_refused(
    arm: ResourceManagementClient, put: Put, rid: Rid
) -> None:
    vnet = rid("Microsoft.Network/virtualNetworks/vnet1")
    put(vnet, location="eastus", properties={"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}})

    with pytest.raises(HttpResponseError) as caught:
        put(
            f"{vnet}/subnets/app",
            properties={
                "addressPrefix": "10.0.1.0/24",
                "routeTable": {"id": rid("Microsoft.Network/routeTables/missing")},
            },
        )

    assert (caught.value.status_code, caught.value.error.code) == (400, "InvalidResourceReference")
    assert not _exists(arm, f"{vnet}/subnets/app")


def test_routes_written_inline_in_a_route_table_are_child_resources(
    arm: ResourceManagementClient, put: Put, rid: Rid
) -> None:
    table = rid("Microsoft.Network/routeTables/rt1")
    put(
        table,
        location="eastus",
        properties={
            "routes": [
                {
                    "name": "default",
                    "properties": {
                        "addressPrefix": "0.0.0.0/0",
                        "nextHopType": "VirtualAppliance",
                        "nextHopIpAddress": "10.50.0.4",
                    },
                }
            ]
        },
    )

    route = arm.resources.get_by_id(f"{table}/routes/default", api_version=NETWORK)

    assert route.properties["nextHopIpAddress"] == "10.50.0.4"


def test_an_inbound_nat_rule_added_later_shows_inline_in_its_load_balancer(
    arm: ResourceManagementClient, put: Put, rid: Rid
) -> None:
    lb = rid("Microsoft.Network/loadBalancers/lb1")
    put(
        lb,
        location="eastus",
        sku={"name": "Standard"},
        properties={
            "frontendIPConfigurations": [
                {"name": "fe", "properties": {"publicIPAddress": {"id": _public_ip(put, rid)}}}
            ],
            "backendAddressPools": [{"name": "pool"}],
        },
    )
    put(
        f"{lb}/inboundNatRules/ssh",
        properties={
            "frontendIPConfiguration": {"id": f"{lb}/frontendIPConfigurations/fe"},
            "protocol": "Tcp",
            "frontendPort": 50001,
            "backendPort": 22,
        },
    )

    shown = arm.resources.get_by_id(lb, api_version=NETWORK).properties

    assert [rule["name"] for rule in shown["inboundNatRules"]] == ["ssh"]
    assert [pool["name"] for pool in shown["backendAddressPools"]] == ["pool"]
    assert _exists(arm, f"{lb}/backendAddressPools/pool")


def test_a_load_balancer_frontend_naming_a_missing_public_ip_is_refused(put: Put, rid: Rid) -> None:
    with pytest.raises(HttpResponseError) as caught:
        put(
            rid("Microsoft.Network/loadBalancers/lb1"),
            location="eastus",
            properties={
                "frontendIPConfigurations": [
                    {
                        "name": "fe",
                        "properties": {
                            "publicIPAddress": {"id": rid("Microsoft.Network/publicIPAddresses/missing")}
                        },
                    }
                ],
            },
        )

    assert caught.value.error.code == "InvalidResourceReference"


def test_a_private_endpoint_to_a_missing_storage_account_is_refused(
    arm: ResourceManagementClient, put: Put, rid: Rid
) -> None:
    vnet = rid("Microsoft.Network/virtualNetworks/vnet1")
    put(vnet, location="eastus", properties={"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}})
    put(f"{vnet}/subnets/endpoints", properties={"addressPrefix": "10.0.1.0/24"})
    endpoint = rid("Microsoft.Network/privateEndpoints/pe1")

    with pytest.raises(HttpResponseError) as caught:
        put(
            endpoint,
            location="eastus",
            properties={
                "subnet": {"id": f"{vnet}/subnets/endpoints"},
                "privateLinkServiceConnections": [
                    {
                        "name": "blob",
                        "properties": {
                            "privateLinkServiceId": rid("Microsoft.Storage/storageAccounts/missing"),
                            "groupIds": ["blob"],
                        },
                    }
                ],
            },
        )

    assert caught.value.error.code == "InvalidResourceReference"
    assert not _exists(arm, endpoint)


def test_the_storage_account_behind_a_private_endpoint_can_be_deleted_as_on_azure(
    arm: ResourceManagementClient, put: Put, rid: Rid
) -> None:
    storage = rid("Microsoft.Storage/storageAccounts/docs1")
    put(storage, api_version=STORAGE, location="eastus", kind="StorageV2", sku={"name": "Standard_LRS"})
    vnet = rid("Microsoft.Network/virtualNetworks/vnet1")
    put(vnet, location="eastus", properties={"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}})
    put(f"{vnet}/subnets/endpoints", properties={"addressPrefix": "10.0.1.0/24"})
    endpoint = rid("Microsoft.Network/privateEndpoints/pe1")
    put(
        endpoint,
        location="eastus",
        properties={
            "subnet": {"id": f"{vnet}/subnets/endpoints"},
            "privateLinkServiceConnections": [
                {"name": "blob", "properties": {"privateLinkServiceId": storage, "groupIds": ["blob"]}}
            ],
        },
    )

    arm.resources.begin_delete_by_id(storage, api_version=STORAGE).result()

    assert not _exists(arm, storage, STORAGE)
    assert _exists(arm, endpoint)


def test_the_subnet_of_a_private_endpoint_cannot_be_deleted(
    arm: ResourceManagementClient, put: Put, rid: Rid
) -> None:
    storage = rid("Microsoft.Storage/storageAccounts/docs1")
    put(storage, api_version=STORAGE, location="eastus", kind="StorageV2", sku={"name": "Standard_LRS"})
    vnet = rid("Microsoft.Network/virtualNetworks/vnet1")
    put(vnet, location="eastus", properties={"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}})
    subnet = f"{vnet}/subnets/endpoints"
    put(subnet, properties={"addressPrefix": "10.0.1.0/24"})
    put(
        rid("Microsoft.Network/privateEndpoints/pe1"),
        location="eastus",
        properties={
            "subnet": {"id": subnet},
            "privateLinkServiceConnections": [
                {"name": "blob", "properties": {"privateLinkServiceId": storage, "groupIds": ["blob"]}}
            ],
        },
    )

    with pytest.raises(HttpResponseError) as caught:
        arm.resources.begin_delete_by_id(subnet, api_version=NETWORK).result()

    assert caught.value.error.code == "InUseSubnetCannotBeDeleted"
    assert _exists(arm, subnet)


def test_an_elastic_pool_with_a_database_in_it_cannot_be_deleted(
    arm: ResourceManagementClient, put: Put, rid: Rid
) -> None:
    server = rid("Microsoft.Sql/servers/sql1")
    put(server, api_version=SQL, location="eastus", properties={"version": "12.0"})
    pool = f"{server}/elasticPools/tenants"
    put(pool, api_version=SQL, location="eastus", sku={"name": "BasicPool", "tier": "Basic", "capacity": 50})
    put(f"{server}/databases/tenant1", api_version=SQL, location="eastus", properties={"elasticPoolId": pool})

    with pytest.raises(HttpResponseError):
        arm.resources.begin_delete_by_id(pool, api_version=SQL).result()

    assert _exists(arm, pool, SQL)


def test_deleting_the_server_takes_its_pool_and_databases(
    arm: ResourceManagementClient, put: Put, rid: Rid
) -> None:
    server = rid("Microsoft.Sql/servers/sql1")
    put(server, api_version=SQL, location="eastus", properties={"version": "12.0"})
    pool = f"{server}/elasticPools/tenants"
    put(pool, api_version=SQL, location="eastus", sku={"name": "BasicPool", "tier": "Basic", "capacity": 50})
    put(f"{server}/databases/tenant1", api_version=SQL, location="eastus", properties={"elasticPoolId": pool})

    arm.resources.begin_delete_by_id(server, api_version=SQL).result()

    assert not _exists(arm, pool, SQL)
    assert not _exists(arm, f"{server}/databases/tenant1", SQL)


def test_a_sql_database_without_a_location_is_refused(put: Put, rid: Rid) -> None:
    server = rid("Microsoft.Sql/servers/sql1")
    put(server, api_version=SQL, location="eastus", properties={"version": "12.0"})

    with pytest.raises(HttpResponseError) as caught:
        put(f"{server}/databases/orders", api_version=SQL, sku={"name": "Basic"})

    assert caught.value.error.code == "LocationRequired"
