"""A minimal Chrome DevTools Protocol client over `websockets` (headless Debian chromium)."""

from __future__ import annotations

import itertools
import json
import shutil
import signal
import time
from pathlib import Path
from typing import Any

import httpx
from websockets.sync.client import ClientConnection, connect

from .processes import Processes, Started, wait_until

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
    "--window-size=1400,1600",
)


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise RuntimeError(
            "Debian's chromium is not installed: `apt-get update && apt-get install -y chromium` "
            "(.ci/run does this before the tests)"
        )
    return found


def start_chromium(processes: Processes, profile: Path, env: dict[str, str]) -> tuple[Started, int]:
    """Chromium on about:blank with a fresh profile; (process, DevTools port)."""
    started = processes.start(
        "chromium",
        [chromium_path(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
        env,
        profile.parent,
        stop_signal=signal.SIGTERM,
    )
    port_file = profile / "DevToolsActivePort"
    wait_until(
        lambda: port_file.exists() and port_file.read_text().strip() != "",
        60,
        "chromium's DevTools port",
        started,
    )
    return started, int(port_file.read_text().splitlines()[0])


class Page:
    """One browser tab driven over the DevTools protocol."""

    def __init__(self, port: int) -> None:
        targets = httpx.get(f"http://127.0.0.1:{port}/json/list", timeout=10).json()
        page = next(t for t in targets if t.get("type") == "page")
        self._ws: ClientConnection = connect(page["webSocketDebuggerUrl"], max_size=64 * 1024 * 1024)
        self._ids = itertools.count(1)

    def close(self) -> None:
        self._ws.close()

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        message_id = next(self._ids)
        self._ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self._ws.recv(timeout=60))
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return dict(message.get("result", {}))

    def navigate(self, url: str) -> None:
        self.call("Page.enable")
        self.call("Page.navigate", url=url)

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float) -> Any:
        """Poll a JS expression until it is truthy (the UI renders client-side, after load)."""
        deadline = time.monotonic() + timeout
        value = None
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.25)
        raise TimeoutError(
            f"the page never satisfied {expression!r}; body text:\n{self.evaluate('document.body.innerText')[:3000]}"
        )

    def screenshot(self, path: Path) -> None:
        import base64

        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))
