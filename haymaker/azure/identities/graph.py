"""Microsoft Graph calls for app registrations and service principals (msgraph-sdk, async).

Every Graph failure leaves here as haymaker.azure.errors.GraphError with Graph's code and message.
msgraph-sdk is imported inside the functions: the package is large.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import SecretStr

from haymaker.azure.errors import GraphError

if TYPE_CHECKING:
    from msgraph import GraphServiceClient
    from msgraph.generated.models.application import Application
    from msgraph.generated.models.service_principal import ServicePrincipal

T = TypeVar("T")
NOT_FOUND = "Request_ResourceNotFound"
# Every tenant's Microsoft Graph service principal: its app roles are Graph's application permissions.
MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"


def graph_error(exc: Exception) -> GraphError:
    """Graph's code, message and status from an msgraph/kiota exception (never request content)."""
    from kiota_abstractions.api_error import APIError

    status = getattr(exc, "response_status_code", None)
    error = getattr(exc, "error", None)
    code = getattr(error, "code", None) if error is not None else None
    message = getattr(error, "message", None) if error is not None else None
    if isinstance(exc, APIError):
        return GraphError(
            message or exc.message or "Microsoft Graph refused the request",
            code=code or f"HTTP{status}",
            status=status,
        )
    return GraphError(str(exc) or type(exc).__name__, code=type(exc).__name__, status=None)


async def call(operation: Callable[[], Awaitable[T]]) -> T:
    """Await a Graph call, mapping its errors (and broken connections) to GraphError."""
    import httpx
    from kiota_abstractions.api_error import APIError

    try:
        return await operation()
    except APIError as exc:
        raise graph_error(exc) from None
    except httpx.HTTPError as exc:
        raise GraphError(f"Microsoft Graph could not be reached: {exc}", code="ConnectionError") from None


async def call_or_none(operation: Callable[[], Awaitable[T]]) -> T | None:
    """Like call, but a 404 means "not there": None."""
    try:
        return await call(operation)
    except GraphError as exc:
        if exc.status == 404 or exc.code == NOT_FOUND:
            return None
        raise


def _required(value: T | None, what: str) -> T:
    if value is None:
        raise GraphError(f"Microsoft Graph returned no {what}", code="EmptyResponse")
    return value


# -- applications ------------------------------------------------------------------------
async def create_application(
    graph: GraphServiceClient, display_name: str, tags: list[str], notes: str
) -> Application:
    from msgraph.generated.models.application import Application

    body = Application(display_name=display_name, tags=tags, notes=notes, sign_in_audience="AzureADMyOrg")
    return _required(await call(lambda: graph.applications.post(body)), "application")


async def get_application(graph: GraphServiceClient, object_id: str) -> Application | None:
    return await call_or_none(lambda: graph.applications.by_application_id(object_id).get())


async def get_application_by_app_id(graph: GraphServiceClient, app_id: str) -> Application | None:
    return await call_or_none(lambda: graph.applications_with_app_id(app_id).get())


async def list_applications(graph: GraphServiceClient, filter_text: str) -> list[Application]:
    """All applications matching an OData filter, following @odata.nextLink to the end."""
    from kiota_abstractions.base_request_configuration import RequestConfiguration
    from msgraph.generated.applications.applications_request_builder import (
        ApplicationsRequestBuilder,
    )

    query = ApplicationsRequestBuilder.ApplicationsRequestBuilderGetQueryParameters(
        filter=filter_text, top=999
    )
    page = await call(lambda: graph.applications.get(RequestConfiguration(query_parameters=query)))
    return await _drain(page, lambda url: graph.applications.with_url(url).get())


async def delete_application(graph: GraphServiceClient, object_id: str) -> bool:
    """Delete an app registration (and with it its service principal); False when absent."""
    return await _delete(lambda: graph.applications.by_application_id(object_id).delete())


async def add_password(
    graph: GraphServiceClient, object_id: str, display_name: str, end: datetime
) -> tuple[str, SecretStr]:
    """(keyId, secret) of a new password; the secret never exists outside a SecretStr here."""
    from msgraph.generated.applications.item.add_password.add_password_post_request_body import (
        AddPasswordPostRequestBody,
    )
    from msgraph.generated.models.password_credential import PasswordCredential

    body = AddPasswordPostRequestBody(
        password_credential=PasswordCredential(display_name=display_name, end_date_time=end)
    )
    builder = graph.applications.by_application_id(object_id).add_password
    credential = _required(await call(lambda: builder.post(body)), "password credential")
    if not credential.secret_text or credential.key_id is None:
        raise GraphError("addPassword returned no secret", code="EmptyResponse")
    secret = SecretStr(credential.secret_text)
    # Drop the plain copy from the SDK's model right away.
    credential.secret_text = None
    return str(credential.key_id), secret


# -- service principals -------------------------------------------------------------------
async def create_service_principal(
    graph: GraphServiceClient, app_id: str, tags: list[str], notes: str
) -> ServicePrincipal:
    from msgraph.generated.models.service_principal import ServicePrincipal

    body = ServicePrincipal(app_id=app_id, tags=tags, notes=notes)
    return _required(await call(lambda: graph.service_principals.post(body)), "service principal")


