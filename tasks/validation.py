"""Phase 1: fail fast, with one clear message, before anything is created."""

from __future__ import annotations

from prefect import task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE

from haymaker.naming import run8
from haymaker.simulation import validation
from haymaker.simulation.environment import RunEnvironment
from haymaker.simulation.timeouts import STEP_SECONDS


@task(name="validate_environment", timeout_seconds=STEP_SECONDS, cache_policy=NO_CACHE)
def validate_environment(env: RunEnvironment, run_id: str) -> bool:
    """Every check, or one failure naming them all; True when scenario principals can be granted
    Microsoft Graph permissions (otherwise scenarios needing them are skipped)."""
    checks = validation.validate_environment(env, run_id)
    create_table_artifact(
        key=f"validation-{run8(run_id)}",
        table=[check.model_dump() for check in checks],
        description="Environment checks before the run",
    )
    return validation.can_grant_graph_permissions(env)
