"""Provider metadata and api-version validation, as ARM answers them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.resource.resources import ResourceManagementClient
from azure.mgmt.resource.resources.models import ResourceGroup

from haymaker.azure.clients import ARM_SCOPE, AzureClients
from haymaker.azure.target import AzureTarget


def test_provider_lists_types_with_api_versions(arm: ResourceManagementClient, sub: str) -> None:
    provider = arm.providers.get("Microsoft.Network")

    types = {t.resource_type: t for t in provider.resource_types}
    assert provider.id == f"/subscriptions/{sub}/providers/Microsoft.Network"
    assert provider.namespace == "Microsoft.Network"
    assert provider.registration_state == "Registered"
    assert "2024-05-01" in types["virtualNetworks"].api_versions
    assert "virtualNetworks/subnets" in types
    assert types["virtualNetworks"].locations


def test_container_apps_provider_lists_the_sdk_default_version(arm: ResourceManagementClient) -> None:
    types = {t.resource_type: t for t in arm.providers.get("Microsoft.App").resource_types}

    assert "2026-07-01" in types["containerApps"].api_versions
    assert "2026-07-01" in types["managedEnvironments"].api_versions


def test_authorization_provider_lists_the_sdk_default_version(arm: ResourceManagementClient) -> None:
    types = {t.resource_type: t for t in arm.providers.get("Microsoft.Authorization").resource_types}

    assert "2022-04-01" in types["roleAssignments"].api_versions
    assert "2020-05-01" in types["locks"].api_versions


def test_provider_lookup_ignores_namespace_case(arm: ResourceManagementClient) -> None:
    assert arm.providers.get("microsoft.storage").namespace == "Microsoft.Storage"


def test_unknown_namespace_is_invalid_resource_namespace(arm: ResourceManagementClient) -> None:
    with pytest.raises(ResourceNotFoundError) as caught:
        arm.providers.get("Microsoft.Nothing")

    assert caught.value.error.code == "InvalidResourceNamespace"


def test_providers_list_includes_every_namespace(arm: ResourceManagementClient) -> None:
    namespaces = {p.namespace for p in arm.providers.list()}

    assert {"Microsoft.Network", "Microsoft.App", "Microsoft.Authorization"} <= namespaces


def test_unknown_api_version_is_no_registered_provider_found(
    put: Callable[..., Any], rid: Callable[..., str], group: str
) -> None:
    with pytest.raises(HttpResponseError) as caught:
        put(rid("Microsoft.Network/virtualNetworks/v1"), api_version="2099-01-01", location="eastus")

    assert caught.value.status_code == 400
    assert caught.value.error.code == "NoRegisteredProviderFound"
    assert "'2099-01-01'" in caught.value.error.message
    assert "2024-05-01" in caught.value.error.message


def test_unknown_api_version_on_get_is_rejected_too(
    arm: ResourceManagementClient, rid: Callable[..., str], group: str
) -> None:
    with pytest.raises(HttpResponseError) as caught:
        arm.resources.get_by_id(rid("Microsoft.Network/virtualNetworks/v1"), api_version="2011-01-01")

    assert caught.value.error.code == "NoRegisteredProviderFound"


def test_unknown_type_is_invalid_resource_type(
    put: Callable[..., Any], rid: Callable[..., str], group: str
) -> None:
    with pytest.raises(HttpResponseError) as caught:
        put(rid("Microsoft.Network/flyingCarpets/c1"), location="eastus")

    assert caught.value.status_code == 400
    assert caught.value.error.code == "InvalidResourceType"


def test_unknown_namespace_on_a_resource_is_invalid_resource_namespace(
    put: Callable[..., Any], rid: Callable[..., str], group: str
) -> None:
    with pytest.raises(HttpResponseError) as caught:
        put(rid("Contoso.Widgets/widgets/w1"), location="eastus")

    assert caught.value.status_code == 404
    assert caught.value.error.code == "InvalidResourceNamespace"


def test_group_call_with_unknown_api_version_is_invalid_api_version_parameter(target: AzureTarget) -> None:
    client = ResourceManagementClient(
        AzureClients(target).credential,
        target.subscription_id,
        base_url=target.arm_url,
        api_version="2099-01-01",
        connection_verify=target.ca_path,
        credential_scopes=[ARM_SCOPE],
    )

    with pytest.raises(HttpResponseError) as caught:
        client.resource_groups.create_or_update("rg-x", ResourceGroup(location="eastus"))

    assert caught.value.status_code == 400
    assert caught.value.error.code == "InvalidApiVersionParameter"
