"""The local Azure emulator: one package per Azure service, over a small core.

- `core/`: the ASGI app assembly (auth, faults, request log around the services), the context
  every handler gets (state, settings, ARM resource hooks), the SQLite state store, bearer
  tokens, Azure's error shapes, fault rules and the private `/_emulator` control endpoints.
- `arm/`: Azure Resource Manager (the generic resource engine, groups, async ops, locks).
- `authorization/`: role definitions and role assignments.
- `resource_graph/`: Resource Graph queries (its KQL lexer, parser and evaluator in `kql/`).
- `graph/`: Microsoft Graph (applications, service principals, passwords, deleted items).
- `identity/`: the Entra token endpoint.
- `keyvault/`: Key Vault secrets.
- `container_apps/`: Container Apps (apps and environments as ARM hooks, stop/start, apps run
  as local agent processes).
- `server.py`: the composition root: which services, in which order, on which port.

A service package imports `core` and, of another service, only what that package's
`__init__` names as its interface (tests/architecture enforces it).
"""
