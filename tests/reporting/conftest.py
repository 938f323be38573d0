"""Report builders and a GFM table-row reader for rendering tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from haymaker.models.cleanup import CleanupReport, CleanupStatus, DeletionStatus, ResourceDeletion
from haymaker.models.resources import Resource, ResourceStatus

RUN_ID = "3f2b8c1e-0000-4000-8000-000000000000"
T0 = datetime(2026, 11, 5, 8, 0, tzinfo=UTC)
RG_ID = "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/haymaker-3f2b8c1e-net"


def deletion(
    name: str, status: DeletionStatus, error: str | None = None, attempts: int = 1
) -> ResourceDeletion:
    return ResourceDeletion(
        resource_id=f"{RG_ID}/providers/Microsoft.Network/virtualNetworks/{name}",
        resource_type="Microsoft.Network/virtualNetworks",
        resource_name=name,
        status=status,
        attempts=attempts,
        error=error,
    )


def remaining(name: str) -> Resource:
    return Resource(
        resource_id=f"{RG_ID}/providers/Microsoft.Network/virtualNetworks/{name}",
        resource_type="Microsoft.Network/virtualNetworks",
        resource_name=name,
        status=ResourceStatus.EXISTS,
    )


def cleanup(**changes: object) -> CleanupReport:
    report = CleanupReport(
        run_id=RUN_ID,
        status=CleanupStatus.PARTIAL_FAILURE,
        started_at=T0,
        completed_at=T0 + timedelta(minutes=4),
        total_resources_expected=4,
        total_resources_deleted=2,
        deletions=[
            deletion("vnet-a", DeletionStatus.DELETED),
            deletion("vnet-b", DeletionStatus.NOT_FOUND),
            deletion("vnet-c", DeletionStatus.FAILED, "ScopeLocked: the scope is locked", attempts=5),
        ],
        skipped_resources=[deletion("shared-vnet", DeletionStatus.SKIPPED, "belongs to another run (S2)")],
        remaining_resources=[remaining("vnet-c")],
        service_principals_deleted=["AzureHayMaker-networking-01-vnet-nsg-3f2b8c1e-admin"],
        secrets_purged=["scenario-sp-networking-01-vnet-nsg-3f2b8c1e-secret"],
    )
    return report.model_copy(update=changes)


def table_cells(row: str) -> list[str]:
    """The cells of a GFM table row, splitting only on unescaped pipes as renderers do."""
    cells, current, i = [], "", 0
    while i < len(row):
        char = row[i]
        if char == "\\" and i + 1 < len(row):
            current += row[i : i + 2]
            i += 2
            continue
        if char == "|":
            cells.append(current)
            current = ""
        else:
            current += char
        i += 1
    cells.append(current)
    return [c.strip() for c in cells[1:-1]]


def section(markdown: str, heading: str) -> str:
    """The text under `## heading` up to the next `## `."""
    start = markdown.index(f"## {heading}\n") + len(heading) + 4
    end = markdown.find("\n## ", start)
    return markdown[start:] if end == -1 else markdown[start:end]
