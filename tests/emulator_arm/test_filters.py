"""The list `$filter` parser and the pager (pure functions)."""

from __future__ import annotations

import pytest

from haymaker.emulator.arm.filters import page, parse_filter
from haymaker.emulator.core.errors import EmulatorHTTPError

DOC = {
    "name": "vm1",
    "type": "Microsoft.Compute/virtualMachines",
    "location": "eastus",
    "tags": {"AzureHayMaker-managed": "true", "Owner": "o'brien"},
}


def test_empty_filter_matches_everything() -> None:
    assert parse_filter(None).matches(DOC)
    assert parse_filter("  ").matches(DOC)


def test_tag_name_matches_case_insensitively() -> None:
    assert parse_filter("tagName eq 'azurehaymaker-managed'").matches(DOC)


def test_tag_value_must_match_exactly() -> None:
    assert parse_filter("tagName eq 'AzureHayMaker-managed' and tagValue eq 'true'").matches(DOC)
    assert not parse_filter("tagName eq 'AzureHayMaker-managed' and tagValue eq 'false'").matches(DOC)


def test_doubled_quotes_in_a_literal_are_one_quote() -> None:
    assert parse_filter("tagName eq 'Owner' and tagValue eq 'o''brien'").matches(DOC)


def test_resource_type_and_resource_group_conditions() -> None:
    flt = parse_filter("resourceType eq 'microsoft.compute/virtualmachines' and resourceGroup eq 'RG1'")

    assert flt.matches(DOC, "rg1")
    assert not flt.matches(DOC, "rg2")


@pytest.mark.parametrize(
    "expression",
    ["startswith(name, 'a')", "tagValue eq 'x'", "tagName eq 'a' or tagName eq 'b'", "color eq 'red'"],
)
def test_unsupported_filters_are_400(expression: str) -> None:
    with pytest.raises(EmulatorHTTPError) as caught:
        parse_filter(expression)

    assert caught.value.status == 400


def test_page_links_to_the_next_offset_and_stops_at_the_end() -> None:
    items = [{"n": i} for i in range(5)]

    first = page(items, base_url="https://h", path="/p", query="api-version=1", page_size=2)
    last = page(items, base_url="https://h", path="/p", query="api-version=1&$skiptoken=4", page_size=2)

    assert first["value"] == [{"n": 0}, {"n": 1}]
    assert first["nextLink"] == "https://h/p?api-version=1&%24skiptoken=2"
    assert last == {"value": [{"n": 4}]}


def test_page_honours_top() -> None:
    items = [{"n": i} for i in range(5)]

    body = page(items, base_url="https://h", path="/p", query="$top=3", page_size=2)
    rest = page(items, base_url="https://h", path="/p", query="$top=3&$skiptoken=2", page_size=2)

    assert len(body["value"]) == 2 and "nextLink" in body
    assert rest == {"value": [{"n": 2}]}
