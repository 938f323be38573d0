"""The automation `haymaker setup --notify-block` creates: a cleanup that cannot verify emits
haymaker.cleanup.failed, and the Prefect server sends the notification through the chosen block."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from azure.mgmt.resource.resources.models import GenericResource

from haymaker.azure.clients import AzureClients
from haymaker.azure.target import AzureTarget
from haymaker.emulator.core.settings import EmulatorSettings
from haymaker.tags import haymaker_tags

from .conftest import Stack

pytestmark = pytest.mark.slow

LOCK_API = "2020-05-01"
CREATE_WEBHOOK_BLOCK = """
import sys
from prefect.blocks.notifications import CustomWebhookNotificationBlock
CustomWebhookNotificationBlock(
    name="haymaker-test", url=sys.argv[1], json_data={"subject": "{{subject}}", "body": "{{body}}"}
).save("haymaker-alerts", overwrite=True)
"""


class Receiver:
    """A local webhook endpoint that records what it is sent."""

    def __init__(self) -> None:
        received: list[dict[str, str]] = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                received.append(json.loads(self.rfile.read(length) or b"{}"))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return

        self.received = received
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def wait_for(self, text: str, timeout: float) -> dict[str, str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.received:
                if text in json.dumps(message):
                    return message
            time.sleep(0.25)
        raise AssertionError(f"no notification mentioning {text} within {timeout:.0f} s; got {self.received}")


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    hook = Receiver()
    hook.thread.start()
    try:
        yield hook
    finally:
        hook.server.shutdown()
        hook.server.server_close()


@pytest.fixture
def locked_leftover(stack: Stack) -> Iterator[str]:
    """A managed group of a (made-up) run, locked so no cleanup can delete it; removed afterwards."""
    run_id = str(uuid.uuid4())
    clients = AzureClients(
        AzureTarget.from_emulator(EmulatorSettings.load(stack.emulator_data_dir), polling_interval=0.01)
    )
    arm = clients.resources()
    group = arm.resource_groups.create_or_update(
        f"locked-{run_id[:8]}", {"location": "eastus", "tags": haymaker_tags(run_id, "locked-scenario")}
    )
    lock_id = f"{group.id}/providers/Microsoft.Authorization/locks/keep"
    arm.resources.begin_create_or_update_by_id(
        lock_id, api_version=LOCK_API, parameters=GenericResource(properties={"level": "CanNotDelete"})
    ).result()
    try:
        yield run_id
    finally:
        arm.resources.begin_delete_by_id(lock_id, api_version=LOCK_API).result()
        arm.resource_groups.begin_delete(str(group.name)).result()
        clients.close()


def test_a_cleanup_that_cannot_verify_sends_the_notification(
    stack: Stack, receiver: Receiver, locked_leftover: str
) -> None:
    created = stack.cli("python", "-c", CREATE_WEBHOOK_BLOCK, receiver.url)
    assert created.returncode == 0, created.stderr
    setup = stack.cli(
        "haymaker", "setup", "--notify-block", "custom-webhook/haymaker-alerts", "--output", "json"
    )
    assert setup.returncode == 0, setup.stderr
    assert json.loads(setup.stdout)["automation"].startswith(("created", "replaced"))

    _, done = stack.run_deployment("haymaker-cleanup/cleanup-on-demand", {"run_id": locked_leftover})
    # The cleanup could not verify, and its flow run says so (issue 14, finding 3).
    assert done.returncode == 1, f"{done.stdout}\n{done.stderr}"
    assert "Flow run finished in state 'Failed'" in done.stdout

    message = receiver.wait_for(locked_leftover, timeout=90)
    assert "HayMaker cleanup failed" in message["subject"]
    assert f"haymaker.run.{locked_leftover}" in message["body"]
    assert "resource(s) remain" in message["body"]
