"""Typed errors carrying Azure's error code and message, and which of them are worth a retry."""

from __future__ import annotations

from typing import Any

from azure.core.exceptions import HttpResponseError, ServiceRequestError, ServiceResponseError

from haymaker.azure.reachability import is_unreachable

RETRYABLE_CODES = frozenset(
    {
        "conflict",
        "anotheroperationinprogress",
        "resourcegroupbeingdeleted",
        "scopelocked",
        "toomanyrequests",
        "throttled",
        "internalservererror",
        "serviceunavailable",
        "gatewaytimeout",
        "retryableerror",
        "inuse",
        "subnetinuse",
        "dependentresourcesexist",
        "cannotdeleteresource",
    }
)
RETRYABLE_WORDS = ("conflict", "contains", "dependency", "depend", "locked", "in use", "inuse")


class AzureError(Exception):
    """An Azure call failed. Carries Azure's `code`, `message` and HTTP `status`; never a secret."""

    def __init__(
        self,
        message: str,
        *,
        code: str = "Unknown",
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}" if code else message)
        self.code = code
        self.message = message
        self.status = status
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        return is_retryable(self.status, self.code, self.message)


class ResourceNotFound(AzureError):
    pass


class ConflictError(AzureError):
    """409: a dependency, a lock, or another operation in progress."""


class ThrottledError(AzureError):
    """429: slow down; `retry_after` seconds if the service said."""


class TransientError(AzureError):
    """5xx or a broken connection."""

    @property
    def retryable(self) -> bool:
        return True


class UnreachableError(TransientError):
    """The target never answered: the connection (or the sign-in's) was refused or timed out.
    Retried for the outage budget rather than a count (finding 8)."""


class AuthError(AzureError):
    """401/403: credentials or permissions are wrong."""


class GraphError(AzureError):
    """Microsoft Graph refused a call."""


class ContainerAppError(AzureError):
    """A Container Apps call failed."""


def is_retryable(status: int | None, code: str | None, message: str | None = None) -> bool:
    if status is not None and (status == 429 or status >= 500):
        return True
    if code and code.lower() in RETRYABLE_CODES:
        return True
    if status == 409:
        return True
    text = (message or "").lower()
    return status in (400, 409) and any(word in text for word in RETRYABLE_WORDS)


def _retry_after(response: Any) -> float | None:
    if response is None:
        return None
    value = response.headers.get("Retry-After") if hasattr(response, "headers") else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def from_http_error(exc: HttpResponseError | ServiceRequestError | ServiceResponseError) -> AzureError:
    """Map an azure-core exception to the typed error above, keeping Azure's code and message."""
    if isinstance(exc, ServiceRequestError) or is_unreachable(exc):
        return UnreachableError(str(exc.message or exc), code="ConnectionError")
    if isinstance(exc, ServiceResponseError):
        return TransientError(str(exc.message or exc), code="ConnectionError")
    status = exc.status_code
    code = (exc.error.code if exc.error is not None else None) or getattr(exc, "reason", None) or "Unknown"
    message = (exc.error.message if exc.error is not None else None) or str(exc.message or exc)
    retry_after = _retry_after(exc.response)
    cls: type[AzureError] = AzureError
    if status == 404:
        cls = ResourceNotFound
    elif status == 409:
        cls = ConflictError
    elif status == 429:
        cls = ThrottledError
    elif status is not None and status >= 500:
        cls = TransientError
    elif status in (401, 403):
        cls = AuthError
    return cls(message, code=str(code), status=status, retry_after=retry_after)


def is_transient(exc: BaseException) -> bool:
    """For retry conditions: worth another try (throttling, 5xx, conflicts that clear)."""
    if isinstance(exc, AzureError):
        return exc.retryable
    if isinstance(exc, (ServiceRequestError, ServiceResponseError)):
        return True
    if isinstance(exc, HttpResponseError):
        return from_http_error(exc).retryable
    return isinstance(exc, (ConnectionError, TimeoutError))
