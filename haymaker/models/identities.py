"""The ephemeral service principal a scenario runs as."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class ServicePrincipalDetails(BaseModel):
    """An app registration + service principal created for one scenario of one run.

    Holds no secret: the password lives only in Key Vault, named by `secret_reference`.
    """

    sp_name: str
    client_id: str = Field(..., description="Application (client) id")
    principal_id: str = Field(..., description="Service principal object id")
    app_object_id: str = Field(default="", description="Application object id")
    secret_reference: str = Field(..., description="Key Vault secret name holding the password")
    created_at: datetime
    scenario_name: str
    run_id: str = ""
    roles: list[str] = Field(default_factory=list, description="Role names assigned")
    role_assignment_ids: list[str] = Field(default_factory=list)
    scope: str = ""
