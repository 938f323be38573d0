"""S7 at the KQL level: every literal is escaped so it matches exactly its value, ids are validated."""

from __future__ import annotations

import string

import pytest

from haymaker.azure import kql
from haymaker.emulator.resource_graph.kql.evaluator import KqlType, Table, evaluate
from haymaker.emulator.resource_graph.kql.lexer import TokenKind, tokenize
from haymaker.emulator.resource_graph.kql.parser import parse_query
from haymaker.emulator.resource_graph.tables import SCHEMA
from haymaker.tags import SCENARIO_TAG

RUN_ID = "3f2b8c1e-0000-4000-8000-000000000001"
HOSTILE_VALUES = [
    "'",
    "\\",
    "\\'",
    "'; drop",
    "' or tags['x'] == '",
    "x' | summarize count() | where '1'=='1",
    "\"double\" and 'single'",
    "ends with backslash\\",
    "pipe | in the middle",
    "// not a comment",
    "@'verbatim'",
    "tab\there",
    "new\nline",
    "carriage\rreturn",
    "ünïcödé ✓",
    string.printable.strip(),
]
HOSTILE_RUN_IDS = [
    "",
    "not-a-uuid",
    "' or 1==1",
    "3f2b8c1e-0000-4000-8000-000000000001' or tags['x'] == '",
    "3f2b8c1e-0000-4000-8000-000000000001 | take 1",
    "3f2b8c1e-0000-4000-8000-000000000001\n| where true",
    "3f2b8c1e-0000-4000-8000-000000000001'",
    "{3f2b8c1e-0000-4000-8000-000000000001}",
    "3f2b8c1e000040008000000000000001",
    "or 1==1",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_a_literal_is_one_string_token_with_exactly_the_value(value: str) -> None:
    tokens = tokenize(kql.kql_string(value))

    assert [t.kind for t in tokens] == [TokenKind.STRING, TokenKind.EOF]
    assert tokens[0].value == value


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_a_hostile_tag_value_matches_only_the_exact_value(value: str) -> None:
    def row(name: str, tag: str) -> dict[str, object]:
        base: dict[str, object] = {c: ("" if t == KqlType.STRING else None) for c, t in SCHEMA.items()}
        return {**base, "id": f"/x/{name}", "name": name, "tags": {"k": tag}}

    rows = [
        row("exact", value),
        row("prefix", value[:-1]),
        row("longer", value + "'"),
        row("quoted", f"'{value}'"),
        row("other", "x"),
    ]
    tables = {"Resources": Table(SCHEMA, rows), "ResourceContainers": Table(SCHEMA, [])}

    result = evaluate(parse_query(f"Resources | where {kql.tag_equals('k', value)}"), tables)

    assert [r["name"] for r in result.rows] == ["exact"]


@pytest.mark.parametrize("value", ["nul\x00", "escape\x1b[31m", "bell\x07", "sep\u2028", "del\x7f"])
def test_control_characters_are_refused_rather_than_escaped(value: str) -> None:
    with pytest.raises(ValueError, match="control character"):
        kql.kql_string(value)


def test_a_literal_must_be_a_string() -> None:
    with pytest.raises(TypeError):
        kql.kql_string(1)  # type: ignore[arg-type]


def test_an_empty_in_list_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        kql.kql_string_list([])


@pytest.mark.parametrize("run_id", HOSTILE_RUN_IDS)
def test_hostile_run_ids_are_rejected_before_a_query_is_built(run_id: str) -> None:
    with pytest.raises(ValueError, match="run_id"):
        kql.managed_resources_query(run_id)
    with pytest.raises(ValueError, match="run_id"):
        kql.foreign_resources_query(["rg"], run_id)


@pytest.mark.parametrize("name", ["x' or '1'=='1", "UPPER", "a|b", "", "a" * 64])
def test_invalid_scenario_names_are_rejected(name: str) -> None:
    with pytest.raises(ValueError, match="scenario_name"):
        kql.managed_resources_query(RUN_ID, scenario_name=name)


@pytest.mark.parametrize("name", ["rg'", "a|b", "", "ends.", "x" * 91, "new\nline", "sp ace"])
def test_invalid_resource_group_names_are_rejected(name: str) -> None:
    with pytest.raises(ValueError, match="resource group names"):
        kql.foreign_resources_query([name], RUN_ID)


@pytest.mark.parametrize("name", ["rg", "Haymaker-1234abcd-web_(1).x", "ünï", "x" * 90])
def test_valid_resource_group_names_are_accepted(name: str) -> None:
    assert kql.validate_resource_group_name(name) == name


def test_the_managed_query_finds_candidates_by_text_and_projects_the_id() -> None:
    query = kql.managed_resources_query(RUN_ID.upper(), "web-app")

    assert query == (
        "Resources | where tostring(tags) contains 'AzureHayMaker'"
        f" and tostring(tags) contains '{RUN_ID}'"
        f" and tostring(tags['{SCENARIO_TAG}']) =~ 'web-app'"
        " | project id, name, type, location, resourceGroup, subscriptionId, tags"
    )


@pytest.mark.parametrize(
    "query",
    [
        kql.managed_resources_query(),
        kql.managed_resources_query(RUN_ID, "web"),
        kql.managed_resource_groups_query(RUN_ID),
        kql.foreign_resources_query(["a", "b"], RUN_ID),
        kql.foreign_resources_query(["a"], None),
    ],
)
def test_every_built_query_is_in_the_emulated_subset(query: str) -> None:
    assert parse_query(query).operators
