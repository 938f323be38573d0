"""Checks every model-chosen request passes before it is sent; a refusal is a reason string.

The agent's ARM pipeline (confinement to the group, HayMaker tags, tracing) still applies to
what passes: these checks come first so a refusal goes back to the model as a tool error that
says why, instead of reaching Azure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from haymaker.agent.confinement import refusal
from haymaker.agent.goal.tools import ArmRequest, GraphRequest
from haymaker.scenarios.arm_paths import resource_type
from haymaker.scenarios.service_rules import request_problems
from haymaker.specs.providers import find_type
from haymaker.specs.shapes import check_body

RESOURCE_GROUP_TYPE = "microsoft.resources/resourcegroups"


class Guardrails:
    """`created()` returns the ids (lower-cased) of what this agent created: the only things it
    may delete. `graph` is False when the scenario declares no Graph permissions."""

    def __init__(
        self,
        *,
        group_id: str,
        resource_types: Iterable[str],
        created: Callable[[], set[str]],
        graph: bool,
    ) -> None:
        self.group_id = group_id
        self.types = {t.lower() for t in resource_types}
        self.created = created
        self.graph = graph

    def check_arm(self, request: ArmRequest, *, teardown: bool = False) -> str | None:
        """Why `request` may not be sent, or None."""
        method, target = request.method, request.resource_id.rstrip("/")
        reason = refusal(method, target, self.group_id)
        if reason is not None:
            return reason
        if teardown and method not in ("GET", "DELETE"):
            return f"refusing {method} {target}: during teardown only GET and DELETE are allowed"
        subject = target.rsplit("/", 1)[0] if method == "POST" else target
        kind = resource_type(subject)
        if kind is None:
            return f"refusing {method} {target}: not an ARM resource id"
        if kind.lower() == RESOURCE_GROUP_TYPE:
            return None if method == "GET" else f"refusing {method} {target}: the group is the orchestrator's"
        if kind.lower() not in self.types:
            return (
                f"refusing {method} {target}: {kind} is not one of this scenario's resource types "
                f"({', '.join(sorted(self.types))})"
            )
        if method == "DELETE" and target.lower() not in self.created():
            return f"refusing DELETE {target}: this agent did not create it"
        return self._check_version(kind, request) or self._check_body(target, kind, request)

    def check_graph(self, request: GraphRequest) -> str | None:
        if not self.graph:
            return "refusing a Graph request: this scenario declares no Graph permissions"
        path = "/" + request.path.strip("/")
        if ".." in path or "//" in path or "%" in path:
            return f"refusing {request.method} {path}: write the path plainly"
        if request.method == "DELETE" and path.lower() not in self.created():
            return f"refusing DELETE {path}: this agent did not create it"
        return None

    def _check_version(self, kind: str, request: ArmRequest) -> str | None:
        found = find_type(kind)
        if found is None:
            return None  # a type the table does not hold: ARM itself answers for the version
        name, spec = found
        if request.api_version not in spec.api_versions:
            return (
                f"refusing {request.method} {request.resource_id}: api-version {request.api_version} "
                f"does not serve {name}; use one of {', '.join(spec.api_versions[:4])}"
            )
        return None

    def _check_body(self, target: str, kind: str, request: ArmRequest) -> str | None:
        if request.method not in ("PUT", "PATCH"):
            return None
        body = request.body
        if not isinstance(body, dict):
            return f"refusing {request.method} {target}: a {request.method} needs a JSON object body"
        found = find_type(kind)
        # A tracked (top-level, located) resource needs its location on PUT: ARM answers 400
        # LocationRequired otherwise (haymaker/specs/providers.py TypeSpec.tracked).
        if request.method == "PUT" and found is not None and found[1].tracked and not body.get("location"):
            return f"refusing PUT {target}: {found[0]} needs a location in the body"
        problems = request_problems(target, body)
        # The REST specifications' shapes (haymaker/specs/shapes.py), where the data file holds
        # the pair: what the request breaks there, the model hears before Azure refuses it.
        name = target.rstrip("/").rsplit("/", 1)[-1]
        problems += [
            str(issue)
            for issue in check_body(
                found[0] if found else kind, request.api_version, request.method, body, name
            )
            if issue.severity == "error"
        ]
        if problems:
            return f"refusing {request.method} {target}: " + "; ".join(problems)
        return None
