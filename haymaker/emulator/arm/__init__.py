"""Azure Resource Manager: subscriptions, providers, resource groups, resources by id, async ops.

The generic engine serves every type in the provider table (haymaker/specs/providers.py) the
same way; types that behave differently register hooks (core.context.ResourceHooks).

Modules: `routes` (the catch-all for /subscriptions/... and what it dispatches on), `groups`,
`resources`, `request` (one request as handlers see it), `documents` (a document from a PUT
body), `embedded` + `children` (children Azure also shows inline), `dependencies` (references
that block deletes), `delete`, `locks` (Microsoft.Authorization/locks: the engine enforces them
on every write and delete, so they live with it), `operations` (async operations), `filters`
(list `$filter` and paging), `catalog` (look-ups over the provider table), `ids`, `store`,
`errors`, `builtin_hooks`.

Interface for other services (and nothing else of this package): the document store
(`get_resource`, `put_resource`, `delete_document`, `list_under`, `all_resources`,
`public_view`, `normalize_location`, `meta`, `recently_deleted`, `parse_iso`) and id parsing (`parse_arm_path`, `ArmPath`,
`RESOURCE_GROUP_TYPE`), and `register_provider` (the bootstrap registers what it creates in). Authorization keeps role assignments as ARM documents through it so
the engine removes them with their scope; Container Apps reads environments and apps; Resource
Graph builds its tables from it.
"""

from haymaker.emulator.arm.ids import RESOURCE_GROUP_TYPE, ArmPath, parse_arm_path
from haymaker.emulator.arm.registration import register as register_provider
from haymaker.emulator.arm.store import (
    all_resources,
    delete_document,
    get_resource,
    list_under,
    meta,
    normalize_location,
    parse_iso,
    public_view,
    put_resource,
    recently_deleted,
)

__all__ = [
    "RESOURCE_GROUP_TYPE",
    "ArmPath",
    "all_resources",
    "delete_document",
    "get_resource",
    "list_under",
    "meta",
    "normalize_location",
    "parse_arm_path",
    "parse_iso",
    "public_view",
    "put_resource",
    "recently_deleted",
    "register_provider",
]
