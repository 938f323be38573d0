"""The API key: a secret in configuration, sent by clients as `Authorization: Bearer <key>`."""

from __future__ import annotations

import hmac
import logging
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import SecretStr

from haymaker.api.errors import UNAUTHORIZED, ApiError

logger = logging.getLogger("haymaker.api")

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ApiKey",
    description="The API key (HAYMAKER_API_KEY) as a bearer token: `Authorization: Bearer <key>`.",
)

# Operations whose key is optional in the document: /status needs it unless `public_status`.
OPTIONAL_AUTH_OPERATIONS = frozenset({"getStatus"})


def _unauthorized(message: str) -> ApiError:
    return ApiError(401, UNAUTHORIZED, message, headers={"WWW-Authenticate": 'Bearer realm="haymaker"'})


def check_api_key(expected: SecretStr | None, credentials: HTTPAuthorizationCredentials | None) -> None:
    """Raise 401 UNAUTHORIZED unless the bearer token equals the configured key (or none is set)."""
    if expected is None:
        return
    if credentials is None:
        raise _unauthorized("An API key is required: send 'Authorization: Bearer <key>'")
    # Constant-time comparison: the time taken tells nothing about how much of the key matched.
    if not hmac.compare_digest(credentials.credentials.encode(), expected.get_secret_value().encode()):
        raise _unauthorized("The API key is not valid")


BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def require_api_key(request: Request, credentials: BearerCredentials) -> None:
    """Dependency of every protected route."""
    check_api_key(request.app.state.api_key, credentials)


def status_access(request: Request, credentials: BearerCredentials) -> None:
    """Dependency of /status: open when the API is configured with public_status."""
    if not request.app.state.public_status:
        check_api_key(request.app.state.api_key, credentials)


def warn_if_open(api_key: SecretStr | None) -> None:
    """Log once, at start-up, that the API answers everyone when no key is configured."""
    if api_key is None:
        logger.warning(
            "HayMaker API: no API key configured (HAYMAKER_API_KEY); every endpoint answers "
            "without authentication"
        )
