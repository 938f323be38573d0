"""The report store: run reports, resources, cleanup reports, status and log archive.

`ReportStore` is the contract callers use (the docs/architecture.md layout as methods, see
`haymaker.store.layout`); `LayoutReportStore` implements it once over a byte layer
(`ByteStore`), so a backend implements only put/get/append/list of bytes.
"""

from haymaker.store.base import LayoutReportStore
from haymaker.store.errors import InvalidStorePath, StoreCorrupted, StoreError
from haymaker.store.local import LocalReportStore
from haymaker.store.protocol import ByteStore, ReportStore

__all__ = [
    "ByteStore",
    "InvalidStorePath",
    "LayoutReportStore",
    "LocalReportStore",
    "ReportStore",
    "StoreCorrupted",
    "StoreError",
]
