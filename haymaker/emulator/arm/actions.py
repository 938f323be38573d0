"""Resource actions (`POST <resource id>/<action>`), one small handler each.

Only actions listed here are served; any other POST on a resource keeps the generic answer
(405). Each handler names its source in azure-rest-api-specs.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from typing import Any

from starlette.responses import Response

from haymaker.emulator.arm.catalog import require_type
from haymaker.emulator.arm.errors import resource_not_found
from haymaker.emulator.arm.ids import ArmPath
from haymaker.emulator.arm.request import ArmRequest, json_response
from haymaker.emulator.arm.store import get_resource, meta
from haymaker.emulator.core.context import EmulatorContext

Handler = Callable[[EmulatorContext, ArmRequest, dict[str, Any]], Response]


def _storage_list_keys(ctx: EmulatorContext, req: ArmRequest, account: dict[str, Any]) -> Response:
    """`StorageAccounts_ListKeys`: specification/storage/resource-manager/Microsoft.Storage/
    stable/2023-05-01/storage.json, POST .../storageAccounts/{accountName}/listKeys, answering
    `StorageAccountListKeysResult` = {keys: [StorageAccountKey {keyName, value, permissions,
    creationTime}]}: key1 and key2 with Full permissions (wired as "FULL", as
    `az storage account keys list` prints them). Keys are 64 random-looking bytes in base64
    (88 characters, like Azure's), stable for the account's lifetime."""
    created = str(meta(account).get("created") or "")
    keys = []
    for name in ("key1", "key2"):
        digest = hashlib.sha512(f"{account['id'].lower()}|{created}|{name}".encode()).digest()
        keys.append(
            {
                "creationTime": created or None,
                "keyName": name,
                "value": base64.b64encode(digest).decode(),
                "permissions": "FULL",
            }
        )
    return json_response({"keys": keys})


# (parent type, action) -> handler and the RBAC action it needs (Azure's operation names:
# https://learn.microsoft.com/azure/role-based-access-control/permissions/storage).
ACTIONS: dict[tuple[str, str], tuple[Handler, str]] = {
    ("microsoft.storage/storageaccounts", "listkeys"): (
        _storage_list_keys,
        "Microsoft.Storage/storageAccounts/listkeys/action",
    ),
}


def action_of(p: ArmPath) -> tuple[Handler, str] | None:
    """The handler of a `POST <resource>/<action>` this emulator serves, or None."""
    if not p.is_collection or p.parent is None:
        return None
    parent_type, _, action = p.type.rpartition("/")
    return ACTIONS.get((parent_type.lower(), action.lower()))


def post_action(ctx: EmulatorContext, req: ArmRequest, p: ArmPath, served: tuple[Handler, str]) -> Response:
    """Authorize on the parent (ARM checks the action before it looks the resource up), check the
    api-version against the parent's type, then answer for the existing resource."""
    handler, permission = served
    assert p.parent is not None
    req.require(permission, p.parent)
    parent_type = p.type.rpartition("/")[0]
    require_type(parent_type, req.api_version)
    resource = get_resource(ctx, p.parent)
    if resource is None:
        raise resource_not_found(p.parent, p.resource_group)
    return handler(ctx, req, resource)
