"""The Entra token endpoint: service principals sign in with the secret addPassword issued."""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.core.tokens import ADMIN_PRINCIPAL, issue_token
from haymaker.emulator.graph import principal_for_client_secret

TOKEN_LIFETIME = 3600


def routes(ctx: EmulatorContext) -> list[BaseRoute]:
    base = ctx.settings.authority_url

    async def openid_configuration(request: Request) -> Response:
        tenant = request.path_params["tenant"]
        return JSONResponse(
            {
                "token_endpoint": f"{base}/{tenant}/oauth2/v2.0/token",
                "authorization_endpoint": f"{base}/{tenant}/oauth2/v2.0/authorize",
                "issuer": f"{base}/{tenant}/v2.0",
                "device_authorization_endpoint": f"{base}/{tenant}/oauth2/v2.0/devicecode",
                "tenant_region_scope": "NA",
            }
        )

    async def token(request: Request) -> Response:
        # Parsed here rather than with request.form(): that needs python-multipart.
        form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
        client_id = str(form.get("client_id", ""))
        secret = str(form.get("client_secret", ""))
        if form.get("grant_type") != "client_credentials":
            return _token_error("unsupported_grant_type", "Only client_credentials is supported.")
        principal = _authenticate(ctx, client_id, secret)
        if principal is None:
            return _token_error(
                "invalid_client",
                f"AADSTS7000215: Invalid client secret provided for app '{client_id}'.",
                status=401,
            )
        access_token = issue_token(
            {"oid": principal, "appid": client_id, "tid": request.path_params["tenant"]},
            TOKEN_LIFETIME,
        )
        return JSONResponse(
            {
                "token_type": "Bearer",
                "expires_in": TOKEN_LIFETIME,
                "ext_expires_in": TOKEN_LIFETIME,
                "access_token": access_token,
            }
        )

    return [
        Route("/{tenant}/v2.0/.well-known/openid-configuration", openid_configuration, methods=["GET"]),
        Route("/{tenant}/oauth2/v2.0/token", token, methods=["POST"]),
    ]


def _authenticate(ctx: EmulatorContext, client_id: str, secret: str) -> str | None:
    """The principal a client secret signs in as: a service principal, or the built-in admin."""
    principal = principal_for_client_secret(ctx, client_id, secret)
    if principal is not None:
        return principal
    if client_id == "emulator-admin" and secret == "emulator-admin":
        return ADMIN_PRINCIPAL
    return None


def _token_error(code: str, description: str, status: int = 400) -> Response:
    return JSONResponse({"error": code, "error_description": description}, status_code=status)
