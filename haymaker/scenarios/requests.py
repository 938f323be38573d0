"""The ARM requests a scenario's steps make, as checks need them: each PUT and PATCH with its
resource (a sample id of the right type), api-version, body as sent, and the document as the
resource will look after it (a PATCH merged onto what deploy PUT)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from haymaker.scenarios.arm_paths import resource_type
from haymaker.scenarios.models import ArmStep, ScenarioSteps

_SAMPLE_RG = "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg"
_LEADING_REF = "{"


@dataclass(frozen=True)
class ArmRequest:
    phase: str
    index: int
    step_id: str
    method: str
    resource: str
    resource_type: str | None
    api_version: str
    body: dict[str, Any]
    after: dict[str, Any]


def arm_requests(steps: ScenarioSteps) -> Iterator[ArmRequest]:
    """Every ARM step's request, in order (PUT and PATCH with the document they leave)."""
    resources: dict[str, str] = {}
    documents: dict[str, dict[str, Any]] = {}
    for phase, index, step in _arm_steps(steps):
        resource = _expand(step.resource, resources)
        if phase == "deploy" and step.arm == "PUT":
            resources[step.id] = resource
        body = step.body if isinstance(step.body, dict) else {}
        if step.arm == "PUT":
            after = copy.deepcopy(body)
        elif step.arm == "PATCH":
            after = merge_patch(documents.get(_target(step.resource) or "", {}), body)
        else:
            after = {}
        if phase == "deploy" and step.arm == "PUT":
            documents[step.id] = after
        yield ArmRequest(
            phase, index, step.id, step.arm, resource, resource_type(resource), step.api_version, body, after
        )


def _arm_steps(steps: ScenarioSteps) -> Iterator[tuple[str, int, ArmStep]]:
    for index, step in enumerate(steps.deploy):
        if isinstance(step, ArmStep):
            yield "deploy", index, step
    for index, operate in enumerate(steps.operate):
        if isinstance(operate.action, ArmStep):
            yield "operate", index, operate.action


def _target(resource: str) -> str | None:
    """The step id a resource is exactly (`{tenant-pool}`), else None."""
    text = resource.strip()
    if text.startswith(_LEADING_REF) and text.endswith("}") and text.count("{") == 1:
        return text[1:-1]
    return None


def _expand(resource: str, resources: dict[str, str]) -> str:
    """The resource with a leading `{step}` replaced by that step's resource, `{rg_id}` by a
    sample group: enough to tell its type."""
    text = resource.replace("{rg_id}", _SAMPLE_RG)
    if text.startswith(_LEADING_REF):
        name, _, rest = text[1:].partition("}")
        if name in resources:
            text = resources[name] + rest
    return text


def merge_patch(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """A PATCH as ARM applies it: objects merge, everything else replaces."""
    merged = copy.deepcopy(base)
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_patch(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged
