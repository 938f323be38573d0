"""Azure throttling budgets as Prefect-free data: which rate limits exist, how big they are, and
how many slots a piece of work takes from each.

Sizes come from the limits Azure publishes (docs/architecture.md "Throttling budgets"): ARM's token bucket per
subscription and principal (writes and deletes: 200 burst, 10 per second refill; reads: 250 burst,
25 per second), Microsoft Graph writes per app and tenant (3,000 per 150 s) and Resource Graph
(~15 queries per 5 s). HayMaker keeps 20% headroom so the same principal can still be used by an
operator's portal or CLI during a run without both being throttled. The orchestration layer turns
these into Prefect global concurrency limits (rate limits with slot decay); the library itself
never imports Prefect.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, Field

HEADROOM = 0.8

ARM_WRITES = "haymaker-arm-writes"
ARM_READS = "haymaker-arm-reads"
GRAPH_WRITES = "haymaker-graph-writes"
RESOURCE_GRAPH = "haymaker-resource-graph"


class RateLimit(BaseModel):
    """One rate limit: a bucket of `limit` slots refilled at `slots_per_second`."""

    name: str = Field(pattern=r"^[a-z0-9-]+$")
    limit: int = Field(ge=1)
    slots_per_second: float = Field(gt=0)
    source: str = Field(description="The published Azure limit this one is sized from.")


def _sized(name: str, burst: int, refill_per_second: float, source: str) -> RateLimit:
    return RateLimit(
        name=name,
        limit=max(1, int(burst * HEADROOM)),
        slots_per_second=round(refill_per_second * HEADROOM, 3),
        source=source,
    )


AZURE_RATE_LIMITS: tuple[RateLimit, ...] = (
    _sized(ARM_WRITES, 200, 10, "ARM writes/deletes: 200 burst, 10/s refill per subscription+principal"),
    _sized(ARM_READS, 250, 25, "ARM reads: 250 burst, 25/s refill per subscription+principal"),
    _sized(GRAPH_WRITES, 3000, 3000 / 150, "Microsoft Graph writes: 3,000 per 150 s per app+tenant"),
    _sized(RESOURCE_GRAPH, 15, 15 / 5, "Resource Graph: 15 queries per 5 s per user"),
)

LIMITS_BY_NAME = {limit.name: limit for limit in AZURE_RATE_LIMITS}


class AzureCalls(BaseModel):
    """How many calls of each throttled kind a piece of work makes (an upper estimate)."""

    arm_writes: int = Field(default=0, ge=0)
    arm_reads: int = Field(default=0, ge=0)
    graph_writes: int = Field(default=0, ge=0)
    resource_graph: int = Field(default=0, ge=0)

    def by_limit(self) -> dict[str, int]:
        """Slots needed per rate-limit name (kinds with no calls are left out)."""
        counts = {
            ARM_WRITES: self.arm_writes,
            ARM_READS: self.arm_reads,
            GRAPH_WRITES: self.graph_writes,
            RESOURCE_GRAPH: self.resource_graph,
        }
        return {name: n for name, n in counts.items() if n > 0}


def acquisitions(calls: AzureCalls, limits: dict[str, RateLimit] | None = None) -> Iterator[tuple[str, int]]:
    """(limit name, slots) to acquire one after another for `calls`.

    A bucket can never grant more than its size at once, so a larger batch is taken in chunks of
    at most the bucket size: the work then waits as long as Azure's own bucket would make it."""
    known = limits if limits is not None else LIMITS_BY_NAME
    for name, needed in calls.by_limit().items():
        size = known[name].limit
        while needed > 0:
            take = min(needed, size)
            yield name, take
            needed -= take


# Per-operation call counts, kept next to the limits so a change in an adapter is a change here.
def resource_group_create() -> AzureCalls:
    return AzureCalls(arm_writes=1)


def agent_environment() -> AzureCalls:
    """Resource group + managed environment."""
    return AzureCalls(arm_writes=2, arm_reads=1)


def identity_create(roles: int) -> AzureCalls:
    """Application, service principal, password (Graph) and one role assignment per role (ARM)."""
    return AzureCalls(graph_writes=3, arm_writes=max(1, roles))


def agent_deploy() -> AzureCalls:
    return AzureCalls(arm_writes=1, arm_reads=1)


def leftovers_query() -> AzureCalls:
    """Resources and ResourceContainers (one page each in the common case)."""
    return AzureCalls(resource_graph=2)


def leftovers_delete(resources: int) -> AzureCalls:
    return AzureCalls(arm_writes=resources)


def identities_delete(principals: int) -> AzureCalls:
    """Per principal: delete the application and purge it from deletedItems (Graph), its role
    assignment (ARM)."""
    return AzureCalls(graph_writes=2 * principals, arm_writes=principals)


def arm_confirmations(resources: int) -> AzureCalls:
    """Re-verification reads every resource back from ARM."""
    return AzureCalls(arm_reads=resources)
