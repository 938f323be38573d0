"""Azure rate limits sized from the published limits, and how work is split into acquisitions."""

from __future__ import annotations

from haymaker import throttling
from haymaker.throttling import (
    ARM_READS,
    ARM_WRITES,
    AZURE_RATE_LIMITS,
    GRAPH_WRITES,
    LIMITS_BY_NAME,
    RESOURCE_GRAPH,
    AzureCalls,
    RateLimit,
    acquisitions,
)


def test_limits_keep_twenty_percent_below_azures_published_numbers() -> None:
    sizes = {limit.name: (limit.limit, limit.slots_per_second) for limit in AZURE_RATE_LIMITS}
    assert sizes == {
        ARM_WRITES: (160, 8.0),
        ARM_READS: (200, 20.0),
        GRAPH_WRITES: (2400, 16.0),
        RESOURCE_GRAPH: (12, 2.4),
    }


def test_work_without_calls_acquires_nothing() -> None:
    assert list(acquisitions(AzureCalls())) == []


def test_each_kind_of_call_takes_slots_from_its_own_limit() -> None:
    calls = AzureCalls(arm_writes=2, arm_reads=1, graph_writes=3, resource_graph=2)
    assert sorted(acquisitions(calls)) == sorted(
        [(ARM_WRITES, 2), (ARM_READS, 1), (GRAPH_WRITES, 3), (RESOURCE_GRAPH, 2)]
    )


def test_a_batch_larger_than_the_bucket_is_taken_in_bucket_sized_chunks() -> None:
    limits = {ARM_WRITES: RateLimit(name=ARM_WRITES, limit=160, slots_per_second=8, source="t")}
    chunks = list(acquisitions(AzureCalls(arm_writes=400), limits))
    assert chunks == [(ARM_WRITES, 160), (ARM_WRITES, 160), (ARM_WRITES, 80)]
    assert sum(n for _, n in chunks) == 400


def test_identity_creation_costs_graph_writes_and_one_role_assignment_per_role() -> None:
    assert throttling.identity_create(3).by_limit() == {ARM_WRITES: 3, GRAPH_WRITES: 3}
    assert throttling.identity_create(0).by_limit() == {ARM_WRITES: 1, GRAPH_WRITES: 3}


def test_cleanup_costs_scale_with_what_it_deletes_and_confirms() -> None:
    assert throttling.leftovers_delete(12).by_limit() == {ARM_WRITES: 12}
    assert throttling.identities_delete(4).by_limit() == {GRAPH_WRITES: 8, ARM_WRITES: 4}
    assert throttling.arm_confirmations(12).by_limit() == {ARM_READS: 12}
    assert throttling.leftovers_query().by_limit() == {RESOURCE_GRAPH: 2}


def test_every_limit_name_is_a_valid_prefect_name_and_known() -> None:
    assert set(LIMITS_BY_NAME) == {ARM_WRITES, ARM_READS, GRAPH_WRITES, RESOURCE_GRAPH}
