"""A scenario's identity: app registration, service principal, password, Key Vault secret, roles.

Public functions (what flows, cleanup and the agent call):

- `create_service_principal` / `create_service_principal_sync`: app + SP + password into Key Vault
  + role assignments scoped to the scenario's group; rolls back what it created on failure.
- `delete_service_principal` / `delete_service_principal_sync`: every piece, step by step (S6:
  only objects carrying the run's marker).
- `list_haymaker_service_principals` / `_sync`: marked identities, optionally of one run.
- `verify_sp_deleted` / `_sync`: True when the app is gone.
- `find_haymaker_applications` / `_sync`: ours plus the lookalikes (tags resembling the marker).
- `list_deleted_haymaker_objects` / `_sync` and `purge_deleted_objects` / `_sync`: marked
  applications and service principals in `deletedItems`, and their permanent delete.
- `marker_tags`, `is_marked`, `run_id_of`, `scenario_of` (markers): the S6 marker on Graph objects.

Modules: `service_principals` (the orchestration above), `removal` (one removal step each),
`graph` (msgraph-sdk calls), `role_assignments` (azure-mgmt-authorization), `secrets` (Key Vault),
`markers`, `models`.
"""

from haymaker.azure.identities.markers import is_marked, marker_tags, run_id_of, scenario_of
from haymaker.azure.identities.models import (
    HaymakerServicePrincipal,
    IdentityStep,
    MarkedObject,
    PollPolicy,
    ServicePrincipalDeletion,
    ServicePrincipalProvisioningError,
)
from haymaker.azure.identities.service_principals import (
    create_service_principal,
    create_service_principal_sync,
    delete_service_principal,
    delete_service_principal_sync,
    find_haymaker_applications,
    find_haymaker_applications_sync,
    list_deleted_haymaker_objects,
    list_deleted_haymaker_objects_sync,
    list_haymaker_service_principals,
    list_haymaker_service_principals_sync,
    purge_deleted_objects,
    purge_deleted_objects_sync,
    verify_sp_deleted,
    verify_sp_deleted_sync,
)

__all__ = [
    "HaymakerServicePrincipal",
    "IdentityStep",
    "MarkedObject",
    "PollPolicy",
    "ServicePrincipalDeletion",
    "ServicePrincipalProvisioningError",
    "create_service_principal",
    "create_service_principal_sync",
    "delete_service_principal",
    "delete_service_principal_sync",
    "find_haymaker_applications",
    "find_haymaker_applications_sync",
    "is_marked",
    "list_deleted_haymaker_objects",
    "list_deleted_haymaker_objects_sync",
    "list_haymaker_service_principals",
    "list_haymaker_service_principals_sync",
    "marker_tags",
    "purge_deleted_objects",
    "purge_deleted_objects_sync",
    "run_id_of",
    "scenario_of",
    "verify_sp_deleted",
    "verify_sp_deleted_sync",
]
