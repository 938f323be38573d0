"""The executable part of a scenario document: typed steps for deploy, operate and teardown."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from haymaker.models import ScenarioMetadata
from haymaker.scenarios.durations import parse_duration

StepId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$", max_length=63)]
ApiVersion = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}(?:-[a-z]+)?$")]
ArmMethod = Literal["PUT", "PATCH", "GET", "POST", "DELETE"]
GraphMethod = Literal["POST", "PUT", "PATCH", "GET", "DELETE"]
Phase = Literal["deploy", "operate", "teardown"]


class ScenarioError(ValueError):
    """A scenario document is not valid; the message names the file, the step and the problem."""


def _upper(value: Any) -> Any:
    return value.upper() if isinstance(value, str) else value


class _Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @property
    def step_id(self) -> str | None:
        return getattr(self, "id", None)


class ArmStep(_Step):
    """A generic ARM call on a resource id (`{step}` later means this resource id)."""

    id: StepId
    arm: ArmMethod
    resource: str = Field(min_length=1)
    api_version: ApiVersion
    body: dict[str, Any] | None = None
    missing_ok: bool = False

    _method = field_validator("arm", mode="before")(_upper)

    @model_validator(mode="after")
    def _body_fits_method(self) -> ArmStep:
        if self.arm in ("PUT", "PATCH") and self.body is None:
            raise ValueError(f"an ARM {self.arm} needs a body")
        if self.arm in ("GET", "DELETE") and self.body is not None:
            raise ValueError(f"an ARM {self.arm} takes no body")
        if self.missing_ok and self.arm not in ("GET", "DELETE"):
            raise ValueError("missing_ok applies to GET and DELETE only")
        return self


class GraphStep(_Step):
    """A Microsoft Graph call; `{step}` later means the object's path (e.g. /applications/<id>)."""

    id: StepId
    graph: GraphMethod
    path: str = Field(min_length=1)
    body: dict[str, Any] | None = None
    missing_ok: bool = False

    _method = field_validator("graph", mode="before")(_upper)

    @model_validator(mode="after")
    def _check(self) -> GraphStep:
        if not self.path.startswith(("/", "{")):
            raise ValueError("a Graph path starts with '/' (relative to /v1.0) or a step reference")
        if self.graph in ("POST", "PUT", "PATCH") and self.body is None:
            raise ValueError(f"a Graph {self.graph} needs a body")
        if self.graph in ("GET", "DELETE") and self.body is not None:
            raise ValueError(f"a Graph {self.graph} takes no body")
        if self.missing_ok and self.graph not in ("GET", "DELETE"):
            raise ValueError("missing_ok applies to GET and DELETE only")
        return self


class WaitStep(_Step):
    """Pause (scaled by the agent's time scale)."""

    wait: float
    id: StepId | None = None

    @field_validator("wait", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> float:
        return parse_duration(value)


class AssertStep(_Step):
    """GET a resource and check values at JSON paths (`properties.x[0].y`)."""

    id: StepId
    assert_: str = Field(alias="assert", min_length=1)
    api_version: ApiVersion
    expect: dict[str, Any] = Field(min_length=1)


class DeleteStep(_Step):
    """Teardown: delete what a deploy step created."""

    delete: StepId


ActionStep = ArmStep | GraphStep | WaitStep | AssertStep
TeardownStep = DeleteStep | WaitStep


class Schedule(BaseModel):
    """When an operate step repeats: every `every` seconds, moved by up to ±jitter/2 of it,
    first due `start_after` seconds into the operate phase."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    every: float
    jitter: float = Field(default=0.0, ge=0.0, le=1.0)
    start_after: float = 0.0

    @field_validator("every", mode="before")
    @classmethod
    def _every(cls, value: Any) -> float:
        return parse_duration(value)

    @field_validator("start_after", mode="before")
    @classmethod
    def _start_after(cls, value: Any) -> float:
        return parse_duration(value, allow_zero=True)


class OperateStep(BaseModel):
    """A benign action repeated on its own schedule during the operate phase."""

    model_config = ConfigDict(frozen=True)

    schedule: Schedule
    action: ArmStep | GraphStep | WaitStep | AssertStep

    @property
    def id(self) -> str:
        return self.action.step_id or ""


class ScenarioSteps(BaseModel):
    model_config = ConfigDict(frozen=True)

    deploy: list[ArmStep | GraphStep | WaitStep | AssertStep]
    operate: list[OperateStep]
    teardown: list[DeleteStep | WaitStep]

    def find(self, step_id: str) -> ArmStep | GraphStep | WaitStep | AssertStep | None:
        """The deploy or operate step with this id."""
        for step in self.deploy:
            if step.step_id == step_id:
                return step
        for operate in self.operate:
            if operate.id == step_id:
                return operate.action
        return None


class Scenario(BaseModel):
    """A validated scenario: catalog metadata plus the steps the agent executes."""

    model_config = ConfigDict(frozen=True)

    metadata: ScenarioMetadata
    steps: ScenarioSteps
    content_hash: str

    @property
    def name(self) -> str:
        return self.metadata.scenario_name
