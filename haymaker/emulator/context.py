"""What every emulator handler can reach: state, settings, hooks, and the caller."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from haymaker.emulator.hooks import HookRegistry
from haymaker.emulator.settings import EmulatorSettings
from haymaker.emulator.state import EmulatorState


@dataclass
class EmulatorOptions:
    """Behaviour switches tests and operators can change at run time."""

    page_size: int = 1000
    async_polls_before_done: int = 1
    retry_after_seconds: int = 1
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class EmulatorContext:
    state: EmulatorState
    settings: EmulatorSettings
    options: EmulatorOptions
    hooks: HookRegistry = field(default_factory=HookRegistry)
    # Things that live only in this server process (e.g. agent processes), keyed by owner.
    runtime: dict[str, Any] = field(default_factory=dict)
