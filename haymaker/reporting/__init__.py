"""Report models (what the store holds and the API serves) and their markdown rendering."""

from haymaker.reporting.models import (
    CleanupSummary,
    LogEntry,
    LogLevel,
    OrchestratorState,
    OrchestratorStatus,
    RunPhase,
    RunReport,
    RunStatus,
    RunSummary,
    RunTotals,
    ScenarioReport,
    SkippedScenario,
)
from haymaker.reporting.render import (
    artifact_key,
    cleanup_report_markdown,
    deletions_table_rows,
    resources_table_rows,
    run_report_markdown,
    status_word,
)

__all__ = [
    "CleanupSummary",
    "LogEntry",
    "LogLevel",
    "OrchestratorState",
    "OrchestratorStatus",
    "RunPhase",
    "RunReport",
    "RunStatus",
    "RunSummary",
    "RunTotals",
    "ScenarioReport",
    "SkippedScenario",
    "artifact_key",
    "cleanup_report_markdown",
    "deletions_table_rows",
    "resources_table_rows",
    "run_report_markdown",
    "status_word",
]
