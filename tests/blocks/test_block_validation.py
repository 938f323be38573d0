"""Block documents refuse configurations that cannot work, with a message saying why."""

from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError

from blocks import HayMakerEventBus, HayMakerReportStore, HayMakerSettings, HayMakerTarget

SERVICE_BUS = "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=p;SharedAccessKey=k3y"


def test_service_bus_kind_needs_a_connection_string() -> None:
    with pytest.raises(ValidationError, match="needs a connection_string"):
        HayMakerEventBus(kind="service-bus")


def test_service_bus_kind_rejects_a_sqlite_connection_string() -> None:
    with pytest.raises(ValidationError, match="Endpoint=sb://"):
        HayMakerEventBus(kind="service-bus", connection_string=SecretStr("sqlite:///bus.db"))


def test_sqlite_kind_rejects_a_service_bus_connection_string() -> None:
    with pytest.raises(ValidationError, match="sqlite:///"):
        HayMakerEventBus(kind="sqlite", connection_string=SecretStr(SERVICE_BUS))


def test_event_bus_connection_string_never_shows_in_repr_or_dump() -> None:
    bus = HayMakerEventBus(kind="service-bus", connection_string=SecretStr(SERVICE_BUS))
    assert "k3y" not in repr(bus)
    assert "k3y" not in bus.model_dump_json()


def test_blob_report_store_needs_a_credential_or_an_account_url() -> None:
    with pytest.raises(ValidationError, match="credential"):
        HayMakerReportStore(kind="blob")


def test_target_client_secret_never_shows_in_repr() -> None:
    target = HayMakerTarget(kind="azure", client_secret=SecretStr("s3cret-value"))
    assert "s3cret-value" not in repr(target)
    assert "s3cret-value" not in target.model_dump_json()


@pytest.mark.parametrize("field,value", [("size", "huge"), ("duration", "soon"), ("regions", [])])
def test_settings_reject_an_unusable_size_duration_or_region_list(field: str, value: object) -> None:
    with pytest.raises(ValidationError):
        HayMakerSettings(**{field: value})
