"""Who may do what in Microsoft Graph: the caller's application permissions and ownership.

An app-only caller holds the Microsoft Graph app roles assigned to its service principal
(https://learn.microsoft.com/graph/permissions-reference); `Application.ReadWrite.OwnedBy`
allows creating apps and managing only those the caller owns, and the creator becomes an owner
(https://learn.microsoft.com/graph/permissions-reference#applicationreadwriteownedby). Denial is
`403 Authorization_RequestDenied` "Insufficient privileges to complete the operation."
(https://learn.microsoft.com/graph/errors).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from haymaker.emulator.core.authentication import Caller
from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.core.errors import EmulatorHTTPError
from haymaker.emulator.graph.objects import APP_ROLE_ASSIGNMENT, MICROSOFT_GRAPH_APP_ID, SERVICE_PRINCIPAL

READ_ALL = frozenset(
    {"Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"}
)
WRITE_ALL = frozenset({"Application.ReadWrite.All", "Directory.ReadWrite.All"})
OWNED_BY = "Application.ReadWrite.OwnedBy"
GRANT = "AppRoleAssignment.ReadWrite.All"


def denied() -> EmulatorHTTPError:
    return EmulatorHTTPError(
        403,
        "Authorization_RequestDenied",
        "Insufficient privileges to complete the operation.",
        shape="graph",
    )


def graph_service_principal(ctx: EmulatorContext) -> dict[str, Any] | None:
    return next(
        (sp for sp in ctx.state.list(SERVICE_PRINCIPAL) if sp.get("appId") == MICROSOFT_GRAPH_APP_ID), None
    )


@dataclass(frozen=True)
class GraphAccess:
    """One caller's Microsoft Graph application permissions, read once per request."""

    principal_id: str
    roles: frozenset[str]

    def owns(self, doc: dict[str, Any]) -> bool:
        return self.principal_id.lower() in {str(o).lower() for o in doc.get("_owners") or []}

    def may_read(self, doc: dict[str, Any]) -> bool:
        return bool(self.roles & READ_ALL) or (OWNED_BY in self.roles and self.owns(doc))

    def may_write(self, doc: dict[str, Any]) -> bool:
        return bool(self.roles & WRITE_ALL) or (OWNED_BY in self.roles and self.owns(doc))

    def may_create(self) -> bool:
        return bool(self.roles & WRITE_ALL) or OWNED_BY in self.roles

    def require(self, allowed: bool) -> None:
        if not allowed:
            raise denied()


def access_of(ctx: EmulatorContext, caller: Caller) -> GraphAccess:
    graph = graph_service_principal(ctx)
    roles: set[str] = set()
    if graph is not None:
        by_id = {str(r["id"]).lower(): str(r["value"]) for r in graph.get("appRoles") or []}
        for assignment in ctx.state.list(APP_ROLE_ASSIGNMENT):
            if (
                str(assignment.get("principalId", "")).lower() == caller.object_id.lower()
                and assignment.get("resourceId") == graph["id"]
            ):
                value = by_id.get(str(assignment.get("appRoleId", "")).lower())
                if value:
                    roles.add(value)
    return GraphAccess(caller.object_id, frozenset(roles))
