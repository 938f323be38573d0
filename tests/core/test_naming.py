"""Names and ids: per-run names fit Azure's rules; bad input is refused with the rule named."""

from __future__ import annotations

import uuid

import pytest

from haymaker import naming

RUN = "3f2b8c1e-1234-4abc-8def-0123456789ab"


@pytest.mark.parametrize(
    "hostile",
    [
        "",
        "not-a-uuid",
        "3f2b8c1e' or 1==1",
        RUN + "'",
        RUN + "\n| take 1",
        "{" + RUN + "}",
        RUN.upper() + "x",
    ],
)
def test_run_id_must_be_a_uuid(hostile: str) -> None:
    with pytest.raises(ValueError, match="run_id"):
        naming.validate_run_id(hostile)


def test_run_id_is_returned_canonical() -> None:
    assert naming.validate_run_id(RUN.upper()) == RUN


def test_resource_group_name_follows_design() -> None:
    assert naming.resource_group_name(RUN, "networking-01-vnet") == "haymaker-3f2b8c1e-networking-01-vnet"


def test_service_principal_name_follows_design_and_fits_limit() -> None:
    assert naming.service_principal_name(RUN, "vnet") == "AzureHayMaker-vnet-3f2b8c1e-admin"
    long = "a" * 63
    assert len(naming.service_principal_name(RUN, long)) <= naming.SP_NAME_MAX


def test_key_vault_secret_name_follows_design() -> None:
    assert naming.key_vault_secret_name(RUN, "vnet") == "scenario-sp-vnet-3f2b8c1e-secret"


@pytest.mark.parametrize("scenario", ["vnet", "networking-01-virtual-network-with-nsg", "a" * 63, "x-" * 20])
def test_container_app_name_is_valid_for_azure(scenario: str) -> None:
    name = naming.container_app_name(str(uuid.uuid4()), scenario)
    assert 2 <= len(name) <= 32
    assert name == name.lower()
    naming.validate_container_app_name(name)


@pytest.mark.parametrize("bad", ["Upper", "-lead", "has space", "under_score", "", "a" * 64])
def test_scenario_name_rule_is_named(bad: str) -> None:
    with pytest.raises(ValueError, match="scenario_name"):
        naming.validate_scenario_name(bad)


@pytest.mark.parametrize("bad", ["A", "a", "-ab", "ab-", "a--b", "a" * 33])
def test_container_app_name_rule_is_named(bad: str) -> None:
    with pytest.raises(ValueError, match="container app name"):
        naming.validate_container_app_name(bad)


def test_a_short_scenario_name_is_kept_whole_in_the_agent_app_name() -> None:
    assert naming.container_app_name(RUN, "vnet") == "vnet-3f2b8c1e-agent"


def test_scenarios_sharing_a_long_prefix_get_distinct_agent_apps() -> None:
    first = naming.container_app_name(RUN, "hybrid-multicloud-01-arc-servers")
    second = naming.container_app_name(RUN, "hybrid-multicloud-02-site-recovery")
    assert first != second
    assert first.startswith("hybrid-mul") and first.endswith("-3f2b8c1e-agent")


def test_the_shipped_catalog_has_no_two_scenarios_sharing_a_derived_name() -> None:
    from haymaker.scenarios import list_available_scenarios

    assert naming.name_collisions([p.stem for p in list_available_scenarios()]) == []


def test_the_old_truncating_app_name_rule_would_have_been_caught() -> None:
    def truncating(run_id: str, scenario: str) -> dict[str, str]:
        return {"agent app": f"{scenario[:17].rstrip('-')}-{run_id[:8]}-agent"}

    found = naming.name_collisions(
        ["hybrid-multicloud-01-arc-servers", "hybrid-multicloud-02-site-recovery"], RUN, truncating
    )
    assert found == [
        naming.NameCollision(
            "hybrid-multicloud-01-arc-servers",
            "hybrid-multicloud-02-site-recovery",
            "agent app",
            "hybrid-multicloud-3f2b8c1e-agent",
        )
    ]


def test_long_scenario_names_differing_only_at_the_end_share_no_derived_name() -> None:
    assert naming.name_collisions(["a" * 63, "a" * 62 + "b"]) == []


def test_name_collision_describes_both_scenarios_and_the_name() -> None:
    collision = naming.NameCollision("one", "two", "agent app", "x-3f2b8c1e-agent")
    assert collision.describe() == "one and two would share the agent app name 'x-3f2b8c1e-agent' in a run"


def test_the_agent_identity_name_names_run_and_scenario() -> None:
    assert naming.user_assigned_identity_name(RUN, "vnet") == "haymaker-3f2b8c1e-vnet-agent"
