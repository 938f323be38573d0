"""Managed environment hooks: what Azure refuses and the read-only fields it fills."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from haymaker.emulator.container_apps.hooks import ManagedEnvironmentHooks
from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.core.errors import EmulatorHTTPError
from tests.emulator_container_apps.conftest import SUBNET_ID, VNET_ID, environment_doc, store

HOOKS = ManagedEnvironmentHooks()


def test_a_new_environment_is_succeeded_with_a_domain_and_a_static_ip(ctx: EmulatorContext) -> None:
    props = HOOKS.after_put(ctx, environment_doc())["properties"]
    assert props["provisioningState"] == "Succeeded"
    assert props["defaultDomain"].startswith("envone-")
    assert props["defaultDomain"].endswith(".eastus.azurecontainerapps.io")
    assert ipaddress.ip_address(props["staticIp"]).version == 4


def test_the_domain_stays_the_same_across_updates(ctx: EmulatorContext) -> None:
    first = HOOKS.after_put(ctx, environment_doc())["properties"]["defaultDomain"]
    again = HOOKS.after_put(ctx, environment_doc(zoneRedundant=False))["properties"]["defaultDomain"]
    assert again == first


def test_an_internal_environment_takes_its_static_ip_from_its_subnet(ctx: EmulatorContext) -> None:
    store(
        ctx,
        {
            "id": VNET_ID,
            "name": "vnet-one",
            "type": "Microsoft.Network/virtualNetworks",
            "location": "eastus",
            "tags": {},
            "properties": {},
        },
    )
    store(
        ctx,
        {
            "id": SUBNET_ID,
            "name": "apps",
            "type": "Microsoft.Network/virtualNetworks/subnets",
            "properties": {"addressPrefix": "10.20.0.0/23"},
        },
    )
    env = environment_doc(vnetConfiguration={"infrastructureSubnetId": SUBNET_ID, "internal": True})
    HOOKS.validate_put(ctx, env)
    props = HOOKS.after_put(ctx, env)["properties"]
    assert ipaddress.ip_address(props["staticIp"]) in ipaddress.ip_network("10.20.0.0/23")


def test_a_subnet_that_does_not_exist_is_an_invalid_network_configuration(ctx: EmulatorContext) -> None:
    env = environment_doc(vnetConfiguration={"infrastructureSubnetId": SUBNET_ID})
    with pytest.raises(EmulatorHTTPError) as caught:
        HOOKS.validate_put(ctx, env)
    assert (caught.value.status, caught.value.code) == (400, "ManagedEnvironmentInvalidNetworkConfiguration")


@pytest.mark.parametrize(
    "profiles",
    [
        [{"name": "x", "workloadProfileType": "Z99"}],
        [{"name": "x", "workloadProfileType": "D4"}, {"name": "X", "workloadProfileType": "E4"}],
    ],
)
def test_unknown_or_duplicate_workload_profiles_are_refused(
    ctx: EmulatorContext, profiles: list[dict[str, Any]]
) -> None:
    with pytest.raises(EmulatorHTTPError) as caught:
        HOOKS.validate_put(ctx, environment_doc(workloadProfiles=profiles))
    assert caught.value.status == 400


def test_a_workload_profiles_environment_names_its_infrastructure_group(ctx: EmulatorContext) -> None:
    props = HOOKS.after_put(ctx, environment_doc())["properties"]
    assert props["infrastructureResourceGroup"] == "ME_env-one_rg-apps_eastus"
