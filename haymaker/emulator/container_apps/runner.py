"""The seam where a Container App becomes a running process.

The emulator core only records an app's desired state. Whoever can run apps (a later issue: the
agent as a local process) puts an object with this shape into
`ctx.runtime[RUNNER_KEY]`; the Container Apps hooks then call it on deploy, stop/start and delete,
and ask it for the live running status on every read. Without a runner an app simply reports
"Running" with no process behind it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from haymaker.emulator.core.context import EmulatorContext

RUNNER_KEY = "container_app_runner"


@runtime_checkable
class ContainerAppRunner(Protocol):
    def start(self, ctx: EmulatorContext, app: dict[str, Any], secrets: dict[str, str]) -> None:
        """(Re)start the app's containers. `app` is the stored ARM document; `secrets` holds the
        values of its plain (non Key Vault) secrets by name — Key Vault references are the
        runner's to resolve with the app's identity."""

    def stop(self, ctx: EmulatorContext, app_id: str) -> None:
        """Stop the app's containers (no error when none run)."""

    def running_status(self, ctx: EmulatorContext, app_id: str) -> str | None:
        """Live ContainerAppRunningStatus ("Running", "Stopped", ...) or None for no opinion."""


def get_runner(ctx: EmulatorContext) -> ContainerAppRunner | None:
    """The plugged-in runner, or None; a wrong object is a programming error, said plainly."""
    runner = ctx.runtime.get(RUNNER_KEY)
    if runner is None:
        return None
    if not isinstance(runner, ContainerAppRunner):
        raise TypeError(
            f"ctx.runtime[{RUNNER_KEY!r}] must provide start(ctx, app, secrets), stop(ctx, app_id) "
            f"and running_status(ctx, app_id); got {type(runner).__name__}"
        )
    return runner
