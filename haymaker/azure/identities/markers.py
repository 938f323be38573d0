"""The marker HayMaker puts on app registrations and service principals (S6).

Graph objects carry tags as a list of strings, not a map, so the ARM tags become
`AzureHayMaker-managed`, `AzureHayMaker-run-id:<run id>` and `AzureHayMaker-scenario:<name>`.
"""

from __future__ import annotations

from collections.abc import Iterable

from haymaker.naming import validate_run_id, validate_scenario_name
from haymaker.tags import MANAGED_TAG, RUN_ID_TAG, SCENARIO_TAG, graph_ownership

RUN_PREFIX = f"{RUN_ID_TAG}:"
SCENARIO_PREFIX = f"{SCENARIO_TAG}:"


def marker_tags(run_id: str, scenario_name: str) -> list[str]:
    """The Graph tags of a run's scenario identity."""
    return [
        MANAGED_TAG,
        f"{RUN_PREFIX}{validate_run_id(run_id)}",
        f"{SCENARIO_PREFIX}{validate_scenario_name(scenario_name)}",
    ]


def marker_notes(run_id: str, scenario_name: str) -> str:
    """Human-readable notes pointing at the run that owns the identity."""
    return (
        f"Created by AzureHayMaker for run {run_id}, scenario {scenario_name}. "
        "Deleted by that run's cleanup; safe to delete once the run is over."
    )


def run_tag(run_id: str) -> str:
    return f"{RUN_PREFIX}{validate_run_id(run_id)}"


def run_id_of(tags: Iterable[str] | None) -> str | None:
    """The run id a tag list names, or None when it names none (or several)."""
    return graph_ownership(tags).run_id


def scenario_of(tags: Iterable[str] | None) -> str | None:
    found = {t[len(SCENARIO_PREFIX) :] for t in tags or [] if t.startswith(SCENARIO_PREFIX)}
    return found.pop() if len(found) == 1 else None


def is_marked(tags: Iterable[str] | None, run_id: str | None = None) -> bool:
    """S6: the tags meet the ownership rule (haymaker.tags) and, when run_id is given, name
    exactly that run id."""
    own = graph_ownership(tags)
    if not own.managed:
        return False
    return run_id is None or own.run_id == validate_run_id(run_id)


def lookalike_reason(tags: Iterable[str] | None) -> str | None:
    """Why a Graph object's tags resemble our marker without meeting the rule, or None."""
    return graph_ownership(tags).lookalike
