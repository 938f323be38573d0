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
    # 0 sends no Retry-After on async operations, so clients poll at their own polling_interval;
    # set 1+ to pace clients as Azure does (the SDK ignores Retry-After: 0 and waits 30 s).
    retry_after_seconds: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class EmulatorContext:
    state: EmulatorState
    settings: EmulatorSettings
    options: EmulatorOptions
    hooks: HookRegistry = field(default_factory=HookRegistry)
    # Things that live only in this server process (e.g. agent processes), keyed by owner.
    runtime: dict[str, Any] = field(default_factory=dict)
