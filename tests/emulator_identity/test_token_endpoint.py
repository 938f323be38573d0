"""Service principals sign in at the emulator's token endpoint with the secret addPassword issued."""

from __future__ import annotations

import pytest
from azure.core.exceptions import ClientAuthenticationError
from azure.identity import ClientSecretCredential
from msgraph.generated.applications.item.remove_password.remove_password_post_request_body import (
    RemovePasswordPostRequestBody,
)

from haymaker.azure.clients import AzureClients
from haymaker.emulator.core.tokens import read_token
from haymaker.emulator.server import Emulator
from tests.emulator_identity.conftest import Identity, run
from tests.signin import credential_for

ARM_SCOPE = "https://management.azure.com/.default"


def _credential(emulator: Emulator, client_id: str, secret: str) -> ClientSecretCredential:
    return credential_for(emulator.settings, client_id, secret)


def test_issued_secret_signs_the_service_principal_in(emulator: Emulator, identity: Identity) -> None:
    with _credential(emulator, identity.app_id, identity.secret.get_secret_value()) as credential:
        token = credential.get_token(ARM_SCOPE)
    claims = read_token(emulator.ctx.token_key, token.token)  # type: ignore[union-attr]
    assert isinstance(claims, dict)
    assert claims["oid"] == identity.sp_id
    assert claims["appid"] == identity.app_id
    assert claims["tid"] == emulator.settings.tenant_id


def test_wrong_secret_is_refused_with_a_clear_error(emulator: Emulator, identity: Identity) -> None:
    with (
        _credential(emulator, identity.app_id, "not-the-secret") as credential,
        pytest.raises(ClientAuthenticationError) as caught,
    ):
        credential.get_token(ARM_SCOPE)
    assert "AADSTS7000215" in str(caught.value)
    assert "Invalid client secret" in str(caught.value)


def test_removed_password_no_longer_signs_in(
    emulator: Emulator, clients: AzureClients, identity: Identity
) -> None:
    async def remove() -> None:
        async with clients.graph_session() as graph:
            body = RemovePasswordPostRequestBody(key_id=identity.key_id)  # type: ignore[arg-type]
            await graph.applications.by_application_id(identity.app_object_id).remove_password.post(body)

    run(remove())
    with (
        _credential(emulator, identity.app_id, identity.secret.get_secret_value()) as credential,
        pytest.raises(ClientAuthenticationError),
    ):
        credential.get_token(ARM_SCOPE)


def test_deleted_application_no_longer_signs_in(
    emulator: Emulator, clients: AzureClients, identity: Identity
) -> None:
    async def delete() -> None:
        async with clients.graph_session() as graph:
            await graph.applications.by_application_id(identity.app_object_id).delete()

    run(delete())
    with (
        _credential(emulator, identity.app_id, identity.secret.get_secret_value()) as credential,
        pytest.raises(ClientAuthenticationError),
    ):
        credential.get_token(ARM_SCOPE)


def test_signed_in_principal_without_a_role_is_refused_and_named_in_the_request_log(
    emulator: Emulator, identity: Identity
) -> None:
    from azure.core.exceptions import HttpResponseError
    from azure.mgmt.resource.resources import ResourceManagementClient

    credential = _credential(emulator, identity.app_id, identity.secret.get_secret_value())
    with (
        credential,
        ResourceManagementClient(
            credential,
            emulator.settings.subscription_id,
            base_url=emulator.settings.arm_url,
            connection_verify=emulator.settings.ca_path,
        ) as client,
        pytest.raises(HttpResponseError) as caught,
    ):
        list(client.resource_groups.list())
    assert caught.value.status_code == 403
    listed = [r for r in emulator.requests() if r["path"].endswith("/resourcegroups")]
    assert listed and listed[-1]["principal"] == identity.sp_id
    assert listed[-1]["status"] == 403
