"""Run settings: what a flow run needs to know, as JSON-friendly parameters with working defaults."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, field_validator

from haymaker.models import SimulationSize
from haymaker.models.goal import DEFAULT_MODEL, AgentMode, GoalBudget
from haymaker.store.locations import home_dir

DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, None: 1}


def parse_duration(value: str | float | int) -> float:
    """'20s', '45m', '8h', '1.5h' or plain seconds -> seconds."""
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        match = DURATION_RE.match(value)
        if not match:
            raise ValueError(f"duration {value!r} is not like '20s', '45m', '8h' or a number of seconds")
        seconds = float(match.group(1)) * UNITS[match.group(2)]
    if seconds <= 0:
        raise ValueError(f"duration must be positive, got {value!r}")
    return seconds


def parse_age(value: str | float | int) -> float:
    """Like parse_duration, but zero is allowed ('0s' = no minimum age)."""
    if isinstance(value, (int, float)) and value == 0:
        return 0.0
    if isinstance(value, str) and DURATION_RE.match(value) and float(DURATION_RE.match(value).group(1)) == 0:  # type: ignore[union-attr]
        return 0.0
    return parse_duration(value)


def parse_size(size: str | int) -> int:
    """'small' / 'medium' / 'large' or an explicit scenario count."""
    if isinstance(size, int) or (isinstance(size, str) and size.strip().isdigit()):
        count = int(size)
        if count < 1:
            raise ValueError(f"size must be at least 1 scenario, got {size!r}")
        return count
    try:
        return SimulationSize(str(size).lower()).scenario_count()
    except ValueError:
        raise ValueError(f"size {size!r} is not small, medium, large or a number of scenarios") from None


def default_home() -> Path:
    return home_dir()


class TargetSettings(BaseModel):
    """Where the run acts. `emulator` starts one in-process unless `emulator_data_dir` names a
    running one; `azure` needs tenant, subscription and the allowlist."""

    kind: Literal["emulator", "azure"] = "emulator"
    emulator_data_dir: str | None = None
    tenant_id: str | None = None
    subscription_id: str | None = None
    allowed_subscriptions: list[str] = Field(default_factory=list)
    client_id: str | None = None
    client_secret: SecretStr | None = None
    key_vault_url: str | None = None
    key_vault_id: str | None = None
    arm_url: str = "https://management.azure.com"
    graph_url: str = "https://graph.microsoft.com/v1.0"
    authority_url: str = "https://login.microsoftonline.com"
    location: str = "eastus"
    outage_seconds: float | None = Field(
        default=None,
        ge=0,
        description=(
            "How long to keep retrying a target that does not answer before the run fails "
            "(default 300 s on Azure, 60 s on the emulator)"
        ),
    )


class RunSettings(BaseModel):
    """Everything about a run except its size, duration and seed."""

    target: TargetSettings = Field(default_factory=TargetSettings)
    home: str | None = Field(default=None, description="Where local state goes (default ./.haymaker)")
    event_bus: SecretStr | None = Field(
        default=None, description="Event bus connection string (default: SQLite file under home)"
    )
    event_topic: str = "agent-logs"
    event_subscription: str = Field(
        default="run", description="Prefix of the per-run subscription the orchestrator drains"
    )
    event_batch_size: int = Field(default=100, ge=1, description="Events per receive batch")
    report_dir: str | None = Field(default=None, description="Local report store (default home/reports)")
    report_store: Literal["local", "blob"] = "local"
    report_blob_connection_string: SecretStr | None = None
    report_blob_account_url: str | None = None
    report_blob_container: str = "haymaker-reports"
    scenarios_dir: str | None = Field(
        default=None,
        description=(
            "Scenario catalog to select from (default HAYMAKER_SCENARIOS_DIR, else docs/scenarios); "
            "on the emulator agents get the same catalog, on Azure a path inside the agent image"
        ),
    )
    container_image: str = "haymaker-agent:latest"
    cpu: float = 2.0
    memory_gi: float = 64.0
    workload_profile: str | None = "haymaker-dedicated"
    workload_profile_type: str = Field(
        default="E16", description="Node size of the agents' dedicated profile"
    )
    max_agent_nodes: int = Field(
        default=20,
        ge=1,
        description="At most this many nodes for the run's agents (the profile's maximumCount)",
    )
    infrastructure_subnet_id: str | None = Field(
        default=None, description="Subnet of the agents' Container Apps environment (VNet integration)"
    )
    grace_seconds: float = 30.0
    agent_mode: AgentMode = Field(
        default="steps",
        description="steps: agents run the scenarios' scripted steps; goal: a model chooses the "
        "operations within guardrails (needs an Anthropic API key; docs/goal-mode.md)",
    )
    goal_model: str = Field(default=DEFAULT_MODEL, min_length=1, description="The goal-mode model")
    goal_budget: GoalBudget = Field(default_factory=GoalBudget, description="Goal-mode caps per agent")
    time_scale: float | None = Field(
        default=None,
        description="Compress scenario schedules (every/jitter) by this factor; default: 1 on Azure, "
        "8h/duration on the emulator so a short run still operates",
    )

    @field_validator("event_topic")
    @classmethod
    def _topic(cls, value: str) -> str:
        if not re.match(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,259}$", value):
            raise ValueError(f"event_topic {value!r} is not a valid Service Bus topic name")
        return value

    grantable_roles: list[str] | None = Field(
        default=None,
        description="Roles the orchestrator may assign to scenario principals (None: any; it needs "
        "Owner or User Access Administrator for that)",
    )
    grantable_graph_permissions: list[str] | None = Field(
        default=None,
        description="Microsoft Graph application permissions admins have consented to for scenario "
        "principals; default: any on the emulator, none on Azure",
    )

    def grantable_graph_permissions_for_target(self) -> list[str] | None:
        if self.grantable_graph_permissions is None and self.target.kind == "azure":
            return []
        return self.grantable_graph_permissions

    def home_path(self) -> Path:
        return Path(self.home).resolve() if self.home else default_home()

    def report_path(self) -> Path:
        return Path(self.report_dir).resolve() if self.report_dir else self.home_path() / "reports"
