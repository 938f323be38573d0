"""Azure RBAC evaluation: may this principal perform this action at this scope?

As Azure evaluates it (https://learn.microsoft.com/azure/role-based-access-control/overview#how-azure-rbac-determines-if-a-user-has-access-to-a-resource):
an assignment at a scope applies to that scope and everything below it; a role allows an action
when one of its `actions` (or `dataActions` for data-plane operations) matches and none of its
`notActions` (`notDataActions`) does; wildcards `*` match any run of characters and actions
compare case-insensitively (https://learn.microsoft.com/azure/role-based-access-control/role-definitions#actions).
A new assignment counts only once it is effective (written + `rbac_propagation_seconds`).

Each principal's assignments are indexed under kind "rbac_index" (key
`<principal>/<assignment key>`), so a request reads its caller's few assignments, not every
assignment of the subscription. The ARM documents stay the truth: an index entry whose
assignment is gone (e.g. deleted with its resource group) is dropped when it is read.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from haymaker.emulator.arm import get_resource
from haymaker.emulator.authorization.role_definitions import BUILT_IN_ROLES
from haymaker.emulator.core.context import EmulatorContext

INDEX = "rbac_index"


@lru_cache(maxsize=512)
def _pattern(action: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in action.split("*")), re.I)


def action_matches(pattern: str, action: str) -> bool:
    return _pattern(pattern).fullmatch(action) is not None


def role_grants(role_id: str, action: str, *, data: bool = False) -> bool:
    role = BUILT_IN_ROLES.get(role_id.lower())
    if role is None:
        return False
    allowed = role.get("dataActions", []) if data else role["actions"]
    denied = role.get("notDataActions", []) if data else role["notActions"]
    return any(action_matches(a, action) for a in allowed) and not any(
        action_matches(n, action) for n in denied
    )


def is_at_or_above(assignment_scope: str, scope: str) -> bool:
    a = assignment_scope.rstrip("/").lower()
    s = scope.rstrip("/").lower()
    return a in ("", s) or s.startswith(a + "/")


def index_key(principal_id: str, assignment_id: str) -> str:
    return f"{principal_id.lower()}/{assignment_id.lower()}"


def index_assignment(
    ctx: EmulatorContext, principal_id: str, assignment_id: str, scope: str, role_id: str, effective_at: float
) -> None:
    ctx.state.put(
        INDEX,
        index_key(principal_id, assignment_id),
        {"assignment": assignment_id, "scope": scope, "role": role_id.lower(), "effective_at": effective_at},
    )


def unindex_assignment(ctx: EmulatorContext, principal_id: str, assignment_id: str) -> None:
    ctx.state.delete(INDEX, index_key(principal_id, assignment_id))


@dataclass(frozen=True)
class Grant:
    scope: str
    role: str
    effective_at: float


@dataclass(frozen=True)
class Grants:
    """A principal's assignments, as read at the start of one request."""

    grants: tuple[Grant, ...]
    now: float

    def _effective(self) -> list[Grant]:
        return [g for g in self.grants if g.effective_at <= self.now]

    def permits(self, action: str, scope: str, *, data: bool = False) -> bool:
        return any(
            is_at_or_above(g.scope, scope) and role_grants(g.role, action, data=data)
            for g in self._effective()
        )

    def has_any_assignment_within(self, scope: str) -> bool:
        return any(
            is_at_or_above(g.scope, scope) or is_at_or_above(scope, g.scope) for g in self._effective()
        )


def grants_of(ctx: EmulatorContext, principal_id: str) -> Grants:
    found: list[Grant] = []
    for key, entry in ctx.state.items(INDEX, principal_id.lower() + "/"):
        if get_resource(ctx, entry["assignment"]) is None:
            ctx.state.delete(INDEX, key)
            continue
        found.append(Grant(entry["scope"], entry["role"], float(entry["effective_at"])))
    return Grants(tuple(found), time.time())


class RoleBasedAuthorizer:
    """The authorizer the authorization service installs into the emulator context."""

    def grants(self, ctx: EmulatorContext, principal_id: str) -> Any:
        return grants_of(ctx, principal_id)
