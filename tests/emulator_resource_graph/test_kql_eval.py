"""The KQL evaluator: filters, projections, ordering and KQL's null rules over plain rows."""

from __future__ import annotations

from typing import Any

import pytest

from haymaker.emulator.resource_graph.kql.evaluator import KqlType, Result, Table, evaluate
from haymaker.emulator.resource_graph.kql.lexer import KqlError, KqlErrorKind
from haymaker.emulator.resource_graph.kql.parser import parse_query
from haymaker.emulator.resource_graph.tables import SCHEMA


def row(name: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {c: ("" if t == KqlType.STRING else None) for c, t in SCHEMA.items()}
    base.update(id=f"/subscriptions/s/resourceGroups/rg/providers/a.b/c/{name}", name=name)
    base.update(fields)
    return base


ROWS = [
    row(
        "web",
        type="microsoft.web/sites",
        tags={"env": "prod", "team": "Blue"},
        properties={"size": 3, "nested": {"flag": True}},
    ),
    row("db", type="microsoft.sql/servers", tags={"env": "dev"}, properties={"size": 1}),
    row("untagged", type="microsoft.network/virtualnetworks", tags=None),
    row("Web2", type="microsoft.web/sites", tags={"env": "PROD", "team": "red"}, properties={"size": 2}),
]
TABLES = {"Resources": Table(SCHEMA, ROWS), "ResourceContainers": Table(SCHEMA, [])}


def run(query: str) -> Result:
    return evaluate(parse_query(query), TABLES)


def names(query: str) -> list[str]:
    return [r["name"] for r in run(query).rows]


def test_equality_is_case_sensitive() -> None:
    assert names("Resources | where tags['env'] == 'prod'") == ["web"]


def test_tilde_equality_ignores_case() -> None:
    assert names("Resources | where tags.env =~ 'prod'") == ["web", "Web2"]


def test_inequality_keeps_rows_where_the_tag_is_missing() -> None:
    # KQL: null != 'x' is true.
    assert names("Resources | where tags.env != 'prod'") == ["db", "untagged", "Web2"]


def test_equality_with_a_missing_tag_is_false_not_an_error() -> None:
    assert names("Resources | where tags.missing == 'x'") == []


def test_tostring_reads_a_missing_tag_as_empty() -> None:
    assert names("Resources | where isempty(tostring(tags.env))") == ["untagged"]
    assert names("Resources | where tostring(tags['env']) !~ 'prod'") == ["db", "untagged"]


def test_in_and_its_negations() -> None:
    assert names("Resources | where name in ('web', 'WEB2')") == ["web"]
    assert names("Resources | where name in~ ('web', 'WEB2')") == ["web", "Web2"]
    assert names("Resources | where name !in ('web', 'db')") == ["untagged", "Web2"]
    assert names("Resources | where name !in~ ('WEB', 'web2')") == ["db", "untagged"]


def test_and_or_not_and_parentheses() -> None:
    assert names(
        "Resources | where (type == 'microsoft.web/sites' or name == 'db') and not(tags.env == 'dev')"
    ) == ["web", "Web2"]


def test_string_operators() -> None:
    assert names("Resources | where name contains 'EB'") == ["web", "Web2"]
    assert names("Resources | where name contains_cs 'EB'") == []
    assert names("Resources | where name startswith 'w' and name !endswith '2'") == ["web"]


def test_numeric_comparison_on_properties() -> None:
    assert names("Resources | where properties.size >= 2") == ["web", "Web2"]


def test_nested_property_paths() -> None:
    assert names("Resources | where properties.nested.flag == true") == ["web"]


def test_project_keeps_the_listed_columns_in_order_with_aliases_and_derived_names() -> None:
    result = run("Resources | where name == 'web' | project name, env = tags['env'], properties.size")
    assert list(result.schema) == ["name", "env", "properties_size"]
    assert result.rows == [{"name": "web", "env": "prod", "properties_size": 3}]


def test_extend_adds_a_column() -> None:
    result = run("Resources | extend lower = tolower(name) | where lower == 'web2' | project id, lower")
    assert result.rows == [{"id": ROWS[3]["id"], "lower": "web2"}]


def test_order_by_defaults_to_descending() -> None:
    assert names("Resources | order by name") == ["web", "untagged", "db", "Web2"]


def test_order_by_ascending_then_take() -> None:
    assert names("Resources | order by name asc | take 2") == ["Web2", "db"]


def test_order_by_places_nulls_as_asked() -> None:
    assert names("Resources | order by tostring(tags.team) asc | project name")[0] == "db"
    assert names("Resources | order by properties.size asc nulls last")[-1] == "untagged"


def test_limit_is_take() -> None:
    assert names("Resources | limit 1") == ["web"]


def test_string_literals_with_quotes_backslashes_and_pipes_match_only_the_exact_value() -> None:
    hostile = "a'b\"c\\d|e"
    tables = {
        "Resources": Table(SCHEMA, [row("x", tags={"k": hostile}), row("y", tags={"k": "a"})]),
        "ResourceContainers": Table(SCHEMA, []),
    }
    query = r"Resources | where tags['k'] == 'a\'b" + '"' + r"c\\d|e'"
    assert [r["name"] for r in evaluate(parse_query(query), tables).rows] == ["x"]


def test_an_unknown_column_is_refused_even_on_an_empty_table() -> None:
    with pytest.raises(KqlError) as caught:
        evaluate(parse_query("ResourceContainers | where Name == 'a'"), TABLES)
    assert caught.value.kind == KqlErrorKind.SEMANTIC
    assert caught.value.token == "Name"


def test_comparing_a_string_with_a_number_is_refused() -> None:
    with pytest.raises(KqlError, match="Cannot compare values of types string and long"):
        run("Resources | where name == 1")


def test_member_access_on_a_string_column_is_refused() -> None:
    with pytest.raises(KqlError, match="only dynamic values have members"):
        run("Resources | where name.x == 'a'")


def test_a_non_boolean_where_is_refused() -> None:
    with pytest.raises(KqlError, match="boolean"):
        run("Resources | where name")


def test_a_column_projected_away_cannot_be_used_later() -> None:
    with pytest.raises(KqlError, match="'type'"):
        run("Resources | project name | where type == 'x'")


def test_project_cannot_name_a_column_twice() -> None:
    with pytest.raises(KqlError, match="twice"):
        run("Resources | project name, name")
