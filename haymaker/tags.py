"""The tags that mark everything HayMaker creates, and the one rule that reads them.

docs/architecture.md (Names and tags) lists them; docs/cleanup.md states the ownership rule:
a thing is ours only when a tag whose *name* equals `AzureHayMaker-managed` ignoring case (ARM
compares tag names case-insensitively and keeps values as written,
https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations)
has exactly the value `true`, and - for a run - the run-id tag, found the same way, equals the
run id exactly. Anything else spelled like our tags "looks like HayMaker's": it is never
deleted and always reported, with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MANAGED_TAG = "AzureHayMaker-managed"
RUN_ID_TAG = "AzureHayMaker-run-id"
SCENARIO_TAG = "AzureHayMaker-scenario"
MANAGED_VALUE = "true"
OUR_TAG_NAMES = (MANAGED_TAG, RUN_ID_TAG, SCENARIO_TAG)

_CANONICAL_RUN_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

# The scenario tag of what the orchestrator itself makes for a run (agents group, run secrets).
ORCHESTRATOR_SCENARIO = "orchestrator"


def haymaker_tags(run_id: str, scenario_name: str) -> dict[str, str]:
    """The tags every resource of a run's scenario carries."""
    return {MANAGED_TAG: MANAGED_VALUE, RUN_ID_TAG: run_id, SCENARIO_TAG: scenario_name}


def _fold(name: str) -> str:
    """A tag name with case, spaces and punctuation removed: how a lookalike is recognised."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


_FOLDED = {_fold(name): name for name in OUR_TAG_NAMES}


@dataclass(frozen=True)
class Ownership:
    """What a thing's tags say about who owns it.

    `managed`: AzureHayMaker-managed is exactly `true`. `run_id`: the run-id tag's value as
    written (None when absent). `lookalike`: why the tags resemble ours without meeting the
    rule (None when they meet it or carry nothing like ours).
    """

    managed: bool
    run_id: str | None
    lookalike: str | None

    def belongs_to(self, run_id: str) -> bool:
        """Ours and of exactly this run."""
        return self.managed and self.lookalike is None and self.run_id == run_id


def ownership(tags: Mapping[str, str] | None) -> Ownership:
    """Read a tag map (ARM, Resource Graph, Key Vault) by the rule."""
    return ownership_of_pairs((tags or {}).items())


def graph_ownership(tags: Iterable[str] | None) -> Ownership:
    """Read a Graph object's tag strings by the rule.

    Graph carries tags as strings: a bare `AzureHayMaker-managed` is the managed tag with value
    `true`; `name:value` splits at the first colon; any other bare string is a name with an
    empty value (so a case variant of the marker reads as a lookalike).
    """
    pairs = []
    for tag in tags or []:
        if ":" in tag:
            pairs.append(tuple(tag.split(":", 1)))
        else:
            pairs.append((tag, MANAGED_VALUE if tag == MANAGED_TAG else ""))
    return ownership_of_pairs(pairs)


def ownership_of_pairs(pairs: Iterable[tuple[str, str]]) -> Ownership:
    """The rule over (name, value) pairs; the same name may come more than once."""
    found: dict[str, list[tuple[str, str]]] = {name: [] for name in OUR_TAG_NAMES}
    misspelt: list[str] = []
    for raw_name, raw_value in pairs:
        name, value = str(raw_name), "" if raw_value is None else str(raw_value)
        ours = next((n for n in OUR_TAG_NAMES if n.lower() == name.lower()), None)
        if ours is not None:
            found[ours].append((name, value))
        elif _fold(name) in _FOLDED:
            misspelt.append(name)
    problems = [f"tag {name!r} is not spelled {_FOLDED[_fold(name)]}" for name in misspelt]
    for name, spellings in found.items():
        if len(spellings) > 1:
            problems.append(f"{name} appears {len(spellings)} times: {sorted(n for n, _ in spellings)}")
    managed_values = [value for _, value in found[MANAGED_TAG]]
    managed = managed_values == [MANAGED_VALUE]
    if len(managed_values) == 1 and not managed:
        problems.append(f"{MANAGED_TAG} is {managed_values[0]!r}, not exactly {MANAGED_VALUE!r}")
    run_values = [value for _, value in found[RUN_ID_TAG]]
    run_id = run_values[0] if len(run_values) == 1 else None
    if run_id is not None and not _CANONICAL_RUN_ID.match(run_id):
        problems.append(f"{RUN_ID_TAG} is {run_id!r}, not a run id (a lowercase hyphenated UUID)")
    if not problems and not managed_values and (run_values or found[SCENARIO_TAG]):
        problems.append(f"carries HayMaker's tags but not {MANAGED_TAG}={MANAGED_VALUE}")
    lookalike = "; ".join(problems) or None
    return Ownership(managed=managed and lookalike is None, run_id=run_id, lookalike=lookalike)


def is_managed(tags: Mapping[str, str] | None) -> bool:
    """S1: only what carries AzureHayMaker-managed=true (by the exact rule) is ours."""
    return ownership(tags).managed


def run_id_of(tags: Mapping[str, str] | None) -> str | None:
    """The run-id tag's value as written (its name matched ignoring case), or None."""
    return ownership(tags).run_id
