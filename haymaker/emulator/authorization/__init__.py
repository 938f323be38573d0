"""Microsoft.Authorization: built-in role definitions, role assignments at any ARM scope, and RBAC.

Modules: `routes` (matches `{scope}/providers/Microsoft.Authorization/...` before the ARM
catch-all, and installs the authorizer), `role_assignments` (the handlers), `role_definitions`
(the built-in roles as Azure publishes them), `evaluation` (whether a principal's effective
assignments allow an action at a scope). Role assignments are ARM documents kept through the
ARM interface, so the engine removes them with their scope; principals are checked through
Graph's interface. Locks are Microsoft.Authorization too, but the ARM engine enforces them on
every write and delete, so they live in `arm/locks.py`.

Interface for other services and the composition root: `assign_role` and `role_id_by_name`.
"""

from haymaker.emulator.authorization.role_assignments import assign_role
from haymaker.emulator.authorization.role_definitions import role_id_by_name

__all__ = ["assign_role", "role_id_by_name"]
