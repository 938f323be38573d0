"""Microsoft Graph directory objects as the emulator stores and returns them.

Documents hold Graph's v1.0 JSON shape; fields starting with `_` are the emulator's own
(`_secrets` keeps issued passwords for the token endpoint) and never leave the state db.
"""

from __future__ import annotations

import secrets
import string
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from haymaker.emulator.core.errors import EmulatorHTTPError

TENANT_DOMAIN = "haymakeremulator.onmicrosoft.com"
APPLICATION = "graph_application"
APP_ROLE_ASSIGNMENT = "graph_app_role_assignment"
# The Microsoft Graph service principal every tenant has; its app roles are the application
# permissions (ids as published: https://learn.microsoft.com/graph/permissions-reference).
MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
MICROSOFT_SERVICES_TENANT = "f8cdef31-a31e-4b4a-93e4-5f571e91255a"
GRAPH_APP_ROLES = {
    "Application.Read.All": "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30",
    "Application.ReadWrite.All": "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9",
    "Application.ReadWrite.OwnedBy": "18a4783c-866b-4cc7-a460-3d5e5662c884",
    "AppRoleAssignment.ReadWrite.All": "06b708a9-e830-4db3-a914-8e69da51d44f",
    "Directory.Read.All": "7ab1d382-f21e-4acd-a863-ba3e13f7da61",
    "Directory.ReadWrite.All": "19dbc75e-c2e2-444c-a770-ec69d8559fc7",
}
SERVICE_PRINCIPAL = "graph_service_principal"
DELETED_ITEM = "graph_deleted_item"

APPLICATION_TYPE = "#microsoft.graph.application"
SERVICE_PRINCIPAL_TYPE = "#microsoft.graph.servicePrincipal"

# What a client may set with POST/PATCH; everything else is read-only or unknown to us.
APPLICATION_WRITABLE = frozenset(
    {
        "displayName",
        "description",
        "notes",
        "tags",
        "signInAudience",
        "identifierUris",
        "groupMembershipClaims",
        "isFallbackPublicClient",
        "serviceManagementReference",
        "api",
        "appRoles",
        "info",
        "optionalClaims",
        "parentalControlSettings",
        "publicClient",
        "requiredResourceAccess",
        "spa",
        "web",
        "tokenEncryptionKeyId",
        "isDeviceOnlyAuthSupported",
    }
)
SERVICE_PRINCIPAL_WRITABLE = frozenset(
    {
        "accountEnabled",
        "alternativeNames",
        "appRoleAssignmentRequired",
        "description",
        "displayName",
        "homepage",
        "loginUrl",
        "logoutUrl",
        "notes",
        "notificationEmailAddresses",
        "preferredSingleSignOnMode",
        "replyUrls",
        "servicePrincipalNames",
        "tags",
    }
)
APPLICATION_FILTERABLE = frozenset(
    {
        "id",
        "appId",
        "displayName",
        "tags",
        "identifierUris",
        "signInAudience",
        "publisherDomain",
        "createdDateTime",
        "description",
    }
)
SERVICE_PRINCIPAL_FILTERABLE = frozenset(
    {
        "id",
        "appId",
        "displayName",
        "tags",
        "servicePrincipalNames",
        "servicePrincipalType",
        "accountEnabled",
        "appOwnerOrganizationId",
        "appDisplayName",
    }
)

# Graph issues 40-character secrets from this alphabet.
_SECRET_ALPHABET = string.ascii_letters + string.digits + "~.-_"
SECRET_LENGTH = 40
DEFAULT_SECRET_LIFETIME = timedelta(days=730)


def now() -> datetime:
    return datetime.now(UTC)


