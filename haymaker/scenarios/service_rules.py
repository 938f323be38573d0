"""Requests a scenario makes, checked against the service rules the swagger cannot express
(haymaker/specs/service_rules.py): each PUT and PATCH as the resource will look after it."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from haymaker.scenarios.arm_paths import resource_type
from haymaker.scenarios.models import ArmStep, ScenarioSteps
from haymaker.specs import service_rules as rules

_SAMPLE_RG = "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg"
_LEADING_REF = "{"


def check_service_rules(steps: ScenarioSteps) -> list[tuple[str, int, str, str]]:
    """(phase, index in the phase, step id, problem) for every request that breaks a rule."""
    resources: dict[str, str] = {}
    documents: dict[str, dict[str, Any]] = {}
    problems = []
    for phase, index, step in _arm_steps(steps):
        resource = _expand(step.resource, resources)
        if phase == "deploy" and step.arm == "PUT":
            resources[step.id] = resource
        kind = (resource_type(resource) or "").lower()
        target = _target(step.resource)
        if step.arm == "PUT":
            after = copy.deepcopy(step.body or {})
        elif step.arm == "PATCH":
            after = _merge(documents.get(target or "", {}), step.body or {})
        else:
            continue
        if phase == "deploy" and step.arm == "PUT":
            documents[step.id] = after
        for problem in _problems(kind, step, after):
            problems.append((phase, index, step.id, problem))
    return problems


def request_problems(resource_id: str, body: dict[str, Any]) -> list[str]:
    """The service rules one PUT or PATCH body breaks (a goal-mode agent checks each request the
    model asks for; without the resource's current document a PATCH is checked as sent)."""
    kind = (resource_type(resource_id) or "").lower()
    return list(_body_problems(kind, body, body))


def _problems(kind: str, step: ArmStep, after: dict[str, Any]) -> Iterator[str]:
    yield from _body_problems(kind, step.body or {}, after)


def _body_problems(kind: str, sent: dict[str, Any], after: dict[str, Any]) -> Iterator[str]:
    if kind == "microsoft.sql/servers/elasticpools":
        yield from _basic_pool(after)
    if kind == "microsoft.app/jobs":
        properties = sent.get("properties")
        configuration = properties.get("configuration") if isinstance(properties, dict) else None
        if isinstance(configuration, dict):
            missing = [f for f in rules.JOB_CONFIGURATION_REQUIRED if f not in configuration]
            if missing:
                yield (
                    f"properties.configuration of a Container Apps job must carry {', '.join(missing)} "
                    f"(JobConfiguration requires {' and '.join(rules.JOB_CONFIGURATION_REQUIRED)}), "
                    "in a PATCH too"
                )


def _basic_pool(pool: dict[str, Any]) -> Iterator[str]:
    sku = pool.get("sku") if isinstance(pool.get("sku"), dict) else {}
    if str(sku.get("tier", "")).lower() != "basic" and str(sku.get("name", "")).lower() != "basicpool":
        return
    capacity = sku.get("capacity")
    if capacity is not None and capacity not in rules.SQL_BASIC_POOL_EDTUS:
        yield f"a Basic elastic pool has {sorted(rules.SQL_BASIC_POOL_EDTUS)} eDTUs, not {capacity}"
    properties = pool.get("properties") if isinstance(pool.get("properties"), dict) else {}
    settings = properties.get("perDatabaseSettings")
    settings = settings if isinstance(settings, dict) else {}
    low, high = settings.get("minCapacity"), settings.get("maxCapacity")
    if high is not None and high not in rules.SQL_BASIC_PER_DATABASE_MAX:
        yield f"a Basic elastic pool's per-database maxCapacity must be 5 eDTUs, not {high}"
    if low is not None and low not in rules.SQL_BASIC_PER_DATABASE_MIN:
        yield f"a Basic elastic pool's per-database minCapacity must be 0 or 5 eDTUs, not {low}"


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


def _merge(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """A PATCH as ARM applies it: objects merge, everything else replaces."""
    merged = copy.deepcopy(base)
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged
