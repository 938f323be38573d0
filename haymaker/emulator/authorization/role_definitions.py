"""Built-in Azure role definitions the emulator knows (ids and permissions as on Azure)."""

from __future__ import annotations

from typing import Any

BUILT_IN_ROLES: dict[str, dict[str, Any]] = {
    "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": {
        "roleName": "Owner",
        "description": "Grants full access to manage all resources, including the ability to assign "
        "roles in Azure RBAC.",
        "actions": ["*"],
        "notActions": [],
    },
    "b24988ac-6180-42a0-ab88-20f7382dd24c": {
        "roleName": "Contributor",
        "description": "Grants full access to manage all resources, but does not allow you to assign "
        "roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.",
        "actions": ["*"],
        "notActions": [
            "Microsoft.Authorization/*/Delete",
            "Microsoft.Authorization/*/Write",
            "Microsoft.Authorization/elevateAccess/Action",
            "Microsoft.Blueprint/blueprintAssignments/write",
            "Microsoft.Blueprint/blueprintAssignments/delete",
            "Microsoft.Compute/galleries/share/action",
            "Microsoft.Purview/consents/write",
            "Microsoft.Purview/consents/delete",
            "Microsoft.Resources/deploymentStacks/manageDenySetting/action",
            "Microsoft.Subscription/cancel/action",
            "Microsoft.Subscription/enable/action",
        ],
    },
    "acdd72a7-3d1f-48bd-a7b0-cd0f1cd6a23e": {
        "roleName": "Reader",
        "description": "View all resources, but does not allow you to make any changes.",
        "actions": ["*/read"],
        "notActions": [],
    },
    "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": {
        "roleName": "User Access Administrator",
        "description": "Lets you manage user access to Azure resources.",
        "actions": ["*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"],
        "notActions": [],
    },
}
CREATED_ON = "2015-02-02T21:55:09.8806423Z"
UPDATED_ON = "2024-04-01T00:00:00.0000000Z"


def role_definition(role_id: str, subscription: str | None) -> dict[str, Any]:
    """A built-in role definition in ARM shape; ids are subscription-level as Azure returns them."""
    role = BUILT_IN_ROLES[role_id]
    prefix = f"/subscriptions/{subscription}" if subscription else ""
    return {
        "id": f"{prefix}/providers/Microsoft.Authorization/roleDefinitions/{role_id}",
        "name": role_id,
        "type": "Microsoft.Authorization/roleDefinitions",
        "properties": {
            "roleName": role["roleName"],
            "type": "BuiltInRole",
            "description": role["description"],
            "assignableScopes": ["/"],
            "permissions": [
                {
                    "actions": list(role["actions"]),
                    "notActions": list(role["notActions"]),
                    "dataActions": [],
                    "notDataActions": [],
                }
            ],
            "createdOn": CREATED_ON,
            "updatedOn": UPDATED_ON,
            "createdBy": None,
            "updatedBy": None,
        },
    }
