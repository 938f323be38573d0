"""Resources a run created, as the ledger and the reports record them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class ResourceStatus(StrEnum):
    CREATED = "created"
    EXISTS = "exists"
    DELETED = "deleted"
    DELETION_FAILED = "deletion_failed"


class Resource(BaseModel):
    """One Azure resource (or resource group) with its lifecycle in a run."""

    model_config = ConfigDict(validate_assignment=True)

    resource_id: str = Field(..., min_length=1, description="Full Azure resource id")
    resource_type: str = Field(..., description="Azure resource type, e.g. Microsoft.Network/virtualNetworks")
    resource_name: str = Field(..., description="Resource name")
    scenario_name: str = Field(default="", description="Scenario that created it")
    run_id: str = Field(default="", description="Run that created it")
    created_at: datetime | None = Field(default=None, description="When it was created")
    deleted_at: datetime | None = Field(default=None, description="When it was deleted")
    status: ResourceStatus = ResourceStatus.CREATED
    deletion_attempts: int = Field(default=0, ge=0)
    deletion_error: str | None = None
    tags: dict[str, str] = Field(default_factory=dict)
    location: str | None = None
    api_version: str | None = Field(
        default=None, description="The api-version it was written with, when its creator said"
    )
    managed_by: str | None = Field(
        default=None, description="The resource that manages this one (ARM managedBy)"
    )
    side_effect_of: str | None = Field(
        default=None,
        description="For a resource Azure creates on its own: the resource its properties name as its cause",
    )

    @property
    def is_resource_group(self) -> bool:
        return self.resource_type.lower() == "microsoft.resources/resourcegroups"
