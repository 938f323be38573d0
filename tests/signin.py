"""Bearer tokens for raw HTTP tests, fetched the way every client gets them: the token endpoint."""

from __future__ import annotations

from azure.identity import ClientSecretCredential

from haymaker.emulator.core.settings import EmulatorSettings
from haymaker.emulator.graph.objects import MICROSOFT_GRAPH_APP_ID

ARM_SCOPE = "https://management.azure.com/.default"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"
KEY_VAULT_SCOPE = "https://vault.azure.net/.default"


def credential_for(settings: EmulatorSettings, client_id: str, secret: str) -> ClientSecretCredential:
    return ClientSecretCredential(
        settings.tenant_id,
        client_id,
        secret,
        authority=settings.authority_url,
        disable_instance_discovery=True,
        connection_verify=settings.ca_path,
    )


def admin_token(settings: EmulatorSettings, scope: str = ARM_SCOPE) -> str:
    """A token of the emulator's bootstrap administrator for `scope`."""
    with credential_for(
        settings, settings.admin_client_id, settings.admin_client_secret.get_secret_value()
    ) as credential:
        return credential.get_token(scope).token


def admin_headers(settings: EmulatorSettings, scope: str = ARM_SCOPE) -> dict[str, str]:
    return {"Authorization": f"Bearer {admin_token(settings, scope)}"}


def directory_objects(emulator: object, kind: str) -> list[dict[str, object]]:
    """Graph documents of `kind` ("graph_application", ...) other than the tenant's own: the
    bootstrap administrator and the Microsoft Graph service principal."""
    own = {emulator.settings.admin_client_id, MICROSOFT_GRAPH_APP_ID}  # type: ignore[attr-defined]
    return [d for d in emulator.state.list(kind) if d.get("appId") not in own]  # type: ignore[attr-defined]
