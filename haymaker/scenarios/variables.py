"""The template variables every scenario step can use, and how the agent computes them."""

from __future__ import annotations

import hashlib

from haymaker.naming import run8, validate_run_id, validate_scenario_name

# `n` (the iteration counter) exists only in the operate phase.
ITERATION_VARIABLE = "n"
VARIABLES = frozenset(
    {
        "subscription_id",
        "tenant_id",
        "resource_group",
        "rg_id",
        "location",
        "prefix",
        "run_id",
        "run8",
        "scenario",
    }
)
RESERVED_NAMES = VARIABLES | {ITERATION_VARIABLE}


def name_prefix(run_id: str, scenario_name: str) -> str:
    """`hm` + 8 hex chars of SHA-256("<run_id>/<scenario>"): unique per run and scenario and
    valid in every Azure name (lowercase letters and digits, starts with a letter)."""
    digest = hashlib.sha256(f"{validate_run_id(run_id)}/{scenario_name}".encode()).hexdigest()
    return "hm" + digest[:8]


def scenario_variables(
    *,
    run_id: str,
    scenario_name: str,
    subscription_id: str,
    tenant_id: str,
    resource_group: str,
    location: str,
) -> dict[str, str]:
    """The values of VARIABLES for one agent run."""
    validate_scenario_name(scenario_name)
    return {
        "subscription_id": subscription_id,
        "tenant_id": tenant_id,
        "resource_group": resource_group,
        "rg_id": f"/subscriptions/{subscription_id}/resourceGroups/{resource_group}",
        "location": location,
        "prefix": name_prefix(run_id, scenario_name),
        "run_id": validate_run_id(run_id),
        "run8": run8(run_id),
        "scenario": scenario_name,
    }
