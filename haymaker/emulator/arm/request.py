"""One ARM request as the engine's handlers see it, and the response helpers they share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.responses import JSONResponse, Response

from haymaker.emulator.arm.errors import invalid_content, subscription_not_found
from haymaker.emulator.core.authentication import Caller
from haymaker.emulator.core.authorization import PrincipalGrants, authorization_failed

if TYPE_CHECKING:
    from haymaker.emulator.arm.ids import ArmPath
    from haymaker.emulator.core.context import EmulatorContext


@dataclass(frozen=True)
class ArmRequest:
    method: str
    path: str
    query: str
    params: dict[str, str]
    body: Any
    parsed: ArmPath | None
    caller: Caller
    # The caller's effective role assignments, read once when the request arrived.
    grants: PrincipalGrants

    def may(self, action: str, scope: str) -> bool:
        return self.grants.permits(action, scope)

    def require(self, action: str, scope: str) -> None:
        """ARM's 403 AuthorizationFailed unless the caller may perform `action` at `scope`."""
        if not self.may(action, scope):
            raise authorization_failed(self.caller, action, scope)

    @property
    def api_version(self) -> str | None:
        return self.params.get("api-version")

    def json_object(self) -> dict[str, Any]:
        """The body as a JSON object (400 InvalidRequestContent otherwise)."""
        if not isinstance(self.body, dict):
            raise invalid_content("the request body must be a JSON object")
        return self.body


def require_subscription(ctx: EmulatorContext, subscription: str) -> None:
    """The emulator serves one subscription; any other is 404 as on Azure."""
    if subscription.lower() != ctx.settings.subscription_id.lower():
        raise subscription_not_found(subscription)


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(body, status_code=status, headers=headers or {})


def empty_response(status: int, headers: dict[str, str] | None = None) -> Response:
    return Response(status_code=status, headers=headers or {})
