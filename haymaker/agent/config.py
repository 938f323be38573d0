"""The agent's configuration, read from the environment a container app (or a test) gives it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from haymaker.agent.goal.settings import GoalSettings
from haymaker.naming import resource_group_name, validate_run_id, validate_scenario_name
from haymaker.scenarios.durations import parse_duration

REQUIRED_ENV = (
    "AZURE_TENANT_ID",
    "AZURE_CLIENT_ID",
    "AZURE_CLIENT_SECRET",
    "AZURE_SUBSCRIPTION_ID",
    "HAYMAKER_RUN_ID",
    "HAYMAKER_SCENARIO",
    "HAYMAKER_DURATION",
    "HAYMAKER_EVENT_BUS",
)
# Needed only when HAYMAKER_ARM_URL points the agent at a non-Azure endpoint (the emulator).
EMULATOR_REQUIRED_ENV = ("AZURE_AUTHORITY_HOST",)


class ConfigError(ValueError):
    """The environment is incomplete or invalid; `missing` lists absent variable names."""

    def __init__(self, message: str, missing: list[str] | None = None) -> None:
        super().__init__(message)
        self.missing = missing or []


class AgentConfig(BaseModel):
    """Everything the agent needs; secrets stay SecretStr until the SDK call."""

    model_config = ConfigDict(frozen=True)

    tenant_id: str = Field(min_length=1)
    client_id: str = Field(min_length=1)
    client_secret: SecretStr
    subscription_id: str = Field(min_length=1)
    run_id: str
    scenario: str
    resource_group: str = Field(min_length=1)
    duration_seconds: float = Field(gt=0)
    location: str = "eastus"
    event_bus: SecretStr
    event_topic: str = "agent-logs"
    authority_host: str | None = None
    arm_url: str | None = None
    graph_url: str | None = None
    ca_path: str | None = None
    scenarios_dir: Path | None = None
    time_scale: float = Field(default=1.0, gt=0)
    # How long a 403 AuthorizationFailed on the first calls counts as role propagation
    # (haymaker/agent/propagation.py); None: 10 minutes on Azure, 1 minute on the emulator.
    role_propagation_seconds: float | None = Field(default=None, ge=0)
    # How long an unreachable ARM/Graph/Key Vault is retried before a step fails (finding 8);
    # the orchestrator passes its target's budget. None: 5 minutes on Azure, 1 on the emulator.
    outage_seconds: float | None = Field(default=None, ge=0)
    # steps: the scenario's scripted operations; goal: the model chooses them (docs/goal-mode.md).
    agent_mode: Literal["steps", "goal"] = "steps"
    goal: GoalSettings | None = None

    @property
    def propagation_window(self) -> float:
        from haymaker.agent.propagation import AZURE_WINDOW_SECONDS, EMULATOR_WINDOW_SECONDS

        if self.role_propagation_seconds is not None:
            return self.role_propagation_seconds
        return EMULATOR_WINDOW_SECONDS if self.is_emulator else AZURE_WINDOW_SECONDS

    @property
    def outage_budget(self) -> float:
        from haymaker.azure.target import AZURE_OUTAGE_SECONDS, EMULATOR_OUTAGE_SECONDS

        if self.outage_seconds is not None:
            return self.outage_seconds
        return EMULATOR_OUTAGE_SECONDS if self.is_emulator else AZURE_OUTAGE_SECONDS

    @field_validator("run_id")
    @classmethod
    def _run_id(cls, value: str) -> str:
        return validate_run_id(value)

    @field_validator("scenario")
    @classmethod
    def _scenario(cls, value: str) -> str:
        return validate_scenario_name(value)

    @field_validator("resource_group")
    @classmethod
    def _resource_group(cls, value: str) -> str:
        from haymaker.azure.kql import validate_resource_group_name

        return validate_resource_group_name(value)

    @property
    def resource_group_id(self) -> str:
        """The one resource group this agent's ARM requests may touch."""
        return f"/subscriptions/{self.subscription_id}/resourceGroups/{self.resource_group}"

    @property
    def is_emulator(self) -> bool:
        """Non-Azure endpoints: the emulator (or another Azure-compatible peer)."""
        return self.arm_url is not None

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> AgentConfig:
        """Read the configuration; ConfigError lists every missing variable at once."""
        env = {k: v for k, v in environ.items() if v is not None and v.strip() != ""}
        required = list(REQUIRED_ENV)
        if "HAYMAKER_ARM_URL" in env:
            required += EMULATOR_REQUIRED_ENV
        missing = [name for name in required if name not in env]
        if missing:
            raise ConfigError("missing environment variable(s): " + ", ".join(missing), missing=missing)
        try:
            duration = parse_duration(env["HAYMAKER_DURATION"])
            time_scale = float(env.get("HAYMAKER_TIME_SCALE", "1"))
            propagation = env.get("HAYMAKER_ROLE_PROPAGATION_SECONDS")
            propagation_seconds = float(propagation) if propagation is not None else None
            outage = env.get("HAYMAKER_OUTAGE_SECONDS")
            outage_seconds = float(outage) if outage is not None else None
        except ValueError as exc:
            raise ConfigError(
                "HAYMAKER_DURATION / HAYMAKER_TIME_SCALE / HAYMAKER_ROLE_PROPAGATION_SECONDS / "
                f"HAYMAKER_OUTAGE_SECONDS: {exc}"
            ) from None
        mode = env.get("HAYMAKER_AGENT_MODE", "steps")
        if mode not in ("steps", "goal"):
            raise ConfigError(f"HAYMAKER_AGENT_MODE must be steps or goal, got {mode!r}")
        try:
            goal = GoalSettings.from_env(env) if mode == "goal" else None
        except (ValueError, ValidationError) as exc:
            raise ConfigError(_first_problem(exc)) from None
        run_id = env["HAYMAKER_RUN_ID"]
        scenario = env["HAYMAKER_SCENARIO"]
        try:
            group = env.get("HAYMAKER_RESOURCE_GROUP") or resource_group_name(run_id, scenario)
            return cls(
                tenant_id=env["AZURE_TENANT_ID"],
                client_id=env["AZURE_CLIENT_ID"],
                client_secret=SecretStr(env["AZURE_CLIENT_SECRET"]),
                subscription_id=env["AZURE_SUBSCRIPTION_ID"],
                run_id=run_id,
                scenario=scenario,
                resource_group=group,
                duration_seconds=duration,
                location=env.get("HAYMAKER_LOCATION", "eastus"),
                event_bus=SecretStr(env["HAYMAKER_EVENT_BUS"]),
                event_topic=env.get("HAYMAKER_EVENT_TOPIC", "agent-logs"),
                authority_host=env.get("AZURE_AUTHORITY_HOST"),
                arm_url=env.get("HAYMAKER_ARM_URL"),
                graph_url=env.get("HAYMAKER_GRAPH_URL"),
                ca_path=env.get("HAYMAKER_CA_PATH"),
                scenarios_dir=_optional_path(env.get("HAYMAKER_SCENARIOS_DIR")),
                time_scale=time_scale,
                role_propagation_seconds=propagation_seconds,
                outage_seconds=outage_seconds,
                agent_mode=mode,
                goal=goal,
            )
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {str(e['msg']).removeprefix('Value error, ')}"
                for e in exc.errors()
            )
            raise ConfigError(f"invalid agent configuration: {problems}") from None
        except ValueError as exc:
            raise ConfigError(f"invalid agent configuration: {exc}") from None


def _optional_path(value: str | None) -> Path | None:
    return Path(value) if value else None


def _first_problem(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        return f"goal settings: {where}: {error['msg']}"
    return str(exc)
