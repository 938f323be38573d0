"""The paging loop: every page is read, and a server that repeats itself cannot trap it."""

from __future__ import annotations

import pytest

from haymaker.azure.resource_graph import Page, ResourceGraphError, collect_pages


def test_pages_are_followed_until_no_token_is_left() -> None:
    pages = {
        None: Page([{"id": 1}], "t1", False),
        "t1": Page([{"id": 2}], "t2", False),
        "t2": Page([{"id": 3}], None, False),
    }

    assert collect_pages(lambda token: pages[token]) == [{"id": 1}, {"id": 2}, {"id": 3}]


def test_a_server_that_ignores_the_token_is_stopped_instead_of_looping() -> None:
    # What a skip token set on QueryRequest (and silently dropped) looks like from here.
    with pytest.raises(ResourceGraphError) as caught:
        collect_pages(lambda token: Page([{"id": 1}], "same-token", False))

    assert caught.value.code == "RepeatedSkipToken"


def test_a_truncated_result_without_a_token_is_an_error_not_a_short_list() -> None:
    with pytest.raises(ResourceGraphError) as caught:
        collect_pages(lambda token: Page([{"name": "a"}], None, True))

    assert caught.value.code == "ResultTruncated"
