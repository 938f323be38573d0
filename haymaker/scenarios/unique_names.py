"""Names unique per run: resources whose name is global (it becomes a DNS name) must carry the
run's `{prefix}` so that two runs, or two scenarios of one run, never collide.

Everything else lives in the scenario's own resource group, which is already unique per run
and scenario, so a fixed name there (a subnet `web`, a private DNS zone `privatelink...`) is
fine. Graph objects a deploy step creates are tenant-wide: their displayName needs the prefix.
"""

from __future__ import annotations

from typing import Any

# Types whose names Azure requires to be globally unique (the name is a host name).
GLOBAL_NAME_TYPES = frozenset(
    t.lower()
    for t in (
        "Microsoft.ApiManagement/service",
        "Microsoft.AppConfiguration/configurationStores",
        "Microsoft.Batch/batchAccounts",
        "Microsoft.BotService/botServices",
        "Microsoft.Cache/redis",
        "Microsoft.Cdn/profiles/afdEndpoints",
        "Microsoft.Cdn/profiles/endpoints",
        "Microsoft.CognitiveServices/accounts",
        "Microsoft.ContainerRegistry/registries",
        "Microsoft.DataFactory/factories",
        "Microsoft.DBforMySQL/flexibleServers",
        "Microsoft.DBforPostgreSQL/flexibleServers",
        "Microsoft.DocumentDB/databaseAccounts",
        "Microsoft.EventHub/namespaces",
        "Microsoft.KeyVault/vaults",
        "Microsoft.Relay/namespaces",
        "Microsoft.Search/searchServices",
        "Microsoft.ServiceBus/namespaces",
        "Microsoft.SignalRService/signalR",
        "Microsoft.Sql/servers",
        "Microsoft.Storage/storageAccounts",
        "Microsoft.Synapse/workspaces",
        "Microsoft.Web/sites",
    )
)
# Placeholders that make a name unique per run (and per scenario, for `prefix`).
RUN_UNIQUE = ("{prefix}", "{run8}", "{run_id}")


def _carries_run(text: str) -> bool:
    return any(marker in text for marker in RUN_UNIQUE)


def arm_name_problem(resource_type: str | None, resource_template: str) -> str | None:
    """Why the name of a resource a deploy step creates is not unique per run, or None."""
    if resource_type is None or resource_type.lower() not in GLOBAL_NAME_TYPES:
        return None
    name = resource_template.rstrip("/").rsplit("/", 1)[-1]
    if _carries_run(name):
        return None
    return (
        f"the name {name!r} of a {resource_type} is global (a DNS name) but not unique per run: "
        "include {prefix}, e.g. {prefix}-" + name.strip("{}")
    )


def graph_name_problem(body: dict[str, Any] | None) -> str | None:
    """Why a Graph object a deploy step creates would not be unique per run, or None."""
    name = (body or {}).get("displayName")
    if not isinstance(name, str) or _carries_run(name):
        return None
    return (
        f"displayName {name!r} is tenant-wide but not unique per run: include {{prefix}}, "
        f"e.g. {{prefix}}-{name}"
    )
