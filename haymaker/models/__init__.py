"""Domain models shared by flows, tasks, the agent and the API (pydantic v2)."""

from haymaker.models.cleanup import (
    CleanupHistoryEntry,
    CleanupReport,
    CleanupStatus,
    DeletionStatus,
    ResourceDeletion,
)
from haymaker.models.config import OrchestratorConfig, SimulationSize
from haymaker.models.identities import ServicePrincipalDetails
from haymaker.models.resources import Resource, ResourceStatus
from haymaker.models.scenarios import ScenarioMetadata, ScenarioStatus

__all__ = [
    "CleanupHistoryEntry",
    "CleanupReport",
    "CleanupStatus",
    "DeletionStatus",
    "OrchestratorConfig",
    "Resource",
    "ResourceDeletion",
    "ResourceStatus",
    "ScenarioMetadata",
    "ScenarioStatus",
    "ServicePrincipalDetails",
    "SimulationSize",
]
