"""Microsoft.Network resources carry a read-only etag that changes whenever they are updated
(azure-rest-api-specs specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/
networkSecurityGroup.json: NetworkSecurityGroup.etag, readOnly)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from azure.mgmt.resource.resources import ResourceManagementClient
from azure.mgmt.resource.resources.models import GenericResource

from .conftest import NETWORK_API

WEAK_ETAG = re.compile(r'^W/"[0-9a-f-]{36}"$')


def raw(arm: ResourceManagementClient, resource_id: str, api_version: str = NETWORK_API) -> dict[str, Any]:
    """The response body as ARM sent it (GenericResource has no etag field)."""
    return arm.resources.get_by_id(
        resource_id,
        api_version=api_version,
        cls=lambda response, _model, _headers: response.http_response.json(),
    )


def test_a_network_resource_has_a_weak_etag_that_reads_back_the_same(
    arm: ResourceManagementClient, put: Callable[..., Any], rid: Callable[..., str], group: str
) -> None:
    nsg = rid("Microsoft.Network/networkSecurityGroups/nsg1")
    put(nsg, location="eastus", properties={"securityRules": []})

    first, second = raw(arm, nsg), raw(arm, nsg)

    assert WEAK_ETAG.match(first["etag"])
    assert second["etag"] == first["etag"]


def test_a_put_changes_the_etag(
    arm: ResourceManagementClient, put: Callable[..., Any], rid: Callable[..., str], group: str
) -> None:
    nsg = rid("Microsoft.Network/networkSecurityGroups/nsg1")
    put(nsg, location="eastus", properties={"securityRules": []})
    before = raw(arm, nsg)["etag"]

    put(nsg, location="eastus", properties={"securityRules": []})

    assert raw(arm, nsg)["etag"] != before


def test_a_patch_changes_the_etag(
    arm: ResourceManagementClient, put: Callable[..., Any], rid: Callable[..., str], group: str
) -> None:
    ip = rid("Microsoft.Network/publicIPAddresses/ip1")
    put(ip, location="eastus", properties={})
    before = raw(arm, ip)["etag"]

    arm.resources.begin_update_by_id(
        ip, api_version=NETWORK_API, parameters=GenericResource(tags={"b": "2"})
    ).result()

    assert raw(arm, ip)["etag"] != before


def test_an_etag_the_client_sends_is_not_kept(
    arm: ResourceManagementClient, rid: Callable[..., str], group: str
) -> None:
    nsg = rid("Microsoft.Network/networkSecurityGroups/nsg1")
    arm.resources.begin_create_or_update_by_id(
        nsg,
        api_version=NETWORK_API,
        parameters={"location": "eastus", "etag": 'W/"chosen-by-client"', "properties": {}},
    ).result()

    assert raw(arm, nsg)["etag"] != 'W/"chosen-by-client"'


def test_a_type_whose_spec_declares_no_etag_gets_none(
    arm: ResourceManagementClient, put: Callable[..., Any], rid: Callable[..., str], group: str
) -> None:
    # Microsoft.ManagedIdentity/userAssignedIdentities (ManagedIdentity.json 2023-01-31) has no etag.
    identity = rid("Microsoft.ManagedIdentity/userAssignedIdentities/id1")
    put(identity, api_version="2023-01-31", location="eastus")

    assert "etag" not in raw(arm, identity, "2023-01-31")
