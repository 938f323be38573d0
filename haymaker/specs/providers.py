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
    - singleton_versions: versions the provider lists for the type that serve only one fixed
      item and no DELETE (SINGLETON_ONLY_VERSIONS): listed by `providers.get`, as Azure lists
      them, and refused like any version the type does not serve.
    """

    api_versions: tuple[str, ...]
    long_running: bool = False
    tracked: bool = True
    provisioning_state: bool = True
    references: tuple[str, ...] = ()
    weak_references: tuple[str, ...] = ()
    embedded: tuple[tuple[str, str], ...] = ()
    in_use: InUseError | None = None
    singleton_versions: tuple[str, ...] = ()

    @property
    def listed_versions(self) -> tuple[str, ...]:
        """What `providers.get` lists: the served versions and the singleton-only ones, newest first."""
        return tuple(sorted({*self.api_versions, *self.singleton_versions}, reverse=True))


# Versions a provider lists for a type that serve only a fixed singleton item, with no DELETE: a
# client that picks the newest stable listed version for any named item of the type is wrong.
# Source: Azure/azure-rest-api-specs specification/monitor/resource-manager/Microsoft.Insights/
# stable/2016-09-01/serviceDiagnosticsSettings_API.json serves only
# `/{resourceUri}/providers/microsoft.insights/diagnosticSettings/service` (GET, PUT, PATCH);
# named settings and their DELETE are in the 2017-05-01-preview and 2021-05-01-preview files.
SINGLETON_ONLY_VERSIONS: dict[str, tuple[str, ...]] = {
    "microsoft.insights/diagnosticsettings": ("2016-09-01",),
}


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
# Catalog share A (AI & ML, Analytics, Compute, Containers): stable versions per
# azure-rest-api-specs (as generated into Azure/bicep-types-az), newest first.
_COGNITIVE = ("2025-06-01", "2024-10-01", "2023-05-01", "2022-12-01", "2022-10-01")
_MLS = ("2025-06-01", "2025-04-01", "2024-10-01", "2024-04-01", "2023-10-01")
_APP_INSIGHTS = ("2020-02-02", "2015-05-01")
_SEARCH = ("2025-05-01", "2023-11-01", "2022-09-01", "2020-08-01", "2020-03-13", "2015-08-19")
_EVENTHUB = ("2026-01-01", "2024-01-01", "2021-11-01", "2017-04-01")
_DATAFACTORY = ("2018-06-01",)
_SAVED_SEARCHES = ("2025-02-01", "2020-08-01", "2015-03-20")
_STREAM_ANALYTICS = ("2020-03-01", "2016-03-01")
_BATCH = ("2025-06-01", "2024-07-01", "2024-02-01", "2023-11-01", "2023-05-01")
_ACR = ("2025-04-01", "2023-07-01", "2022-12-01", "2021-09-01", "2019-05-01")
_ACI = ("2026-07-01", "2025-09-01", "2023-05-01", "2022-09-01", "2021-10-01")
_AKS = ("2025-01-01", "2024-10-01", "2024-09-01", "2024-08-01", "2024-07-01")
# Catalog share C (Security, Web Apps): stable versions per azure-rest-api-specs, newest first.
_APIM = ("2024-05-01", "2022-08-01", "2021-08-01")
_CDN = ("2024-09-01", "2024-02-01", "2023-05-01")
# Catalog share B (Databases, Hybrid + Multicloud, Identity, Networking): versions per
# azure-rest-api-specs, newest first.
_SQL = ("2023-08-01", "2023-05-01-preview", "2021-11-01")
_COSMOS = ("2024-11-15", "2024-08-15", "2024-05-15", "2023-11-15")
_POSTGRES = ("2024-08-01", "2022-12-01")
_REDIS = ("2024-11-01", "2024-03-01", "2023-08-01")
_PRIVATE_DNS = ("2024-06-01", "2020-06-01", "2020-01-01", "2018-09-01")
_RELAY = ("2026-01-01", "2024-01-01", "2021-11-01", "2017-04-01")
_AUTOMATION = ("2024-10-23", "2023-11-01", "2022-08-08")
_RECOVERY = ("2025-02-01", "2024-04-01", "2023-04-01")
_FEDERATED = ("2024-11-30", "2023-01-31", "2022-01-31-preview")
_LOGIC = ("2019-05-01", "2018-07-01-preview", "2016-06-01")

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
        "Microsoft.CognitiveServices",
        {
            "accounts": TypeSpec(_COGNITIVE, long_running=True),
            "accounts/deployments": TypeSpec(_COGNITIVE, long_running=True, tracked=False),
        },
    ),
    ProviderSpec(
        "Microsoft.MachineLearningServices",
        {
            "workspaces": TypeSpec(
                _MLS,
                long_running=True,
                references=(
                    "properties.storageAccount",
                    "properties.keyVault",
                    "properties.applicationInsights",
                ),
            ),
            "workspaces/computes": TypeSpec(_MLS, long_running=True, tracked=False),
        },
    ),
    ProviderSpec(
        "Microsoft.Search",
        {
            "searchServices": TypeSpec(_SEARCH, long_running=True),
        },
    ),
    ProviderSpec(
        "Microsoft.EventHub",
        {
            "namespaces": TypeSpec(_EVENTHUB, long_running=True),
            "namespaces/authorizationRules": TypeSpec(_EVENTHUB, tracked=False, provisioning_state=False),
            "namespaces/eventhubs": TypeSpec(_EVENTHUB, tracked=False, provisioning_state=False),
            "namespaces/eventhubs/consumergroups": TypeSpec(
                _EVENTHUB, tracked=False, provisioning_state=False
            ),
        },
    ),
    ProviderSpec(
        "Microsoft.DataFactory",
        {
            "factories": TypeSpec(_DATAFACTORY),
            "factories/linkedservices": TypeSpec(_DATAFACTORY, tracked=False, provisioning_state=False),
            "factories/datasets": TypeSpec(_DATAFACTORY, tracked=False, provisioning_state=False),
            "factories/pipelines": TypeSpec(_DATAFACTORY, tracked=False, provisioning_state=False),
            "factories/triggers": TypeSpec(_DATAFACTORY, tracked=False, provisioning_state=False),
        },
    ),
    ProviderSpec(
        "Microsoft.StreamAnalytics",
        {
            "streamingjobs": TypeSpec(_STREAM_ANALYTICS, long_running=True),
            "streamingjobs/inputs": TypeSpec(_STREAM_ANALYTICS, tracked=False, provisioning_state=False),
            "streamingjobs/outputs": TypeSpec(_STREAM_ANALYTICS, tracked=False, provisioning_state=False),
            "streamingjobs/transformations": TypeSpec(
                _STREAM_ANALYTICS, tracked=False, provisioning_state=False
            ),
        },
    ),
    ProviderSpec(
        "Microsoft.Batch",
        {
            "batchAccounts": TypeSpec(
                _BATCH, long_running=True, references=("properties.autoStorage.storageAccountId",)
            ),
            "batchAccounts/pools": TypeSpec(_BATCH, tracked=False),
        },
    ),
    ProviderSpec(
        "Microsoft.ContainerRegistry",
        {
            "registries": TypeSpec(_ACR, long_running=True),
            # Webhooks and replications carry their own location, like top-level resources.
            "registries/webhooks": TypeSpec(_ACR, long_running=True),
            "registries/scopeMaps": TypeSpec(_ACR, long_running=True, tracked=False),
        },
    ),
    ProviderSpec(
        "Microsoft.ContainerInstance",
        {
            "containerGroups": TypeSpec(_ACI, long_running=True),
        },
    ),
    ProviderSpec(
        "Microsoft.ContainerService",
        {
            "managedClusters": TypeSpec(_AKS, long_running=True),
            "managedClusters/agentPools": TypeSpec(_AKS, long_running=True, tracked=False),
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
                references=(
                    "properties.networkSecurityGroup.id",
                    "properties.natGateway.id",
                    "properties.routeTable.id",
                ),
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
                # A private endpoint's own NIC names it (read-only); the endpoint takes it along.
                weak_references=("properties.privateEndpoint.id",),
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
            "loadBalancers": TypeSpec(
                _NETWORK,
                long_running=True,
                references=("properties.frontendIPConfigurations[].properties.publicIPAddress.id",),
                embedded=(
                    ("backendAddressPools", "backendAddressPools"),
                    ("inboundNatRules", "inboundNatRules"),
                ),
            ),
            "loadBalancers/backendAddressPools": TypeSpec(_NETWORK, long_running=True, tracked=False),
            "loadBalancers/inboundNatRules": TypeSpec(_NETWORK, long_running=True, tracked=False),
            "privateEndpoints": TypeSpec(
                _NETWORK,
                long_running=True,
                references=(
                    "properties.subnet.id",
                    "properties.privateLinkServiceConnections[].properties.privateLinkServiceId",
                ),
                # Azure lets the target go; the endpoint's connection then shows Disconnected.
                weak_references=(
                    "properties.privateLinkServiceConnections[].properties.privateLinkServiceId",
                ),
            ),
            "privateEndpoints/privateDnsZoneGroups": TypeSpec(
                _NETWORK,
                long_running=True,
                tracked=False,
                references=("properties.privateDnsZoneConfigs[].properties.privateDnsZoneId",),
            ),
            "natGateways": TypeSpec(
                _NETWORK,
                long_running=True,
                references=("properties.publicIpAddresses[].id", "properties.publicIpPrefixes[].id"),
            ),
            "routeTables": TypeSpec(_NETWORK, long_running=True, embedded=(("routes", "routes"),)),
            "routeTables/routes": TypeSpec(_NETWORK, long_running=True, tracked=False),
            "localNetworkGateways": TypeSpec(_NETWORK, long_running=True),
            "privateDnsZones": TypeSpec(_PRIVATE_DNS, long_running=True),
            "privateDnsZones/virtualNetworkLinks": TypeSpec(
                _PRIVATE_DNS, long_running=True, references=("properties.virtualNetwork.id",)
            ),
            "privateDnsZones/A": TypeSpec(_PRIVATE_DNS, tracked=False, provisioning_state=False),
            "privateDnsZones/CNAME": TypeSpec(_PRIVATE_DNS, tracked=False, provisioning_state=False),
            "applicationSecurityGroups": TypeSpec(_NETWORK, long_running=True),
            "ipGroups": TypeSpec(_NETWORK, long_running=True),
            "firewallPolicies": TypeSpec(
                _NETWORK, long_running=True, references=("properties.basePolicy.id",)
            ),
            "firewallPolicies/ruleCollectionGroups": TypeSpec(
                _NETWORK,
                long_running=True,
                tracked=False,
                references=(
                    "properties.ruleCollections[].rules[].sourceIpGroups[]",
                    "properties.ruleCollections[].rules[].destinationIpGroups[]",
                ),
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
            "vaults/keys": TypeSpec(_KEYVAULT, tracked=False, provisioning_state=False),
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
            # A snapshot outlives its source disk: the source id never blocks deleting the disk.
            "snapshots": TypeSpec(
                _DISKS, long_running=True, weak_references=("properties.creationData.sourceResourceId",)
            ),
            "virtualMachineScaleSets": TypeSpec(
                _COMPUTE,
                long_running=True,
                references=(
                    "properties.virtualMachineProfile.networkProfile.networkInterfaceConfigurations[]"
                    ".properties.ipConfigurations[].properties.subnet.id",
                    "properties.virtualMachineProfile.networkProfile.networkInterfaceConfigurations[]"
                    ".properties.networkSecurityGroup.id",
                ),
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
            "sites/config": TypeSpec(_WEB, tracked=False, provisioning_state=False),
            "sites/slots": TypeSpec(_WEB, long_running=True, references=("properties.serverFarmId",)),
            "sites/slots/config": TypeSpec(_WEB, tracked=False, provisioning_state=False),
            "staticSites": TypeSpec(_WEB, long_running=True),
            "staticSites/config": TypeSpec(_WEB, tracked=False, provisioning_state=False),
        },
    ),
    ProviderSpec(
        "Microsoft.App",
        {
            "managedEnvironments": TypeSpec(_APP, long_running=True),
            "containerApps": TypeSpec(_APP, long_running=True),
            "jobs": TypeSpec(_APP, long_running=True, references=("properties.environmentId",)),
        },
    ),
    ProviderSpec(
        "Microsoft.ManagedIdentity",
        {
            "userAssignedIdentities": TypeSpec(_MSI),
            "userAssignedIdentities/federatedIdentityCredentials": TypeSpec(
                _FEDERATED, tracked=False, provisioning_state=False
            ),
        },
    ),
    ProviderSpec(
        "Microsoft.OperationalInsights",
        {
            "workspaces": TypeSpec(_LOGS, long_running=True),
            "workspaces/savedSearches": TypeSpec(_SAVED_SEARCHES, tracked=False, provisioning_state=False),
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
        "Microsoft.ApiManagement",
        {
            "service": TypeSpec(_APIM, long_running=True),
            "service/apis": TypeSpec(_APIM, long_running=True, tracked=False),
            "service/apis/operations": TypeSpec(_APIM, tracked=False, provisioning_state=False),
            "service/namedValues": TypeSpec(_APIM, long_running=True, tracked=False),
        },
    ),
    ProviderSpec(
        "Microsoft.Cdn",
        {
            "profiles": TypeSpec(_CDN, long_running=True),
            "profiles/afdEndpoints": TypeSpec(_CDN, long_running=True),
            "profiles/originGroups": TypeSpec(_CDN, long_running=True, tracked=False),
            "profiles/originGroups/origins": TypeSpec(_CDN, long_running=True, tracked=False),
            "profiles/afdEndpoints/routes": TypeSpec(
                _CDN, long_running=True, tracked=False, references=("properties.originGroup.id",)
            ),
        },
    ),
    ProviderSpec(
        "Microsoft.Sql",
        {
            "servers": TypeSpec(_SQL, long_running=True, provisioning_state=False),
            "servers/databases": TypeSpec(
                _SQL,
                long_running=True,
                provisioning_state=False,
                references=("properties.elasticPoolId",),
            ),
            "servers/elasticPools": TypeSpec(_SQL, long_running=True, provisioning_state=False),
            "servers/firewallRules": TypeSpec(_SQL, tracked=False, provisioning_state=False),
        },
    ),
    ProviderSpec(
        "Microsoft.DocumentDB",
        {
            "databaseAccounts": TypeSpec(_COSMOS, long_running=True),
            "databaseAccounts/sqlDatabases": TypeSpec(
                _COSMOS, long_running=True, tracked=False, provisioning_state=False
            ),
            "databaseAccounts/sqlDatabases/containers": TypeSpec(
                _COSMOS, long_running=True, tracked=False, provisioning_state=False
            ),
        },
    ),
    ProviderSpec(
        "Microsoft.DBforPostgreSQL",
        {
            "flexibleServers": TypeSpec(_POSTGRES, long_running=True, provisioning_state=False),
            "flexibleServers/databases": TypeSpec(
                _POSTGRES, long_running=True, tracked=False, provisioning_state=False
            ),
            "flexibleServers/firewallRules": TypeSpec(
                _POSTGRES, long_running=True, tracked=False, provisioning_state=False
            ),
            "flexibleServers/configurations": TypeSpec(
                _POSTGRES, long_running=True, tracked=False, provisioning_state=False
            ),
        },
    ),
    ProviderSpec(
        "Microsoft.Cache",
        {
            "redis": TypeSpec(_REDIS, long_running=True),
            "redis/firewallRules": TypeSpec(_REDIS, tracked=False, provisioning_state=False),
        },
    ),
    ProviderSpec(
        "Microsoft.Relay",
        {
            "namespaces": TypeSpec(_RELAY, long_running=True),
            "namespaces/authorizationRules": TypeSpec(_RELAY, tracked=False, provisioning_state=False),
            "namespaces/hybridConnections": TypeSpec(_RELAY, tracked=False, provisioning_state=False),
            "namespaces/hybridConnections/authorizationRules": TypeSpec(
                _RELAY, tracked=False, provisioning_state=False
            ),
        },
    ),
    ProviderSpec(
        "Microsoft.Automation",
        {
            "automationAccounts": TypeSpec(_AUTOMATION, provisioning_state=False),
            "automationAccounts/runbooks": TypeSpec(_AUTOMATION),
            "automationAccounts/hybridRunbookWorkerGroups": TypeSpec(
                _AUTOMATION, tracked=False, provisioning_state=False
            ),
            "automationAccounts/variables": TypeSpec(_AUTOMATION, tracked=False, provisioning_state=False),
            "automationAccounts/schedules": TypeSpec(_AUTOMATION, tracked=False, provisioning_state=False),
        },
    ),
    ProviderSpec(
        "Microsoft.RecoveryServices",
        {
            "vaults": TypeSpec(_RECOVERY, long_running=True),
            "vaults/backupPolicies": TypeSpec(
                _RECOVERY, long_running=True, tracked=False, provisioning_state=False
            ),
        },
    ),
    ProviderSpec(
        "Microsoft.Logic",
        {
            "workflows": TypeSpec(_LOGIC),
        },
    ),
    ProviderSpec(
        "Microsoft.Insights",
        {
            "diagnosticSettings": TypeSpec(
                _DIAGNOSTICS,
                singleton_versions=SINGLETON_ONLY_VERSIONS["microsoft.insights/diagnosticsettings"],
                tracked=False,
                provisioning_state=False,
                weak_references=(
                    "properties.workspaceId",
                    "properties.storageAccountId",
                    "properties.eventHubAuthorizationRuleId",
                ),
            ),
            "components": TypeSpec(_APP_INSIGHTS, references=("properties.WorkspaceResourceId",)),
        },
    ),
)


def find_type(full_type: str) -> tuple[str, TypeSpec] | None:
    """The canonical type name and its spec ('Microsoft.Network/virtualNetworks/subnets'), or
    None when the table does not know the type."""
    namespace, _, rest = full_type.partition("/")
    for provider in PROVIDERS:
        if provider.namespace.lower() != namespace.lower():
            continue
        for name, spec in provider.types.items():
            if name.lower() == rest.lower():
                return f"{provider.namespace}/{name}", spec
    return None
