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
