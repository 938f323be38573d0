"""GET /metrics: the report store as Prometheus text exposition (format 0.0.4). Pure.

Per-run series cover the `metrics_runs` most recent runs only, so the number of series stays
bounded however long the store's history grows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from haymaker.api.resource_index import ResourceIndex
from haymaker.models.resources import ResourceStatus
from haymaker.reporting.models import OrchestratorState, OrchestratorStatus, RunStatus, RunSummary

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


@dataclass(frozen=True)
class Sample:
    labels: Mapping[str, str]
    value: float


@dataclass(frozen=True)
class Family:
    name: str
    help: str
    kind: str  # gauge | counter
    samples: Sequence[Sample]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def render(families: Iterable[Family]) -> str:
    """Families in the Prometheus text format."""
    lines = []
    for family in families:
        lines.append(f"# HELP {family.name} {family.help}")
        lines.append(f"# TYPE {family.name} {family.kind}")
        for sample in family.samples:
            labels = ",".join(f'{k}="{_escape(v)}"' for k, v in sample.labels.items())
            lines.append(
                f"{family.name}{{{labels}}} {_number(sample.value)}"
                if labels
                else f"{family.name} {_number(sample.value)}"
            )
    return "\n".join(lines) + "\n"


def collect(
    status: OrchestratorStatus,
    runs: Sequence[RunSummary],
    resources: Mapping[str, ResourceIndex],
) -> list[Family]:
    """Metric families from the status, every run's summary and the recent runs' resources."""
    by_status = {s.value: 0 for s in RunStatus}
    for run in runs:
        by_status[run.status.value] += 1
    families = [
        Family(
            "haymaker_runs_total",
            "Runs in the report store by status",
            "gauge",
            [Sample({"status": s}, n) for s, n in by_status.items()],
        ),
        Family(
            "haymaker_orchestrator_state",
            "1 for the orchestrator's current state, 0 for the others",
            "gauge",
            [Sample({"state": s.value}, 1 if status.status == s else 0) for s in OrchestratorState],
        ),
        Family(
            "haymaker_orchestrator_scenarios",
            "Scenarios of the current run by state",
            "gauge",
            [
                Sample({"state": "total"}, status.scenarios_total),
                Sample({"state": "running"}, status.scenarios_running),
                Sample({"state": "completed"}, status.scenarios_completed),
                Sample({"state": "failed"}, status.scenarios_failed),
            ],
        ),
    ]
    recent = [r for r in runs if r.run_id in resources]
    families.append(
        Family(
            "haymaker_resources",
            "Resources of recent runs by lifecycle status",
            "gauge",
            [
                Sample(
                    {"run_id": run.run_id, "status": s.value},
                    len(resources[run.run_id].by_status.get(s.value, [])),
                )
                for run in recent
                for s in ResourceStatus
            ],
        )
    )
    families.append(
        Family(
            "haymaker_cleanup_verified",
            "1 when cleanup verified that nothing of the run remains, 0 when not (recent runs with a cleanup)",
            "gauge",
            [
                Sample({"run_id": run.run_id}, 1 if run.cleanup_verified else 0)
                for run in recent
                if run.cleanup_verified is not None
            ],
        )
    )
    families.append(
        Family(
            "haymaker_run_duration_seconds",
            "Duration of recent finished runs",
            "gauge",
            [
                Sample({"run_id": run.run_id}, run.duration_seconds)
                for run in recent
                if run.duration_seconds is not None
            ],
        )
    )
    families.append(
        Family(
            "haymaker_run_scenarios_failed",
            "Failed scenarios of recent runs",
            "gauge",
            [Sample({"run_id": run.run_id}, run.scenarios_failed) for run in recent],
        )
    )
    return families
