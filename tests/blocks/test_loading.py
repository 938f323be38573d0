"""Four block documents become one RunSettings (pure mapping, then loading by name)."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from blocks import HayMakerEventBus, HayMakerReportStore, HayMakerSettings, HayMakerTarget
from blocks.loading import (
    BlockNames,
    MissingBlockDocument,
    load_block,
    load_run_settings,
    run_settings_from_blocks,
)

SERVICE_BUS = "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=p;SharedAccessKey=k3y"


def _settings(**overrides: object) -> HayMakerSettings:
    return HayMakerSettings(**overrides)


def test_default_blocks_describe_an_emulator_run_in_the_first_region() -> None:
    settings = run_settings_from_blocks(
        HayMakerTarget(), HayMakerEventBus(), HayMakerReportStore(), _settings(), duration_seconds=20
    )
    assert settings.target.kind == "emulator"
    assert settings.target.location == "eastus"
    assert settings.event_bus is None and settings.report_store == "local"
    assert settings.time_scale is None  # auto: the flow compresses on the emulator only


def test_azure_target_block_carries_ids_allowlist_endpoints_and_secret() -> None:
    target = HayMakerTarget(
        kind="azure",
        tenant_id="t",
        subscription_id="00000000-0000-0000-0000-000000000001",
        allowed_subscriptions=["00000000-0000-0000-0000-000000000001"],
        client_id="c",
        client_secret=SecretStr("s3cret"),
        key_vault_url="https://kv.vault.azure.net",
        arm_url="https://management.usgovcloudapi.net",
    )
    settings = run_settings_from_blocks(
        target,
        HayMakerEventBus(),
        HayMakerReportStore(),
        _settings(),
        location="westeurope",
        duration_seconds=60,
    )
    assert settings.target.kind == "azure"
    assert settings.target.allowed_subscriptions == ["00000000-0000-0000-0000-000000000001"]
    assert settings.target.arm_url == "https://management.usgovcloudapi.net"
    assert settings.target.location == "westeurope"
    assert isinstance(settings.target.client_secret, SecretStr)
    assert settings.target.client_secret.get_secret_value() == "s3cret"


def test_service_bus_and_blob_store_blocks_map_to_run_settings() -> None:
    settings = run_settings_from_blocks(
        HayMakerTarget(),
        HayMakerEventBus(
            kind="service-bus",
            connection_string=SecretStr(SERVICE_BUS),
            topic="hay",
            subscription="orch",
            batch_size=50,
        ),
        HayMakerReportStore(
            kind="blob", account_url="https://acct.blob.core.windows.net", container="reports"
        ),
        _settings(),
        duration_seconds=60,
    )
    assert settings.event_bus is not None and settings.event_bus.get_secret_value() == SERVICE_BUS
    assert (settings.event_topic, settings.event_subscription, settings.event_batch_size) == (
        "hay",
        "orch",
        50,
    )
    assert settings.report_store == "blob"
    assert settings.report_blob_account_url == "https://acct.blob.core.windows.net"
    assert settings.report_blob_container == "reports"


def test_settings_block_sets_agent_shape_and_network() -> None:
    subnet = "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/apps"
    settings = run_settings_from_blocks(
        HayMakerTarget(),
        HayMakerEventBus(),
        HayMakerReportStore(path="/srv/reports"),
        _settings(container_image="acr.io/agent:7", cpu=4, memory_gi=32, infrastructure_subnet_id=subnet),
        duration_seconds=60,
    )
    assert (settings.container_image, settings.cpu, settings.memory_gi) == ("acr.io/agent:7", 4, 32)
    assert settings.infrastructure_subnet_id == subnet
    assert settings.report_dir == "/srv/reports"


@pytest.mark.parametrize("clock,expected", [("realtime", 1.0), ("compressed", 8 * 3600 / 60), ("auto", None)])
def test_agent_clock_chooses_the_agents_time_scale(clock: str, expected: float | None) -> None:
    settings = run_settings_from_blocks(
        HayMakerTarget(),
        HayMakerEventBus(),
        HayMakerReportStore(),
        _settings(agent_clock=clock),
        duration_seconds=60,
    )
    assert settings.time_scale == expected


@pytest.mark.parametrize("clock", ["realtime", "compressed", "auto"])
def test_a_document_saved_with_the_clock_in_agent_mode_keeps_its_clock_and_runs_steps(clock: str) -> None:
    # Before goal mode (issue 15) the clock was the block's `agent_mode`.
    block = HayMakerSettings.model_validate({"agent_mode": clock})
    assert (block.agent_clock, block.agent_mode) == (clock, "steps")


def test_goal_mode_and_its_budget_reach_the_run_settings() -> None:
    settings = run_settings_from_blocks(
        HayMakerTarget(),
        HayMakerEventBus(),
        HayMakerReportStore(),
        _settings(
            agent_mode="goal", goal_model="claude-haiku-4-5", goal_run_tokens=50_000, goal_run_calls=40
        ),
        duration_seconds=60,
    )
    assert (settings.agent_mode, settings.goal_model) == ("goal", "claude-haiku-4-5")
    assert (settings.goal_budget.run_tokens, settings.goal_budget.run_calls) == (50_000, 40)


def test_the_settings_block_refuses_an_agent_mode_that_is_neither_steps_nor_goal() -> None:
    with pytest.raises(ValueError, match="agent_mode"):
        HayMakerSettings.model_validate({"agent_mode": "improvise"})


def test_a_location_outside_the_settings_regions_is_refused() -> None:
    with pytest.raises(ValueError, match="not one of the settings' regions"):
        run_settings_from_blocks(
            HayMakerTarget(),
            HayMakerEventBus(),
            HayMakerReportStore(),
            _settings(regions=["eastus"]),
            location="japaneast",
            duration_seconds=60,
        )


def _delete_document(slug: str, name: str) -> None:
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            document = client.read_block_document_by_name(name, slug, include_secrets=False)
        except ObjectNotFound:
            return
        client.delete_block_document(document.id)


@pytest.mark.usefixtures("prefect_harness")
def test_a_missing_default_document_means_the_block_defaults() -> None:
    _delete_document("haymaker-target", "default")
    assert load_block(HayMakerTarget, "default").model_dump() == HayMakerTarget().model_dump()


@pytest.mark.usefixtures("prefect_harness")
def test_a_missing_named_document_is_an_error_naming_it() -> None:
    with pytest.raises(MissingBlockDocument, match="HayMaker Target block document 'prod-tenant'"):
        load_block(HayMakerTarget, "prod-tenant")


@pytest.mark.usefixtures("prefect_harness")
def test_saved_documents_are_loaded_by_name() -> None:
    HayMakerTarget(kind="emulator", emulator_data_dir="/var/emu").save("loading-test", overwrite=True)
    HayMakerSettings(regions=["westeurope"], duration="5m", size="3").save("loading-test", overwrite=True)

    settings, simulation = load_run_settings(BlockNames(target="loading-test", settings="loading-test"))

    assert settings.target.emulator_data_dir == "/var/emu"
    assert settings.target.location == "westeurope"
    assert (simulation.size, simulation.duration) == ("3", "5m")


def test_explicit_settings_win_over_blocks_and_keep_the_flow_defaults() -> None:
    from blocks.loading import resolve_settings
    from haymaker.simulation.settings import RunSettings, TargetSettings

    explicit = RunSettings(target=TargetSettings(emulator_data_dir="/emu"))
    settings, size, duration = resolve_settings(explicit, BlockNames(target="never-read"), "westeurope", None)

    assert settings.target.emulator_data_dir == "/emu"
    assert settings.target.location == "westeurope"
    assert (size, duration) == ("small", "20s")


def test_failure_hooks_rebuild_explicit_settings_from_the_run_parameters() -> None:
    from blocks.loading import settings_from_parameters

    params = {"settings": {"home": "/tmp/h", "target": {"emulator_data_dir": "/emu"}}, "location": "uaenorth"}
    settings = settings_from_parameters(params)

    assert (settings.home, settings.target.emulator_data_dir, settings.target.location) == (
        "/tmp/h",
        "/emu",
        "uaenorth",
    )
