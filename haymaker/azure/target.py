"""Where cloud calls go: the local emulator or a real, allowlisted Azure tenant."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, model_validator

from haymaker.naming import validate_subscription_id

AZURE_ARM_URL = "https://management.azure.com"
AZURE_GRAPH_URL = "https://graph.microsoft.com/v1.0"
AZURE_AUTHORITY_URL = "https://login.microsoftonline.com"
# How long an unreachable target is retried before a call fails (finding 8 of the safety
# campaign): Azure's regional incidents and network blips last minutes; a restarted emulator is
# back within seconds, and a stopped one should be reported within a minute.
AZURE_OUTAGE_SECONDS = 300.0
EMULATOR_OUTAGE_SECONDS = 60.0


class TargetNotAllowed(PermissionError):
    """S4: the subscription or tenant is not in the allowlist."""


class AzureTarget(BaseModel):
    """Endpoints, ids and credentials of the cloud HayMaker acts on."""

    kind: Literal["emulator", "azure"]
    tenant_id: str
    subscription_id: str
    allowed_subscriptions: list[str] = Field(default_factory=list)
    allowed_tenants: list[str] = Field(default_factory=list)
    arm_url: str = AZURE_ARM_URL
    graph_url: str = AZURE_GRAPH_URL
    authority_url: str = AZURE_AUTHORITY_URL
    key_vault_url: str | None = None
    # The vault's ARM id: agents' identities get Key Vault Secrets User on their secrets under it.
    key_vault_id: str | None = None
    ca_path: str | None = None
    client_id: str | None = None
    client_secret: SecretStr | None = None
    # Seconds between LRO polls when the service sends no Retry-After.
    polling_interval: float = 30.0
    # Seconds to keep retrying when the target does not answer at all (connection refused,
    # reset, DNS); None: AZURE_OUTAGE_SECONDS or EMULATOR_OUTAGE_SECONDS. 0 fails at once.
    outage_seconds: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _check(self) -> AzureTarget:
        validate_subscription_id(self.subscription_id)
        if self.kind == "azure":
            if not self.allowed_subscriptions:
                raise ValueError(
                    "target 'azure' needs allowed_subscriptions (the subscriptions HayMaker may "
                    "touch); refusing to start without an allowlist"
                )
            self.check_allowed(self.subscription_id)
        if self.ca_path is not None and not Path(self.ca_path).exists():
            raise ValueError(f"ca_path {self.ca_path!r} does not exist")
        return self

    def check_allowed(self, subscription_id: str, tenant_id: str | None = None) -> None:
        """S4: on Azure, refuse any subscription or tenant outside the allowlist."""
        if self.kind != "azure":
            return
        allowed = {s.lower() for s in self.allowed_subscriptions}
        if subscription_id.lower() not in allowed:
            raise TargetNotAllowed(
                f"subscription {subscription_id} is not in allowed_subscriptions; add it there "
                "if HayMaker may act on it"
            )
        tenants = {t.lower() for t in (self.allowed_tenants or [self.tenant_id])}
        if tenant_id is not None and tenant_id.lower() not in tenants:
            raise TargetNotAllowed(f"tenant {tenant_id} is not the configured tenant")

    @property
    def outage_budget(self) -> float:
        """Seconds an unreachable target is retried before its calls fail."""
        if self.outage_seconds is not None:
            return self.outage_seconds
        return AZURE_OUTAGE_SECONDS if self.kind == "azure" else EMULATOR_OUTAGE_SECONDS

    @classmethod
    def from_emulator(
        cls, settings: object, *, polling_interval: float = 0.05, outage_seconds: float | None = None
    ) -> AzureTarget:
        """A target for a running emulator (its EmulatorSettings), signed in as its administrator."""
        return cls(
            kind="emulator",
            tenant_id=settings.tenant_id,  # type: ignore[attr-defined]
            subscription_id=settings.subscription_id,  # type: ignore[attr-defined]
            arm_url=settings.arm_url,  # type: ignore[attr-defined]
            graph_url=settings.graph_url,  # type: ignore[attr-defined]
            authority_url=settings.authority_url,  # type: ignore[attr-defined]
            key_vault_url=settings.key_vault_url,  # type: ignore[attr-defined]
            key_vault_id=settings.key_vault_id,  # type: ignore[attr-defined]
            ca_path=settings.ca_path,  # type: ignore[attr-defined]
            client_id=settings.admin_client_id,  # type: ignore[attr-defined]
            client_secret=settings.admin_client_secret,  # type: ignore[attr-defined]
            polling_interval=polling_interval,
            outage_seconds=outage_seconds,
        )
