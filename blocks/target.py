"""HayMaker Target block: where a run acts — the local emulator or an allowlisted Azure tenant."""

from __future__ import annotations

from typing import Literal

from prefect.blocks.core import Block
from pydantic import Field, SecretStr

from blocks._common import AZURE_LOGO, DOCS_URL
from haymaker.azure.target import AZURE_ARM_URL, AZURE_AUTHORITY_URL, AZURE_GRAPH_URL
from haymaker.simulation.settings import TargetSettings


class HayMakerTarget(Block):
    """The cloud a HayMaker run acts on: the local Azure emulator or an allowlisted Azure tenant.

    Example:
        Load the target and turn it into run settings:
        ```python
        from blocks import HayMakerTarget

        target = HayMakerTarget.load("BLOCK_NAME")
        print(target.to_target_settings().kind)
        ```
    """

    _block_type_name = "HayMaker Target"
    _logo_url = AZURE_LOGO
    _documentation_url = DOCS_URL

    kind: Literal["emulator", "azure"] = Field(
        default="emulator", description="Where the run acts: the local emulator or a real Azure tenant."
    )
    emulator_data_dir: str | None = Field(
        default=None,
        description=(
            "Data dir of a running `haymaker emulator serve` (emulator only); empty starts an emulator "
            "inside each flow run unless HAYMAKER_EMULATOR_DATA_DIR is set."
        ),
    )
    tenant_id: str | None = Field(default=None, description="Entra tenant id (azure only).")
    subscription_id: str | None = Field(
        default=None, description="Subscription the run acts in (azure only)."
    )
    allowed_subscriptions: list[str] = Field(
        default_factory=list,
        description="Subscriptions HayMaker may touch; a run refuses any other (azure only).",
    )
    client_id: str | None = Field(
        default=None, description="Application (client) id of the orchestrator's service principal."
    )
    client_secret: SecretStr | None = Field(
        default=None, description="Client secret of the orchestrator's service principal."
    )
    key_vault_url: str | None = Field(
        default=None, description="Key Vault that holds the scenario principals' secrets (azure only)."
    )
    key_vault_id: str | None = Field(
        default=None,
        description="That vault's resource id; each agent's identity gets Key Vault Secrets User on its "
        "own secret under it (azure only).",
    )
    arm_url: str = Field(default=AZURE_ARM_URL, description="Azure Resource Manager endpoint of the cloud.")
    graph_url: str = Field(default=AZURE_GRAPH_URL, description="Microsoft Graph endpoint of the cloud.")
    authority_url: str = Field(
        default=AZURE_AUTHORITY_URL, description="Entra sign-in authority of the cloud."
    )
    outage_seconds: float | None = Field(
        default=None,
        ge=0,
        description="How long calls keep retrying a cloud that does not answer before the run fails "
        "and is left to the sweep; empty: 300 s on Azure, 60 s on the emulator.",
    )

    def to_target_settings(self, location: str) -> TargetSettings:
        """The run's TargetSettings (the secret stays a SecretStr)."""
        return TargetSettings(
            kind=self.kind,
            emulator_data_dir=self.emulator_data_dir,
            tenant_id=self.tenant_id,
            subscription_id=self.subscription_id,
            allowed_subscriptions=list(self.allowed_subscriptions),
            client_id=self.client_id,
            client_secret=self.client_secret,
            key_vault_url=self.key_vault_url,
            key_vault_id=self.key_vault_id,
            arm_url=self.arm_url,
            graph_url=self.graph_url,
            authority_url=self.authority_url,
            outage_seconds=self.outage_seconds,
            location=location,
        )
