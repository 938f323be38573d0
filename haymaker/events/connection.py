"""Choosing the bus from a connection string: a SQLite file or an Azure Service Bus namespace."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pydantic import SecretStr

from haymaker.events.bus import DEFAULT_BATCH_SIZE, DEFAULT_TOPIC, EventBus
from haymaker.events.service_bus import ServiceBusEventBus, namespace_host
from haymaker.events.sqlite_bus import SqliteEventBus

SQLITE_PREFIX = "sqlite:///"
FORMS = (
    "use 'sqlite:///path/to/bus.db' (or a file path ending in .db) for the embedded SQLite bus, "
    "or an Azure Service Bus connection string 'Endpoint=sb://<namespace>.servicebus.windows.net/;"
    "SharedAccessKeyName=<policy>;SharedAccessKey=<key>'"
)


def sqlite_path(connection_string: SecretStr) -> Path | None:
    """The database path if this is a SQLite connection string, else None."""
    value = connection_string.get_secret_value().strip()
    if value.lower().startswith("sqlite:"):
        if not value.lower().startswith(SQLITE_PREFIX):
            raise ValueError(f"malformed SQLite connection string; {FORMS}")
        path = value[len(SQLITE_PREFIX) :]
        if not path or path == ":memory:":
            raise ValueError(
                "the SQLite event bus needs a file that processes share, not an empty path or "
                f":memory:; {FORMS}"
            )
        return Path(path)
    if value.lower().endswith(".db") and "=" not in value:
        return Path(value)
    return None


def is_service_bus(connection_string: SecretStr) -> bool:
    for part in connection_string.get_secret_value().split(";"):
        key, _, value = part.partition("=")
        if key.strip().lower() == "endpoint" and value.strip().lower().startswith("sb://"):
            return True
    return False


def describe(connection_string: SecretStr) -> str:
    """A log-safe name for the bus (never includes a key)."""
    path = sqlite_path(connection_string)
    if path is not None:
        return f"sqlite:{path}"
    return f"servicebus:{namespace_host(connection_string)}"


def as_secret(connection_string: SecretStr | str | os.PathLike[str]) -> SecretStr:
    if isinstance(connection_string, SecretStr):
        value = connection_string.get_secret_value()
    elif isinstance(connection_string, str | os.PathLike):
        value = os.fspath(connection_string)
    else:
        raise TypeError(
            f"the event bus connection string must be a str or SecretStr, not "
            f"{type(connection_string).__name__}"
        )
    if not isinstance(value, str):
        raise TypeError("the event bus connection string must be text")
    return SecretStr(value)


def open_event_bus(
    connection_string: SecretStr | str | os.PathLike[str],
    *,
    topic_name: str = DEFAULT_TOPIC,
    batch_size: int = DEFAULT_BATCH_SIZE,
    subscriptions: Sequence[str] = (),
) -> EventBus:
    """Open the bus that ``connection_string`` names.

    ``subscriptions`` are created at once on SQLite, so events published before a consumer
    first polls are kept; on Service Bus they are infrastructure and are not touched here.
    """
    secret = as_secret(connection_string)
    if not secret.get_secret_value().strip():
        raise ValueError(f"the event bus connection string is empty; {FORMS}")
    path = sqlite_path(secret)
    if path is not None:
        return SqliteEventBus(path, topic_name, batch_size=batch_size, subscriptions=subscriptions)
    if is_service_bus(secret):
        return ServiceBusEventBus(secret, topic_name, batch_size=batch_size)
    # The value is not echoed: it may be a Service Bus string with a key and a typo.
    raise ValueError(f"unrecognised event bus connection string; {FORMS}")
