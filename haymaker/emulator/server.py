"""Run the emulator: in-process (a context manager for tests and the embedded target) or served.

The composition root of the emulator: the one module that knows every service package and the
order their routes are tried in (specific services first, the generic ARM engine's catch-all
last).
"""

from __future__ import annotations

import logging
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import trustme
import uvicorn

from haymaker.emulator.arm import routes as arm_routes
from haymaker.emulator.authorization import routes as authorization_routes
from haymaker.emulator.bootstrap import admin_credentials, ensure_tenant, vault_id
from haymaker.emulator.container_apps import routes as container_apps_routes
from haymaker.emulator.core import control
from haymaker.emulator.core.app import build_app
from haymaker.emulator.core.context import EmulatorContext, EmulatorOptions
from haymaker.emulator.core.faults import FaultRule
from haymaker.emulator.core.private_files import write_private
from haymaker.emulator.core.settings import (
    CA_FILE,
    DEFAULT_SUBSCRIPTION_ID,
    DEFAULT_TENANT_ID,
    EmulatorSettings,
)
from haymaker.emulator.core.state import EmulatorState
from haymaker.emulator.core.tokens import load_or_create_key
from haymaker.emulator.graph import routes as graph_routes
from haymaker.emulator.identity import routes as identity_routes
from haymaker.emulator.keyvault import VAULT_HOST_OPENER, reopen_vault_hosts
from haymaker.emulator.keyvault import routes as keyvault_routes
from haymaker.emulator.resource_graph import routes as resource_graph_routes

SERVICES = (
    control,
    identity_routes,
    graph_routes,
    keyvault_routes,
    resource_graph_routes,
    authorization_routes,
    container_apps_routes,
    arm_routes,
)

STATE_FILE = "state.db"


