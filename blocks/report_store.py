"""HayMaker Report Store block: where run reports, cleanup reports and agent logs are kept."""

from __future__ import annotations

from typing import Literal

from prefect.blocks.core import Block
from pydantic import Field, SecretStr, model_validator

from blocks._common import AZURE_LOGO, DOCS_URL


class HayMakerReportStore(Block):
    """The report store: a local directory or an Azure Blob Storage container.

    Example:
        Load the report store settings:
        ```python
        from blocks import HayMakerReportStore

        store = HayMakerReportStore.load("BLOCK_NAME")
        print(store.kind)
        ```
    """

    _block_type_name = "HayMaker Report Store"
    _logo_url = AZURE_LOGO
    _documentation_url = DOCS_URL

    kind: Literal["local", "blob"] = Field(
        default="local", description="A local directory or a Blob container."
    )
    path: str | None = Field(
        default=None, description="Directory of the local store; empty uses reports/ in the run's home."
    )
    account_url: str | None = Field(
        default=None,
        description="https://<account>.blob.core.windows.net (blob; signs in with DefaultAzureCredential).",
    )
    container: str = Field(default="haymaker-reports", description="Blob container of the store.")
    credential: SecretStr | None = Field(
        default=None, description="Storage connection string (blob); takes precedence over account_url."
    )

    @model_validator(mode="after")
    def _blob_needs_a_location(self) -> HayMakerReportStore:
        if self.kind == "blob" and self.credential is None and not self.account_url:
            raise ValueError("kind 'blob' needs a credential (connection string) or an account_url")
        return self
