"""EventBusClient: choosing the bus from the connection string, validating what is published."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import pytest
from pydantic import SecretStr

from haymaker.events import (
    AgentEvent,
    AgentLog,
    EventBusClient,
    InvalidEvent,
    OutgoingMessage,
    ServiceBusEventBus,
    SqliteEventBus,
    UnknownEventType,
)
from tests.events.helpers import RUN_ID, log_events, receive_all

SB_KEY = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs="
SB_CONNECTION = (
    "Endpoint=sb://haymaker-ns.servicebus.windows.net/;"
    f"SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={SB_KEY}"
)


def test_sqlite_url_selects_the_sqlite_bus(tmp_path: Path) -> None:
    with EventBusClient(f"sqlite:///{tmp_path}/nested/bus.db") as client:
        assert isinstance(client.bus, SqliteEventBus)
        assert client.bus.path == tmp_path / "nested" / "bus.db"


def test_plain_path_ending_in_db_selects_the_sqlite_bus(tmp_path: Path) -> None:
    with EventBusClient(SecretStr(str(tmp_path / "bus.db"))) as client:
        assert isinstance(client.bus, SqliteEventBus)


def test_service_bus_connection_string_selects_service_bus() -> None:
    client = EventBusClient(SecretStr(SB_CONNECTION), topic_name="agent-logs")
    try:
        assert isinstance(client.bus, ServiceBusEventBus)
        assert client.bus.host == "haymaker-ns.servicebus.windows.net"
    finally:
        client.close()


def test_the_shared_access_key_appears_in_no_repr() -> None:
    client = EventBusClient(SecretStr(SB_CONNECTION))
    try:
        shown = repr(client) + repr(client.bus) + repr(client.subscription)
    finally:
        client.close()

    assert SB_KEY not in shown
    assert "haymaker-ns.servicebus.windows.net" in shown


@pytest.mark.parametrize(
    "value",
    [
        "postgres://localhost/bus",
        f"Endpont=sb://typo.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey={SB_KEY}",
        "",
    ],
)
def test_unrecognised_connection_string_explains_both_forms_without_echoing_it(value: str) -> None:
    with pytest.raises(ValueError, match=r"sqlite:///path/to/bus\.db.*Endpoint=sb://") as caught:
        EventBusClient(value)

    assert SB_KEY not in str(caught.value)


def test_malformed_service_bus_string_is_explained_without_the_key() -> None:
    without_key_name = f"Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKey={SB_KEY}"

    with pytest.raises(ValueError, match=r"malformed.*SharedAccessKeyName") as caught:
        EventBusClient(SecretStr(without_key_name))

    assert SB_KEY not in str(caught.value)


def test_in_memory_sqlite_is_refused_because_processes_cannot_share_it() -> None:
    with pytest.raises(ValueError, match="processes share"):
        EventBusClient("sqlite:///:memory:")


def test_publishing_an_invalid_dict_names_the_field_and_buffers_nothing(tmp_path: Path) -> None:
    event = log_events(1)[0].model_dump(mode="json")
    del event["scenario_name"]

    with EventBusClient(f"sqlite:///{tmp_path}/bus.db") as client:
        with pytest.raises(InvalidEvent, match="'scenario_name'"):
            client.publish_event(event)
        assert client.buffered == 0


def test_publishing_an_unknown_event_type_is_refused(tmp_path: Path) -> None:
    event = log_events(1)[0].model_dump(mode="json") | {"event_type": "telemetry_v2"}

    with EventBusClient(f"sqlite:///{tmp_path}/bus.db") as client, pytest.raises(UnknownEventType):
        client.publish_event(event)


def test_publishing_an_oversize_event_is_refused(tmp_path: Path) -> None:
    huge = AgentLog(run_id=RUN_ID, scenario_name="s", level="info", message="x" * 300_000)

    with EventBusClient(f"sqlite:///{tmp_path}/bus.db") as client:
        with pytest.raises(InvalidEvent, match="limit is 262144 bytes") as caught:
            client.publish_event(huge)
        assert caught.value.code == "EventTooLarge"


def test_publish_events_validates_all_before_sending_any(tmp_path: Path) -> None:
    good, bad = (event.model_dump(mode="json") for event in log_events(2))
    del bad["run_id"]

    with EventBusClient(f"sqlite:///{tmp_path}/bus.db") as client:
        with pytest.raises(InvalidEvent):
            client.publish_events([good, bad])
        assert receive_all(client.subscription) == []


def test_events_published_before_the_consumer_first_polls_are_kept(tmp_path: Path) -> None:
    """The client creates its subscription when it opens the SQLite bus, publisher or not."""
    url = f"sqlite:///{tmp_path}/bus.db"
    with EventBusClient(url) as agent:
        agent.publish_events(log_events(2))

    with EventBusClient(url) as orchestrator:
        seen: list[AgentEvent] = []
        orchestrator.drain(seen.append, max_wait_time=0.05)

    assert len(seen) == 2


def test_closing_with_a_broken_bus_logs_the_lost_events_and_keeps_the_original_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    client = EventBusClient(f"sqlite:///{tmp_path}/bus.db", batch_size=10)
    client.publish_event(log_events(1)[0])
    client.bus.close()  # the bus is gone before the buffered event could be sent

    with caplog.at_level(logging.ERROR), pytest.raises(KeyError, match="original"), client:
        raise KeyError("original")

    assert "could not send 1 buffered event(s)" in caplog.text


def test_dict_events_are_validated_and_published(tmp_path: Path) -> None:
    event = log_events(1)[0].model_dump(mode="json")

    with EventBusClient(f"sqlite:///{tmp_path}/bus.db") as client:
        client.publish_events([event])
        [message] = receive_all(client.subscription, expected=1)

    assert message.message_id == event["event_id"]
    assert json.loads(message.body)["run_id"] == event["run_id"]


def test_publish_event_buffers_until_the_batch_is_full(tmp_path: Path) -> None:
    first, second, third = log_events(3)

    with EventBusClient(f"sqlite:///{tmp_path}/bus.db", batch_size=3) as client:
        client.publish_event(first)
        client.publish_event(second)
        before_full = receive_all(client.subscription, max_wait_time=0)
        client.publish_event(third)
        after_full = receive_all(client.subscription, expected=3)

    assert before_full == []
    assert [m.message_id for m in after_full] == [str(e.event_id) for e in (first, second, third)]


def test_flush_sends_a_partial_batch(tmp_path: Path) -> None:
    [event] = log_events(1)

    with EventBusClient(f"sqlite:///{tmp_path}/bus.db", batch_size=10) as client:
        client.publish_event(event)
        assert client.flush() == 1
        assert client.buffered == 0
        assert len(receive_all(client.subscription, expected=1)) == 1


def test_leaving_the_with_block_sends_buffered_events_even_after_an_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/bus.db"
    [event] = log_events(1)

    with pytest.raises(RuntimeError, match="crashed"), EventBusClient(url, batch_size=10) as agent:
        agent.publish_event(event)
        raise RuntimeError("the agent crashed after creating a resource")

    with EventBusClient(url) as orchestrator:
        [message] = receive_all(orchestrator.subscription, expected=1)
    assert message.message_id == str(event.event_id)


def test_dead_letter_descriptions_say_what_is_wrong(tmp_path: Path) -> None:
    bodies = {
        "poison-json": b'{"event_type": ',
        "poison-missing": json.dumps({"event_type": "agent_started", "run_id": "r"}).encode(),
    }
    with EventBusClient(f"sqlite:///{tmp_path}/bus.db") as client:
        client.bus.publish_messages([OutgoingMessage(body, name) for name, body in bodies.items()])
        client.drain(lambda event: None, max_wait_time=0)
        described = {d.message_id: d.dead_letter_description for d in client.dead_letters()}

    assert "body is not valid JSON" in (described["poison-json"] or "")
    assert "missing required field(s) 'event_id', 'scenario_name', 'timestamp'" in (
        described["poison-missing"] or ""
    )


def test_async_callback_from_inside_a_running_loop_is_refused_with_the_fix(tmp_path: Path) -> None:
    async def on_event(event: AgentEvent) -> None:
        return None

    async def consume_inside_the_loop() -> None:
        with EventBusClient(f"sqlite:///{tmp_path}/bus.db") as client:
            client.drain(on_event, max_wait_time=0)

    with pytest.raises(RuntimeError, match=r"asyncio\.to_thread"):
        asyncio.run(consume_inside_the_loop())
