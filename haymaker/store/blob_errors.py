"""Azure Storage errors as report store errors, without leaking URLs, SAS tokens or keys.

An SDK error message can quote the request URL (with a SAS token in its query) or headers, so
none of it is copied: only the operation, the store path, the HTTP status and the error code.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from azure.core.exceptions import (
    ClientAuthenticationError,
    HttpResponseError,
    ServiceRequestError,
    ServiceResponseError,
)

from haymaker.store.errors import StoreError, StoreUnavailable

# Statuses Azure Storage answers when it is busy or briefly down: worth retrying.
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
DEFAULT_RETRY_AFTER = 5.0


def _retry_after(error: HttpResponseError) -> float:
    response = error.response
    header = response.headers.get("Retry-After") if response is not None else None
    try:
        return max(1.0, float(header)) if header else DEFAULT_RETRY_AFTER
    except ValueError:
        return DEFAULT_RETRY_AFTER


def translate(error: Exception, operation: str, path: str) -> StoreError:
    """The StoreError for an exception the Blob SDK raised during `operation` on `path`."""
    where = f"blob store {operation} of {path!r}"
    if isinstance(error, ServiceRequestError | ServiceResponseError):
        # Connection refused, DNS, TLS, timeouts: the service was not reached or did not answer.
        return StoreUnavailable(f"{where} failed: storage unreachable ({type(error).__name__})", 5.0)
    if isinstance(error, ClientAuthenticationError):
        return StoreError(f"{where} failed: authentication refused (status {error.status_code})")
    if isinstance(error, HttpResponseError):
        code = getattr(error, "error_code", None) or "unknown"
        if error.status_code in RETRYABLE_STATUSES:
            return StoreUnavailable(
                f"{where} failed: storage busy (status {error.status_code}, {code})", _retry_after(error)
            )
        return StoreError(f"{where} failed: status {error.status_code}, {code}")
    return StoreError(f"{where} failed: {type(error).__name__}")


@contextmanager
def translated(operation: str, path: str) -> Iterator[None]:
    """Re-raise Azure SDK errors inside the block as StoreError / StoreUnavailable."""
    try:
        yield
    except StoreError:
        raise
    except (HttpResponseError, ServiceRequestError, ServiceResponseError) as exc:
        raise translate(exc, operation, path) from None
