"""The automation `haymaker setup --notify-block` creates: a cleanup that cannot verify emits
haymaker.cleanup.failed, and the Prefect server sends the notification through the chosen block."""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from azure.mgmt.resource.resources.models import GenericResource

from haymaker.azure.clients import AzureClients
from haymaker.azure.target import AzureTarget
from haymaker.emulator.core.settings import EmulatorSettings
from haymaker.models.cleanup import CleanupStatus
from haymaker.reporting.models import CleanupSummary, RunReport, RunStatus
from haymaker.store import LocalReportStore
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


class LockedLeftover:
    """A managed group of a run that "failed", locked so no cleanup can delete it, and the run's
    record in the report store the stack's flows use (partial: its own cleanup failed)."""

    def __init__(self, stack: Stack) -> None:
        self.run_id = str(uuid.uuid4())
        self.clients = AzureClients(
            AzureTarget.from_emulator(EmulatorSettings.load(stack.emulator_data_dir), polling_interval=0.01)
        )
        arm = self.clients.resources()
        self.group = arm.resource_groups.create_or_update(
            f"locked-{self.run_id[:8]}",
            {"location": "eastus", "tags": haymaker_tags(self.run_id, "locked-scenario")},
        )
        self.lock_id = f"{self.group.id}/providers/Microsoft.Authorization/locks/keep"
        arm.resources.begin_create_or_update_by_id(
            self.lock_id,
            api_version=LOCK_API,
            parameters=GenericResource(properties={"level": "CanNotDelete"}),
        ).result()
        self.locked = True
        self.store = LocalReportStore(Path(stack.env["HAYMAKER_HOME"]) / "reports")
        self.store.write_run_report(
            RunReport(
                run_id=self.run_id,
                status=RunStatus.PARTIAL,
                started_at=datetime.now(UTC) - timedelta(hours=1),
                ended_at=datetime.now(UTC),
                cleanup=CleanupSummary(status=CleanupStatus.PARTIAL_FAILURE, remaining=1),
            )
        )

    def unlock(self) -> None:
        if self.locked:
            self.clients.resources().resources.begin_delete_by_id(self.lock_id, api_version=LOCK_API).result()
            self.locked = False

    def close(self) -> None:
        self.unlock()
        arm = self.clients.resources()
        if arm.resource_groups.check_existence(str(self.group.name)):
            arm.resource_groups.begin_delete(str(self.group.name)).result()
        self.clients.close()


@pytest.fixture
def locked_leftover(stack: Stack) -> Iterator[LockedLeftover]:
    leftover = LockedLeftover(stack)
    try:
        yield leftover
    finally:
        leftover.close()


def test_a_cleanup_that_cannot_verify_fails_notifies_and_a_later_sweep_settles_the_run(
    stack: Stack, receiver: Receiver, locked_leftover: LockedLeftover
) -> None:
    run_id = locked_leftover.run_id
    created = stack.cli("python", "-c", CREATE_WEBHOOK_BLOCK, receiver.url)
    assert created.returncode == 0, created.stderr
    setup = stack.cli(
        "haymaker", "setup", "--notify-block", "custom-webhook/haymaker-alerts", "--output", "json"
    )
    assert setup.returncode == 0, setup.stderr
    assert json.loads(setup.stdout)["automation"].startswith(("created", "replaced"))

    # The README's short id: the first 8 characters, as the UI shows them.
    _, done = stack.run_deployment("haymaker-cleanup/cleanup-on-demand", {"run_id": run_id[:8]})
    # The cleanup could not verify, and its flow run says so (issue 14, finding 3).
    assert done.returncode == 1, f"{done.stdout}\n{done.stderr}"
    assert "Flow run finished in state 'Failed'" in done.stdout

    message = receiver.wait_for(run_id, timeout=90)
    assert "HayMaker cleanup failed" in message["subject"]
    assert f"haymaker.run.{run_id}" in message["body"]
    assert "resource(s) remain" in message["body"]

    # Whatever held the group goes away; the next sweep cleans it and settles the run's record.
    locked_leftover.unlock()
    _, swept = stack.run_deployment("haymaker-cleanup/cleanup-sweep-hourly", {"older_than": "0s"})
    assert swept.returncode == 0, f"{swept.stdout}\n{swept.stderr}"
    shown = stack.cli("haymaker", "runs", "show", run_id[:8])
    assert shown.returncode == 0, shown.stderr
    assert re.search(r"^status\s+completed$", shown.stdout, re.M), shown.stdout
    assert re.search(r"^cleanup\s+verified, verified, 0 remaining", shown.stdout, re.M), shown.stdout
    modes = [e.mode for e in locked_leftover.store.list_cleanups(run_id)]
    assert modes[:2] == ["sweep", "run"]
