"""What the identities adapter takes and returns: polling policy, listings, deletion records."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from haymaker.azure.errors import AzureError
from haymaker.models import DeletionStatus

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]


class PollPolicy(BaseModel):
    """How long to wait for eventually consistent things (Graph replication, RBAC propagation).

    Bounded by `max_attempts`; `sleep` is injectable so tests wait for nothing.
    The default allows 10 minutes, the time Azure documents for RBAC propagation.
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    interval_seconds: float = Field(default=2.0, ge=0)
    max_attempts: int = Field(default=300, ge=1)
    sleep: Sleep = Field(default=asyncio.sleep, exclude=True, repr=False)

    async def until(self, check: Callable[[], Awaitable[bool]]) -> bool:
        """Call `check` until it returns True (then True) or the attempts run out (then False)."""
        for attempt in range(self.max_attempts):
            if await check():
                return True
            if attempt + 1 < self.max_attempts:
                await self.sleep(self.interval_seconds)
        return False

    async def retry(self, operation: Callable[[], Awaitable[T]], retry_if: Callable[[AzureError], bool]) -> T:
        """Run `operation`, again after a pause while it fails with an error `retry_if` accepts."""
        for attempt in range(self.max_attempts):
            try:
                return await operation()
            except AzureError as exc:
                if attempt + 1 >= self.max_attempts or not retry_if(exc):
                    raise
            await self.sleep(self.interval_seconds)
        raise AzureError("retry budget exhausted", code="RetryExhausted")


class HaymakerServicePrincipal(BaseModel):
    """An app registration (and its service principal) that carries the HayMaker marker."""

    display_name: str
    client_id: str = Field(..., description="Application (client) id")
    app_object_id: str
    principal_id: str | None = Field(default=None, description="Service principal object id")
    run_id: str | None = None
    scenario_name: str | None = None
    tags: list[str] = Field(default_factory=list)
    created_at: datetime | None = None


class MarkedObject(BaseModel):
    """A Graph object found by our marker: a soft-deleted one to purge, or a lookalike to report."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["application", "servicePrincipal"]
    object_id: str
    display_name: str = ""
    reason: str = ""
    run_id: str | None = None

    def __init__(
        self, kind: str, object_id: str, display_name: str = "", reason: str = "", run_id: str | None = None
    ) -> None:
        super().__init__(
            kind=kind, object_id=object_id, display_name=display_name, reason=reason, run_id=run_id
        )


StepKind = Literal[
    "marker_check",
    "role_assignment",
    "application",
    "service_principal",
    "deleted_application",
    "secret",
    "deleted_secret",
]


class IdentityStep(BaseModel):
    """One thing delete_service_principal removed, found missing, refused or failed on."""

    kind: StepKind
    name: str
    status: DeletionStatus
    error_code: str | None = None
    error: str | None = None


class ServicePrincipalDeletion(BaseModel):
    """The record of deleting one scenario identity (no secret values, only names and ids)."""

    client_id: str
    app_object_id: str | None = None
    display_name: str | None = None
    steps: list[IdentityStep] = Field(default_factory=list)

    def _names(self, *statuses: DeletionStatus) -> list[str]:
        return [f"{s.kind}:{s.name}" for s in self.steps if s.status in statuses]

    @property
    def deleted(self) -> list[str]:
        return self._names(DeletionStatus.DELETED)

    @property
    def missing(self) -> list[str]:
        return self._names(DeletionStatus.NOT_FOUND)

    @property
    def failed(self) -> list[str]:
        return self._names(DeletionStatus.FAILED, DeletionStatus.SKIPPED)

    @property
    def succeeded(self) -> bool:
        """Nothing failed or was refused: every part is now gone."""
        return not self.failed


class ServicePrincipalProvisioningError(AzureError):
    """create_service_principal failed; what it had created was rolled back (best effort).

    Carries the failing step, the cause's Azure code/status, and what the rollback did.
    Never a secret.
    """

    def __init__(
        self,
        message: str,
        *,
        step: str,
        code: str,
        status: int | None,
        rolled_back: list[str],
        rollback_failures: list[str],
    ) -> None:
        super().__init__(message, code=code, status=status)
        self.step = step
        self.rolled_back = rolled_back
        self.rollback_failures = rollback_failures
