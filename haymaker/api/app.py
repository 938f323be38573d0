"""The monitoring API application: `create_app(settings_or_store)`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime

from fastapi import Depends, FastAPI

import haymaker
from haymaker.api.auth import require_api_key, warn_if_open
from haymaker.api.errors import install_error_handlers
from haymaker.api.log_stream import LogArchive, StreamOptions
from haymaker.api.openapi import install_openapi
from haymaker.api.reader import RunReader
from haymaker.api.routes import logs, ops, resources, runs, status
from haymaker.api.schedule import NextScheduledRun, earliest_scheduled_run
from haymaker.api.settings import ApiSettings, open_store
from haymaker.api.tracing import TraceIdMiddleware
from haymaker.store.protocol import ReportStore

API_PREFIX = "/api/v1"
TITLE = "HayMaker Monitoring API"
DESCRIPTION = (
    "Read-only view of HayMaker runs from the report store: orchestrator status, runs, their "
    "scenarios, resources, service principals, cleanup reports and agent logs (Server-Sent "
    "Events), plus Prometheus metrics and a health check. Every endpoint except /health (and "
    "/status when configured public) needs the API key as `Authorization: Bearer <key>`. Every "
    'answer carries an X-Trace-ID header; errors are `{"error": {code, message, trace_id, details}}`.'
)


def create_app(source: ApiSettings | ReportStore, *, settings: ApiSettings | None = None) -> FastAPI:
    """The API over the store `source` names (ApiSettings) or is (any ReportStore).

    With a store, `settings` gives the rest of the configuration (its `store` field is unused).
    """
    if isinstance(source, ApiSettings):
        config = source
        store = open_store(source.store)
        owned = True
    else:
        config = settings or ApiSettings()
        store = source
        owned = False

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        close = getattr(store, "close", None)
        if owned and callable(close):
            close()

    app = FastAPI(
        title=TITLE,
        version=haymaker.__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        # Starlette's slash redirect answers before authentication and builds its Location from
        # the client's Host header (finding 11); an unknown path is a plain 404 instead.
        redirect_slashes=False,
    )
    app.state.api_key = config.api_key
    app.state.public_status = config.public_status
    app.state.reader = RunReader(store, cache_runs=config.cache_runs, metrics_runs=config.metrics_runs)
    app.state.next_scheduled_run = NextScheduledRun(_schedule_lookup(config))
    app.state.log_archive = LogArchive(store, cache_entries=config.cache_runs * 32)
    app.state.stream_options = StreamOptions(
        poll_seconds=config.log_poll_seconds,
        heartbeat_seconds=config.heartbeat_seconds,
        max_seconds=config.stream_max_seconds,
    )
    warn_if_open(config.api_key)

    protected = [Depends(require_api_key)]
    app.include_router(status.router, prefix=API_PREFIX)
    app.include_router(runs.router, prefix=API_PREFIX, dependencies=protected)
    app.include_router(resources.router, prefix=API_PREFIX, dependencies=protected)
    app.include_router(logs.router, prefix=API_PREFIX, dependencies=protected)
    app.include_router(ops.router, prefix=API_PREFIX)
    # Where probes and Prometheus look by convention; the same handlers, not in the document.
    app.include_router(ops.router, include_in_schema=False)

    install_error_handlers(app)
    app.add_middleware(TraceIdMiddleware)
    install_openapi(app)
    return app


def _schedule_lookup(config: ApiSettings) -> Callable[[], datetime | None] | None:
    url = config.prefect_api_url
    if not url:
        return None
    secret = config.prefect_api_key
    # The key stays a SecretStr until the client is built for a lookup.
    return lambda: earliest_scheduled_run(url, api_key=secret.get_secret_value() if secret else None)
