"""HayMaker's Prefect blocks: target, event bus, report store and simulation settings.

Register them with `prefect block register -m blocks` (or `haymaker setup`, which also saves the
default documents the flows load).
"""

from blocks._common import DEFAULT_DOCUMENT
from blocks.event_bus import HayMakerEventBus
from blocks.report_store import HayMakerReportStore
from blocks.settings import HayMakerSettings
from blocks.target import HayMakerTarget

BLOCK_TYPES = (HayMakerTarget, HayMakerEventBus, HayMakerReportStore, HayMakerSettings)

__all__ = [
    "BLOCK_TYPES",
    "DEFAULT_DOCUMENT",
    "HayMakerEventBus",
    "HayMakerReportStore",
    "HayMakerSettings",
    "HayMakerTarget",
]
