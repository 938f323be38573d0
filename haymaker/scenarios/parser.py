"""Parse and validate a scenario document (Markdown + YAML front matter + one steps block)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from haymaker.models import ScenarioMetadata
from haymaker.naming import validate_scenario_name
from haymaker.scenarios.areas import TechnologyArea, parse_area
from haymaker.scenarios.document import STEPS_INFO, MarkdownDocument, split_document
from haymaker.scenarios.durations import parse_duration
from haymaker.scenarios.models import (
    ArmStep,
    AssertStep,
    DeleteStep,
    GraphStep,
    OperateStep,
    Scenario,
    ScenarioError,
    ScenarioSteps,
    Schedule,
    WaitStep,
)
from haymaker.scenarios.validate import check_steps, label

REQUIRED_SECTIONS = (
    "Technology Area",
    "Company Profile",
    "Scenario Description",
    "Azure Services Used",
    "Prerequisites",
    "Phase 1",
    "Phase 2",
    "Phase 3",
)
BASE_ROLE = "Contributor"
ResourceType = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)+(?:/[A-Za-z0-9]+)+$")
]
_STEP_KINDS = {
    "deploy": ("arm", "graph", "wait", "assert"),
    "operate": ("arm", "graph", "wait", "assert"),
    "teardown": ("delete", "wait"),
}
_SCHEDULE_KEYS = ("every", "jitter", "start_after")


class FrontMatter(BaseModel):
    """The YAML front matter of a scenario document."""

    model_config = ConfigDict(extra="forbid")

    scenario: str
    title: str | None = None
    technology_area: TechnologyArea
    services: list[str] = Field(min_length=1)
    resource_types: list[ResourceType] = Field(min_length=1)
    required_roles: list[str] = Field(default_factory=list)
    graph_permissions: list[str] = Field(default_factory=list)
    cost_tier: Literal["low", "medium", "high"]
    typical_duration: str
    # false keeps the scenario scripted in a goal-mode run (issue 15).
    goal_mode: bool = True

    @field_validator("scenario")
    @classmethod
    def _name(cls, value: str) -> str:
        return validate_scenario_name(value)

    @field_validator("technology_area", mode="before")
    @classmethod
    def _area(cls, value: Any) -> TechnologyArea:
        return parse_area(value)

    @field_validator("typical_duration", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> str:
        parse_duration(value)
        return str(value)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"] if not str(p).startswith("function-"))
        message = str(error["msg"]).removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)


def _fail(source: str, problems: list[str]) -> ScenarioError:
    if len(problems) == 1:
        return ScenarioError(f"{source}: {problems[0]}")
    lines = "\n".join(f"  - {p}" for p in problems)
    return ScenarioError(f"{source}: {len(problems)} problems:\n{lines}")


def _parse_step(raw: Any, phase: str, index: int) -> Any:
    step_id = raw.get("id") if isinstance(raw, dict) else None
    where = label(phase, index, step_id if isinstance(step_id, str) else None)
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: a step is a mapping like {{id: ..., arm: PUT, ...}}")
    kinds = [k for k in ("arm", "graph", "wait", "assert", "delete") if k in raw]
    allowed = _STEP_KINDS[phase]
    if len(kinds) != 1:
        found = ", ".join(kinds) or "none"
        raise ValueError(f"{where}: needs exactly one of {', '.join(allowed)} (found {found})")
    kind = kinds[0]
    if kind not in allowed:
        raise ValueError(f"{where}: {phase} steps cannot be {kind!r} (use {', '.join(allowed)})")
    body = dict(raw)
    schedule_raw = {k: body.pop(k) for k in _SCHEDULE_KEYS if k in body}
    models: dict[str, type[BaseModel]] = {
        "arm": ArmStep,
        "graph": GraphStep,
        "wait": WaitStep,
        "assert": AssertStep,
        "delete": DeleteStep,
    }
    model = models[kind]
    try:
        if phase != "operate":
            if schedule_raw:
                raise ValueError(f"{', '.join(schedule_raw)} belongs to operate steps only")
            return model.model_validate(body)
        if "every" not in schedule_raw:
            raise ValueError("operate steps need 'every' (e.g. every: 45m)")
        schedule = Schedule.model_validate(schedule_raw)
        return OperateStep(schedule=schedule, action=model.model_validate(body))  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ValueError(f"{where}: {_describe(exc)}") from None
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None


def _parse_steps(document: MarkdownDocument) -> tuple[ScenarioSteps | None, list[str]]:
    blocks = [b for b in document.blocks if b.info == STEPS_INFO]
    if len(blocks) != 1:
        return None, [
            f"needs exactly one ```{STEPS_INFO} block with deploy, operate and teardown (found {len(blocks)})"
        ]
    block = blocks[0]
    try:
        raw = yaml.safe_load(block.text)
    except yaml.YAMLError as exc:
        return None, [f"the {STEPS_INFO} block (line {block.line}) is not valid YAML: {exc}"]
    if not isinstance(raw, dict):
        return None, [f"the {STEPS_INFO} block must map deploy, operate and teardown to lists"]
    problems = []
    unknown = sorted(set(raw) - set(_STEP_KINDS))
    if unknown:
        problems.append(f"unknown key(s) in the {STEPS_INFO} block: {', '.join(map(str, unknown))}")
    parsed: dict[str, list[Any]] = {}
    for phase in _STEP_KINDS:
        items = raw.get(phase)
        if not isinstance(items, list) or not items:
            problems.append(f"the {STEPS_INFO} block needs a non-empty '{phase}' list")
            continue
        parsed[phase] = []
        for index, item in enumerate(items):
            try:
                parsed[phase].append(_parse_step(item, phase, index))
            except ValueError as exc:
                problems.append(str(exc))
    if problems:
        return None, problems
    return ScenarioSteps(**parsed), []


def _check_layout(document: MarkdownDocument, front: FrontMatter, path: Path) -> list[str]:
    problems = []
    if document.title is None:
        problems.append("missing the title (a '# ' heading)")
    for section in REQUIRED_SECTIONS:
        if not document.has_section(section):
            problems.append(f"missing section '## {section}'")
    if path.stem != front.scenario:
        problems.append(f"scenario {front.scenario!r} must match the file name {path.stem!r}")
    slug = front.technology_area.slug
    if not re.fullmatch(rf"{re.escape(slug)}-\d{{2}}-[a-z0-9]+(?:-[a-z0-9]+)*", path.stem):
        problems.append(
            f"the file name must be {slug}-NN-<name>.md for technology area {front.technology_area.value!r}"
        )
    return problems


def parse_scenario_text(text: str, path: str | Path) -> Scenario:
    """Parse and validate one scenario document; ScenarioError (a ValueError) names the file,
    the step and every problem found."""
    scenario, problems = check_scenario_text(text, path)
    if scenario is None:
        raise _fail(str(Path(path)), problems)
    return scenario


def check_scenario_text(text: str, path: str | Path) -> tuple[Scenario | None, list[str]]:
    """The scenario and no problems, or None and every problem found (one line each, naming
    the step where there is one; the file name is left to the caller)."""
    path = Path(path)
    source = str(path)
    try:
        document = split_document(text)
    except ValueError as exc:
        return None, [str(exc)]
    try:
        front = FrontMatter.model_validate(document.front_matter)
    except ValidationError as exc:
        return None, [f"front matter: {_describe(exc)}"]
    problems = _check_layout(document, front, path)
    steps, step_problems = _parse_steps(document)
    problems += step_problems
    if steps is not None:
        problems += check_steps(steps, front.resource_types)
        if not front.graph_permissions and _uses_graph(steps):
            problems.append("Graph steps need graph_permissions in the front matter")
    if problems or steps is None:
        return None, problems
    roles = [BASE_ROLE, *(r for r in front.required_roles if r != BASE_ROLE)]
    metadata = ScenarioMetadata(
        scenario_name=front.scenario,
        scenario_doc_path=source,
        technology_area=front.technology_area.value,
        title=front.title or document.title or front.scenario,
        services=front.services,
        resource_types=front.resource_types,
        required_roles=roles,
        graph_permissions=front.graph_permissions,
        cost_tier=front.cost_tier,
        typical_duration=front.typical_duration,
        goal_mode=front.goal_mode,
    )
    return Scenario(metadata=metadata, steps=steps, content_hash=content_hash(text)), []


def _uses_graph(steps: ScenarioSteps) -> bool:
    actions = [*steps.deploy, *(o.action for o in steps.operate)]
    return any(isinstance(step, GraphStep) for step in actions)
