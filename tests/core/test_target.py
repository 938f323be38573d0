"""S4: on the azure target, subscriptions and tenants outside the allowlist are refused."""

from __future__ import annotations

import pytest

from haymaker.azure.clients import AzureClients
from haymaker.azure.target import AzureTarget, TargetNotAllowed

SUB = "11111111-1111-4111-8111-111111111111"
OTHER = "22222222-2222-4222-8222-222222222222"
TENANT = "33333333-3333-4333-8333-333333333333"


def test_azure_target_needs_an_allowlist() -> None:
    with pytest.raises(ValueError, match="allowed_subscriptions"):
        AzureTarget(kind="azure", tenant_id=TENANT, subscription_id=SUB)


def test_azure_target_refuses_a_subscription_outside_the_allowlist() -> None:
    with pytest.raises(TargetNotAllowed, match=SUB):
        AzureTarget(kind="azure", tenant_id=TENANT, subscription_id=SUB, allowed_subscriptions=[OTHER])


def test_clients_refuse_to_build_for_a_subscription_outside_the_allowlist() -> None:
    target = AzureTarget(kind="azure", tenant_id=TENANT, subscription_id=SUB, allowed_subscriptions=[SUB])
    clients = AzureClients(target, credential=object())  # type: ignore[arg-type]
    with pytest.raises(TargetNotAllowed, match=OTHER):
        clients.resources(OTHER)


def test_another_tenant_is_refused() -> None:
    target = AzureTarget(kind="azure", tenant_id=TENANT, subscription_id=SUB, allowed_subscriptions=[SUB])
    with pytest.raises(TargetNotAllowed, match="tenant"):
        target.check_allowed(SUB, tenant_id=OTHER)


def test_emulator_target_has_no_allowlist_to_satisfy() -> None:
    target = AzureTarget(kind="emulator", tenant_id=TENANT, subscription_id=SUB)
    target.check_allowed(OTHER)


def test_subscription_must_be_a_uuid() -> None:
    with pytest.raises(ValueError, match="subscription_id"):
        AzureTarget(kind="emulator", tenant_id=TENANT, subscription_id="prod")
