"""The `haymaker` command: the composition root, the only floor that may start flows.

- `main`: the parser and the light commands (`agent run`, `emulator serve`).
- `run`: `simulate` and `cleanup`, which start the Prefect flows (imported lazily).
- `operator`: `runs`, `resources`, `status`, `api serve` over the report store.
- `scenarios`: `scenarios list|show|validate` over the catalog.
- `setup`: `setup` (Prefect blocks, rate limits, automations).
"""

from haymaker.cli.main import main

__all__ = ["main"]
