"""Scenario catalog metadata and a scenario's status inside a run."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field


class ScenarioStatus(StrEnum):
    PENDING = "pending"
    PROVISIONING = "provisioning"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CLEANUP_COMPLETE = "cleanup_complete"


class ScenarioMetadata(BaseModel):
    """What the catalog knows about one scenario document."""

    scenario_name: str
    scenario_doc_path: str
    technology_area: str
    title: str = ""
    services: list[str] = Field(default_factory=list)
    resource_types: list[str] = Field(default_factory=list)
    required_roles: list[str] = Field(default_factory=lambda: ["Contributor"])
    graph_permissions: list[str] = Field(default_factory=list)
    cost_tier: str = "low"
    typical_duration: str = ""
    goal_mode: bool = Field(default=True, description="false: stays scripted in a goal-mode run")

    status: ScenarioStatus = ScenarioStatus.PENDING
    started_at: datetime | None = None
    ended_at: datetime | None = None
    agent_id: str | None = None
    container_app_resource_id: str | None = None
    sp_name: str | None = None
    sp_id: str | None = None
    resources_created: int = 0
    operations_performed: int = 0
    error_message: str | None = None
