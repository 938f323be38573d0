"""The Resource Graph adapter against the emulator, through the real ResourceGraphClient."""

from __future__ import annotations

import pytest

from haymaker.azure.clients import AzureClients
from haymaker.azure.errors import AuthError, AzureError
from haymaker.azure.resource_graph import (
    InvalidQueryError,
    ResourceGraphError,
    list_managed_resource_groups,
    query_candidate_resources,
    query_foreign_resources_in_groups,
    query_managed_resources,
    query_resources,
)
from haymaker.azure.target import AzureTarget, TargetNotAllowed
from haymaker.emulator.server import Emulator
from haymaker.models import ResourceStatus
from haymaker.tags import MANAGED_TAG, RUN_ID_TAG, haymaker_tags
from tests.azure_resource_graph.test_kql_building import HOSTILE_RUN_IDS
from tests.emulator_resource_graph.seeding import ArmSeeder

RUN = "3f2b8c1e-0000-4000-8000-000000000001"
OTHER_RUN = "3f2b8c1e-0000-4000-8000-000000000002"
OTHER_SUBSCRIPTION = "11111111-2222-4333-8444-555555555555"


def graph_requests(emulator: Emulator) -> list[dict[str, object]]:
    return [r for r in emulator.requests() if "resourcegraph" in str(r["path"]).lower()]


def plant_a_mixed_cloud(seed: ArmSeeder) -> None:
    """Ours (RUN), another run's, unmanaged, explicitly unmanaged, untagged."""
    seed.resource_group("haymaker-3f2b8c1e-web", tags=haymaker_tags(RUN, "web"))
    seed.resource("haymaker-3f2b8c1e-web", "Microsoft.Web/sites", "ours-site", tags=haymaker_tags(RUN, "web"))
    seed.resource(
        "haymaker-3f2b8c1e-web",
        "Microsoft.Network/virtualNetworks",
        "ours-vnet",
        tags=haymaker_tags(RUN, "web"),
    )
    seed.resource("haymaker-3f2b8c1e-web", "Microsoft.Storage/storageAccounts", "untagged")
    seed.resource(
        "haymaker-3f2b8c1e-web",
        "Microsoft.Storage/storageAccounts",
        "unmanaged",
        tags={MANAGED_TAG: "false", RUN_ID_TAG: RUN},
    )
    seed.resource(
        "haymaker-3f2b8c1e-web",
        "Microsoft.KeyVault/vaults",
        "other-run",
        tags=haymaker_tags(OTHER_RUN, "web"),
    )
    seed.resource_group("haymaker-3f2b8c1e-db", tags=haymaker_tags(OTHER_RUN, "db"))
    seed.resource_group("customer-prod")
    seed.resource("customer-prod", "Microsoft.Sql/servers", "customer-sql", tags={"env": "prod"})


# -- managed resources -----------------------------------------------------------------------------
def test_a_run_finds_only_its_managed_resources_and_groups(
    clients: AzureClients, seed: ArmSeeder, subscription_id: str
) -> None:
    plant_a_mixed_cloud(seed)

    found = query_managed_resources(clients, subscription_id, RUN)

    assert sorted(r.resource_name for r in found) == ["haymaker-3f2b8c1e-web", "ours-site", "ours-vnet"]


def test_without_a_run_id_every_managed_resource_is_found(
    clients: AzureClients, seed: ArmSeeder, subscription_id: str
) -> None:
    plant_a_mixed_cloud(seed)

    found = query_managed_resources(clients, subscription_id)

    assert sorted(r.resource_name for r in found) == [
        "haymaker-3f2b8c1e-db",
        "haymaker-3f2b8c1e-web",
        "other-run",
        "ours-site",
        "ours-vnet",
    ]


def test_resources_come_before_resource_groups(
    clients: AzureClients, seed: ArmSeeder, subscription_id: str
) -> None:
    plant_a_mixed_cloud(seed)

    found = query_managed_resources(clients, subscription_id, RUN)

    assert [r.is_resource_group for r in found] == [False, False, True]


def test_rows_become_resources_with_azure_casing_and_their_tags(
    clients: AzureClients, seed: ArmSeeder, subscription_id: str
) -> None:
    group_id = seed.resource_group("haymaker-3f2b8c1e-web", tags=haymaker_tags(RUN, "web"))
    site_id = seed.resource(
        "haymaker-3f2b8c1e-web",
        "Microsoft.Web/sites",
        "Site1",
        tags=haymaker_tags(RUN, "web"),
        location="westeurope",
    )

    site, group = query_managed_resources(clients, subscription_id, RUN)

    assert (site.resource_id, site.resource_type, site.resource_name) == (
        site_id,
        "Microsoft.Web/sites",
        "Site1",
    )
    assert (site.run_id, site.scenario_name, site.location) == (RUN, "web", "westeurope")
    assert site.tags == haymaker_tags(RUN, "web")
    assert site.status == ResourceStatus.EXISTS
    assert (group.resource_id, group.resource_type) == (group_id, "Microsoft.Resources/resourceGroups")
    assert group.is_resource_group


