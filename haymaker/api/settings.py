"""Configuration of the monitoring API and of the report store it reads (also used by the CLI).

Environment (the same for `haymaker api serve` and the operator commands):
- HAYMAKER_BLOB_CONNECTION_STRING, or HAYMAKER_BLOB_ACCOUNT_URL (DefaultAzureCredential), with
  HAYMAKER_BLOB_CONTAINER (default haymaker-reports): the Blob report store;
- otherwise HAYMAKER_REPORT_DIR (default $HAYMAKER_HOME/reports, else .haymaker/reports): the
  local report store (`haymaker/store/locations.py`, as the flows resolve it);
- HAYMAKER_API_KEY: the API key clients send as a bearer token (unset: no authentication);
- HAYMAKER_API_PUBLIC_STATUS=true: /status answers without the key;
- HAYMAKER_API_PREFECT_API_URL, else PREFECT_API_URL: where /status asks for the next scheduled
  simulation (`next_scheduled_run`; unset: null), with PREFECT_API_KEY when Prefect Cloud needs it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from haymaker.store.blob_settings import DEFAULT_CONTAINER, BlobStoreSettings
from haymaker.store.locations import DEFAULT_HOME, report_dir
from haymaker.store.protocol import ReportStore

DEFAULT_REPORT_DIR = Path(DEFAULT_HOME) / "reports"
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


class LocalStoreSettings(BaseModel):
    """The report store in a local directory."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["local"] = "local"
    path: Path = DEFAULT_REPORT_DIR


StoreSettings = Annotated[LocalStoreSettings | BlobStoreSettings, Field(discriminator="kind")]


class ApiSettings(BaseModel):
    """Everything `create_app` needs besides (optionally) a ready-made store."""

    model_config = ConfigDict(frozen=True)

    store: StoreSettings = Field(default_factory=LocalStoreSettings)
    api_key: SecretStr | None = Field(default=None, description="Bearer token clients must send")
    public_status: bool = Field(default=False, description="Serve /status without the API key")
    log_poll_seconds: float = Field(default=0.5, gt=0, description="How often a log stream polls")
    heartbeat_seconds: float = Field(default=15.0, gt=0, description="SSE keep-alive interval")
    stream_max_seconds: float = Field(default=3600.0, gt=0, description="Longest a log stream stays open")
    cache_runs: int = Field(default=8, ge=0, description="Runs whose parsed documents are cached (0: off)")
    metrics_runs: int = Field(default=10, ge=0, description="Most recent runs with per-run metrics")
    prefect_api_url: str | None = Field(
        default=None, description="Prefect API asked for next_scheduled_run (None: not asked, null)"
    )
    prefect_api_key: SecretStr | None = None


class SettingsError(ValueError):
    """The environment does not describe a usable configuration."""


def _flag(environ: Mapping[str, str], name: str) -> bool:
    value = environ.get(name, "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SettingsError(f"{name} must be true or false, got {value!r}")


def store_settings_from_env(environ: Mapping[str, str]) -> LocalStoreSettings | BlobStoreSettings:
    """The report store the environment names (Blob when a Blob variable is set, else local)."""
    connection = environ.get("HAYMAKER_BLOB_CONNECTION_STRING") or None
    account_url = environ.get("HAYMAKER_BLOB_ACCOUNT_URL") or None
    if connection and account_url:
        raise SettingsError("set HAYMAKER_BLOB_CONNECTION_STRING or HAYMAKER_BLOB_ACCOUNT_URL, not both")
    if connection or account_url:
        try:
            return BlobStoreSettings(
                connection_string=SecretStr(connection) if connection else None,
                account_url=account_url,
                container=environ.get("HAYMAKER_BLOB_CONTAINER") or DEFAULT_CONTAINER,
            )
        except ValueError as exc:
            # The first message only: pydantic's full text would quote the inputs.
            raise SettingsError(f"Blob report store settings: {_first_message(exc)}") from None
    return LocalStoreSettings(path=report_dir(environ))


def _first_message(error: ValueError) -> str:
    errors = getattr(error, "errors", None)
    if callable(errors):
        first = errors(include_url=False, include_input=False)[0]
        return str(first["msg"])
    return str(error)


def api_settings_from_env(environ: Mapping[str, str]) -> ApiSettings:
    """ApiSettings from HAYMAKER_* variables (see the module docstring)."""
    key = environ.get("HAYMAKER_API_KEY") or None
    return ApiSettings(
        store=store_settings_from_env(environ),
        api_key=SecretStr(key) if key else None,
        public_status=_flag(environ, "HAYMAKER_API_PUBLIC_STATUS"),
        prefect_api_url=environ.get("HAYMAKER_API_PREFECT_API_URL") or environ.get("PREFECT_API_URL") or None,
        prefect_api_key=SecretStr(environ["PREFECT_API_KEY"]) if environ.get("PREFECT_API_KEY") else None,
    )


def open_store(settings: LocalStoreSettings | BlobStoreSettings) -> ReportStore:
    """The report store these settings describe (Blob clients are imported only when needed)."""
    if isinstance(settings, BlobStoreSettings):
        from haymaker.store.blob import BlobReportStore

        return BlobReportStore.from_settings(settings)
    from haymaker.store.local import LocalReportStore

    return LocalReportStore(settings.path)
