"""Phase 2: choose the run's scenarios from the catalog."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE

from haymaker.naming import run8
from haymaker.scenarios.selection import Selection, permission_check
from haymaker.simulation.selection import choose_scenarios
from haymaker.simulation.settings import RunSettings
from haymaker.simulation.timeouts import STEP_SECONDS


@task(name="select_scenarios", timeout_seconds=STEP_SECONDS, cache_policy=NO_CACHE)
def select_scenarios(
    run_id: str,
    count: int,
    seed: int | None,
    scenario_filter: list[str] | None,
    settings: RunSettings,
    can_grant_graph: bool = True,
) -> Selection:
    """`can_grant_graph` False (the orchestrator lacks AppRoleAssignment.ReadWrite.All): no
    scenario that needs a Microsoft Graph permission is selected."""
    graph = settings.grantable_graph_permissions_for_target() if can_grant_graph else []
    selection = choose_scenarios(
        count,
        seed=seed,
        scenario_filter=scenario_filter,
        directory=settings.scenarios_dir,
        grantable=permission_check(settings.grantable_roles, graph),
    )
    chosen = selection.scenarios
    logger = get_run_logger()
    logger.info("selected %d scenarios: %s", len(chosen), ", ".join(s.scenario_name for s in chosen))
    for name, reason in selection.skipped:
        logger.info("skipped %s: %s", name, reason)
    create_table_artifact(
        key=f"selection-{run8(run_id)}",
        table=[
            {"scenario": s.scenario_name, "area": s.technology_area, "roles": ", ".join(s.required_roles)}
            for s in chosen
        ],
        description="Scenarios selected for this run",
    )
    return selection
