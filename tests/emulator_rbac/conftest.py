"""Fixtures for the emulator's authentication and RBAC: principals with roles at chosen scopes."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from azure.mgmt.authorization.models import RoleAssignmentCreateParameters
from azure.mgmt.resource.resources import ResourceManagementClient

from haymaker.azure.clients import AzureClients
from haymaker.azure.target import AzureTarget
from haymaker.emulator.server import Emulator
from tests.emulator_identity.conftest import Identity, make_identity, run
from tests.signin import credential_for

ROLES = {
    "Owner": "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    "Contributor": "b24988ac-6180-42a0-ab88-20f7382dd24c",
    "Reader": "acdd72a7-3d1f-48bd-a7b0-cd0f1cd6a23e",
}


@dataclass
class Principal:
    identity: Identity
    arm: ResourceManagementClient
    clients: AzureClients

    @property
    def object_id(self) -> str:
        return self.identity.sp_id


def assign(clients: AzureClients, scope: str, principal_id: str, role: str) -> str:
    """Assign a built-in role as the administrator; the assignment's id."""
    definition = f"/subscriptions/{clients.target.subscription_id}/providers/Microsoft.Authorization/roleDefinitions/{ROLES[role]}"
    created = clients.authorization().role_assignments.create(
        scope,
        str(uuid.uuid4()),
        RoleAssignmentCreateParameters(
            role_definition_id=definition, principal_id=principal_id, principal_type="ServicePrincipal"
        ),
    )
    return str(created.id)


def eventually(check: Callable[[], bool], *, within: float = 20.0) -> bool:
    """True once `check` passes (polled), False if it never does within `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


@pytest.fixture
def groups(clients: AzureClients) -> tuple[str, str]:
    """Two resource groups: `ours` and a `foreign` one the principal gets no role on."""
    ours = clients.resources().resource_groups.create_or_update("rbac-ours", {"location": "eastus"})
    foreign = clients.resources().resource_groups.create_or_update("rbac-foreign", {"location": "eastus"})
    return str(ours.id), str(foreign.id)


@pytest.fixture
def principal(emulator: Emulator, clients: AzureClients) -> Iterator[Principal]:
    """A fresh service principal with no role yet, signed in through ClientSecretCredential."""
    identity = run(make_identity(clients, "rbac-principal"))
    settings = emulator.settings
    credential = credential_for(settings, identity.app_id, identity.secret.get_secret_value())
    target = AzureTarget.from_emulator(settings, polling_interval=0.01).model_copy(
        update={"client_id": identity.app_id, "client_secret": identity.secret}
    )
    own = AzureClients(target)
    arm = ResourceManagementClient(
        credential,
        settings.subscription_id,
        base_url=settings.arm_url,
        connection_verify=settings.ca_path,
        polling_interval=0.01,
    )
    yield Principal(identity, arm, own)
    arm.close()
    own.close()
    credential.close()
