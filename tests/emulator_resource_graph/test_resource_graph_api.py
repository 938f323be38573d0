"""The emulator's Resource Graph, driven by the real ResourceGraphClient over HTTPS."""

from __future__ import annotations

from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError
from azure.core.rest import HttpRequest
from azure.mgmt.resourcegraph import ResourceGraphClient
from azure.mgmt.resourcegraph.models import QueryRequest, QueryRequestOptions, QueryResponse

from haymaker.emulator.server import Emulator
from tests.emulator_resource_graph.seeding import ArmSeeder

OTHER_SUBSCRIPTION = "11111111-2222-4333-8444-555555555555"
ROW_COLUMNS = {
    "id",
    "name",
    "type",
    "tenantId",
    "kind",
    "location",
    "resourceGroup",
    "subscriptionId",
    "managedBy",
    "sku",
    "plan",
    "properties",
    "tags",
    "identity",
    "zones",
    "extendedLocation",
}

pytestmark = pytest.mark.usefixtures("empty_subscription")


def query(graph: ResourceGraphClient, subscription_id: str, text: str, **options: Any) -> QueryResponse:
    request = QueryRequest(
        subscriptions=[subscription_id], query=text, options=QueryRequestOptions(**options)
    )
    return graph.resources(request)


def error_details(exc: HttpResponseError) -> list[dict[str, Any]]:
    assert exc.response is not None
    return exc.response.json()["error"]["details"]


def raw_post(graph: ResourceGraphClient, url: str, body: dict[str, Any]) -> Any:
    # The client's own pipeline (TLS, token), without the operation's fixed api-version.
    return graph._send_request(HttpRequest("POST", url, json=body))


# -- rows ---------------------------------------------------------------------------------------
def test_a_resource_row_has_resource_graph_columns_and_casing(
    graph: ResourceGraphClient, seed: ArmSeeder, subscription_id: str, emulator: Emulator
) -> None:
    seed.resource_group("HayRG")
    vnet_id = seed.resource(
        "HayRG",
        "Microsoft.Network/virtualNetworks",
        "Vnet1",
        tags={"env": "prod"},
        kind="v2",
        sku={"name": "Standard"},
        location="East US",
    )

    (row,) = query(graph, subscription_id, "Resources").data

    assert set(row) == ROW_COLUMNS
    assert row["id"] == vnet_id
    assert row["name"] == "Vnet1"
    assert row["type"] == "microsoft.network/virtualnetworks"
    assert row["resourceGroup"] == "hayrg"
    assert row["location"] == "eastus"
    assert row["subscriptionId"] == subscription_id
    assert row["tenantId"] == emulator.settings.tenant_id
    assert (row["kind"], row["sku"], row["tags"]) == ("v2", {"name": "Standard"}, {"env": "prod"})
    assert (row["managedBy"], row["plan"], row["identity"]) == ("", None, None)


def test_resource_groups_are_in_resource_containers_not_in_resources(
    graph: ResourceGraphClient, seed: ArmSeeder, subscription_id: str
) -> None:
    group_id = seed.resource_group("Group-A", tags={"k": "v"}, location="westeurope")

    resources = query(graph, subscription_id, "Resources").data
    groups = query(
        graph,
        subscription_id,
        "ResourceContainers | where type == 'microsoft.resources/subscriptions/resourcegroups'",
    ).data

    assert resources == []
    assert [(g["id"], g["name"], g["resourceGroup"], g["location"], g["tags"]) for g in groups] == [
        (group_id, "Group-A", "group-a", "westeurope", {"k": "v"})
    ]
    assert groups[0]["properties"] == {"provisioningState": "Succeeded"}


def test_the_subscription_is_a_resource_container(graph: ResourceGraphClient, subscription_id: str) -> None:
    (row,) = query(
        graph, subscription_id, "ResourceContainers | where type == 'microsoft.resources/subscriptions'"
    ).data

    assert row["id"] == f"/subscriptions/{subscription_id}"
    assert row["properties"]["state"] == "Enabled"


def test_extension_resources_and_proxy_child_resources_are_not_in_resources(
    graph: ResourceGraphClient, seed: ArmSeeder, subscription_id: str
) -> None:
    seed.resource_group("rg")
    seed.resource("rg", "Microsoft.Network/virtualNetworks", "vnet")
    seed.resource("rg", "Microsoft.Network/virtualNetworks/subnets", "vnet/default", location=None)
    seed.resource("rg", "Microsoft.Sql/servers", "sql")
    seed.resource("rg", "Microsoft.Sql/servers/databases", "sql/db1")
    seed.document(
        {
            "id": f"{seed.group_id('rg')}/providers/Microsoft.Authorization/roleAssignments/"
            "0b0e5f0c-1111-4222-8333-444444444444",
            "name": "0b0e5f0c-1111-4222-8333-444444444444",
            "type": "Microsoft.Authorization/roleAssignments",
            "properties": {"principalId": "p", "roleDefinitionId": "r"},
        }
    )

    rows = query(graph, subscription_id, "Resources | project type | order by type asc").data

    assert [r["type"] for r in rows] == [
        "microsoft.network/virtualnetworks",
        "microsoft.sql/servers",
        "microsoft.sql/servers/databases",
    ]


