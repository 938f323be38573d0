"""Role definitions and role assignments through azure-mgmt-authorization (sync SDK).

Azure failures leave here as haymaker.azure.errors types (from_http_error).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from azure.core.exceptions import HttpResponseError, ServiceRequestError, ServiceResponseError
from pydantic import BaseModel

from haymaker.azure.errors import AzureError, ResourceNotFound, from_http_error

if TYPE_CHECKING:
    from haymaker.azure.clients import AzureClients

T = TypeVar("T")


class RoleAssignmentInfo(BaseModel):
    """One role assignment as HayMaker needs it."""

    id: str
    name: str
    scope: str
    role_definition_id: str
    principal_id: str
    principal_type: str | None = None


def _azure(operation: Callable[[], T]) -> T:
    try:
        return operation()
    except (HttpResponseError, ServiceRequestError, ServiceResponseError) as exc:
        raise from_http_error(exc) from None


def _odata_literal(value: str) -> str:
    """An OData string literal: quotes doubled, so a name cannot end the literal early."""
    return "'" + value.replace("'", "''") + "'"


def subscription_of(scope: str) -> str:
    """The subscription id of an ARM scope, or ValueError when the scope names none."""
    parts = scope.strip("/").split("/")
    if len(parts) < 2 or parts[0].lower() != "subscriptions" or not parts[1]:
        raise ValueError(f"scope must start with /subscriptions/<id>, got {scope!r}")
    return parts[1]


def role_definition_id(clients: AzureClients, scope: str, role_name: str) -> str:
    """The id of the role definition named `role_name` (e.g. "Contributor") visible at scope."""
    client = clients.authorization(subscription_of(scope))
    filter_text = f"roleName eq {_odata_literal(role_name)}"
    found = _azure(lambda: list(client.role_definitions.list(scope, filter=filter_text)))
    matches = [d for d in found if (d.role_name or "").lower() == role_name.lower()]
    if not matches:
        raise ResourceNotFound(
            f"No role definition named {role_name!r} exists at scope {scope}",
            code="RoleDefinitionDoesNotExist",
            status=404,
        )
    if len(matches) > 1:
        raise AzureError(
            f"{len(matches)} role definitions are named {role_name!r} at scope {scope}; "
            "refusing to guess which one is meant",
            code="AmbiguousRoleDefinition",
        )
    if not matches[0].id:
        raise AzureError(f"Role definition {role_name!r} came back without an id", code="EmptyResponse")
    return matches[0].id


def create_role_assignment(
    clients: AzureClients,
    scope: str,
    role_definition: str,
    principal_id: str,
    *,
    principal_type: str = "ServicePrincipal",
    description: str | None = None,
) -> RoleAssignmentInfo:
    """Assign a role at scope. principal_type spares a brand-new principal PrincipalNotFound."""
    from azure.mgmt.authorization.models import RoleAssignmentCreateParameters

    client = clients.authorization(subscription_of(scope))
    params = RoleAssignmentCreateParameters(
        role_definition_id=role_definition,
        principal_id=principal_id,
        principal_type=principal_type,
        description=description,
    )
    created = _azure(lambda: client.role_assignments.create(scope, str(uuid.uuid4()), params))
    return _info(created)


def list_role_assignments(
    clients: AzureClients, scope: str, *, principal_id: str | None = None
) -> list[RoleAssignmentInfo]:
    """Assignments at, above and below scope (only those of principal_id when given)."""
    client = clients.authorization(subscription_of(scope))
    filter_text = f"principalId eq {_odata_literal(principal_id)}" if principal_id else None
    found = _azure(lambda: list(client.role_assignments.list_for_scope(scope, filter=filter_text)))
    return [_info(a) for a in found]


def delete_role_assignment(clients: AzureClients, assignment_id: str) -> bool:
    """Delete by full id; False when it was already gone."""
    client = clients.authorization(subscription_of(assignment_id))
    deleted = _azure(lambda: client.role_assignments.delete_by_id(assignment_id))
    return deleted is not None


def _info(assignment: object) -> RoleAssignmentInfo:
    principal_type = getattr(assignment, "principal_type", None)
    if principal_type is not None:
        # The SDK may hand back its PrincipalType enum.
        principal_type = str(getattr(principal_type, "value", principal_type))
    return RoleAssignmentInfo(
        id=str(getattr(assignment, "id", "") or ""),
        name=str(getattr(assignment, "name", "") or ""),
        scope=str(getattr(assignment, "scope", "") or ""),
        role_definition_id=str(getattr(assignment, "role_definition_id", "") or ""),
        principal_id=str(getattr(assignment, "principal_id", "") or ""),
        principal_type=principal_type,
    )
