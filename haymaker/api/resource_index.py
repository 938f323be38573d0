"""A run's resources parsed once: each resource's JSON, and indexes for the page filters."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from haymaker.models.resources import Resource


@dataclass(frozen=True)
class ResourceIndex:
    """The resources of one run in stored order, pre-serialized, with filter indexes."""

    resources: list[Resource]
    json: list[bytes]
    by_scenario: dict[str, list[int]]
    by_type: dict[str, list[int]]
    by_status: dict[str, list[int]]

    @classmethod
    def build(cls, resources: list[Resource]) -> ResourceIndex:
        by_scenario: dict[str, list[int]] = defaultdict(list)
        by_type: dict[str, list[int]] = defaultdict(list)
        by_status: dict[str, list[int]] = defaultdict(list)
        for position, resource in enumerate(resources):
            by_scenario[resource.scenario_name].append(position)
            by_type[resource.resource_type.lower()].append(position)
            by_status[resource.status.value].append(position)
        return cls(
            resources=resources,
            json=[r.model_dump_json().encode() for r in resources],
            by_scenario=dict(by_scenario),
            by_type=dict(by_type),
            by_status=dict(by_status),
        )

    def select(
        self, scenario_name: str | None = None, resource_type: str | None = None, status: str | None = None
    ) -> Sequence[int]:
        """Positions of the resources matching every given filter, in stored order.

        Resource types compare case-insensitively, as Azure treats them.
        """
        chosen: list[list[int]] = []
        if scenario_name is not None:
            chosen.append(self.by_scenario.get(scenario_name, []))
        if resource_type is not None:
            chosen.append(self.by_type.get(resource_type.lower(), []))
        if status is not None:
            chosen.append(self.by_status.get(status, []))
        if not chosen:
            return range(len(self.resources))
        chosen.sort(key=len)
        if len(chosen) == 1:
            return chosen[0]
        others = [set(positions) for positions in chosen[1:]]
        return [p for p in chosen[0] if all(p in other for other in others)]