def test_only_the_requested_subscriptions_are_visible(
    graph: ResourceGraphClient, seed: ArmSeeder, subscription_id: str
) -> None:
    seed.resource_group("mine")
    seed.resource("mine", "Microsoft.Storage/storageAccounts", "mine")
    seed.resource_group("theirs", subscription=OTHER_SUBSCRIPTION)
    seed.resource("theirs", "Microsoft.Storage/storageAccounts", "theirs", subscription=OTHER_SUBSCRIPTION)

    mine = query(graph, subscription_id, "Resources | project name").data
    theirs = query(graph, OTHER_SUBSCRIPTION, "Resources | project name").data

    assert mine == [{"name": "mine"}]
    assert theirs == [{"name": "theirs"}]


def test_the_internal_meta_of_arm_documents_never_shows(
    graph: ResourceGraphClient, seed: ArmSeeder, subscription_id: str
) -> None:
    seed.resource_group("rg")
    seed.resource("rg", "Microsoft.Web/sites", "site")

    rows = [
        *query(graph, subscription_id, "Resources").data,
        *query(graph, subscription_id, "ResourceContainers").data,
    ]

    assert all("_meta" not in row and "_meta" not in (row["properties"] or {}) for row in rows)


def test_a_where_on_a_tag_with_quotes_backslashes_and_pipes_matches_only_that_value(
    graph: ResourceGraphClient, seed: ArmSeeder, subscription_id: str
) -> None:
    hostile = 'it\'s "x" \\ | where 1==1'
    seed.resource_group("rg")
    seed.resource("rg", "Microsoft.Web/sites", "exact", tags={"k": hostile})
    seed.resource("rg", "Microsoft.Web/sites", "prefix", tags={"k": "it's "})
    seed.resource("rg", "Microsoft.Web/sites", "other", tags={"k": "x"})
    literal = "'" + hostile.replace("\\", "\\\\").replace("'", "\\'") + "'"

    rows = query(graph, subscription_id, f"Resources | where tags['k'] == {literal} | project name").data

    assert rows == [{"name": "exact"}]


# -- paging ---------------------------------------------------------------------------------------
def seed_sites(seed: ArmSeeder, count: int, emulator: Emulator) -> None:
    with emulator.state.transaction():
        seed.resource_group("rg")
        for i in range(count):
            seed.resource("rg", "Microsoft.Web/sites", f"site-{i:04d}")


def test_pages_follow_the_skip_token_in_the_request_options(
    graph: ResourceGraphClient, seed: ArmSeeder, subscription_id: str, emulator: Emulator
) -> None:
    seed_sites(seed, 5, emulator)
    emulator.options.page_size = 2
    text = "Resources | project id, name"

    pages = [query(graph, subscription_id, text)]
    while pages[-1].skip_token:
        pages.append(query(graph, subscription_id, text, skip_token=pages[-1].skip_token))

    assert [p.count for p in pages] == [2, 2, 1]
    assert {p.total_records for p in pages} == {5}
    assert {p.result_truncated for p in pages} == {"false"}
    assert [r["name"] for p in pages for r in p.data] == [f"site-{i:04d}" for i in range(5)]


def test_top_sets_a_smaller_page(
    graph: ResourceGraphClient, seed: ArmSeeder, subscription_id: str, emulator: Emulator
) -> None:
    seed_sites(seed, 5, emulator)

    page = query(graph, subscription_id, "Resources | project id", top=3)

    assert (page.count, page.total_records) == (3, 5)
    assert page.skip_token


def test_skip_starts_at_an_offset(
    graph: ResourceGraphClient, seed: ArmSeeder, subscription_id: str, emulator: Emulator
) -> None:
    seed_sites(seed, 5, emulator)

    page = query(graph, subscription_id, "Resources | project id, name", skip=3)

    assert [r["name"] for r in page.data] == ["site-0003", "site-0004"]
    assert page.skip_token is None


def test_a_result_without_an_id_column_is_truncated_instead_of_paged(
    graph: ResourceGraphClient, seed: ArmSeeder, subscription_id: str, emulator: Emulator
) -> None:
    seed_sites(seed, 5, emulator)
    emulator.options.page_size = 2

    page = query(graph, subscription_id, "Resources | project name")

    assert (page.count, page.total_records, page.result_truncated) == (2, 5, "true")
    assert page.skip_token is None


def test_a_forged_skip_token_is_a_400(
    graph: ResourceGraphClient, seed: ArmSeeder, subscription_id: str, emulator: Emulator
) -> None:
    seed_sites(seed, 3, emulator)

    with pytest.raises(HttpResponseError) as caught:
        query(graph, subscription_id, "Resources | project id", skip_token="not-a-token")

    assert caught.value.status_code == 400
    assert caught.value.error is not None and caught.value.error.code == "BadRequest"
    assert [d["code"] for d in error_details(caught.value)] == ["InvalidSkipToken"]


