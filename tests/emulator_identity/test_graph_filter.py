"""The OData $filter subset the emulator's Graph understands (pure logic)."""

from __future__ import annotations

import pytest

from haymaker.emulator.graph.odata_filter import FilterError, compile_filter

FIELDS = {"displayName", "appId", "tags", "accountEnabled"}
APP = {
    "displayName": "AzureHayMaker-web-01-admin",
    "appId": "11111111-2222-4333-8444-555555555555",
    "tags": ["AzureHayMaker-managed", "AzureHayMaker-run-id:abc"],
    "accountEnabled": True,
}


def matches(text: str, doc: dict[str, object] = APP) -> bool:
    return compile_filter(text, FIELDS, "Application")(doc)


def test_eq_compares_strings_case_insensitively() -> None:
    assert matches("displayName eq 'azurehaymaker-WEB-01-admin'")
    assert not matches("displayName eq 'AzureHayMaker-web-01'")


def test_ne_is_the_negation_of_eq() -> None:
    assert matches("displayName ne 'other'")
    assert not matches("displayName ne 'AzureHayMaker-web-01-admin'")


def test_startswith_matches_a_prefix() -> None:
    assert matches("startswith(displayName,'AzureHayMaker-')")
    assert not matches("startswith(displayName, 'Contoso')")


def test_tags_any_matches_one_element_of_the_list() -> None:
    assert matches("tags/any(t:t eq 'AzureHayMaker-managed')")
    assert not matches("tags/any(t:t eq 'AzureHayMaker')")


def test_tags_any_with_startswith_in_the_lambda() -> None:
    assert matches("tags/any(x:startswith(x,'AzureHayMaker-run-id:'))")


def test_and_or_not_and_parentheses_combine() -> None:
    assert matches(
        "tags/any(t:t eq 'AzureHayMaker-managed') and appId eq '11111111-2222-4333-8444-555555555555'"
    )
    assert matches(
        "(displayName eq 'x' or displayName eq 'AzureHayMaker-web-01-admin') and not (appId eq 'y')"
    )
    assert not matches("displayName eq 'x' or not accountEnabled eq true")


def test_in_matches_any_listed_value() -> None:
    assert matches("appId in ('a', '11111111-2222-4333-8444-555555555555')")


def test_a_doubled_quote_is_a_quote_inside_the_literal() -> None:
    doc = {"displayName": "O'Brien ' or 1 eq 1"}
    assert matches("displayName eq 'O''Brien '' or 1 eq 1'", doc)
    assert not matches("displayName eq 'O''Brien'", doc)


def test_a_literal_cannot_break_out_into_the_expression() -> None:
    # The whole text after `eq` is one literal; nothing in it is evaluated as a clause.
    assert not matches("displayName eq 'x'' or displayName ne ''y'")


def test_unknown_property_is_an_unsupported_query() -> None:
    with pytest.raises(FilterError) as caught:
        compile_filter("notes eq 'x'", FIELDS, "Application")
    assert caught.value.code == "Request_UnsupportedQuery"
    assert "notes" in caught.value.message


@pytest.mark.parametrize(
    "text",
    [
        "displayName eq",
        "displayName eq 'open",
        "(displayName eq 'x'",
        "displayName eq 'x' extra",
        "",
        "eq 'x'",
    ],
)
def test_malformed_clauses_are_syntax_errors(text: str) -> None:
    with pytest.raises(FilterError) as caught:
        compile_filter(text, FIELDS, "Application")
    assert caught.value.code == "BadRequest"


def test_unsupported_operator_is_named() -> None:
    with pytest.raises(FilterError) as caught:
        compile_filter("displayName gt 'a'", FIELDS, "Application")
    assert caught.value.code == "Request_UnsupportedQuery"
    assert "gt" in caught.value.message
