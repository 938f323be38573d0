"""Microsoft.Authorization: built-in role definitions and role assignments at any ARM scope.

Modules: `routes` (matches `{scope}/providers/Microsoft.Authorization/...` before the ARM
catch-all), `role_assignments` (the handlers), `role_definitions` (the built-in roles as Azure
publishes them). Role assignments are ARM documents kept through the ARM interface, so the
engine removes them with their scope; principals are checked through Graph's interface
(`is_service_principal`). Locks are Microsoft.Authorization too, but the ARM engine enforces them
on every write and delete, so they live in `arm/locks.py`.
"""
