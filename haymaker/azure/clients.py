"""One place that builds SDK clients for a target: endpoint, credential, CA bundle, polling."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from azure.core.credentials import TokenCredential
from azure.identity import ClientSecretCredential, DefaultAzureCredential

from haymaker.azure.target import AzureTarget

if TYPE_CHECKING:
    from azure.keyvault.secrets import SecretClient
    from azure.mgmt.appcontainers import ContainerAppsAPIClient
    from azure.mgmt.authorization import AuthorizationManagementClient
    from azure.mgmt.resource.resources import ResourceManagementClient
    from azure.mgmt.resourcegraph import ResourceGraphClient
    from msgraph import GraphServiceClient

ARM_SCOPE = "https://management.azure.com/.default"
# The time budget (AzureTarget.outage_budget) bounds outage retries, not a count.
UNBOUNDED_RETRIES = 1_000_000
OUTAGE_PROBE_SECONDS = 10
GRAPH_SCOPE = "https://graph.microsoft.com/.default"
_EMULATOR_NEEDS_CREDENTIALS = (
    "the emulator accepts only tokens from its own token endpoint: set client_id and "
    "client_secret on the target (AzureTarget.from_emulator uses the administrator's from "
    "emulator.json)"
)


class AzureClients:
    """Lazily built, cached SDK clients for one target.

    `per_call_policies` are azure-core policies added to every ARM client (the agent adds its
    tagging and tracing policies here). With `ride_out_outages` (the default) every client keeps
    retrying a target that does not answer for the target's `outage_budget`; the agent turns it
    off because its own retries do the same while staying responsive to SIGTERM.
    """

    def __init__(
        self,
        target: AzureTarget,
        *,
        credential: TokenCredential | None = None,
        user_agent: str | None = None,
        per_call_policies: Sequence[Any] = (),
        ride_out_outages: bool = True,
    ) -> None:
        self.target = target
        self._ride_out = ride_out_outages
        self._credential = credential
        self._user_agent = user_agent
        self._policies = list(per_call_policies)
        self._cache: dict[tuple[str, str], Any] = {}

    # -- credentials ---------------------------------------------------------------------------
    @cached_property
    def credential(self) -> TokenCredential:
        if self._credential is not None:
            return self._credential
        t = self.target
        if t.client_id and t.client_secret is not None:
            return ClientSecretCredential(
                t.tenant_id,
                t.client_id,
                t.client_secret.get_secret_value(),
                authority=t.authority_url,
                disable_instance_discovery=t.kind == "emulator",
                **self._transport_kwargs(),
            )
        if t.kind == "emulator":
            raise ValueError(_EMULATOR_NEEDS_CREDENTIALS)
        return DefaultAzureCredential()

    def async_credential(self) -> Any:
        """An async credential for msgraph-sdk, equivalent to `credential`."""
        t = self.target
        if t.client_id and t.client_secret is not None:
            from azure.identity.aio import ClientSecretCredential as AsyncClientSecretCredential

            return AsyncClientSecretCredential(
                t.tenant_id,
                t.client_id,
                t.client_secret.get_secret_value(),
                authority=t.authority_url,
                disable_instance_discovery=t.kind == "emulator",
                **self._transport_kwargs(),
            )
        if t.kind == "emulator":
            raise ValueError(_EMULATOR_NEEDS_CREDENTIALS)
        from azure.identity.aio import DefaultAzureCredential as AsyncDefaultAzureCredential

        return AsyncDefaultAzureCredential()

    # -- ARM family ----------------------------------------------------------------------------
    def resources(self, subscription_id: str | None = None) -> ResourceManagementClient:
        from azure.mgmt.resource.resources import ResourceManagementClient

        return self._arm(ResourceManagementClient, subscription_id)

    def authorization(self, subscription_id: str | None = None) -> AuthorizationManagementClient:
        from azure.mgmt.authorization import AuthorizationManagementClient

        return self._arm(AuthorizationManagementClient, subscription_id)

    def container_apps(self, subscription_id: str | None = None) -> ContainerAppsAPIClient:
        from azure.mgmt.appcontainers import ContainerAppsAPIClient

        return self._arm(ContainerAppsAPIClient, subscription_id)

    def resource_graph(self) -> ResourceGraphClient:
        from azure.mgmt.resourcegraph import ResourceGraphClient

        key = ("ResourceGraphClient", "")
        if key not in self._cache:
            self._cache[key] = ResourceGraphClient(
                self.credential, base_url=self.target.arm_url, **self._client_kwargs()
            )
        return self._cache[key]

    def _arm(self, cls: type, subscription_id: str | None) -> Any:
        sub = subscription_id or self.target.subscription_id
        self.target.check_allowed(sub)
        key = (cls.__name__, sub)
        if key not in self._cache:
            self._cache[key] = cls(
                self.credential, sub, base_url=self.target.arm_url, **self._client_kwargs()
            )
        return self._cache[key]

    # -- data plane ----------------------------------------------------------------------------
    def secrets(self, vault_url: str | None = None) -> SecretClient:
        from azure.keyvault.secrets import SecretClient

        url = vault_url or self.target.key_vault_url
        if not url:
            raise ValueError("No Key Vault URL: set key_vault_url on the target")
        key = ("SecretClient", url)
        if key not in self._cache:
            self._cache[key] = SecretClient(
                url,
                self.credential,
                verify_challenge_resource=self.target.kind == "azure",
                **self._transport_kwargs(),
                **self._ua_kwargs(),
            )
        return self._cache[key]

    def graph(self) -> GraphServiceClient:
        """A msgraph-sdk client (imported lazily: the package is large). Its calls are async."""
        return self._graph_parts()[0]

    @asynccontextmanager
    async def graph_session(self) -> AsyncIterator[GraphServiceClient]:
        """A msgraph-sdk client whose connections and credential are closed on exit."""
        client, http_client, credential = self._graph_parts()
        try:
            yield client
        finally:
            await http_client.aclose()
            close = getattr(credential, "close", None)
            if close is not None:
                await close()

    def _graph_parts(self) -> tuple[GraphServiceClient, Any, Any]:
        import httpx
        from kiota_authentication_azure.azure_identity_authentication_provider import (
            AzureIdentityAuthenticationProvider,
        )
        from msgraph import GraphRequestAdapter, GraphServiceClient
        from msgraph_core import GraphClientFactory

        host = urlparse(self.target.graph_url).hostname or "graph.microsoft.com"
        credential = self.async_credential()
        auth = AzureIdentityAuthenticationProvider(credential, scopes=[GRAPH_SCOPE], allowed_hosts=[host])
        verify: ssl.SSLContext | bool = True
        if self.target.ca_path:
            verify = ssl.create_default_context(cafile=self.target.ca_path)
        http_client = GraphClientFactory.create_with_default_middleware(
            client=httpx.AsyncClient(verify=verify, timeout=30)
        )
        adapter = GraphRequestAdapter(auth, http_client)
        adapter.base_url = self.target.graph_url.rstrip("/")
        return GraphServiceClient(request_adapter=adapter), http_client, credential

    # -- shared kwargs ---------------------------------------------------------------------------
    def _transport_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"connection_verify": self.target.ca_path} if self.target.ca_path else {}
        return {**kwargs, **self._outage_kwargs()}

    def _outage_kwargs(self) -> dict[str, Any]:
        """azure-core's RetryPolicy settings that ride out an unreachable target.

        By default azure-core retries a refused connection 3 times (about 5 s, then the call
        fails: finding 8 of the safety campaign). Here connection and read errors are retried
        without a count limit, backing off to at most OUTAGE_PROBE_SECONDS, until `timeout` (the
        budget of one request including its retries, azure-core's `RetryPolicy(timeout=...)`)
        is spent. Status retries (429, 5xx) keep azure-core's own limits."""
        budget = self.target.outage_budget
        if not self._ride_out or budget <= 0:
            return {}
        return {
            "retry_total": UNBOUNDED_RETRIES,
            "retry_connect": UNBOUNDED_RETRIES,
            "retry_read": UNBOUNDED_RETRIES,
            "retry_backoff_max": OUTAGE_PROBE_SECONDS,
            "timeout": budget,
        }

    def _ua_kwargs(self) -> dict[str, Any]:
        return {"user_agent": self._user_agent} if self._user_agent else {}

    def _client_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            **self._transport_kwargs(),
            **self._ua_kwargs(),
            "polling_interval": self.target.polling_interval,
            "credential_scopes": [ARM_SCOPE],
        }
        if self._policies:
            kwargs["per_call_policies"] = self._policies
        return kwargs

    def close(self) -> None:
        for client in self._cache.values():
            close = getattr(client, "close", None)
            if callable(close):
                close()
        self._cache.clear()
