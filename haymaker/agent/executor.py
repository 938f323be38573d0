"""Execute one scenario step: render its templates, make the call, say what it created."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from haymaker.agent.arm import ArmGateway
from haymaker.agent.graph import GraphGateway
from haymaker.azure.errors import ResourceNotFound
from haymaker.azure.identities.markers import marker_tags
from haymaker.scenarios.arm_paths import resource_name, resource_type
from haymaker.scenarios.jsonpath import lookup
from haymaker.scenarios.models import ArmStep, AssertStep, GraphStep, WaitStep
from haymaker.scenarios.template import Value, render, render_text
from haymaker.scenarios.variables import ITERATION_VARIABLE

# Graph collections whose objects carry a `tags` string list: our marker goes there.
GRAPH_TAGGED_COLLECTIONS = ("/applications", "/serviceprincipals")


class AssertionFailed(Exception):
    """An assert step found a different value than expected."""


@dataclass(frozen=True)
class CreatedResource:
    """Something a deploy step created. `plane` is "arm" (resource id) or "graph" (path)."""

    step_id: str
    plane: str
    resource_id: str
    resource_type: str
    resource_name: str
    api_version: str | None = None
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class StepResult:
    step_id: str | None
    kind: str
    method: str | None = None
    target: str | None = None
    reference: str | None = None
    created: CreatedResource | None = None
    missing: bool = False

    def describe(self) -> str:
        """A log-safe line: method and target, never a body."""
        if self.kind == "wait":
            return "wait"
        text = f"{self.method} {self.target}"
        if self.created is not None and self.created.resource_id != self.target:
            text += f" -> {self.created.resource_id}"
        return text + (" (not found; nothing to do)" if self.missing else "")


def _same(actual: Any, expected: Any) -> bool:
    # ARM returns ids with its own casing (resource group names often upper-cased).
    if isinstance(actual, str) and isinstance(expected, str) and expected.startswith("/subscriptions/"):
        return actual.lower() == expected.lower()
    return bool(actual == expected)


class StepExecutor:
    """Runs steps against ARM (and Graph) with the run's template values.

    `wait(seconds)` pauses and returns True when the agent was asked to stop.
    """

    def __init__(
        self,
        *,
        arm: ArmGateway,
        graph: GraphGateway | None,
        values: Mapping[str, Value],
        run_id: str,
        scenario_name: str,
        time_scale: float,
        wait: Callable[[float], bool],
    ) -> None:
        self.arm = arm
        self.graph = graph
        self.values = dict(values)
        self.time_scale = time_scale
        self.wait = wait
        self.graph_marker = marker_tags(run_id, scenario_name)
        self._references: set[str] = set()

    def remember(self, step_id: str, reference: str) -> None:
        """Make `{step_id}` available to later steps."""
        self.values[step_id] = reference
        self._references.add(reference.lower())

    def execute(
        self, step: ArmStep | GraphStep | WaitStep | AssertStep, *, phase: str, iteration: int | None = None
    ) -> StepResult:
        values = dict(self.values)
        if iteration is not None:
            values[ITERATION_VARIABLE] = iteration
        if isinstance(step, WaitStep):
            self.wait(step.wait / self.time_scale)
            return StepResult(step.id, "wait")
        if isinstance(step, AssertStep):
            return self._assert(step, values)
        if isinstance(step, ArmStep):
            result = self._arm(step, values, creating=phase == "deploy")
        else:
            result = self._graph(step, values, creating=phase == "deploy")
        if phase == "deploy" and result.reference is not None and step.id:
            self.remember(step.id, result.reference)
        return result

    def _arm(self, step: ArmStep, values: dict[str, Value], *, creating: bool) -> StepResult:
        target = render_text(step.resource, values).rstrip("/")
        body = render(step.body, values) if step.body is not None else None
        if step.arm == "POST":
            self.arm.post(target, step.api_version, body)
            return StepResult(step.id, "arm", "POST", target)
        new = creating and step.arm == "PUT" and target.lower() not in self._references
        try:
            if step.arm == "PUT":
                response = self.arm.put(target, step.api_version, body or {})
            elif step.arm == "PATCH":
                response = self.arm.patch(target, step.api_version, body or {})
            elif step.arm == "GET":
                response = self.arm.get(target, step.api_version)
            else:
                self.arm.delete(target, step.api_version)
                return StepResult(step.id, "arm", "DELETE", target)
        except ResourceNotFound:
            if step.missing_ok:
                return StepResult(step.id, "arm", step.arm, target, missing=True)
            raise
        reference = str(response.get("id") or target) if step.arm != "DELETE" else None
        # Keep the id as the scenario spelled it: later templates and teardown build on it.
        reference = target if reference and reference.lower() == target.lower() else reference
        created = None
        if new:
            created = CreatedResource(
                step_id=step.id,
                plane="arm",
                resource_id=target,
                resource_type=str(response.get("type") or resource_type(target) or "unknown"),
                resource_name=str(response.get("name") or resource_name(target)),
                api_version=step.api_version,
                tags={str(k): str(v) for k, v in (response.get("tags") or {}).items()},
            )
        return StepResult(step.id, "arm", step.arm, target, reference, created)

    def _graph(self, step: GraphStep, values: dict[str, Value], *, creating: bool) -> StepResult:
        if self.graph is None:
            raise RuntimeError(
                f"step {step.id!r} calls Microsoft Graph but the agent has no Graph endpoint "
                "(set HAYMAKER_GRAPH_URL for the emulator)"
            )
        path = "/" + render_text(step.path, values).strip("/")
        body = render(step.body, values) if step.body is not None else None
        collection = path.lower().rstrip("/")
        if step.graph == "POST" and body is not None and collection in GRAPH_TAGGED_COLLECTIONS:
            tags = [t for t in body.get("tags", []) if isinstance(t, str)]
            body["tags"] = tags + [m for m in self.graph_marker if m not in tags]
        try:
            response = self.graph.request(step.graph, path, body)
        except ResourceNotFound:
            if step.missing_ok:
                return StepResult(step.id, "graph", step.graph, path, missing=True)
            raise
        new = (
            creating
            and step.graph == "POST"
            and not any(path.lower().startswith(ref) for ref in self._references)
        )
        reference: str | None = path
        created = None
        if step.graph == "POST" and new and response.get("id"):
            reference = f"{path}/{response['id']}"
            created = CreatedResource(
                step_id=step.id,
                plane="graph",
                resource_id=reference,
                resource_type=f"Microsoft.Graph/{collection.rsplit('/', 1)[-1]}",
                resource_name=str(response.get("displayName") or response["id"]),
            )
        elif step.graph == "DELETE":
            reference = None
        return StepResult(step.id, "graph", step.graph, path, reference, created)

    def _assert(self, step: AssertStep, values: dict[str, Value]) -> StepResult:
        target = render_text(step.assert_, values).rstrip("/")
        document = self.arm.get(target, step.api_version)
        for path, raw_expected in step.expect.items():
            expected = render(raw_expected, values)
            try:
                actual = lookup(document, path)
            except KeyError as exc:
                raise AssertionFailed(f"assert {step.id!r} on {target}: {exc.args[0]}") from None
            if not _same(actual, expected):
                raise AssertionFailed(
                    f"assert {step.id!r} on {target}: {path} is {actual!r}, expected {expected!r}"
                )
        return StepResult(step.id, "assert", "GET", target)
