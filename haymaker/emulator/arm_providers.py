"""The provider table: which namespaces, resource types and api-versions the ARM engine serves.

Data, not code. To serve a new type, add one `TypeSpec` line under its namespace. Api-versions
come from Azure/azure-rest-api-specs (plus the defaults the installed SDKs send), newest first,
as Azure's `GET /subscriptions/{s}/providers/{namespace}` lists them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class InUseError:
    """How Azure refuses to delete a resource something else still references.

    `message` may use {id}, {name} (the referenced resource) and {dependent} (the referencing id).
    """

    status: int
    code: str
    message: str


@dataclass(frozen=True)
class TypeSpec:
    """One resource type.

    - api_versions: newest first.
    - long_running: PUT answers with an async operation (201/200 + Azure-AsyncOperation).
    - tracked: a top-level resource with a location (PUT without one -> 400 LocationRequired).
    - provisioning_state: responses carry properties.provisioningState.
    - references: body paths (dotted, `[]` for arrays) that must name an existing resource on
      PUT (400 InvalidResourceReference otherwise).
    - weak_references: body paths whose ids never block deleting what they point at.
    - embedded: (array under `properties`, child type segment): children Azure also shows inline
      in the parent (a VNet's subnets); a PUT of the parent creates, updates and removes them.
    - in_use: the error when deleting this resource while another one references it.
    """

    api_versions: tuple[str, ...]
    long_running: bool = False
    tracked: bool = True
    provisioning_state: bool = True
    references: tuple[str, ...] = ()
    weak_references: tuple[str, ...] = ()
    embedded: tuple[tuple[str, str], ...] = ()
    in_use: InUseError | None = None


@dataclass(frozen=True)
class ProviderSpec:
    namespace: str
    types: dict[str, TypeSpec]
    locations: tuple[str, ...] = field(default=())


DEFAULT_LOCATIONS = (
    "East US",
    "East US 2",
    "West US 2",
    "West US 3",
    "Central US",
    "North Europe",
    "West Europe",
    "UK South",
    "Sweden Central",
    "Southeast Asia",
    "Australia East",
    "Japan East",
)

# Deleting a resource another one references, when its type says nothing more specific.
DEFAULT_IN_USE = InUseError(
    409,
    "Conflict",
    "Cannot delete resource '{id}' because it is referenced by resource '{dependent}'. "
    "Delete or update the referencing resource first.",
)

_RESOURCES = (
    "2025-04-01",
    "2025-03-01",
    "2024-11-01",
    "2024-07-01",
    "2024-03-01",
    "2023-07-01",
    "2022-09-01",
    "2021-04-01",
)
_NETWORK = (
    "2025-05-01",
    "2025-01-01",
    "2024-07-01",
    "2024-05-01",
    "2024-03-01",
    "2024-01-01",
    "2023-11-01",
    "2023-09-01",
)
_STORAGE = ("2025-06-01", "2025-01-01", "2024-01-01", "2023-05-01", "2023-01-01", "2022-09-01")
_KEYVAULT = ("2024-11-01", "2023-07-01", "2023-02-01", "2022-07-01")
_COMPUTE = ("2024-11-01", "2024-07-01", "2024-03-01", "2023-09-01", "2023-07-01")
_DISKS = ("2024-03-02", "2023-10-02", "2023-04-02", "2022-07-02")
_WEB = ("2024-11-01", "2024-04-01", "2023-12-01", "2023-01-01", "2022-09-01")
# 2026-07-01 is what azure-mgmt-appcontainers 5.1 sends by default.
_APP = ("2026-07-01", "2025-01-01", "2024-10-02-preview", "2024-03-01", "2023-05-01")
_MSI = ("2024-11-30", "2023-01-31", "2018-11-30")
_LOGS = ("2023-09-01", "2022-10-01", "2021-06-01", "2020-08-01")
_LOCKS = ("2020-05-01", "2016-09-01", "2015-01-01")
# 2022-04-01 is what azure-mgmt-authorization 4.0 sends for role assignments and definitions.
_ROLE_ASSIGNMENTS = (
    "2022-04-01",
    "2020-10-01-preview",
    "2020-04-01-preview",
    "2018-09-01-preview",
    "2015-07-01",
)
_ROLE_DEFINITIONS = ("2022-05-01-preview", "2022-04-01", "2018-01-01-preview", "2015-07-01")
_DIAGNOSTICS = ("2021-05-01-preview", "2017-05-01-preview")

_SUBNET_IN_USE = InUseError(
    400,
    "InUseSubnetCannotBeDeleted",
    "Subnet {name} is in use by {dependent} and cannot be deleted. In order to delete the "
    "subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.",
)

PROVIDERS: tuple[ProviderSpec, ...] = (
    ProviderSpec(
        "Microsoft.Resources",
        {
            "resourceGroups": TypeSpec(_RESOURCES),
        },
    ),
    ProviderSpec(
        "Microsoft.Network",
        {
            "virtualNetworks": TypeSpec(
                _NETWORK,
                long_running=True,
                embedded=(("subnets", "subnets"),),
                in_use=_SUBNET_IN_USE,
            ),
            "virtualNetworks/subnets": TypeSpec(
                _NETWORK,
                long_running=True,
                tracked=False,
                references=("properties.networkSecurityGroup.id",),
                in_use=_SUBNET_IN_USE,
            ),
            "networkSecurityGroups": TypeSpec(
                _NETWORK,
                long_running=True,
                embedded=(("securityRules", "securityRules"),),
                in_use=InUseError(
                    400,
                    "InUseNetworkSecurityGroupCannotBeDeleted",
                    "Network security group {id} cannot be deleted because it is in use by the "
                    "following resources: {dependent}. In order to delete the Network security "
                    "group, remove the association with the resource(s). To learn how to do this, "
                    "see aka.ms/deletensg.",
                ),
            ),
            "networkSecurityGroups/securityRules": TypeSpec(_NETWORK, long_running=True, tracked=False),
            "networkInterfaces": TypeSpec(
                _NETWORK,
                long_running=True,
                references=(
                    "properties.ipConfigurations[].properties.subnet.id",
                    "properties.ipConfigurations[].properties.publicIPAddress.id",
                    "properties.networkSecurityGroup.id",
                ),
                in_use=InUseError(
                    400,
                    "NicInUse",
                    "Network Interface {id} is used by existing resource {dependent}. In order to "
                    "delete the network interface, it must be dissociated from the resource. To "
                    "learn more, see aka.ms/deletenic.",
                ),
            ),
            "publicIPAddresses": TypeSpec(
                _NETWORK,
                long_running=True,
                in_use=InUseError(
                    400,
                    "PublicIPAddressCannotBeDeleted",
                    "Public IP address {id} can not be deleted since it is still allocated to "
                    "resource {dependent}. In order to delete the public IP, disassociate/detach "
                    "the Public IP address from the resource.  To learn how to do this, see "
                    "aka.ms/deletepublicip.",
                ),
            ),
            "loadBalancers": TypeSpec(_NETWORK, long_running=True),
            "privateEndpoints": TypeSpec(
                _NETWORK,
                long_running=True,
                references=("properties.subnet.id",),
            ),
        },
    ),
    ProviderSpec(
        "Microsoft.Storage",
        {
            "storageAccounts": TypeSpec(_STORAGE, long_running=True),
            "storageAccounts/blobServices": TypeSpec(_STORAGE, tracked=False),
            "storageAccounts/blobServices/containers": TypeSpec(_STORAGE, tracked=False),
        },
    ),
    ProviderSpec(
        "Microsoft.KeyVault",
        {
            "vaults": TypeSpec(_KEYVAULT),
            "vaults/secrets": TypeSpec(_KEYVAULT, tracked=False),
        },
    ),
    ProviderSpec(
        "Microsoft.Compute",
        {
            "virtualMachines": TypeSpec(
                _COMPUTE,
                long_running=True,
                references=("properties.networkProfile.networkInterfaces[].id",),
            ),
            "disks": TypeSpec(
                _DISKS,
                long_running=True,
                in_use=InUseError(409, "OperationNotAllowed", "Disk {name} is attached to VM {dependent}."),
            ),
        },
    ),
    ProviderSpec(
        "Microsoft.Web",
        {
            "serverFarms": TypeSpec(
                _WEB,
                long_running=True,
                in_use=InUseError(
                    409,
                    "Conflict",
                    "Server farm '{name}' cannot be deleted because it has web app(s) {dependent} "
                    "assigned to it.",
                ),
            ),
            "sites": TypeSpec(_WEB, long_running=True, references=("properties.serverFarmId",)),
        },
    ),
    ProviderSpec(
        "Microsoft.App",
        {
            "managedEnvironments": TypeSpec(_APP, long_running=True),
            "containerApps": TypeSpec(_APP, long_running=True),
        },
    ),
    ProviderSpec(
        "Microsoft.ManagedIdentity",
        {
            "userAssignedIdentities": TypeSpec(_MSI),
        },
    ),
    ProviderSpec(
        "Microsoft.OperationalInsights",
        {
            "workspaces": TypeSpec(_LOGS, long_running=True),
        },
    ),
    ProviderSpec(
        "Microsoft.Authorization",
        {
            "locks": TypeSpec(_LOCKS, tracked=False, provisioning_state=False),
            "roleAssignments": TypeSpec(
                _ROLE_ASSIGNMENTS,
                tracked=False,
                provisioning_state=False,
                weak_references=("properties.scope", "properties.roleDefinitionId"),
            ),
            "roleDefinitions": TypeSpec(
                _ROLE_DEFINITIONS,
                tracked=False,
                provisioning_state=False,
                weak_references=("properties.assignableScopes[]",),
            ),
        },
    ),
    ProviderSpec(
        "Microsoft.Insights",
        {
            "diagnosticSettings": TypeSpec(
                _DIAGNOSTICS,
                tracked=False,
                provisioning_state=False,
                weak_references=(
                    "properties.workspaceId",
                    "properties.storageAccountId",
                    "properties.eventHubAuthorizationRuleId",
                ),
            ),
        },
    ),
)
