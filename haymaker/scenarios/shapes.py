"""A scenario's PUT and PATCH bodies checked against the REST specifications' shapes
(haymaker.specs.shapes): errors make the scenario invalid, warnings are shown by
`haymaker scenarios validate`. A pair the data file lacks is itself an error: the catalog may
only use what the data file covers (tools/specs/extract.py adds it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from haymaker.scenarios.api_versions import api_version_problem
from haymaker.scenarios.models import ScenarioSteps
from haymaker.scenarios.requests import ArmRequest, arm_requests
from haymaker.scenarios.samples import SAMPLE_VALUES
from haymaker.scenarios.template import TemplateError, render, render_text
from haymaker.scenarios.variables import ITERATION_VARIABLE
from haymaker.specs import shapes


@dataclass(frozen=True)
class Finding:
    phase: str
    index: int
    step_id: str
    message: str


@dataclass
class ShapeFindings:
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)


def check_shapes(steps: ScenarioSteps) -> ShapeFindings:
    """Every PUT and PATCH of the steps against the specification data."""
    findings = ShapeFindings()
    for request in arm_requests(steps):
        if request.method not in ("PUT", "PATCH") or not request.resource_type:
            continue
        if request.resource_type.startswith("Invalid.Step/"):
            continue
        if not shapes.has_shape(request.resource_type, request.api_version):
            if api_version_problem(request.resource_type, request.api_version):
                continue  # the step's api-version is already refused on its own
            findings.errors.append(
                _finding(
                    request,
                    f"{request.resource_type} {request.api_version} is not in the specification data "
                    "(haymaker/specs/data/arm_shapes.json): add the pair with tools/specs/extract.py",
                )
            )
            continue
        body, name = _rendered(request)
        for issue in shapes.check_body(
            request.resource_type, request.api_version, request.method, body, name
        ):
            target = findings.errors if issue.severity == "error" else findings.warnings
            target.append(_finding(request, f"{request.method} body {issue}"))
    return findings


def _finding(request: ArmRequest, message: str) -> Finding:
    return Finding(request.phase, request.index, request.step_id, message)


def _rendered(request: ArmRequest) -> tuple[Any, str | None]:
    """The body and resource name with sample values; what cannot be rendered (a reference to
    another step) stays a template and is checked for structure only."""
    values = {**SAMPLE_VALUES, ITERATION_VARIABLE: 0}
    try:
        body = render(request.body, values)
    except TemplateError:
        body = request.body
    raw_name = request.resource.rstrip("/").rsplit("/", 1)[-1]
    try:
        name: str | None = render_text(raw_name, values)
    except TemplateError:
        name = None
    return body, name
