"""The Entra token endpoint: service principals sign in with the secret addPassword issued.

Client credentials only, as Entra answers it
(https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow): the
scope must be `<resource>/.default` (AADSTS1002012 otherwise), the resource must exist
(AADSTS500011), the tenant must be this one (AADSTS90002), and the token names the principal and
the resource it is for.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.core.tokens import audience_for_scope, issue_token
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
        tenant = request.path_params["tenant"]
        if form.get("grant_type") != "client_credentials":
            return _token_error("unsupported_grant_type", "Only client_credentials is supported.")
        if tenant.lower() not in (ctx.settings.tenant_id.lower(), "organizations"):
            return _token_error(
                "invalid_request",
                f"AADSTS90002: Tenant '{tenant}' not found. Check to make sure you have the correct "
                "tenant ID and are signing into the correct cloud.",
            )
        scope = str(form.get("scope", ""))
        if not scope.endswith("/.default") or " " in scope.strip():
            return _token_error(
                "invalid_scope",
                f"AADSTS1002012: The provided value for scope {scope} is not valid. Client credential "
                "flows must have a scope value with /.default suffixed to the resource identifier "
                "(application ID URI).",
            )
        audience = audience_for_scope(scope)
        if audience is None:
            resource = scope.removesuffix("/.default")
            return _token_error(
                "invalid_resource",
                f"AADSTS500011: The resource principal named {resource} was not found in the tenant "
                f"named {ctx.settings.tenant_id}.",
            )
        principal = principal_for_client_secret(ctx, client_id, secret)
        if principal is None:
            return _token_error(
                "invalid_client",
                f"AADSTS7000215: Invalid client secret provided for app '{client_id}'.",
                status=401,
            )
        access_token = issue_token(
            ctx.token_key,
            {"oid": principal, "appid": client_id, "tid": ctx.settings.tenant_id, "aud": audience},
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


def _token_error(code: str, description: str, status: int = 400) -> Response:
    return JSONResponse({"error": code, "error_description": description}, status_code=status)
