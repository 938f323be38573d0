"""Built-in Azure role definitions the emulator knows (ids and permissions as on Azure)."""

from __future__ import annotations

from typing import Any

_KEY_VAULT_CONTROL_READS = [
    "Microsoft.Authorization/*/read",
    "Microsoft.Insights/alertRules/*",
    "Microsoft.Resources/deployments/*",
    "Microsoft.Resources/subscriptions/resourceGroups/read",
    "Microsoft.Support/*",
    "Microsoft.KeyVault/checkNameAvailability/read",
    "Microsoft.KeyVault/deletedVaults/read",
    "Microsoft.KeyVault/locations/*/read",
    "Microsoft.KeyVault/vaults/*/read",
    "Microsoft.KeyVault/operations/read",
]

# Ids, actions, notActions and dataActions as Azure publishes them:
# https://learn.microsoft.com/azure/role-based-access-control/built-in-roles (and the per-area
# pages it links, e.g. .../built-in-roles/security#key-vault-secrets-user).
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
    "00482a5a-887f-4fb3-b363-3b7fe8e74483": {
        "roleName": "Key Vault Administrator",
        "description": "Perform all data plane operations on a key vault and all objects in it, "
        "including certificates, keys, and secrets. Cannot manage key vault resources or manage "
        "role assignments. Only works for key vaults that use the 'Azure role-based access "
        "control' permission model.",
        "actions": list(_KEY_VAULT_CONTROL_READS),
        "notActions": [],
        "dataActions": ["Microsoft.KeyVault/vaults/*"],
    },
    "b86a8fe4-44ce-4948-aee5-eccb2c155cd7": {
        "roleName": "Key Vault Secrets Officer",
        "description": "Perform any action on the secrets of a key vault, except manage "
        "permissions. Only works for key vaults that use the 'Azure role-based access control' "
        "permission model.",
        "actions": list(_KEY_VAULT_CONTROL_READS),
        "notActions": [],
        "dataActions": ["Microsoft.KeyVault/vaults/secrets/*"],
    },
    "4633458b-17de-408a-b874-0445c86b69e6": {
        "roleName": "Key Vault Secrets User",
        "description": "Read secret contents. Only works for key vaults that use the 'Azure "
        "role-based access control' permission model.",
        "actions": [],
        "notActions": [],
        "dataActions": [
            "Microsoft.KeyVault/vaults/secrets/getSecret/action",
            "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
        ],
    },
    "21090545-7ca7-4776-b22c-e363652d74d2": {
        "roleName": "Key Vault Reader",
        "description": "Read metadata of key vaults and its certificates, keys, and secrets. Cannot "
        "read sensitive values such as secret contents or key material. Only works for key "
        "vaults that use the 'Azure role-based access control' permission model.",
        "actions": list(_KEY_VAULT_CONTROL_READS),
        "notActions": [],
        "dataActions": [
            "Microsoft.KeyVault/vaults/*/read",
            "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
        ],
    },
    "ba92f5b4-2d11-453d-a403-e96b0029c9fe": {
        "roleName": "Storage Blob Data Contributor",
        "description": "Allows for read, write and delete access to Azure Storage blob containers and data",
        "actions": [
            "Microsoft.Storage/storageAccounts/blobServices/containers/delete",
            "Microsoft.Storage/storageAccounts/blobServices/containers/read",
            "Microsoft.Storage/storageAccounts/blobServices/containers/write",
            "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action",
        ],
        "notActions": [],
        "dataActions": [
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete",
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action",
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action",
        ],
    },
    "f1a07417-d97a-45cb-824c-7a7467783830": {
        "roleName": "Managed Identity Operator",
        "description": "Read and Assign User Assigned Identity",
        "actions": [
            "Microsoft.ManagedIdentity/userAssignedIdentities/*/read",
            "Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action",
            "Microsoft.Authorization/*/read",
            "Microsoft.Insights/alertRules/*",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.Resources/deployments/*",
            "Microsoft.Support/*",
        ],
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
                    "dataActions": list(role.get("dataActions", [])),
                    "notDataActions": list(role.get("notDataActions", [])),
                }
            ],
            "createdOn": CREATED_ON,
            "updatedOn": UPDATED_ON,
            "createdBy": None,
            "updatedBy": None,
        },
    }


def role_id_by_name(role_name: str) -> str:
    """The built-in role's id (KeyError for a role the emulator does not define)."""
    for role_id, role in BUILT_IN_ROLES.items():
        if role["roleName"].lower() == role_name.lower():
            return role_id
    raise KeyError(f"no built-in role named {role_name!r}")