def test_child_resource_types_keep_their_full_azure_type(
    clients: AzureClients, seed: ArmSeeder, subscription_id: str
) -> None:
    seed.resource_group("rg")
    seed.resource("rg", "Microsoft.Sql/servers/databases", "srv/db", tags=haymaker_tags(RUN, "db"))

    (database,) = query_managed_resources(clients, subscription_id, RUN)

    assert database.resource_type == "Microsoft.Sql/servers/databases"


def test_other_spellings_of_our_tags_are_candidates_but_only_the_exact_rule_is_managed(
    clients: AzureClients, seed: ArmSeeder, subscription_id: str
) -> None:
    seed.resource_group("rg")
    seed.resource("rg", "Microsoft.Web/sites", "shouty", tags={MANAGED_TAG: "TRUE", RUN_ID_TAG: RUN})
    seed.resource("rg", "Microsoft.Web/sites", "lower", tags={MANAGED_TAG.lower(): "true", RUN_ID_TAG: RUN})

    candidates = query_candidate_resources(clients, subscription_id, RUN)
    managed = query_managed_resources(clients, subscription_id, RUN)

    assert sorted(r.resource_name for r in candidates) == ["lower", "shouty"]
    assert [r.resource_name for r in managed] == ["lower"]


def test_a_scenario_narrows_the_run(clients: AzureClients, seed: ArmSeeder, subscription_id: str) -> None:
    seed.resource_group("rg")
    seed.resource("rg", "Microsoft.Web/sites", "web-site", tags=haymaker_tags(RUN, "web"))
    seed.resource("rg", "Microsoft.Web/sites", "api-site", tags=haymaker_tags(RUN, "api"))

    found = query_managed_resources(clients, subscription_id, RUN, scenario_name="api")

    assert [r.resource_name for r in found] == ["api-site"]


def test_another_subscription_is_not_searched(
    clients: AzureClients, seed: ArmSeeder, subscription_id: str
) -> None:
    seed.resource_group("rg", subscription=OTHER_SUBSCRIPTION)
    seed.resource(
        "rg",
        "Microsoft.Web/sites",
        "elsewhere",
        tags=haymaker_tags(RUN, "web"),
        subscription=OTHER_SUBSCRIPTION,
    )

    assert query_managed_resources(clients, subscription_id, RUN) == []


def test_managed_resource_groups_of_a_run(
    clients: AzureClients, seed: ArmSeeder, subscription_id: str
) -> None:
    plant_a_mixed_cloud(seed)

    groups = list_managed_resource_groups(clients, subscription_id, RUN)

    assert [g.resource_name for g in groups] == ["haymaker-3f2b8c1e-web"]


@pytest.mark.parametrize("run_id", HOSTILE_RUN_IDS)
def test_hostile_run_ids_are_rejected_before_any_query(
    clients: AzureClients, seed: ArmSeeder, subscription_id: str, emulator: Emulator, run_id: str
) -> None:
    plant_a_mixed_cloud(seed)

    with pytest.raises(ValueError, match="run_id"):
        query_managed_resources(clients, subscription_id, run_id)

    assert graph_requests(emulator) == []


# -- paging ---------------------------------------------------------------------------------------
def plant_sites(seed: ArmSeeder, emulator: Emulator, count: int) -> None:
    tags = haymaker_tags(RUN, "web")
    with emulator.state.transaction():
        seed.resource_group("haymaker-3f2b8c1e-web", tags=tags)
        for i in range(count):
            seed.resource("haymaker-3f2b8c1e-web", "Microsoft.Web/sites", f"site-{i:05d}", tags=tags)


def test_2500_resources_are_all_read_at_the_default_page_size(
    clients: AzureClients, seed: ArmSeeder, subscription_id: str, emulator: Emulator
) -> None:
    plant_sites(seed, emulator, 2500)

    found = query_managed_resources(clients, subscription_id, RUN)

    names = [r.resource_name for r in found]
    assert len(names) == 2501
    assert len(set(names)) == 2501
    assert names[-1] == "haymaker-3f2b8c1e-web"


def test_a_small_service_page_size_is_followed_over_many_pages(
    clients: AzureClients, seed: ArmSeeder, subscription_id: str, emulator: Emulator
) -> None:
    plant_sites(seed, emulator, 20)
    emulator.options.page_size = 6

    found = query_managed_resources(clients, subscription_id, RUN)

    assert sorted(r.resource_name for r in found if not r.is_resource_group) == [
        f"site-{i:05d}" for i in range(20)
    ]


def test_a_small_requested_page_size_reads_every_row(
    clients: AzureClients, seed: ArmSeeder, subscription_id: str, emulator: Emulator
) -> None:
    plant_sites(seed, emulator, 11)

    # The subscription also holds the emulator's own vault, as a real one holds its infrastructure.
    query = "Resources | where type =~ 'microsoft.web/sites' | project id, name"
    rows = query_resources(clients, [subscription_id], query, page_size=3)

    assert len({row["id"] for row in rows}) == 11


