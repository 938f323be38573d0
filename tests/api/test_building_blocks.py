"""Pure pieces of the API: pagination, the version cache, the SSE cursor, the resource index."""

from __future__ import annotations

import threading

import pytest

from haymaker.api.cache import VersionedCache
from haymaker.api.errors import ApiError
from haymaker.api.pagination import paginate
from haymaker.api.resource_index import ResourceIndex
from haymaker.api.sse import decode_cursor, encode_cursor, event
from haymaker.models.resources import ResourceStatus
from tests.api.seed import new_run_id, resources_for


def test_pagination_of_an_exact_multiple() -> None:
    window, meta = paginate(200, 2, 100)
    assert window == slice(100, 200)
    assert (meta.total_pages, meta.has_next, meta.has_previous) == (2, False, True)


def test_page_one_of_nothing_is_an_empty_page() -> None:
    window, meta = paginate(0, 1, 100)
    assert list(range(0)[window]) == []
    assert meta.total_pages == 0 and not meta.has_next


def test_a_page_past_the_end_is_refused() -> None:
    with pytest.raises(ApiError) as caught:
        paginate(0, 2, 100)
    assert caught.value.code == "INVALID_PARAMETER" and caught.value.details == {"parameter": "page"}


def test_the_cache_serves_a_value_while_its_version_holds() -> None:
    cache: VersionedCache[str] = VersionedCache(2)
    loads = []
    assert cache.get("a", "v1", lambda: loads.append(1) or "first") == "first"
    assert cache.get("a", "v1", lambda: loads.append(1) or "again") == "first"
    assert cache.get("a", "v2", lambda: loads.append(1) or "second") == "second"
    assert len(loads) == 2


def test_the_cache_keeps_nothing_without_a_version_or_room() -> None:
    unversioned: VersionedCache[int] = VersionedCache(4)
    assert [unversioned.get("a", None, lambda n=n: n) for n in range(2)] == [0, 1]
    disabled: VersionedCache[int] = VersionedCache(0)
    assert [disabled.get("a", "v", lambda n=n: n) for n in range(2)] == [0, 1]


def test_the_cache_evicts_the_least_recently_used() -> None:
    cache: VersionedCache[str] = VersionedCache(2)
    cache.get("a", "v", lambda: "a")
    cache.get("b", "v", lambda: "b")
    cache.get("a", "v", lambda: "reloaded")
    cache.get("c", "v", lambda: "c")
    assert cache.get("a", "v", lambda: "reloaded") == "a"
    assert cache.get("b", "v", lambda: "b2") == "b2"


def test_concurrent_first_requests_load_a_document_once() -> None:
    cache: VersionedCache[int] = VersionedCache(2)
    gate = threading.Event()
    loads = []

    def load() -> int:
        loads.append(1)
        gate.wait(5)
        return 42

    threads = [threading.Thread(target=cache.get, args=("big", "v", load)) for _ in range(4)]
    for thread in threads:
        thread.start()
    gate.set()
    for thread in threads:
        thread.join()
    assert len(loads) == 1


def test_a_cursor_round_trips_and_skips_zero_counts() -> None:
    assert encode_cursor({"b-two": 5, "a-one": 12, "c": 0}) == "a-one:12,b-two:5"
    assert decode_cursor("a-one:12,b-two:5") == {"a-one": 12, "b-two": 5}
    assert decode_cursor("") == {}


@pytest.mark.parametrize("text", ["a-one", "a-one:x", "A:1", "../x:1", "a:-1", "a:1:2"])
def test_a_cursor_this_api_never_wrote_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        decode_cursor(text)


def test_an_event_is_framed_as_sse() -> None:
    assert event("log", '{"m": 1}', "a:1") == b'id: a:1\nevent: log\ndata: {"m": 1}\n\n'


def test_the_resource_index_selects_in_stored_order() -> None:
    run_id = new_run_id()
    index = ResourceIndex.build(
        resources_for(run_id, 6, (ResourceStatus.CREATED, ResourceStatus.DELETED, ResourceStatus.DELETED))
    )
    assert list(index.select()) == [0, 1, 2, 3, 4, 5]
    assert list(index.select(status="created")) == [0, 3]
    assert list(index.select(scenario_name="networking-01-vnet-nsg", status="deleted")) == [2, 4]
    assert list(index.select(resource_type="MICROSOFT.STORAGE/storageaccounts")) == [1, 3, 5]
    assert index.json[0] == index.resources[0].model_dump_json().encode()
