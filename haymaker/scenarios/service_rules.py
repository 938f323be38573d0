"""Requests a scenario makes, checked against the service rules the swagger cannot express
(haymaker/specs/service_rules.py): each PUT and PATCH as the resource will look after it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from haymaker.scenarios.arm_paths import resource_type
from haymaker.scenarios.models import ScenarioSteps
from haymaker.scenarios.requests import arm_requests
from haymaker.specs import service_rules as rules


def check_service_rules(steps: ScenarioSteps) -> list[tuple[str, int, str, str]]:
    """(phase, index in the phase, step id, problem) for every request that breaks a rule."""
    problems = []
    for request in arm_requests(steps):
        if request.method not in ("PUT", "PATCH"):
            continue
        kind = (request.resource_type or "").lower()
        for problem in _body_problems(kind, request.body, request.after):
            problems.append((request.phase, request.index, request.step_id, problem))
    return problems


def request_problems(resource_id: str, body: dict[str, Any]) -> list[str]:
    """The service rules one PUT or PATCH body breaks (a goal-mode agent checks each request the
    model asks for; without the resource's current document a PATCH is checked as sent)."""
    kind = (resource_type(resource_id) or "").lower()
    return list(_body_problems(kind, body, body))


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