def test_a_query_without_an_id_column_cannot_be_paged_and_says_so(
    clients: AzureClients, seed: ArmSeeder, subscription_id: str, emulator: Emulator
) -> None:
    plant_sites(seed, emulator, 5)

    with pytest.raises(ResourceGraphError) as caught:
        query_resources(clients, [subscription_id], "Resources | project name", page_size=2)

    assert caught.value.code == "ResultTruncated"


# -- foreign resources (S3) -----------------------------------------------------------------------
def test_foreign_resources_are_unmanaged_or_of_another_run(
    clients: AzureClients, seed: ArmSeeder, subscription_id: str
) -> None:
    plant_a_mixed_cloud(seed)

    foreign = query_foreign_resources_in_groups(clients, subscription_id, ["haymaker-3f2b8c1e-web"], RUN)

    assert sorted(r.resource_name for r in foreign) == ["other-run", "unmanaged", "untagged"]


def test_in_a_sweep_only_unmanaged_resources_are_foreign(
    clients: AzureClients, seed: ArmSeeder, subscription_id: str
) -> None:
    plant_a_mixed_cloud(seed)

    foreign = query_foreign_resources_in_groups(clients, subscription_id, ["haymaker-3f2b8c1e-web"], None)

    assert sorted(r.resource_name for r in foreign) == ["unmanaged", "untagged"]


def test_group_names_match_without_case_and_only_the_named_groups_are_searched(
    clients: AzureClients, seed: ArmSeeder, subscription_id: str
) -> None:
    plant_a_mixed_cloud(seed)

    foreign = query_foreign_resources_in_groups(clients, subscription_id, ["CUSTOMER-PROD"], RUN)

    assert [r.resource_name for r in foreign] == ["customer-sql"]


def test_a_group_with_only_our_resources_has_no_foreign_ones(
    clients: AzureClients, seed: ArmSeeder, subscription_id: str
) -> None:
    seed.resource_group("ours", tags=haymaker_tags(RUN, "web"))
    seed.resource("ours", "Microsoft.Web/sites", "site", tags=haymaker_tags(RUN, "web"))

    assert query_foreign_resources_in_groups(clients, subscription_id, ["ours"], RUN) == []


def test_more_groups_than_fit_one_query_are_all_searched(
    clients: AzureClients, seed: ArmSeeder, subscription_id: str, emulator: Emulator
) -> None:
    names = [f"group-{i:03d}" for i in range(250)]
    with emulator.state.transaction():
        for name in names:
            seed.resource_group(name)
            seed.resource(name, "Microsoft.Web/sites", f"site-in-{name}")

    foreign = query_foreign_resources_in_groups(clients, subscription_id, names, RUN)

    assert len(foreign) == 250


def test_no_groups_means_no_foreign_resources_and_no_query(
    clients: AzureClients, subscription_id: str, emulator: Emulator
) -> None:
    assert query_foreign_resources_in_groups(clients, subscription_id, [], RUN) == []
    assert graph_requests(emulator) == []


def test_a_hostile_group_name_is_rejected_before_any_query(
    clients: AzureClients, subscription_id: str, emulator: Emulator
) -> None:
    with pytest.raises(ValueError, match="resource group names"):
        query_foreign_resources_in_groups(clients, subscription_id, ["rg') or true or ('"], RUN)

    assert graph_requests(emulator) == []


# -- errors ---------------------------------------------------------------------------------------
def test_unsupported_kql_surfaces_as_a_typed_error_naming_the_construct(
    clients: AzureClients, subscription_id: str
) -> None:
    with pytest.raises(InvalidQueryError) as caught:
        query_resources(clients, [subscription_id], "Resources | summarize count() by type")

    assert isinstance(caught.value, AzureError)
    assert (caught.value.status, caught.value.code) == (400, "BadRequest")
    assert "'summarize'" in caught.value.message
    assert "InvalidQueryLanguage" in caught.value.message


def test_a_refusal_by_the_service_is_a_typed_auth_error(
    clients: AzureClients, subscription_id: str, emulator: Emulator
) -> None:
    emulator.add_fault(
        path="Microsoft.ResourceGraph",
        status=403,
        code="AuthorizationFailed",
        message="The client does not have authorization",
    )

    with pytest.raises(AuthError) as caught:
        query_managed_resources(clients, subscription_id, RUN)

    assert (caught.value.status, caught.value.code) == (403, "AuthorizationFailed")


def test_a_subscription_outside_the_allowlist_is_refused_on_azure(emulator: Emulator) -> None:
    settings = emulator.settings
    target = AzureTarget(
        kind="azure",
        tenant_id=settings.tenant_id,
        subscription_id=settings.subscription_id,
        allowed_subscriptions=[settings.subscription_id],
        arm_url=settings.arm_url,
        ca_path=settings.ca_path,
    )
    azure = AzureClients(target)

    with pytest.raises(TargetNotAllowed):
        query_managed_resources(azure, OTHER_SUBSCRIPTION, RUN)

    assert graph_requests(emulator) == []


def test_an_empty_scope_is_refused(clients: AzureClients) -> None:
    with pytest.raises(ValueError, match="at least one subscription"):
        query_resources(clients, [], "Resources")
