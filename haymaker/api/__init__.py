"""The monitoring HTTP API over the report store (FastAPI).

`create_app(settings_or_store)` builds the application; `haymaker api serve` runs it.
Imported lazily so that `from haymaker.api.settings import ...` (the operator CLI) stays light.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ApiSettings", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from haymaker.api.app import create_app

        return create_app
    if name == "ApiSettings":
        from haymaker.api.settings import ApiSettings

        return ApiSettings
    raise AttributeError(name)
