"""Outages of the target are ridden out for a bounded time (finding 8 of the safety campaign).

`Emulator.outage()` closes the listening socket, so the real SDK clients meet a refused
connection, as they would at a host that went down, and then the same port and CA again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from azure.core.exceptions import ServiceRequestError

from haymaker.agent.retry import call_with_retry
from haymaker.azure.backoff import RetryPolicy
from haymaker.azure.clients import AzureClients
from haymaker.azure.reachability import TargetUnreachable, is_unreachable, ride_out
from haymaker.azure.target import AzureTarget
from haymaker.emulator.server import Emulator


@pytest.fixture
def own_emulator() -> Iterator[Emulator]:
    # Its own instance: the shared one must never go down under another test.
    with Emulator() as emulator:
        yield emulator


def _clients(emulator: Emulator, outage_seconds: float) -> AzureClients:
    return AzureClients(AzureTarget.from_emulator(emulator.settings, outage_seconds=outage_seconds))


def _groups(clients: AzureClients) -> list[str]:
    return [str(g.name) for g in clients.resources().resource_groups.list()]


def _down_for(emulator: Emulator, seconds: float, started: threading.Event) -> threading.Thread:
    def outage() -> None:
        with emulator.outage():
            started.set()
            time.sleep(seconds)

    thread = threading.Thread(target=outage)
    thread.start()
    started.wait(10)
    return thread


def test_an_arm_call_during_a_short_outage_succeeds_when_the_target_is_back(own_emulator: Emulator) -> None:
    clients = _clients(own_emulator, outage_seconds=60)
    before = _groups(clients)
    outage = _down_for(own_emulator, 8, threading.Event())  # past azure-core's own ~5 s

    during = _groups(clients)

    outage.join()
    assert during == before


def test_a_fresh_sign_in_during_a_short_outage_succeeds_when_the_target_is_back(
    own_emulator: Emulator,
) -> None:
    outage = _down_for(own_emulator, 8, threading.Event())

    groups = _groups(_clients(own_emulator, outage_seconds=60))

    outage.join()
    assert isinstance(groups, list)


def test_a_target_down_past_its_budget_fails_as_unreachable(own_emulator: Emulator) -> None:
    clients = _clients(own_emulator, outage_seconds=1)
    _groups(clients)
    with own_emulator.outage(), pytest.raises(ServiceRequestError) as raised:
        _groups(clients)

    assert is_unreachable(raised.value)
    assert _groups(clients) is not None  # and the same client works again once it is back


def test_a_budget_of_zero_keeps_the_sdks_own_three_connection_retries(own_emulator: Emulator) -> None:
    clients = _clients(own_emulator, outage_seconds=0)
    _groups(clients)
    with own_emulator.outage(), pytest.raises(ServiceRequestError):
        _groups(clients)


def test_an_answer_that_says_no_is_not_an_outage(own_emulator: Emulator) -> None:
    from azure.core.exceptions import ResourceNotFoundError

    clients = _clients(own_emulator, outage_seconds=60)
    with pytest.raises(ResourceNotFoundError) as raised:
        clients.resources().resource_groups.get("no-such-group")

    assert not is_unreachable(raised.value)


def test_ride_out_names_the_url_once_the_budget_is_spent(own_emulator: Emulator) -> None:
    clients = _clients(own_emulator, outage_seconds=0)
    _groups(clients)
    url = own_emulator.settings.arm_url
    with own_emulator.outage(), pytest.raises(TargetUnreachable, match=f"target unreachable: {url}"):
        ride_out(lambda: _groups(clients), url=url, budget_seconds=1)


def test_ride_out_returns_once_the_target_answers_again(own_emulator: Emulator) -> None:
    clients = _clients(own_emulator, outage_seconds=0)
    before = _groups(clients)
    outage = _down_for(own_emulator, 6, threading.Event())

    during = ride_out(lambda: _groups(clients), url=own_emulator.settings.arm_url, budget_seconds=60)

    outage.join()
    assert during == before


def test_ride_out_raises_other_failures_at_once() -> None:
    calls = []

    def refuse() -> None:
        calls.append(1)
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        ride_out(refuse, url="https://x", budget_seconds=60, sleep=lambda s: None)
    assert len(calls) == 1


def test_the_agents_retry_rides_out_connection_failures_for_its_outage_budget() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    def unreachable() -> None:
        raise ServiceRequestError("connection refused")

    policy = RetryPolicy(max_attempts=3, outage_seconds=45, sleep=sleep, clock=lambda: now[0])
    with pytest.raises(ServiceRequestError):
        call_with_retry(unreachable, policy)

    assert slept[:2] == [1, 2]  # the policy's own backoff first, then knocking every 10 s
    assert 45 <= sum(slept) <= 45 + 3


def test_the_agents_retry_returns_when_the_connection_comes_back() -> None:
    now = [0.0]
    attempts = []

    def sleep(seconds: float) -> None:
        now[0] += seconds

    def back_after_30_seconds() -> str:
        attempts.append(now[0])
        if now[0] < 30:
            raise ConnectionRefusedError("connection refused")
        return "ok"

    policy = RetryPolicy(max_attempts=2, outage_seconds=60, sleep=sleep, clock=lambda: now[0])

    assert call_with_retry(back_after_30_seconds, policy) == "ok"
    assert len(attempts) > 2


def test_without_an_outage_budget_the_agent_gives_up_after_its_attempts() -> None:
    attempts = []

    def unreachable() -> None:
        attempts.append(1)
        raise ServiceRequestError("connection refused")

    with pytest.raises(ServiceRequestError):
        call_with_retry(unreachable, RetryPolicy(max_attempts=3, sleep=lambda s: None))
    assert len(attempts) == 3
