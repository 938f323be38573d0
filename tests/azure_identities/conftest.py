"""Fixtures for the identities adapter: a resource group to scope roles to, a fast poll policy."""

from __future__ import annotations

import uuid

import pytest

from haymaker.azure.clients import AzureClients
from haymaker.azure.identities.models import PollPolicy
from haymaker.emulator.graph.objects import MICROSOFT_GRAPH_APP_ID


class RecordingSleep:
    """An injected sleep that waits for nothing and remembers what it was asked to wait."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def sleeper() -> RecordingSleep:
    return RecordingSleep()


@pytest.fixture
def poll(sleeper: RecordingSleep) -> PollPolicy:
    return PollPolicy(interval_seconds=0.5, max_attempts=4, sleep=sleeper)


@pytest.fixture
def run_id() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def scope(clients: AzureClients) -> str:
    """A resource group made through the real ResourceManagementClient: the roles' scope."""
    group = clients.resources().resource_groups.create_or_update("haymaker-ids", {"location": "eastus"})
    assert group.id is not None
    return group.id


def sign_in(emulator: object, client_id: str, secret: str) -> dict[str, object]:
    """Sign in at the emulator's token endpoint as the service principal; the token's claims."""
    from azure.identity import ClientSecretCredential

    from haymaker.emulator.core.tokens import read_token

    settings = emulator.settings  # type: ignore[attr-defined]
    credential = ClientSecretCredential(
        settings.tenant_id,
        client_id,
        secret,
        authority=settings.authority_url,
        disable_instance_discovery=True,
        connection_verify=settings.ca_path,
    )
    with credential:
        token = credential.get_token("https://management.azure.com/.default").token
    claims = read_token(emulator.ctx.token_key, token)  # type: ignore[attr-defined]
    assert isinstance(claims, dict), claims
    return claims


IDENTITY_KINDS = (
    "graph_application",
    "graph_service_principal",
    "graph_deleted_item",
    "kv_secret",
    "kv_deleted_secret",
)


def leftovers(emulator: object) -> dict[str, int]:
    """How many identity documents of each kind (and role assignments) the emulator still holds."""
    state = emulator.state  # type: ignore[attr-defined]
    # The bootstrap administrator is the emulator's own, not something a test made.
    # ... and so is the tenant's Microsoft Graph service principal.
    own = {emulator.settings.admin_client_id, MICROSOFT_GRAPH_APP_ID}  # type: ignore[attr-defined]
    admin_ids = {d["id"] for d in state.list("graph_service_principal") if d.get("appId") in own}
    counts = {
        kind: len([d for d in state.list(kind) if d.get("appId") not in own]) for kind in IDENTITY_KINDS
    }
    counts["role_assignments"] = len(
        [
            d
            for d in state.list("arm")
            if d.get("type") == "Microsoft.Authorization/roleAssignments"
            and d["properties"]["principalId"] not in admin_ids
        ]
    )
    return {kind: n for kind, n in counts.items() if n}
