"""Who is calling: every request outside the public endpoints needs a token this emulator signed.

Each service refuses a missing, foreign, expired or wrong-audience token in its own shape:
- ARM: 401 `AuthenticationFailed` (no header), `InvalidAuthenticationToken`,
  `ExpiredAuthenticationToken`, `InvalidAuthenticationTokenAudience`
  (https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/common-deployment-errors).
- Microsoft Graph: 401 `InvalidAuthenticationToken` with "Access token is empty." and friends
  (https://learn.microsoft.com/graph/errors).
- Key Vault: 401 `Unauthorized` with the `WWW-Authenticate` challenge the SDK's challenge policy
  answers (https://learn.microsoft.com/azure/key-vault/general/authentication-requests-and-responses).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from starlette.requests import Request
from starlette.responses import Response

from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.core.errors import error_response
from haymaker.emulator.core.tokens import (
    ARM_AUDIENCE,
    GRAPH_AUDIENCE,
    KEY_VAULT_AUDIENCE,
    TokenProblem,
    bearer,
    read_token,
)

Service = Literal["arm", "graph", "keyvault"]
KEY_VAULT_PREFIXES = ("/secrets", "/deletedsecrets")
_AUDIENCE = {"arm": ARM_AUDIENCE, "graph": GRAPH_AUDIENCE, "keyvault": KEY_VAULT_AUDIENCE}
_ARM_AUDIENCES = (
    "'https://management.core.windows.net/','https://management.core.windows.net',"
    "'https://management.azure.com/','https://management.azure.com'"
)


@dataclass(frozen=True)
class Caller:
    """The principal a request's token names."""

    object_id: str
    app_id: str
    tenant_id: str


def is_public(path: str) -> bool:
    """The control API, the token endpoint and discovery documents need no token."""
    return (
        path.startswith("/_emulator")
        or "/oauth2/" in path
        or "/.well-known/" in path
        or path.endswith("/discovery/instance")
    )


def service_of(path: str) -> Service:
    if path.startswith("/v1.0"):
        return "graph"
    if path.startswith(KEY_VAULT_PREFIXES):
        return "keyvault"
    return "arm"


def caller_of(request: Request) -> Caller:
    """The authenticated caller the middleware put on the request."""
    caller = getattr(request.state, "caller", None)
    if not isinstance(caller, Caller):
        raise RuntimeError(f"{request.url.path} was served without an authenticated caller")
    return caller


def authenticate(ctx: EmulatorContext, request: Request) -> Caller | Response:
    """The caller named by a valid token for this path's service, or the 401 the service sends."""
    service = service_of(request.url.path)
    token = bearer(request.headers.get("authorization"))
    if token is None:
        return _missing(ctx, service)
    claims = read_token(ctx.token_key, token)
    if isinstance(claims, TokenProblem):
        return _refused(ctx, service, claims)
    audience = str(claims.get("aud", ""))
    if audience != _AUDIENCE[service]:
        return _wrong_audience(ctx, service, audience)
    return Caller(
        object_id=str(claims.get("oid", "")),
        app_id=str(claims.get("appid", "")),
        tenant_id=str(claims.get("tid", "")),
    )


def _challenge(ctx: EmulatorContext) -> dict[str, str]:
    return {
        "WWW-Authenticate": (
            f'Bearer authorization="https://login.microsoftonline.com/{ctx.settings.tenant_id}", '
            'resource="https://vault.azure.net"'
        )
    }


def _missing(ctx: EmulatorContext, service: Service) -> Response:
    if service == "keyvault":
        return error_response(
            401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.", _challenge(ctx)
        )
    if service == "graph":
        return error_response(401, "InvalidAuthenticationToken", "Access token is empty.", shape="graph")
    return error_response(
        401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing."
    )


def _refused(ctx: EmulatorContext, service: Service, problem: TokenProblem) -> Response:
    expired = problem.kind == "expired"
    if service == "keyvault":
        message = "AKV10032: Token expired." if expired else "AKV10022: Invalid token."
        return error_response(401, "Unauthorized", message, _challenge(ctx))
    if service == "graph":
        message = (
            "Lifetime validation failed, the token is expired."
            if expired
            else "Access token validation failure. Invalid token."
        )
        return error_response(401, "InvalidAuthenticationToken", message, shape="graph")
    if expired:
        now = datetime.now(UTC).strftime("%m/%d/%Y %H:%M:%S")
        return error_response(
            401,
            "ExpiredAuthenticationToken",
            f"The access token expiry UTC time is earlier than current UTC time '{now}'.",
        )
    return error_response(
        401, "InvalidAuthenticationToken", f"The access token is invalid: {problem.detail}."
    )


def _wrong_audience(ctx: EmulatorContext, service: Service, audience: str) -> Response:
    if service == "keyvault":
        return error_response(
            401,
            "Unauthorized",
            f"AKV10022: Invalid audience. Expected {KEY_VAULT_AUDIENCE}, found: {audience}.",
            _challenge(ctx),
        )
    if service == "graph":
        return error_response(
            401,
            "InvalidAuthenticationToken",
            "Access token validation failure. Invalid audience.",
            shape="graph",
        )
    return error_response(
        401,
        "InvalidAuthenticationTokenAudience",
        f"The access token has been obtained for wrong audience or resource '{audience}'. It "
        f"should exactly match with one of the allowed audiences {_ARM_AUDIENCES}.",
    )
