"""Which RBAC action an ARM request needs, and at which scope.

Azure names operations `{namespace}/{type}/read|write|delete` (and `.../{action}/action` for
POSTs), resource groups are `Microsoft.Resources/subscriptions/resourceGroups/...`, and the
scope of a check is the request's own id: an assignment on a group covers everything under it
(https://learn.microsoft.com/azure/role-based-access-control/resource-provider-operations,
https://learn.microsoft.com/azure/role-based-access-control/scope-overview).
"""

from __future__ import annotations

from haymaker.emulator.arm.ids import RESOURCE_GROUP_TYPE, ArmPath

GROUP_OPERATIONS = "Microsoft.Resources/subscriptions/resourceGroups"
GROUP_RESOURCES_READ = "Microsoft.Resources/subscriptions/resourceGroups/resources/read"
SUBSCRIPTION_RESOURCES_READ = "Microsoft.Resources/subscriptions/resources/read"
_VERBS = {"GET": "read", "HEAD": "read", "PUT": "write", "PATCH": "write", "DELETE": "delete"}


def operation_type(p: ArmPath) -> str:
    """`Microsoft.Network/virtualNetworks/subnets` for a subnet; groups in Resources' naming."""
    if p.type == RESOURCE_GROUP_TYPE:
        return GROUP_OPERATIONS
    return p.type


def required_action(method: str, p: ArmPath, post_action: str | None = None) -> str:
    """The action a request on `p` needs (`post_action` names a POST's action segment)."""
    base = operation_type(p)
    if method == "POST":
        return f"{base}/{post_action or 'action'}/action"
    return f"{base}/{_VERBS.get(method, 'read')}"


def read_action(resource_type: str) -> str:
    if resource_type.lower() == RESOURCE_GROUP_TYPE.lower():
        return f"{GROUP_OPERATIONS}/read"
    return f"{resource_type}/read"
