"""Where the Blob report store lives and how hard its client retries."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

DEFAULT_CONTAINER = "haymaker-reports"


class BlobClientOptions(BaseModel):
    """Retries and timeouts of the Blob client.

    The SDK's defaults (15 s first backoff, 3 retries) make an unreachable store hang for about
    a minute; a monitoring API should rather answer 503 quickly and let the caller retry.
    """

    model_config = ConfigDict(frozen=True)

    retry_total: int = Field(default=2, ge=0, le=10)
    initial_backoff: float = Field(default=1.0, ge=0)
    increment_base: float = Field(default=2.0, ge=0)
    jitter: float = Field(default=0.5, ge=0)
    connection_timeout: float = Field(default=5.0, gt=0)
    read_timeout: float = Field(default=30.0, gt=0)


class BlobStoreSettings(BaseModel):
    """A Blob container: by connection string (a secret) or by account URL + Entra credential."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["blob"] = "blob"
    connection_string: SecretStr | None = None
    account_url: str | None = None
    container: str = DEFAULT_CONTAINER
    options: BlobClientOptions = Field(default_factory=BlobClientOptions)

    @field_validator("container")
    @classmethod
    def _container_name(cls, value: str) -> str:
        # Azure: 3-63 chars, lowercase letters, digits and single dashes, starting alphanumeric.
        ok = 3 <= len(value) <= 63 and value[0].isalnum() and "--" not in value and not value.endswith("-")
        if not ok or any(not (c.isdigit() or ("a" <= c <= "z") or c == "-") for c in value):
            raise ValueError(
                f"container must be 3-63 lowercase letters, digits and single dashes; got {value!r}"
            )
        return value

    @field_validator("account_url")
    @classmethod
    def _https_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError(
                "account_url must be an http(s) URL, e.g. https://<account>.blob.core.windows.net"
            )
        return value

    @model_validator(mode="after")
    def _exactly_one_source(self) -> BlobStoreSettings:
        if (self.connection_string is None) == (self.account_url is None):
            raise ValueError("give exactly one of connection_string or account_url for the Blob report store")
        return self
