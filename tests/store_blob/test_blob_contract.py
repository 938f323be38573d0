"""BlobReportStore on Azurite passes the same ReportStore contract as the local directory store."""

from __future__ import annotations

from tests.store.contract import ReportStoreContract


class TestBlobReportStore(ReportStoreContract):
    """Every contract behaviour, against Azurite through the real azure-storage-blob client."""
