"""Azurite (the Azure Storage emulator from npm) as a test process on a free loopback port."""

from __future__ import annotations

import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
AZURITE_BLOB = REPO_ROOT / "node_modules" / ".bin" / "azurite-blob"
# Azurite's well-known development account (public, documented by Microsoft; not a secret).
ACCOUNT = "devstoreaccount1"
ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
STARTUP_SECONDS = 60.0

INSTALL_HINT = (
    "Azurite is not installed: the Blob report store tests need Node.js 20+ and npm on the PATH "
    "(e.g. `apt-get install nodejs npm`) and `npm install --no-audit --no-fund` run at the "
    "repository root (`make test` runs that npm install)."
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def connection_string(port: int) -> str:
    return (
        f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={ACCOUNT_KEY};"
        f"BlobEndpoint=http://127.0.0.1:{port}/{ACCOUNT};"
    )


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


@dataclass
class Azurite:
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def connection_string(self) -> str:
        return connection_string(self.port)

    def stop(self) -> None:
        """Stop this Azurite process (by its own PID) and wait for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                # Azurite's graceful close waits ~10 s for idle keep-alive sockets; its state is
                # in memory, so there is nothing to lose by not waiting for it.
                self.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_azurite(log_dir: Path) -> Azurite:
    """Start `azurite-blob` in memory on a free port; fail with an install hint when missing."""
    if not AZURITE_BLOB.exists():
        raise RuntimeError(f"{INSTALL_HINT} (looked for {AZURITE_BLOB})")
    port = free_port()
    log_path = log_dir / "azurite.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                str(AZURITE_BLOB),
                "--blobHost",
                "127.0.0.1",
                "--blobPort",
                str(port),
                "--inMemoryPersistence",
                "--skipApiVersionCheck",
                "--silent",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=REPO_ROOT,
        )
    azurite = Azurite(process, port, log_path)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log_path.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"azurite-blob exited with {process.returncode} at start-up:\n{output}")
        if _accepts(port):
            return azurite
        time.sleep(0.1)
    azurite.stop()
    raise RuntimeError(f"azurite-blob did not listen on 127.0.0.1:{port} within {STARTUP_SECONDS:.0f} s")
