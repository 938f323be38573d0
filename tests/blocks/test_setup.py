"""`haymaker setup` against a Prefect server: block documents, rate limits, the automation."""

from __future__ import annotations

import pytest
from prefect.blocks.notifications import CustomWebhookNotificationBlock
from prefect.client.orchestration import get_client

from blocks import HayMakerSettings, HayMakerTarget
from haymaker.cli.setup import default_documents
from haymaker.prefect_setup import (
    AUTOMATION_NAME,
    ensure_cleanup_failed_automation,
    ensure_rate_limit,
    parse_block_reference,
    run_setup,
)
from haymaker.throttling import ARM_WRITES, AZURE_RATE_LIMITS, AzureCalls, RateLimit

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_setup_saves_the_default_documents_the_flows_load() -> None:
    report = run_setup(default_documents("/srv/emulator"), limits=[], overwrite=True)

    assert set(report.documents) == {
        "haymaker-target/default",
        "haymaker-event-bus/default",
        "haymaker-report-store/default",
        "haymaker-settings/default",
    }
    assert HayMakerTarget.load("default").emulator_data_dir == "/srv/emulator"
    saved, defaults = HayMakerSettings.load("default"), HayMakerSettings()
    assert (saved.size, saved.duration, saved.regions) == (defaults.size, defaults.duration, defaults.regions)


def test_setup_keeps_documents_an_operator_changed() -> None:
    run_setup(default_documents(None), limits=[], overwrite=True)
    HayMakerSettings(size="medium").save("default", overwrite=True)

    report = run_setup(default_documents(None), limits=[])

    assert report.documents["haymaker-settings/default"] == "kept"
    assert HayMakerSettings.load("default").size == "medium"


def test_setup_creates_every_azure_rate_limit_with_its_size_and_decay() -> None:
    run_setup([], limits=AZURE_RATE_LIMITS)

    with get_client(sync_client=True) as client:
        for expected in AZURE_RATE_LIMITS:
            limit = client.read_global_concurrency_limit_by_name(expected.name)
            assert (limit.limit, limit.slot_decay_per_second) == (expected.limit, expected.slots_per_second)
            assert limit.active


def test_setup_resizes_a_limit_that_drifted() -> None:
    small = RateLimit(name="haymaker-test-drift", limit=3, slots_per_second=1, source="test")
    assert ensure_rate_limit(small) in ("created", "updated", "unchanged")
    bigger = small.model_copy(update={"limit": 7})

    assert ensure_rate_limit(bigger) == "updated"
    assert ensure_rate_limit(bigger) == "unchanged"
    with get_client(sync_client=True) as client:
        assert client.read_global_concurrency_limit_by_name("haymaker-test-drift").limit == 7


def test_throttled_tasks_acquire_from_the_limits_setup_created() -> None:
    from tasks.throttle import throttle

    run_setup([], limits=AZURE_RATE_LIMITS)
    # strict: raises if a limit is missing or is not a rate limit with slot decay.
    throttle(AzureCalls(arm_writes=2, graph_writes=1, resource_graph=1), strict=True, timeout_seconds=30)

    with get_client(sync_client=True) as client:
        assert client.read_global_concurrency_limit_by_name(ARM_WRITES).active_slots >= 0


def test_without_a_notification_block_setup_still_creates_the_automation_and_says_how_to_notify() -> None:
    report = run_setup([], limits=[])
    assert "no notification: give --notify-block" in report.automation
    with get_client(sync_client=True) as client:
        (automation,) = client.read_automations_by_name(AUTOMATION_NAME)
    assert automation.trigger.expect == {"haymaker.cleanup.failed"}
    assert [a.type for a in automation.actions] == ["do-nothing"]


def test_automation_notifies_through_the_named_block_on_cleanup_failed() -> None:
    CustomWebhookNotificationBlock(name="t", url="https://hooks.example.com/x").save(
        "haymaker-ops", overwrite=True
    )

    outcome = ensure_cleanup_failed_automation("custom-webhook/haymaker-ops")
    ensure_cleanup_failed_automation("custom-webhook/haymaker-ops")  # idempotent: replaced, not doubled

    with get_client(sync_client=True) as client:
        automations = client.read_automations_by_name(AUTOMATION_NAME)
        block = client.read_block_document_by_name("haymaker-ops", "custom-webhook", include_secrets=False)
    assert outcome.startswith(("created", "replaced"))
    assert len(automations) == 1
    automation = automations[0]
    assert automation.trigger.expect == {"haymaker.cleanup.failed"}
    assert [a.type for a in automation.actions] == ["send-notification"]
    assert automation.actions[0].block_document_id == block.id


def test_automation_with_a_missing_notification_block_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="'slack-webhook/nobody' does not exist"):
        ensure_cleanup_failed_automation("slack-webhook/nobody")


@pytest.mark.parametrize("reference", ["slack-webhook", "/ops", "slack-webhook/", "a/b/c"])
def test_a_notification_block_reference_must_be_type_slash_name(reference: str) -> None:
    with pytest.raises(ValueError, match="is not TYPE/NAME"):
        parse_block_reference(reference)
