"""HayMaker Settings block: the shape of a simulation — size, duration, regions, agents."""

from __future__ import annotations

from typing import Any, Literal

from prefect.blocks.core import Block
from pydantic import Field, field_validator, model_validator

from blocks._common import AZURE_LOGO, DOCS_URL
from haymaker.models.goal import DEFAULT_MODEL, AgentMode, GoalBudget
from haymaker.simulation.settings import parse_duration, parse_size

CLOCKS = ("auto", "realtime", "compressed")


class HayMakerSettings(Block):
    """How a HayMaker simulation runs: size, duration, regions, agent image and size, networking.

    Example:
        Load the simulation settings:
        ```python
        from blocks import HayMakerSettings

        settings = HayMakerSettings.load("BLOCK_NAME")
        print(settings.size, settings.duration)
        ```
    """

    _block_type_name = "HayMaker Settings"
    _logo_url = AZURE_LOGO
    _documentation_url = DOCS_URL

    size: str = Field(
        default="small", description="small (5), medium (15), large (30) or a number of scenarios."
    )
    duration: str = Field(default="20s", description="How long agents operate, e.g. 20s, 45m or 8h.")
    regions: list[str] = Field(
        default_factory=lambda: ["eastus", "westeurope", "japaneast", "uaenorth"],
        min_length=1,
        description="Azure regions runs may use; the first is the default location.",
    )
    container_image: str = Field(default="haymaker-agent:latest", description="Agent container image.")
    cpu: float = Field(default=2.0, gt=0, description="vCPU per agent container.")
    memory_gi: float = Field(default=64.0, gt=0, description="Memory per agent container, in GiB.")
    workload_profile: str | None = Field(
        default="haymaker-dedicated",
        description="Dedicated workload profile of the agents' environment (empty: Consumption).",
    )
    infrastructure_subnet_id: str | None = Field(
        default=None,
        description="VNet subnet id for the agents' Container Apps environment (empty: no VNet).",
    )
    agent_clock: Literal["auto", "realtime", "compressed"] = Field(
        default="auto",
        description=(
            "Agents' clock: realtime keeps scenario schedules as written, compressed squeezes an 8 h "
            "workday into the duration, auto is compressed on the emulator and realtime on Azure."
        ),
    )
    agent_mode: AgentMode = Field(
        default="steps",
        description=(
            "steps: agents run the scenarios' scripted steps; goal: a model chooses benign "
            "operations within guardrails (needs the anthropic-api-key secret in Key Vault)."
        ),
    )
    goal_model: str = Field(default=DEFAULT_MODEL, min_length=1, description="The goal-mode model.")
    goal_run_tokens: int = Field(
        default=GoalBudget().run_tokens, ge=1_000, description="Goal mode: tokens per agent run."
    )
    goal_run_calls: int = Field(
        default=GoalBudget().run_calls, ge=1, description="Goal mode: tool calls per agent run."
    )
    grace_seconds: float = Field(default=30.0, ge=0, description="Extra time agents get to finish teardown.")

    @model_validator(mode="before")
    @classmethod
    def _clock_was_agent_mode(cls, data: Any) -> Any:
        # Documents saved before goal mode kept the clock in `agent_mode`; read them as the clock.
        if isinstance(data, dict) and data.get("agent_mode") in CLOCKS:
            data = dict(data)
            data.setdefault("agent_clock", data.pop("agent_mode"))
        return data

    @field_validator("size")
    @classmethod
    def _size(cls, value: str) -> str:
        parse_size(value)
        return value

    @field_validator("duration")
    @classmethod
    def _duration(cls, value: str) -> str:
        parse_duration(value)
        return value
