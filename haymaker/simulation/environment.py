"""A run's environment: target, SDK clients, event bus, report store — and the embedded emulator.

`open_environment(settings)` is the one place that decides where a run acts: an emulator already
running (its data dir), an emulator started in-process (the default), or an allowlisted Azure.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr

from haymaker.azure.clients import AzureClients
from haymaker.azure.target import AzureTarget
from haymaker.simulation.settings import RunSettings
from haymaker.store import LocalReportStore, ReportStore

EMULATOR_POLLING_INTERVAL = 0.05


@dataclass
class RunEnvironment:
    settings: RunSettings
    target: AzureTarget
    clients: AzureClients
    store: ReportStore
    event_bus: SecretStr
    home: Path
    # Which cloud this is, as run reports record it: emulator:<data dir> or azure:<tenant>/<sub>.
    cloud: str = ""

    @property
    def subscription_id(self) -> str:
        return self.target.subscription_id

    @property
    def key_vault_url(self) -> str:
        if not self.target.key_vault_url:
            raise ValueError("The target has no key_vault_url: set target.key_vault_url for Azure")
        return self.target.key_vault_url

    @property
    def location(self) -> str:
        return self.settings.target.location


def emulator_data_dir(settings: RunSettings) -> Path | None:
    """The data dir of an emulator to use instead of an embedded one, if any."""
    import os

    chosen = settings.target.emulator_data_dir or os.environ.get("HAYMAKER_EMULATOR_DATA_DIR")
    return Path(chosen).resolve() if chosen else None


_OPEN: dict[Path, RunEnvironment] = {}


@contextmanager
def open_environment(settings: RunSettings) -> Iterator[RunEnvironment]:
    """Set up where the run acts; an embedded emulator lives exactly as long as the block.

    Nested use with the same home (the cleanup subflow inside a simulation) shares the open
    environment instead of starting a second emulator on the same state."""
    home = settings.home_path()
    if home in _OPEN:
        yield _OPEN[home]
        return
    with _fresh_environment(settings) as env:
        _OPEN[home] = env
        try:
            yield env
        finally:
            _OPEN.pop(home, None)


@contextmanager
def _fresh_environment(settings: RunSettings) -> Iterator[RunEnvironment]:
    home = settings.home_path()
    home.mkdir(parents=True, exist_ok=True)
    store = _report_store(settings)
    bus = settings.event_bus or SecretStr(f"sqlite:///{home / 'bus.db'}")
    if settings.target.kind == "azure":
        target = _azure_target(settings)
        clients = AzureClients(target)
        cloud = f"azure:{target.tenant_id}/{target.subscription_id}"
        try:
            yield RunEnvironment(settings, target, clients, store, bus, home, cloud)
        finally:
            clients.close()
        return

    data_dir = emulator_data_dir(settings)
    if data_dir is not None:
        from haymaker.emulator.core.settings import EmulatorSettings

        emulator_settings = EmulatorSettings.load(data_dir)
        target = AzureTarget.from_emulator(
            emulator_settings,
            polling_interval=EMULATOR_POLLING_INTERVAL,
            outage_seconds=settings.target.outage_seconds,
        )
        clients = AzureClients(target)
        try:
            yield RunEnvironment(settings, target, clients, store, bus, home, f"emulator:{data_dir}")
        finally:
            clients.close()
        return

    from haymaker.emulator.server import Emulator

    with Emulator(data_dir=home / "emulator") as emulator:
        emulator.run_agents()
        target = AzureTarget.from_emulator(
            emulator.settings,
            polling_interval=EMULATOR_POLLING_INTERVAL,
            outage_seconds=settings.target.outage_seconds,
        )
        clients = AzureClients(target)
        cloud = f"emulator:{Path(emulator.settings.data_dir).resolve()}"
        try:
            yield RunEnvironment(settings, target, clients, store, bus, home, cloud)
        finally:
            clients.close()


def _report_store(settings: RunSettings) -> ReportStore:
    if settings.report_store == "local":
        return LocalReportStore(settings.report_path())
    from haymaker.store.blob import BlobReportStore
    from haymaker.store.blob_settings import BlobStoreSettings

    return BlobReportStore.from_settings(
        BlobStoreSettings(
            connection_string=settings.report_blob_connection_string,
            account_url=settings.report_blob_account_url,
            container=settings.report_blob_container,
        )
    )


def _azure_target(settings: RunSettings) -> AzureTarget:
    t = settings.target
    required = ("tenant_id", "subscription_id", "key_vault_url", "key_vault_id")
    missing = [name for name in required if not getattr(t, name)]
    if missing:
        raise ValueError(
            "target 'azure' needs " + ", ".join(missing) + " (and allowed_subscriptions); "
            "set them in the target settings"
        )
    return AzureTarget(
        kind="azure",
        tenant_id=t.tenant_id or "",
        subscription_id=t.subscription_id or "",
        allowed_subscriptions=t.allowed_subscriptions,
        key_vault_url=t.key_vault_url,
        key_vault_id=t.key_vault_id,
        client_id=t.client_id,
        client_secret=t.client_secret,
        arm_url=t.arm_url,
        graph_url=t.graph_url,
        authority_url=t.authority_url,
        outage_seconds=t.outage_seconds,
    )
