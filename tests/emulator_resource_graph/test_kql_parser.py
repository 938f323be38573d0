"""The KQL parser: the supported subset becomes a syntax tree, the rest is refused by name."""

from __future__ import annotations

import pytest

from haymaker.emulator.resource_graph.kql.lexer import KqlError, KqlErrorKind
from haymaker.emulator.resource_graph.kql.parser import (
    Binary,
    Call,
    Column,
    Extend,
    InList,
    Literal,
    Member,
    OrderBy,
    Project,
    Take,
    Where,
    parse_query,
)


def test_table_names_are_case_insensitive() -> None:
    assert parse_query("resources").table == "Resources"
    assert parse_query("RESOURCECONTAINERS").table == "ResourceContainers"


def test_a_query_that_starts_with_an_operator_reads_resources() -> None:
    query = parse_query("where name == 'a'")
    assert query.table == "Resources"
    assert isinstance(query.operators[0], Where)


def test_where_with_tag_access_in_all_three_spellings() -> None:
    for spelling in ("tags['env']", 'tags["env"]', "tags.env"):
        (where,) = parse_query(f"Resources | where {spelling} == 'prod'").operators
        assert isinstance(where, Where)
        predicate = where.predicate
        assert isinstance(predicate, Binary) and predicate.op == "=="
        assert isinstance(predicate.left, Member) and predicate.left.key == "env"
        assert isinstance(predicate.left.base, Column) and predicate.left.base.name == "tags"
        assert isinstance(predicate.right, Literal) and predicate.right.value == "prod"


def test_and_binds_tighter_than_or() -> None:
    (where,) = parse_query("Resources | where a == '1' or b == '2' and c == '3'").operators
    assert isinstance(where, Where)
    predicate = where.predicate
    assert isinstance(predicate, Binary) and predicate.op == "or"
    assert isinstance(predicate.right, Binary) and predicate.right.op == "and"


def test_parentheses_group() -> None:
    (where,) = parse_query("Resources | where (a == '1' or b == '2') and c == '3'").operators
    assert isinstance(where, Where)
    predicate = where.predicate
    assert isinstance(predicate, Binary) and predicate.op == "and"
    assert isinstance(predicate.left, Binary) and predicate.left.op == "or"


@pytest.mark.parametrize(
    ("text", "negated", "case_insensitive"),
    [("in", False, False), ("!in", True, False), ("in~", False, True), ("!in~", True, True)],
)
def test_in_lists_in_all_four_forms(text: str, negated: bool, case_insensitive: bool) -> None:
    (where,) = parse_query(f"Resources | where name {text} ('a', \"b\")").operators
    assert isinstance(where, Where)
    predicate = where.predicate
    assert isinstance(predicate, InList)
    assert (predicate.negated, predicate.case_insensitive) == (negated, case_insensitive)
    assert [item.value for item in predicate.items] == ["a", "b"]  # type: ignore[union-attr]


def test_not_is_a_function() -> None:
    (where,) = parse_query("Resources | where not(name == 'a')").operators
    assert isinstance(where, Where)
    assert isinstance(where.predicate, Call) and where.predicate.name == "not"


def test_project_with_aliases_and_paths() -> None:
    (project,) = parse_query("Resources | project id, env = tags['env'], properties.a.b").operators
    assert isinstance(project, Project)
    assert [item.name for item in project.items] == [None, "env", None]


def test_extend_order_and_take() -> None:
    extend, order, take, limit = parse_query(
        "Resources | extend n = tolower(name) | order by n asc, id | take 5 | limit 2"
    ).operators
    assert isinstance(extend, Extend)
    assert isinstance(order, OrderBy)
    assert [(k.descending, k.nulls_first) for k in order.keys] == [(False, True), (True, False)]
    assert take == Take(5)
    assert limit == Take(2)


def test_sort_by_is_order_by_with_nulls_placement() -> None:
    (order,) = parse_query("Resources | sort by name desc nulls first").operators
    assert isinstance(order, OrderBy)
    assert order.keys[0].nulls_first is True


@pytest.mark.parametrize(
    ("query", "construct"),
    [
        ("Resources | summarize count() by type", "summarize"),
        ("Resources | join (ResourceContainers) on subscriptionId", "join"),
        ("Resources | union ResourceContainers", "union"),
        ("Resources | mv-expand tags", "mv-expand"),
        ("Resources | project-away tags", "project-away"),
        ("Resources | where name has 'x'", "has"),
        ("Resources | where name matches regex 'x'", "matches"),
        ("Resources | where strlen(name) > 3", "strlen()"),
        ("Resources | where name == 'a' + 'b'", "+"),
        ("let x = 1; Resources", "let"),
        ("Resources; Resources", ";"),
    ],
)
def test_unsupported_kql_is_refused_naming_the_construct(query: str, construct: str) -> None:
    with pytest.raises(KqlError) as caught:
        parse_query(query)
    assert caught.value.kind == KqlErrorKind.UNSUPPORTED
    assert caught.value.token == construct
    assert f"'{construct}'" in caught.value.message


def test_another_table_is_refused_naming_it() -> None:
    with pytest.raises(KqlError, match="'SecurityResources'"):
        parse_query("SecurityResources | take 1")


@pytest.mark.parametrize(
    "query",
    [
        "Resources | where",
        "Resources | where name ==",
        "Resources | where (name == 'a'",
        "Resources | where name = 'a'",
        "Resources | take",
        "Resources | order name",
        "Resources | project",
        "Resources |",
        "| where name == 'a'",
    ],
)
def test_malformed_queries_are_parser_failures(query: str) -> None:
    with pytest.raises(KqlError) as caught:
        parse_query(query)
    assert caught.value.kind == KqlErrorKind.PARSER_FAILURE


def test_deeply_nested_parentheses_are_refused_not_a_crash() -> None:
    with pytest.raises(KqlError, match="nested deeper"):
        parse_query("Resources | where " + "(" * 500 + "true" + ")" * 500)


def test_a_function_with_the_wrong_number_of_arguments_is_refused() -> None:
    with pytest.raises(KqlError, match="expects 1 argument"):
        parse_query("Resources | where isempty(name, id)")
