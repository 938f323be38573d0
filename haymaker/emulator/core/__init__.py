"""What every emulator service stands on; imports no service.

Modules: `app` (the ASGI app around the services it is given), `context` (state, settings,
options, per-type ARM hooks), `state` (the SQLite document store, request log and fault rules
shared by every process using the data dir), `settings` (emulator.json), `tokens` (the bearer
tokens the token endpoint issues and the app reads), `errors` (Azure's error shapes), `faults`
(fault and latency rules), `control` (`/_emulator` health, faults, request log, reset).
"""