class _QuietShutdown(logging.Filter):
    """uvicorn reports cancelling idle keep-alive connections at stop as an ERROR; it is not one."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "timeout graceful shutdown exceeded" not in record.getMessage()


logging.getLogger("uvicorn.error").addFilter(_QuietShutdown())
SERVER_CERT_FILE = "server.pem"
CA_KEY_FILE = "ca-key.pem"
log = logging.getLogger(__name__)


def _bound_socket(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted sockets inherit this; without it every response waits ~40 ms on delayed ACK.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    return sock


def _port_is_free(port: int) -> bool:
    try:
        _bound_socket("127.0.0.1", port).close()
    except OSError:
        return False
    return True


def _address(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"{host}:{port}"


class Emulator:
    """The local Azure emulator on https://127.0.0.1:<port>.

    `with Emulator() as emu:` starts it on a free port with a fresh CA; `emu.settings` says
    where to point SDK clients. With `data_dir`, cloud state lives in `<data_dir>/state.db`
    and survives restarts, as do the CA and (unless `port` says otherwise) the port; other
    processes read `<data_dir>/emulator.json`.
    """

    def __init__(
        self,
        data_dir: str | Path | None = None,
        port: int | None = None,
        *,
        first_port: int = 0,
        subscription_id: str = DEFAULT_SUBSCRIPTION_ID,
        tenant_id: str = DEFAULT_TENANT_ID,
        options: EmulatorOptions | None = None,
    ) -> None:
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if data_dir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="haymaker-emulator-")
            data_dir = self._tmp.name
        self.data_dir = Path(data_dir)
        self.port = port
        self.first_port = first_port
        self.subscription_id = subscription_id
        self.tenant_id = tenant_id
        self.options = options or EmulatorOptions()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._extra: list[tuple[uvicorn.Server, threading.Thread]] = []
        self._hosts_lock = threading.Lock()
        self._next_host = 0
        self._app: Any = None
        self._ca: Any = None
        self.ctx: EmulatorContext | None = None

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> EmulatorSettings:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        sock = _bound_socket("127.0.0.1", self._port_to_use())
        self.port = sock.getsockname()[1]
        ca_path, cert_path = self._write_tls_material()
        base = f"https://127.0.0.1:{self.port}"
        admin_id, admin_secret = admin_credentials(self.data_dir)
        settings = EmulatorSettings(
            arm_url=base,
            graph_url=f"{base}/v1.0",
            key_vault_url=base,
            key_vault_id=vault_id(self.subscription_id),
            authority_url=base,
            subscription_id=self.subscription_id,
            tenant_id=self.tenant_id,
            ca_path=str(ca_path),
            data_dir=str(self.data_dir),
            admin_client_id=admin_id,
            admin_client_secret=admin_secret,
        )
        state = EmulatorState(self.data_dir / STATE_FILE)
        self.ctx = EmulatorContext(
            state=state,
            settings=settings,
            options=self.options,
            token_key=load_or_create_key(self.data_dir),
        )
        self._app = build_app(self.ctx, SERVICES)
        ctx = self.ctx
        # Every vault but the orchestrator's gets a host of its own, as <name>.vault.azure.net.
        ctx.runtime[VAULT_HOST_OPENER] = self._open_vault_host
        self._server, self._thread = self._serve(sock, cert_path, "haymaker-emulator")
        ensure_tenant(ctx)
        reopen_vault_hosts(ctx)
        ctx.runtime.setdefault("after_reset", []).append(lambda: ensure_tenant(ctx))
        settings.save()
        return settings

    def _serve(
        self, sock: socket.socket, cert_path: Path, name: str
    ) -> tuple[uvicorn.Server, threading.Thread]:
        config = uvicorn.Config(
            self._app,
            ssl_certfile=str(cert_path),
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_keep_alive=30,
            # A client that still holds a response (e.g. inside a kept exception) must not keep
            # stop() waiting for its keep-alive connection.
            timeout_graceful_shutdown=1,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name=name, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        address = _address(sock)
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError(f"The emulator failed to start on {address}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"The emulator did not start on {address} within 30 s")
            time.sleep(0.01)
        return server, thread

    def _open_vault_host(self, wanted: str | None) -> str:
        """Serve the emulator on one more loopback address (a vault's host); its host:port."""
        with self._hosts_lock:
            if wanted is not None:
                host, _, port_text = wanted.rpartition(":")
                port = int(port_text)
            else:
                self._next_host += 1
                host, port = f"127.0.1.{self._next_host}", self.port
            try:
                sock = _bound_socket(host, port)
            except OSError:
                if wanted is not None:
                    raise
                sock = _bound_socket(host, 0)
            cert = self._ca.issue_cert(host)
            cert_path = self.data_dir / f"vault-host-{host}.pem"
            cert.private_key_and_cert_chain_pem.write_to_path(str(cert_path))
            server, thread = self._serve(sock, cert_path, f"haymaker-emulator-{host}")
            self._extra.append((server, thread))
            return _address(sock)

    def stop(self) -> None:
        if self.ctx is not None:
            for stopper in list(self.ctx.runtime.get("on_stop", [])):
                stopper()
        for server, _ in self._extra:
            server.should_exit = True
        if self._server is not None:
            self._server.should_exit = True
        for _, thread in self._extra:
            thread.join(timeout=10)
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self.ctx is not None:
            self.ctx.state.close()
        if self._tmp is not None:
            self._tmp.cleanup()

    @contextmanager
    def outage(self) -> Iterator[None]:
        """The main endpoint refuses connections inside the block, as a host that went down would
        (vault hosts and agents keep running); it serves again, same port and CA, on exit."""
        self._context()
        server, thread = self._server, self._thread
        if server is None or thread is None or self.port is None:
            raise RuntimeError("The emulator is not serving")
        server.should_exit = True
        thread.join(timeout=10)
        try:
            yield
        finally:
            sock = _bound_socket("127.0.0.1", self.port)
            self._server, self._thread = self._serve(
                sock, self.data_dir / SERVER_CERT_FILE, "haymaker-emulator"
            )

    def __enter__(self) -> Emulator:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- what tests and operators use ---------------------------------------------------------
    @property
    def settings(self) -> EmulatorSettings:
        return self._context().settings

    @property
    def state(self) -> EmulatorState:
        return self._context().state

    def add_fault(self, **rule: Any) -> int:
        """Inject a fault, e.g. add_fault(method="DELETE", path="/virtualNetworks/", status=429,
        code="TooManyRequests", count=2, retry_after=1)."""
        return self.state.add_fault(FaultRule(**rule).model_dump())

    def run_agents(self) -> None:
        """Run every container app as a local agent process (as `haymaker simulate` does)."""
        from haymaker.emulator.container_apps.agent_processes import enable

        enable(self._context())

    def clear_faults(self) -> None:
        self.state.clear_faults()

    def requests(self, since: int = 0) -> list[dict[str, Any]]:
        return self.state.requests(since)

    def reset(self) -> None:
        for stopper in list(self._context().runtime.get("on_reset", [])):
            stopper()
        self.state.reset()
        for restore in list(self._context().runtime.get("after_reset", [])):
            restore()

    def _context(self) -> EmulatorContext:
        if self.ctx is None:
            raise RuntimeError("The emulator is not running; use `with Emulator() as emu:`")
        return self.ctx

    def _write_tls_material(self) -> tuple[Path, Path]:
        ca = self._load_or_create_ca()
        self._ca = ca
        cert = ca.issue_cert("127.0.0.1", "localhost")
        cert_path = self.data_dir / SERVER_CERT_FILE
        cert.private_key_and_cert_chain_pem.write_to_path(str(cert_path))
        return self.data_dir / CA_FILE, cert_path

    def _load_or_create_ca(self) -> trustme.CA:
        """The data dir's CA, made once: clients that trust it (agents, a worker, a shell with
        REQUESTS_CA_BUNDLE) reconnect after a restart (finding 8 of the safety campaign)."""
        ca_path, key_path = self.data_dir / CA_FILE, self.data_dir / CA_KEY_FILE
        if ca_path.exists() and key_path.exists():
            return trustme.CA.from_pem(ca_path.read_bytes(), key_path.read_bytes())
        ca = trustme.CA(organization_name="HayMaker emulator")
        write_private(key_path, ca.private_key_pem.bytes())
        ca.cert_pem.write_to_path(str(ca_path))
        return ca

    def _port_to_use(self) -> int:
        """An explicit port; else the one this data dir served on last (so its clients find it
        again), when it is free; else `first_port` (0: any free port)."""
        if self.port is not None:
            return self.port
        try:
            previous = urlsplit(EmulatorSettings.load(self.data_dir).arm_url).port or 0
        except (FileNotFoundError, ValueError):
            return self.first_port
        if previous and _port_is_free(previous):
            return previous
        if previous:
            log.warning("port %d (this data dir's last) is in use; serving on another port", previous)
        return 0