def test_a_skip_token_is_refused_for_another_query(
    graph: ResourceGraphClient, seed: ArmSeeder, subscription_id: str, emulator: Emulator
) -> None:
    seed_sites(seed, 3, emulator)
    emulator.options.page_size = 1
    token = query(graph, subscription_id, "Resources | project id").skip_token

    with pytest.raises(HttpResponseError) as caught:
        query(graph, subscription_id, "Resources | project id, name", skip_token=token)

    assert caught.value.status_code == 400


# -- formats ----------------------------------------------------------------------------------------
def test_the_table_format_has_typed_columns_and_rows(
    graph: ResourceGraphClient, seed: ArmSeeder, subscription_id: str
) -> None:
    seed.resource_group("rg")
    seed.resource("rg", "Microsoft.Web/sites", "site", tags={"a": "b"})

    page = query(
        graph,
        subscription_id,
        "Resources | project id, name, tags, managed = isnotempty(tostring(tags.a))",
        result_format="table",
    )

    assert page.data["columns"] == [
        {"name": "id", "type": "string"},
        {"name": "name", "type": "string"},
        {"name": "tags", "type": "object"},
        {"name": "managed", "type": "boolean"},
    ]
    assert page.data["rows"] == [
        [f"{seed.group_id('rg')}/providers/Microsoft.Web/sites/site", "site", {"a": "b"}, True]
    ]


def test_the_2019_api_version_defaults_to_the_table_format(
    graph: ResourceGraphClient, subscription_id: str
) -> None:
    response = raw_post(
        graph,
        "/providers/Microsoft.ResourceGraph/resources?api-version=2019-04-01",
        {"subscriptions": [subscription_id], "query": "ResourceContainers | project id"},
    )

    assert response.status_code == 200
    assert response.json()["data"]["rows"] == [[f"/subscriptions/{subscription_id}"]]


# -- errors ---------------------------------------------------------------------------------------
def test_unsupported_kql_is_a_400_naming_the_construct(
    graph: ResourceGraphClient, subscription_id: str
) -> None:
    with pytest.raises(HttpResponseError) as caught:
        query(graph, subscription_id, "Resources | summarize count() by type")

    assert caught.value.status_code == 400
    assert caught.value.error is not None and caught.value.error.code == "BadRequest"
    assert "Unsupported KQL: 'summarize'" in caught.value.error.message
    invalid, detail = error_details(caught.value)
    assert invalid["code"] == "InvalidQuery"
    assert (detail["code"], detail["token"]) == ("InvalidQueryLanguage", "summarize")


def test_a_syntax_error_reports_its_line_and_position(
    graph: ResourceGraphClient, subscription_id: str
) -> None:
    with pytest.raises(HttpResponseError) as caught:
        query(graph, subscription_id, "Resources\n| where name == ")

    detail = error_details(caught.value)[1]
    assert detail["code"] == "ParserFailure"
    assert (detail["line"], detail["characterPositionInLine"]) == (2, 16)


def test_an_unknown_column_is_a_400(graph: ResourceGraphClient, subscription_id: str) -> None:
    with pytest.raises(HttpResponseError) as caught:
        query(graph, subscription_id, "Resources | where Name == 'x'")

    assert error_details(caught.value)[1] == {
        "code": "SemanticError",
        "message": "Failed to resolve scalar expression named 'Name'",
        "line": 1,
        "characterPositionInLine": 18,
        "token": "Name",
    }


def test_management_group_scopes_are_refused(graph: ResourceGraphClient) -> None:
    with pytest.raises(HttpResponseError) as caught:
        graph.resources(QueryRequest(management_groups=["mg1"], query="Resources"))

    assert caught.value.status_code == 400
    assert "managementGroups" in str(caught.value.error.message if caught.value.error else "")


def test_a_missing_api_version_is_refused(graph: ResourceGraphClient) -> None:
    response = raw_post(graph, "/providers/Microsoft.ResourceGraph/resources", {"query": "Resources"})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "MissingApiVersionParameter"


def test_an_unknown_api_version_is_refused(graph: ResourceGraphClient) -> None:
    response = raw_post(
        graph,
        "/providers/Microsoft.ResourceGraph/resources?api-version=2099-01-01",
        {"query": "Resources"},
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "InvalidApiVersionParameter"


def test_the_path_is_case_insensitive_as_on_arm(graph: ResourceGraphClient, subscription_id: str) -> None:
    response = raw_post(
        graph,
        "/providers/microsoft.resourcegraph/RESOURCES?api-version=2021-03-01",
        {"subscriptions": [subscription_id], "query": "ResourceContainers | project id"},
    )

    assert response.status_code == 200
    assert response.json()["data"] == [{"id": f"/subscriptions/{subscription_id}"}]
