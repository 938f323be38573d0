"""What a caller may do: the seam between services that check permissions and the one that knows.

The authorization service installs the authorizer (role assignments and definitions); ARM, Key
Vault and Resource Graph ask it through `grants_for`. With no authorizer installed nothing is
permitted: an emulator assembled without authorization is closed, not open.
"""

from __future__ import annotations

from typing import Protocol

from haymaker.emulator.core.authentication import Caller
from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.core.errors import EmulatorHTTPError


class PrincipalGrants(Protocol):
    """One caller's effective permissions, read once per request."""

    def permits(self, action: str, scope: str, *, data: bool = False) -> bool:
        """True when an effective role assignment at `scope` or above allows `action`."""

    def has_any_assignment_within(self, scope: str) -> bool:
        """True when the caller holds any effective assignment at, above or below `scope`."""


class Authorizer(Protocol):
    def grants(self, ctx: EmulatorContext, principal_id: str) -> PrincipalGrants: ...


class _Nothing:
    def permits(self, action: str, scope: str, *, data: bool = False) -> bool:
        return False

    def has_any_assignment_within(self, scope: str) -> bool:
        return False


def grants_for(ctx: EmulatorContext, caller: Caller) -> PrincipalGrants:
    authorizer: Authorizer | None = ctx.authorizer
    if authorizer is None:
        return _Nothing()
    return authorizer.grants(ctx, caller.object_id)


def authorization_failed(caller: Caller, action: str, scope: str) -> EmulatorHTTPError:
    """ARM's 403, worded as Azure words it (who, which action, over which scope)."""
    return EmulatorHTTPError(
        403,
        "AuthorizationFailed",
        f"The client '{caller.app_id}' with object id '{caller.object_id}' does not have "
        f"authorization to perform action '{action}' over scope '{scope}' or the scope is "
        "invalid. If access was recently granted, please refresh your credentials.",
    )


def require(ctx: EmulatorContext, caller: Caller, action: str, scope: str) -> None:
    """Raise ARM's 403 unless `caller` may perform `action` at `scope`."""
    if not grants_for(ctx, caller).permits(action, scope):
        raise authorization_failed(caller, action, scope)
