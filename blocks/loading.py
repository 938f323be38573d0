"""Block documents -> RunSettings: what the flows do with their block-name parameters.

Explicit `settings` win. Otherwise each named document is loaded; the default document name
may be missing (`haymaker setup` not run yet): then that block's defaults apply, which target
the emulator. Any other missing name is an error naming the block type and the document.
"""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from prefect.blocks.core import Block
from pydantic import BaseModel

from blocks._common import DEFAULT_DOCUMENT
from blocks.event_bus import HayMakerEventBus
from blocks.report_store import HayMakerReportStore
from blocks.settings import HayMakerSettings
from blocks.target import HayMakerTarget
from haymaker.models.goal import GoalBudget
from haymaker.simulation.settings import RunSettings

log = logging.getLogger(__name__)

EMULATED_WORKDAY_SECONDS = 8 * 3600

B = TypeVar("B", bound=Block)


class BlockNames(BaseModel):
    """Block document names a flow run reads its configuration from."""

    target: str = DEFAULT_DOCUMENT
    event_bus: str = DEFAULT_DOCUMENT
    report_store: str = DEFAULT_DOCUMENT
    settings: str = DEFAULT_DOCUMENT


class MissingBlockDocument(LookupError):
    """A named block document does not exist."""


def load_block(block_type: type[B], name: str) -> B:
    """The saved document `name`, or the block's defaults when the default document is missing."""
    try:
        return block_type.load(name)
    except ValueError as exc:
        if "Unable to find block document" not in str(exc):
            raise
        if name != DEFAULT_DOCUMENT:
            raise MissingBlockDocument(
                f"{block_type.get_block_type_name()} block document {name!r} does not exist; create it "
                f"in the Prefect UI or run `haymaker setup`"
            ) from None
    log.info(
        "%s block document %r not found: using its defaults (run `haymaker setup` to save them)",
        block_type.get_block_type_name(),
        name,
    )
    return block_type()


def run_settings_from_blocks(
    target: HayMakerTarget,
    event_bus: HayMakerEventBus,
    report_store: HayMakerReportStore,
    settings: HayMakerSettings,
    *,
    location: str | None = None,
    duration_seconds: float,
) -> RunSettings:
    """The RunSettings four block documents describe (pure; no Prefect API calls)."""
    chosen = location or settings.regions[0]
    if chosen not in settings.regions:
        raise ValueError(f"location {chosen!r} is not one of the settings' regions {settings.regions}")
    blob = report_store.kind == "blob"
    values: dict[str, Any] = {
        "target": target.to_target_settings(chosen),
        "event_bus": event_bus.connection_string,
        "event_topic": event_bus.topic,
        "event_subscription": event_bus.subscription,
        "event_batch_size": event_bus.batch_size,
        "report_store": report_store.kind,
        "report_dir": None if blob else report_store.path,
        "report_blob_connection_string": report_store.credential if blob else None,
        "report_blob_account_url": report_store.account_url if blob else None,
        "report_blob_container": report_store.container,
        "container_image": settings.container_image,
        "cpu": settings.cpu,
        "memory_gi": settings.memory_gi,
        "workload_profile": settings.workload_profile,
        "infrastructure_subnet_id": settings.infrastructure_subnet_id,
        "grace_seconds": settings.grace_seconds,
        "time_scale": _time_scale(settings.agent_clock, duration_seconds),
        "agent_mode": settings.agent_mode,
        "goal_model": settings.goal_model,
        "goal_budget": GoalBudget(run_tokens=settings.goal_run_tokens, run_calls=settings.goal_run_calls),
    }
    return RunSettings(**values)


def _time_scale(mode: str, duration_seconds: float) -> float | None:
    if mode == "realtime":
        return 1.0
    if mode == "compressed":
        return EMULATED_WORKDAY_SECONDS / duration_seconds
    return None  # auto: the flow decides by target


def load_run_settings(
    names: BlockNames, *, location: str | None = None, duration: str | None = None
) -> tuple[RunSettings, HayMakerSettings]:
    """Load the named documents and build the run's settings; also returns the Settings block
    (its size and duration are the defaults of the flow parameters)."""
    from haymaker.simulation.settings import parse_duration

    simulation = load_block(HayMakerSettings, names.settings)
    run_settings = run_settings_from_blocks(
        load_block(HayMakerTarget, names.target),
        load_block(HayMakerEventBus, names.event_bus),
        load_block(HayMakerReportStore, names.report_store),
        simulation,
        location=location,
        duration_seconds=parse_duration(duration or simulation.duration),
    )
    return run_settings, simulation


def resolve_settings(
    settings: RunSettings | None, names: BlockNames, location: str | None, duration: str | None
) -> tuple[RunSettings, str, str]:
    """A simulation's (settings, size default, duration): explicit settings win (size "small",
    duration "20s" unless given); otherwise the block documents, whose Settings block gives the
    size and duration the parameters leave open."""
    if settings is not None:
        if location:
            target = settings.target.model_copy(update={"location": location})
            settings = settings.model_copy(update={"target": target})
        return settings, "small", duration or "20s"
    loaded, simulation = load_run_settings(names, location=location, duration=duration)
    return loaded, simulation.size, duration or simulation.duration


def settings_from_parameters(params: dict[str, Any]) -> RunSettings:
    """The settings a simulation run used, from its flow-run parameters (for its failure hooks)."""
    explicit = params.get("settings")
    names = BlockNames(
        target=params.get("target_block") or DEFAULT_DOCUMENT,
        event_bus=params.get("event_bus_block") or DEFAULT_DOCUMENT,
        report_store=params.get("report_store_block") or DEFAULT_DOCUMENT,
        settings=params.get("settings_block") or DEFAULT_DOCUMENT,
    )
    chosen = RunSettings.model_validate(explicit) if explicit else None
    return resolve_settings(chosen, names, params.get("location"), params.get("duration"))[0]