def graph_time(moment: datetime) -> str:
    """Graph's DateTimeOffset form: UTC with a Z and no fractions."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_graph_time(value: Any, field: str) -> datetime:
    if not isinstance(value, str):
        raise bad_request(f"Invalid value specified for property '{field}'.")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise bad_request(f"Invalid value specified for property '{field}'.") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def bad_request(message: str, code: str = "Request_BadRequest") -> EmulatorHTTPError:
    return EmulatorHTTPError(400, code, message, shape="graph")


def not_found(object_id: str) -> EmulatorHTTPError:
    return EmulatorHTTPError(
        404,
        "Request_ResourceNotFound",
        f"Resource '{object_id}' does not exist or one of its queried reference-property objects "
        "are not present.",
        shape="graph",
    )


def check_writable(body: dict[str, Any], writable: frozenset[str], resource: str) -> None:
    for key in body:
        if key.startswith("@odata"):
            continue
        if key not in writable:
            raise bad_request(
                f"Property '{key}' is read-only or not supported on resource '{resource}' by this emulator."
            )


def check_string_list(body: dict[str, Any], field: str) -> None:
    value = body.get(field)
    if value is not None and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
        raise bad_request(f"Invalid value specified for property '{field}'.")


def new_application(body: dict[str, Any], tenant_domain: str) -> dict[str, Any]:
    """A new app registration from a POST body (displayName is required)."""
    check_writable(body, APPLICATION_WRITABLE, "application")
    name = body.get("displayName")
    if not isinstance(name, str) or not name.strip():
        raise bad_request("Invalid value specified for property 'displayName' of resource 'Application'.")
    check_string_list(body, "tags")
    check_string_list(body, "identifierUris")
    created = graph_time(now())
    doc: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "deletedDateTime": None,
        "appId": str(uuid.uuid4()),
        "applicationTemplateId": None,
        "disabledByMicrosoftStatus": None,
        "createdDateTime": created,
        "displayName": name,
        "description": None,
        "groupMembershipClaims": None,
        "identifierUris": [],
        "isDeviceOnlyAuthSupported": None,
        "isFallbackPublicClient": None,
        "notes": None,
        "publisherDomain": tenant_domain,
        "serviceManagementReference": None,
        "signInAudience": "AzureADMyOrg",
        "tags": [],
        "tokenEncryptionKeyId": None,
        "defaultRedirectUri": None,
        "certification": None,
        "optionalClaims": None,
        "requestSignatureVerification": None,
        "addIns": [],
        "api": {
            "acceptMappedClaims": None,
            "knownClientApplications": [],
            "requestedAccessTokenVersion": None,
            "oauth2PermissionScopes": [],
            "preAuthorizedApplications": [],
        },
        "appRoles": [],
        "info": {
            "logoUrl": None,
            "marketingUrl": None,
            "privacyStatementUrl": None,
            "supportUrl": None,
            "termsOfServiceUrl": None,
        },
        "keyCredentials": [],
        "parentalControlSettings": {"countriesBlockedForMinors": [], "legalAgeGroupRule": "Allow"},
        "passwordCredentials": [],
        "publicClient": {"redirectUris": []},
        "requiredResourceAccess": [],
        "verifiedPublisher": {
            "displayName": None,
            "verifiedPublisherId": None,
            "addedDateTime": None,
        },
        "web": {
            "homePageUrl": None,
            "logoutUrl": None,
            "redirectUris": [],
            "implicitGrantSettings": {
                "enableAccessTokenIssuance": False,
                "enableIdTokenIssuance": False,
            },
            "redirectUriSettings": [],
        },
        "spa": {"redirectUris": []},
        "_secrets": [],
    }
    doc.update({k: v for k, v in body.items() if not k.startswith("@odata")})
    return doc


def new_service_principal(
    body: dict[str, Any], application: dict[str, Any], tenant_id: str
) -> dict[str, Any]:
    """A service principal for an existing application (POST body: appId plus optional fields)."""
    fields = {k: v for k, v in body.items() if k != "appId"}
    check_writable(fields, SERVICE_PRINCIPAL_WRITABLE, "servicePrincipal")
    check_string_list(fields, "tags")
    doc: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "deletedDateTime": None,
        "accountEnabled": True,
        "alternativeNames": [],
        "appDisplayName": application["displayName"],
        "appDescription": application.get("description"),
        "appId": application["appId"],
        "applicationTemplateId": None,
        "appOwnerOrganizationId": tenant_id,
        "appRoleAssignmentRequired": False,
        "createdDateTime": graph_time(now()),
        "description": None,
        "disabledByMicrosoftStatus": None,
        "displayName": application["displayName"],
        "homepage": None,
        "loginUrl": None,
        "logoutUrl": None,
        "notes": None,
        "notificationEmailAddresses": [],
        "preferredSingleSignOnMode": None,
        "preferredTokenSigningKeyThumbprint": None,
        "replyUrls": [],
        "servicePrincipalNames": [application["appId"]],
        "servicePrincipalType": "Application",
        "signInAudience": application.get("signInAudience", "AzureADMyOrg"),
        "tags": [],
        "tokenEncryptionKeyId": None,
        "samlSingleSignOnSettings": None,
        "addIns": [],
        "appRoles": [],
        "info": application.get("info"),
        "keyCredentials": [],
        "oauth2PermissionScopes": [],
        "passwordCredentials": [],
        "resourceSpecificApplicationPermissions": [],
        "verifiedPublisher": application.get("verifiedPublisher"),
    }
    doc.update({k: v for k, v in fields.items() if not k.startswith("@odata")})
    return doc


def new_password(body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the passwordCredential addPassword returns, the private record the token endpoint checks)."""
    requested = body.get("passwordCredential") or {}
    if not isinstance(requested, dict):
        raise bad_request("Invalid value specified for property 'passwordCredential'.")
    start = now()
    if requested.get("startDateTime"):
        start = parse_graph_time(requested["startDateTime"], "startDateTime")
    end = start + DEFAULT_SECRET_LIFETIME
    if requested.get("endDateTime"):
        end = parse_graph_time(requested["endDateTime"], "endDateTime")
    if end <= start:
        raise bad_request("Invalid value specified for property 'endDateTime': must be after startDateTime.")
    secret_text = "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(SECRET_LENGTH))
    key_id = str(uuid.uuid4())
    public = {
        "customKeyIdentifier": None,
        "displayName": requested.get("displayName"),
        "endDateTime": graph_time(end),
        "hint": secret_text[:3],
        "keyId": key_id,
        "secretText": None,
        "startDateTime": graph_time(start),
    }
    private = {"keyId": key_id, "secretText": secret_text, "_expires": end.timestamp()}
    return public, private


def public_view(doc: dict[str, Any]) -> dict[str, Any]:
    """The document without the emulator's private `_` fields."""
    return {k: v for k, v in doc.items() if not k.startswith("_")}


def select(doc: dict[str, Any], fields: list[str] | None) -> dict[str, Any]:
    """Apply `$select` (Graph keeps the id for entity sets only when selected; we always keep @odata keys)."""
    if not fields:
        return doc
    wanted = {f.lower() for f in fields}
    return {k: v for k, v in doc.items() if k.lower() in wanted or k.startswith("@odata")}
