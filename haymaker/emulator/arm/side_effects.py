"""Resources Azure creates on its own, as side effects of a PUT, and removes with their owner
(issue 11, item 4). None of them carries the tags of the request that caused it: Azure copies no
tags onto them.

- A VM's managed OS disk, and each data disk created `Empty`, with `managedBy` = the VM
  (azure-rest-api-specs specification/compute/resource-manager/Microsoft.Compute/
  ComputeRP/stable/2024-07-01/virtualMachine.json: OSDisk.managedDisk, DataDisk.createOption,
  `deleteOption` = DiskDeleteOptionTypes Delete | Detach, default Detach for the OS disk of a VM
  created through the API; DiskRP/stable/2024-03-02/disk.json: Disk.managedBy, "A relative URI
  containing the ID of the VM that has the disk attached"). Deleting the VM deletes the disks
  whose `deleteOption` is Delete and detaches the others (their `managedBy` is cleared, state
  Unattached): https://learn.microsoft.com/azure/virtual-machines/delete.
- A private endpoint's network interface, named `customNetworkInterfaceName` or else
  `<endpoint>.nic.<guid>`, whose read-only
  `privateEndpoint.id` names the endpoint (specification/network/.../stable/2024-05-01/
  networkInterface.json NetworkInterfacePropertiesFormat.privateEndpoint; privateEndpoint.json
  PrivateEndpointProperties.networkInterfaces, read-only). It goes with the endpoint.
- A SQL server's `master` database (https://learn.microsoft.com/azure/azure-sql/database/
  logical-servers: "a logical server ... has a master database"), a child of the server that ARM
  lists like any tracked child; it goes with the server.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from haymaker.emulator.arm.store import (
    META,
    delete_document,
    get_resource,
    meta,
    now_iso,
    put_resource,
)
from haymaker.emulator.core.context import BaseHooks, HookRegistry

if TYPE_CHECKING:
    from haymaker.emulator.core.context import EmulatorContext

VM_TYPE = "Microsoft.Compute/virtualMachines"
DISK_TYPE = "Microsoft.Compute/disks"
PRIVATE_ENDPOINT_TYPE = "Microsoft.Network/privateEndpoints"
NIC_TYPE = "Microsoft.Network/networkInterfaces"
SQL_SERVER_TYPE = "Microsoft.Sql/servers"
SQL_DATABASE_TYPE = "Microsoft.Sql/servers/databases"


def _side_document(
    owner: dict[str, Any], resource_id: str, resource_type: str, name: str, body: dict[str, Any]
) -> dict[str, Any]:
    """A stored document for something Azure made for `owner`: same subscription, group and
    location, no tags, created now."""
    owner_meta = meta(owner)
    now = now_iso()
    doc: dict[str, Any] = {"id": resource_id, "name": name, "type": resource_type}
    if owner.get("location"):
        doc["location"] = owner["location"]
    doc.update(body)
    doc["tags"] = {}
    doc[META] = {
        "api_version": owner_meta.get("api_version", ""),
        "created": now,
        "changed": now,
        "subscription": owner_meta.get("subscription"),
        "resource_group": owner_meta.get("resource_group"),
        "scope": owner_meta.get("scope"),
        "parent": owner_meta.get("parent"),
        "extension": False,
        "operation": None,
        "side_effect_of": owner["id"],
    }
    return doc


def _group_prefix(owner: dict[str, Any]) -> str:
    return str(owner["id"]).split("/providers/", 1)[0]


class VirtualMachineHooks(BaseHooks):
    """The OS disk and Empty data disks appear with the VM and follow their deleteOption."""

    def after_put(self, ctx: EmulatorContext, resource: dict[str, Any]) -> dict[str, Any]:
        storage = (resource.get("properties") or {}).get("storageProfile")
        if not isinstance(storage, dict):
            return resource
        os_disk = storage.get("osDisk")
        if isinstance(os_disk, dict) and str(os_disk.get("createOption", "")).lower() == "fromimage":
            self._attach_new_disk(ctx, resource, os_disk, f"{resource['name']}_OsDisk_1", os=True)
        for disk in storage.get("dataDisks") or []:
            if isinstance(disk, dict) and str(disk.get("createOption", "")).lower() == "empty":
                self._attach_new_disk(
                    ctx, resource, disk, f"{resource['name']}_disk{disk.get('lun', 0)}", os=False
                )
        return resource

    def before_delete(self, ctx: EmulatorContext, resource: dict[str, Any]) -> None:
        storage = (resource.get("properties") or {}).get("storageProfile") or {}
        disks = [storage.get("osDisk"), *(storage.get("dataDisks") or [])]
        for disk in disks:
            if not isinstance(disk, dict):
                continue
            disk_id = str((disk.get("managedDisk") or {}).get("id") or "")
            stored = get_resource(ctx, disk_id) if disk_id else None
            if stored is None or str(stored.get("managedBy", "")).lower() != str(resource["id"]).lower():
                continue
            if str(disk.get("deleteOption", "Detach")).lower() == "delete":
                delete_document(ctx, disk_id)
                continue
            stored.pop("managedBy", None)
            stored.setdefault("properties", {})["diskState"] = "Unattached"
            meta(stored)["changed"] = now_iso()
            put_resource(ctx, stored)

    def _attach_new_disk(
        self, ctx: EmulatorContext, vm: dict[str, Any], disk: dict[str, Any], default_name: str, *, os: bool
    ) -> None:
        managed = disk.get("managedDisk") if isinstance(disk.get("managedDisk"), dict) else {}
        if managed.get("id") and get_resource(ctx, str(managed["id"])) is not None:
            return  # an update of a VM whose disk exists already
        name = str(disk.get("name") or f"{default_name}_{uuid.uuid4().hex}")
        disk_id = f"{_group_prefix(vm)}/providers/{DISK_TYPE}/{name}"
        creation: dict[str, Any] = {"createOption": "FromImage" if os else "Empty"}
        image = ((vm.get("properties") or {}).get("storageProfile") or {}).get("imageReference")
        if os and isinstance(image, dict):
            creation["imageReference"] = {k: v for k, v in image.items() if k != "exactVersion"}
        properties: dict[str, Any] = {
            "creationData": creation,
            "diskSizeGB": int(disk.get("diskSizeGB") or (30 if os else 32)),
            "diskState": "Attached",
            "timeCreated": now_iso(),
            "provisioningState": "Succeeded",
        }
        if os:
            properties["osType"] = str(disk.get("osType") or "Linux")
        sku = {"name": str(managed.get("storageAccountType") or "Premium_LRS")}
        put_resource(
            ctx,
            _side_document(
                vm, disk_id, DISK_TYPE, name, {"managedBy": vm["id"], "sku": sku, "properties": properties}
            ),
        )
        disk["name"] = name
        managed["id"] = disk_id
        disk["managedDisk"] = managed


class PrivateEndpointHooks(BaseHooks):
    """The endpoint's NIC appears with it, in the endpoint's subnet, and goes with it."""

    def after_put(self, ctx: EmulatorContext, resource: dict[str, Any]) -> dict[str, Any]:
        props = resource.setdefault("properties", {})
        existing = [
            n
            for n in props.get("networkInterfaces") or []
            if isinstance(n, dict) and get_resource(ctx, str(n.get("id", "")))
        ]
        if existing:
            props["networkInterfaces"] = existing
            return resource
        name = str(props.get("customNetworkInterfaceName") or f"{resource['name']}.nic.{uuid.uuid4()}")
        nic_id = f"{_group_prefix(resource)}/providers/{NIC_TYPE}/{name}"
        subnet = (props.get("subnet") or {}).get("id")
        configuration = f"privateEndpointIpConfig.{uuid.uuid4()}"
        nic_properties: dict[str, Any] = {
            "provisioningState": "Succeeded",
            "privateEndpoint": {"id": resource["id"]},
            "ipConfigurations": [
                {
                    "name": configuration,
                    "id": f"{nic_id}/ipConfigurations/{configuration}",
                    "properties": {
                        "privateIPAllocationMethod": "Dynamic",
                        "subnet": {"id": subnet},
                        "primary": True,
                        "privateIPAddressVersion": "IPv4",
                    },
                }
            ],
        }
        put_resource(ctx, _side_document(resource, nic_id, NIC_TYPE, name, {"properties": nic_properties}))
        props["networkInterfaces"] = [{"id": nic_id}]
        return resource

    def before_delete(self, ctx: EmulatorContext, resource: dict[str, Any]) -> None:
        for nic in (resource.get("properties") or {}).get("networkInterfaces") or []:
            stored = get_resource(ctx, str((nic or {}).get("id", "")))
            if (
                stored is not None
                and meta(stored).get("side_effect_of", "").lower() == str(resource["id"]).lower()
            ):
                delete_document(ctx, str(stored["id"]))


class SqlServerHooks(BaseHooks):
    """Every logical server has a `master` database, made with the server."""

    def after_put(self, ctx: EmulatorContext, resource: dict[str, Any]) -> dict[str, Any]:
        master_id = f"{resource['id']}/databases/master"
        if get_resource(ctx, master_id) is not None:
            return resource
        body = {
            "kind": "v12.0,system",
            "sku": {"name": "System", "tier": "System", "capacity": 0},
            "properties": {
                "collation": "SQL_Latin1_General_CP1_CI_AS",
                "maxSizeBytes": 32212254720,
                "status": "Online",
                "databaseId": str(uuid.uuid4()),
                "creationDate": now_iso(),
                "currentServiceObjectiveName": "System0",
                "requestedServiceObjectiveName": "System0",
                "defaultSecondaryLocation": resource.get("location", ""),
                "catalogCollation": "SQL_Latin1_General_CP1_CI_AS",
                "zoneRedundant": False,
                "readScale": "Disabled",
                "currentSku": {"name": "System", "tier": "System", "capacity": 0},
            },
        }
        document = _side_document(resource, master_id, SQL_DATABASE_TYPE, "master", body)
        meta(document)["parent"] = resource["id"]
        put_resource(ctx, document)
        return resource


def register_side_effect_hooks(registry: HookRegistry) -> None:
    registry.register(VM_TYPE, VirtualMachineHooks())
    registry.register(PRIVATE_ENDPOINT_TYPE, PrivateEndpointHooks())
    registry.register(SQL_SERVER_TYPE, SqlServerHooks())
