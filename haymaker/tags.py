"""The tags that mark everything HayMaker creates (docs/architecture.md: Names and tags)."""

from __future__ import annotations

MANAGED_TAG = "AzureHayMaker-managed"
RUN_ID_TAG = "AzureHayMaker-run-id"
SCENARIO_TAG = "AzureHayMaker-scenario"
MANAGED_VALUE = "true"


def haymaker_tags(run_id: str, scenario_name: str) -> dict[str, str]:
    """The tags every resource of a run's scenario carries."""
    return {MANAGED_TAG: MANAGED_VALUE, RUN_ID_TAG: run_id, SCENARIO_TAG: scenario_name}


def is_managed(tags: dict[str, str] | None) -> bool:
    """S1: only what carries AzureHayMaker-managed=true is ours."""
    return (tags or {}).get(MANAGED_TAG, "").lower() == MANAGED_VALUE


def run_id_of(tags: dict[str, str] | None) -> str | None:
    return (tags or {}).get(RUN_ID_TAG)
