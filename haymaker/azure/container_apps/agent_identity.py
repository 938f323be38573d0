"""An agent's own user-assigned managed identity, allowed to read only its scenario's secrets.

Container Apps resolves an app's Key Vault references with the identity each reference names,
at create time (https://learn.microsoft.com/azure/container-apps/manage-secrets#reference-secret-from-key-vault),
so the identity must exist and hold "Key Vault Secrets User" first. Key Vault RBAC can scope
that role to one secret (https://learn.microsoft.com/azure/key-vault/general/rbac-guide#secret-scope-role-assignment):
no agent can read another scenario's secret.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from azure.core.exceptions import (
    HttpResponseError,
    ResourceNotFoundError,
    ServiceRequestError,
    ServiceResponseError,
)
from pydantic import BaseModel, ConfigDict

from haymaker.azure.errors import from_http_error
from haymaker.azure.identities.role_assignments import (
    create_role_assignment,
    delete_role_assignment,
    list_role_assignments,
    role_definition_id,
)

if TYPE_CHECKING:
    from haymaker.azure.clients import AzureClients

IDENTITY_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities"
IDENTITY_API_VERSION = "2023-01-31"
SECRET_READER_ROLE = "Key Vault Secrets User"


class AgentIdentity(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    principal_id: str
    client_id: str


def identity_id(subscription_id: str, resource_group: str, name: str) -> str:
    return (
        f"/subscriptions/{subscription_id}/resourceGroups/{resource_group}/providers/{IDENTITY_TYPE}/{name}"
    )


def create_agent_identity(
    clients: AzureClients,
    subscription_id: str,
    resource_group: str,
    name: str,
    location: str,
    tags: dict[str, str],
) -> AgentIdentity:
    """Create (or update) the identity; Azure fills in its principal and client ids."""
    resource_id = identity_id(subscription_id, resource_group, name)
    try:
        created = (
            clients.resources(subscription_id)
            .resources.begin_create_or_update_by_id(
                resource_id, {"location": location, "tags": tags}, api_version=IDENTITY_API_VERSION
            )
            .result()
        )
    except (HttpResponseError, ServiceRequestError, ServiceResponseError) as exc:
        raise from_http_error(exc) from None
    props = created.properties or {}
    return AgentIdentity(
        id=str(created.id), principal_id=str(props["principalId"]), client_id=str(props["clientId"])
    )


def secret_scope(vault_id: str, secret_name: str) -> str:
    return f"{vault_id.rstrip('/')}/secrets/{secret_name}"


def grant_secret_reader(clients: AzureClients, vault_id: str, secret_name: str, principal_id: str) -> str:
    """Key Vault Secrets User on that one secret; the assignment's id."""
    scope = secret_scope(vault_id, secret_name)
    role = role_definition_id(clients, scope, SECRET_READER_ROLE)
    # principalType spares a brand-new identity the directory lookup (replication delay).
    return create_role_assignment(
        clients,
        scope,
        role,
        principal_id,
        principal_type="ServicePrincipal",
        description="HayMaker: the agent reads its scenario's secret",
    ).id


def revoke_secret_readers(clients: AzureClients, vault_id: str, secret_name: str) -> list[str]:
    """Delete every role assignment scoped to exactly that secret; the ids deleted.

    Deleting a secret (or the identity) leaves its role assignments behind on Azure.
    """
    scope = secret_scope(vault_id, secret_name)
    removed = []
    # Listed at the vault: a deleted secret's scope no longer exists, its assignments still do.
    for assignment in list_role_assignments(clients, vault_id):
        if assignment.scope.lower() == scope.lower():
            delete_role_assignment(clients, assignment.id)
            removed.append(assignment.id)
    return removed


def delete_agent_identity(clients: AzureClients, identity: str, assignment_ids: list[str]) -> None:
    """Undo create_agent_identity and its grants: the role assignments first (Azure keeps them
    after their principal is gone), then the identity; what is already gone is fine."""
    for assignment in assignment_ids:
        delete_role_assignment(clients, assignment)
    try:
        clients.resources(identity.split("/")[2]).resources.begin_delete_by_id(
            identity, api_version=IDENTITY_API_VERSION
        ).result()
    except ResourceNotFoundError:
        return
    except (HttpResponseError, ServiceRequestError, ServiceResponseError) as exc:
        raise from_http_error(exc) from None