async def grant_graph_permissions(
    graph: GraphServiceClient, principal_id: str, permissions: list[str]
) -> list[str]:
    """Microsoft Graph application permissions (app role assignments) for a service principal;
    the assignment ids. ValueError names a permission Microsoft Graph does not offer."""
    import uuid

    from msgraph.generated.models.app_role_assignment import AppRoleAssignment

    resource = await get_service_principal_by_app_id(graph, MICROSOFT_GRAPH_APP_ID)
    if resource is None or resource.id is None:
        raise GraphError("the Microsoft Graph service principal is not visible", code="ResourceNotFound")
    offered = {str(r.value): r.id for r in resource.app_roles or [] if r.value and r.id}
    unknown = [p for p in permissions if p not in offered]
    if unknown:
        raise ValueError(f"Microsoft Graph has no application permission named {', '.join(unknown)}")
    granted = []
    for permission in permissions:
        body = AppRoleAssignment(
            principal_id=uuid.UUID(principal_id),
            resource_id=uuid.UUID(resource.id),
            app_role_id=offered[permission],
        )
        created = await call(
            lambda b=body: graph.service_principals.by_service_principal_id(
                principal_id
            ).app_role_assignments.post(b)
        )
        granted.append(str(_required(created, "app role assignment").id))
    return granted


async def get_service_principal(graph: GraphServiceClient, object_id: str) -> ServicePrincipal | None:
    return await call_or_none(lambda: graph.service_principals.by_service_principal_id(object_id).get())


async def get_service_principal_by_app_id(graph: GraphServiceClient, app_id: str) -> ServicePrincipal | None:
    return await call_or_none(lambda: graph.service_principals_with_app_id(app_id).get())


async def list_service_principals(graph: GraphServiceClient, filter_text: str) -> list[ServicePrincipal]:
    from kiota_abstractions.base_request_configuration import RequestConfiguration
    from msgraph.generated.service_principals.service_principals_request_builder import (
        ServicePrincipalsRequestBuilder,
    )

    query = ServicePrincipalsRequestBuilder.ServicePrincipalsRequestBuilderGetQueryParameters(
        filter=filter_text, top=999
    )
    page = await call(lambda: graph.service_principals.get(RequestConfiguration(query_parameters=query)))
    return await _drain(page, lambda url: graph.service_principals.with_url(url).get())


async def delete_service_principal(graph: GraphServiceClient, object_id: str) -> bool:
    return await _delete(lambda: graph.service_principals.by_service_principal_id(object_id).delete())


# -- deleted items ------------------------------------------------------------------------
async def deleted_item_exists(graph: GraphServiceClient, object_id: str) -> bool:
    item = await call_or_none(lambda: graph.directory.deleted_items.by_directory_object_id(object_id).get())
    return item is not None


async def get_deleted_application(graph: GraphServiceClient, object_id: str) -> Application | None:
    from msgraph.generated.models.application import Application

    item = await call_or_none(lambda: graph.directory.deleted_items.by_directory_object_id(object_id).get())
    return item if isinstance(item, Application) else None


async def list_deleted_applications(graph: GraphServiceClient, filter_text: str) -> list[Application]:
    from kiota_abstractions.base_request_configuration import RequestConfiguration
    from msgraph.generated.directory.deleted_items.graph_application.graph_application_request_builder import (
        GraphApplicationRequestBuilder,
    )

    query = GraphApplicationRequestBuilder.GraphApplicationRequestBuilderGetQueryParameters(
        filter=filter_text, top=999
    )
    builder = graph.directory.deleted_items.graph_application
    page = await call(lambda: builder.get(RequestConfiguration(query_parameters=query)))
    return await _drain(page, lambda url: builder.with_url(url).get())


async def list_deleted_service_principals(
    graph: GraphServiceClient, filter_text: str
) -> list[ServicePrincipal]:
    from kiota_abstractions.base_request_configuration import RequestConfiguration
    from msgraph.generated.directory.deleted_items.graph_service_principal.graph_service_principal_request_builder import (
        GraphServicePrincipalRequestBuilder,
    )

    query = GraphServicePrincipalRequestBuilder.GraphServicePrincipalRequestBuilderGetQueryParameters(
        filter=filter_text, top=999
    )
    builder = graph.directory.deleted_items.graph_service_principal
    page = await call(lambda: builder.get(RequestConfiguration(query_parameters=query)))
    return await _drain(page, lambda url: builder.with_url(url).get())


async def purge_deleted_item(graph: GraphServiceClient, object_id: str) -> bool:
    """Permanently delete a soft-deleted directory object; False when it is not there."""
    return await _delete(lambda: graph.directory.deleted_items.by_directory_object_id(object_id).delete())


# -- helpers --------------------------------------------------------------------------------
async def _delete(operation: Callable[[], Awaitable[Any]]) -> bool:
    try:
        await call(operation)
    except GraphError as exc:
        if exc.status == 404 or exc.code == NOT_FOUND:
            return False
        raise
    return True


async def _drain(first: Any, next_page: Callable[[str], Awaitable[Any]]) -> list[Any]:
    items: list[Any] = []
    page = first
    seen: set[str] = set()
    while page is not None:
        items.extend(page.value or [])
        link = page.odata_next_link
        if not link:
            break
        if link in seen:
            raise GraphError(f"Microsoft Graph repeated the page link {link}", code="PagingLoop")
        seen.add(link)
        page = await call(lambda link=link: next_page(link))
    return items
