"""HayMaker Event Bus block: how agents' events reach the orchestrator."""

from __future__ import annotations

from typing import Literal

from prefect.blocks.core import Block
from pydantic import Field, SecretStr, model_validator

from blocks._common import AZURE_LOGO, DOCS_URL
from haymaker.events.connection import is_service_bus, sqlite_path


class HayMakerEventBus(Block):
    """The bus agents publish their events to: a SQLite file (local) or an Azure Service Bus topic.

    Example:
        Load the event bus settings:
        ```python
        from blocks import HayMakerEventBus

        bus = HayMakerEventBus.load("BLOCK_NAME")
        print(bus.kind, bus.topic)
        ```
    """

    _block_type_name = "HayMaker Event Bus"
    _logo_url = AZURE_LOGO
    _documentation_url = DOCS_URL

    kind: Literal["sqlite", "service-bus"] = Field(
        default="sqlite", description="The embedded SQLite bus or Azure Service Bus."
    )
    connection_string: SecretStr | None = Field(
        default=None,
        description=(
            "sqlite:///path/bus.db, or a Service Bus connection string (required for service-bus); "
            "empty with sqlite uses bus.db in the run's home directory."
        ),
    )
    topic: str = Field(default="agent-logs", description="Topic the agents publish to.")
    subscription: str = Field(
        default="run",
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$",
        description="SQLite: prefix of the subscription each run creates and drains "
        "(<subscription>-<run8>). Service Bus: the subscription itself, created with the topic "
        "(one per deployment that may run at the same time as another).",
    )
    batch_size: int = Field(default=100, ge=1, le=1000, description="Events per receive batch.")

    @model_validator(mode="after")
    def _kind_matches_connection(self) -> HayMakerEventBus:
        if self.connection_string is None:
            if self.kind == "service-bus":
                raise ValueError("kind 'service-bus' needs a connection_string")
            return self
        if self.kind == "service-bus" and not is_service_bus(self.connection_string):
            raise ValueError("kind 'service-bus' needs an 'Endpoint=sb://...' connection string")
        if self.kind == "sqlite" and sqlite_path(self.connection_string) is None:
            raise ValueError("kind 'sqlite' needs a 'sqlite:///path/bus.db' connection string")
        return self
