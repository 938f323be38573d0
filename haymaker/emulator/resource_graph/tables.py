"""The Resource Graph tables, built from the ARM engine's documents (state kind "arm").

Rows have Resource Graph's columns and casing: `type` and `resourceGroup` lowercased, strings
"" rather than null, dynamic columns (sku, plan, properties, tags, ...) as stored.

- Resources: tracked resources. Extension resources (locks, role assignments, ...) live in other
  Resource Graph tables and are left out; so are child resources without a location (subnets,
  security rules: Azure's proxy resources), which Resource Graph does not list either.
- ResourceContainers: resource groups and subscriptions.

With `resource_graph_lag_seconds` set, the tables trail ARM as Resource Graph does: a resource
created less than the lag ago is not in them yet, and one deleted less than the lag ago still is.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from haymaker.emulator.arm import RESOURCE_GROUP_TYPE, meta, parse_arm_path, parse_iso, recently_deleted
from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.resource_graph.kql.evaluator import KqlType, Row, Table

ARM_KIND = "arm"
RESOURCE_GROUP_ROW_TYPE = "microsoft.resources/subscriptions/resourcegroups"
SUBSCRIPTION_TYPE = "Microsoft.Resources/subscriptions"
SUBSCRIPTION_ROW_TYPE = "microsoft.resources/subscriptions"
SUBSCRIPTION_DISPLAY_NAME = "HayMaker emulator subscription"

SCHEMA: dict[str, KqlType] = {
    "id": KqlType.STRING,
    "name": KqlType.STRING,
    "type": KqlType.STRING,
    "tenantId": KqlType.STRING,
    "kind": KqlType.STRING,
    "location": KqlType.STRING,
    "resourceGroup": KqlType.STRING,
    "subscriptionId": KqlType.STRING,
    "managedBy": KqlType.STRING,
    "sku": KqlType.DYNAMIC,
    "plan": KqlType.DYNAMIC,
    "properties": KqlType.DYNAMIC,
    "tags": KqlType.DYNAMIC,
    "identity": KqlType.DYNAMIC,
    "zones": KqlType.DYNAMIC,
    "extendedLocation": KqlType.DYNAMIC,
}


def build_tables(ctx: EmulatorContext, subscriptions: Iterable[str] | None) -> dict[str, Table]:
    """Both tables, holding only rows of `subscriptions` (all of them when None)."""
    visible = None if subscriptions is None else {s.lower() for s in subscriptions}
    tenant = ctx.settings.tenant_id
    resources: list[Row] = []
    containers: list[Row] = []
    known_subscriptions: dict[str, str] = {ctx.settings.subscription_id.lower(): ctx.settings.subscription_id}
    subscription_rows: dict[str, Row] = {}
    for doc in _indexed_documents(ctx):
        row_and_table = _row(doc, tenant)
        if row_and_table is None:
            continue
        row, table = row_and_table
        sub = row["subscriptionId"]
        known_subscriptions.setdefault(sub.lower(), sub)
        if table == "subscription":
            subscription_rows[sub.lower()] = row
        elif table == "container":
            containers.append(row)
        else:
            resources.append(row)
    for key, sub in known_subscriptions.items():
        subscription_rows.setdefault(key, _subscription_row(sub, tenant))
    containers.extend(subscription_rows.values())
    if visible is not None:
        resources = [r for r in resources if r["subscriptionId"].lower() in visible]
        containers = [r for r in containers if r["subscriptionId"].lower() in visible]
    return {
        "Resources": Table(SCHEMA, resources),
        "ResourceContainers": Table(SCHEMA, containers),
    }


def _indexed_documents(ctx: EmulatorContext) -> list[dict[str, Any]]:
    """ARM's documents as Resource Graph has indexed them, the state of `lag` seconds ago: what
    was created since is missing, what was deleted since (and had been indexed) is still there."""
    lag = ctx.options.resource_graph_lag_seconds
    docs = ctx.state.list(ARM_KIND)
    if lag <= 0:
        return docs
    now = datetime.now(UTC)

    def indexed(doc: dict[str, Any]) -> bool:
        created = meta(doc).get("created")
        return not created or (now - parse_iso(str(created))).total_seconds() >= lag

    return [d for d in [*docs, *recently_deleted(ctx, lag)] if indexed(d)]


def _row(doc: dict[str, Any], tenant: str) -> tuple[Row, str] | None:
    resource_id = doc.get("id")
    if not isinstance(resource_id, str):
        return None
    path = parse_arm_path(resource_id)
    if path is None or path.is_collection or path.is_extension:
        return None
    type_key = path.type_key
    if type_key == SUBSCRIPTION_TYPE.lower():
        row = _subscription_row(path.subscription, tenant)
        row.update({k: doc[k] for k in ("tags", "properties") if k in doc})
        row["name"] = str(doc.get("displayName") or doc.get("name") or row["name"])
        return row, "subscription"
    if type_key == RESOURCE_GROUP_TYPE.lower():
        row = _resource_row(doc, path.subscription, path.name or "", RESOURCE_GROUP_ROW_TYPE, tenant)
        return row, "container"
    is_child = path.parent is not None and path.parent.lower() != path.scope.lower()
    if is_child and not doc.get("location"):
        return None
    return _resource_row(doc, path.subscription, path.resource_group or "", path.type, tenant), "resource"


def _resource_row(doc: dict[str, Any], sub: str, resource_group: str, type_: str, tenant: str) -> Row:
    return {
        "id": doc["id"],
        "name": _text(doc.get("name")),
        "type": type_.lower(),
        "tenantId": tenant,
        "kind": _text(doc.get("kind")),
        # ARM stores locations normalized ("East US" -> "eastus"); Resource Graph shows that.
        "location": _text(doc.get("location")).lower().replace(" ", ""),
        "resourceGroup": resource_group.lower(),
        "subscriptionId": sub,
        "managedBy": _text(doc.get("managedBy")),
        "sku": doc.get("sku"),
        "plan": doc.get("plan"),
        "properties": doc.get("properties"),
        "tags": doc.get("tags"),
        "identity": doc.get("identity"),
        "zones": doc.get("zones"),
        "extendedLocation": doc.get("extendedLocation"),
    }


def _subscription_row(sub: str, tenant: str) -> Row:
    return {
        "id": f"/subscriptions/{sub}",
        "name": SUBSCRIPTION_DISPLAY_NAME,
        "type": SUBSCRIPTION_ROW_TYPE,
        "tenantId": tenant,
        "kind": "",
        "location": "",
        "resourceGroup": "",
        "subscriptionId": sub,
        "managedBy": "",
        "sku": None,
        "plan": None,
        "properties": {
            "state": "Enabled",
            "subscriptionPolicies": {
                "locationPlacementId": "Public_2014-09-01",
                "quotaId": "PayAsYouGo_2014-09-01",
                "spendingLimit": "Off",
            },
        },
        "tags": {},
        "identity": None,
        "zones": None,
        "extendedLocation": None,
    }


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
