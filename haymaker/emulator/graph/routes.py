"""Microsoft Graph v1.0: applications, service principals, passwords and deleted items."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from haymaker.emulator.core.authentication import caller_of
from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.core.errors import EmulatorHTTPError
from haymaker.emulator.graph import objects as go
from haymaker.emulator.graph.app_roles import app_role_routes, forget_assignments_of
from haymaker.emulator.graph.permissions import WRITE_ALL, access_of
from haymaker.emulator.graph.queries import list_page
from haymaker.emulator.graph.request_body import read_body as _body

# Top-level segments this emulator serves; another method on them is a 405, not an unknown path.
_SERVED = frozenset({"applications", "servicePrincipals", "directory"})
_TYPES = {
    "application": (go.APPLICATION, go.APPLICATION_TYPE, go.APPLICATION_FILTERABLE),
    "serviceprincipal": (go.SERVICE_PRINCIPAL, go.SERVICE_PRINCIPAL_TYPE, go.SERVICE_PRINCIPAL_FILTERABLE),
}


def _entity(doc: dict[str, Any], context: str, request: Request) -> JSONResponse:
    fields = [f.strip() for f in request.query_params.get("$select", "").split(",") if f.strip()]
    body = {"@odata.context": context, **go.select(go.public_view(doc), fields)}
    return JSONResponse(body)


def routes(ctx: EmulatorContext) -> list[BaseRoute]:
    base = ctx.settings.graph_url.rstrip("/")
    state = ctx.state

    def get_app(object_id: str) -> dict[str, Any]:
        doc = state.get(go.APPLICATION, object_id)
        if doc is None:
            raise go.not_found(object_id)
        return doc

    def app_by_app_id(app_id: str) -> dict[str, Any]:
        for doc in state.list(go.APPLICATION):
            if doc["appId"].lower() == app_id.lower():
                return doc
        raise go.not_found(app_id)

    def get_sp(object_id: str) -> dict[str, Any]:
        doc = state.get(go.SERVICE_PRINCIPAL, object_id)
        if doc is None:
            raise go.not_found(object_id)
        return doc

    def sp_by_app_id(app_id: str) -> dict[str, Any]:
        for doc in state.list(go.SERVICE_PRINCIPAL):
            if doc["appId"].lower() == app_id.lower():
                return doc
        raise go.not_found(app_id)

    # -- applications ----------------------------------------------------------------------
    async def create_application(request: Request) -> Response:
        access = access_of(ctx, caller_of(request))
        access.require(access.may_create())
        doc = go.new_application(await _body(request), go.TENANT_DOMAIN)
        if not access.roles & WRITE_ALL:
            # An OwnedBy caller owns what it creates, and can manage nothing else.
            doc["_owners"] = [access.principal_id]
        state.put(go.APPLICATION, doc["id"], doc)
        body = {"@odata.context": f"{base}/$metadata#applications/$entity", **go.public_view(doc)}
        return JSONResponse(body, status_code=201)

    async def list_applications(request: Request) -> Response:
        access = access_of(ctx, caller_of(request))
        access.require(bool(access.roles))
        return JSONResponse(
            list_page(
                [d for d in state.list(go.APPLICATION) if access.may_read(d)],
                request.query_params,
                filterable=go.APPLICATION_FILTERABLE,
                resource="Application",
                page_limit=ctx.options.page_size,
                collection_url=f"{base}/applications",
                context_url=f"{base}/$metadata#applications",
            )
        )

    def application_of(request: Request, *, write: bool = False) -> dict[str, Any]:
        if "app_id" in request.path_params:
            doc = app_by_app_id(request.path_params["app_id"])
        else:
            doc = get_app(request.path_params["object_id"])
        access = access_of(ctx, caller_of(request))
        access.require(access.may_write(doc) if write else access.may_read(doc))
        return doc

    async def read_application(request: Request) -> Response:
        return _entity(application_of(request), f"{base}/$metadata#applications/$entity", request)

    async def update_application(request: Request) -> Response:
        changes = await _body(request)
        go.check_writable(changes, go.APPLICATION_WRITABLE, "application")
        go.check_string_list(changes, "tags")
        if "displayName" in changes and not (
            isinstance(changes["displayName"], str) and changes["displayName"].strip()
        ):
            raise go.bad_request(
                "Invalid value specified for property 'displayName' of resource 'Application'."
            )
        with state.transaction():
            doc = application_of(request, write=True)
            doc.update({k: v for k, v in changes.items() if not k.startswith("@odata")})
            state.put(go.APPLICATION, doc["id"], doc)
            if "displayName" in changes:
                for sp in state.list(go.SERVICE_PRINCIPAL):
                    if sp["appId"] == doc["appId"]:
                        sp["appDisplayName"] = doc["displayName"]
                        state.put(go.SERVICE_PRINCIPAL, sp["id"], sp)
        return Response(status_code=204)

    async def delete_application(request: Request) -> Response:
        with state.transaction():
            doc = application_of(request, write=True)
            state.delete(go.APPLICATION, doc["id"])
            # Deleting an app registration deletes its service principal (and its app roles).
            for sp in state.list(go.SERVICE_PRINCIPAL):
                if sp["appId"] == doc["appId"]:
                    state.delete(go.SERVICE_PRINCIPAL, sp["id"])
                    forget_assignments_of(ctx, sp["id"])
            doc["deletedDateTime"] = go.graph_time(go.now())
            doc["_type"] = "application"
            state.put(go.DELETED_ITEM, doc["id"], doc)
        return Response(status_code=204)

    async def add_password(request: Request) -> Response:
        body = await _body(request)
        with state.transaction():
            doc = application_of(request, write=True)
            public, private = go.new_password(body)
            doc["passwordCredentials"].append(public)
            doc.setdefault("_secrets", []).append(private)
            state.put(go.APPLICATION, doc["id"], doc)
        response = {
            "@odata.context": f"{base}/$metadata#microsoft.graph.passwordCredential",
            **public,
            "secretText": private["secretText"],
        }
        return JSONResponse(response)

    async def remove_password(request: Request) -> Response:
        key_id = str((await _body(request)).get("keyId") or "")
        with state.transaction():
            doc = application_of(request, write=True)
            kept = [p for p in doc["passwordCredentials"] if p["keyId"].lower() != key_id.lower()]
            if len(kept) == len(doc["passwordCredentials"]):
                raise go.bad_request(f"No password credential found with keyId '{key_id}'.")
            doc["passwordCredentials"] = kept
            doc["_secrets"] = [s for s in doc.get("_secrets", []) if s["keyId"].lower() != key_id.lower()]
            state.put(go.APPLICATION, doc["id"], doc)
        return Response(status_code=204)

    # -- service principals ----------------------------------------------------------------
    async def create_service_principal(request: Request) -> Response:
        body = await _body(request)
        app_id = body.get("appId")
        if not isinstance(app_id, str) or not app_id:
            raise go.bad_request(
                "Invalid value specified for property 'appId' of resource 'ServicePrincipal'."
            )
        access = access_of(ctx, caller_of(request))
        access.require(access.may_create())
        with state.transaction():
            try:
                application = app_by_app_id(app_id)
            except EmulatorHTTPError:
                raise go.bad_request(
                    f"The appId '{app_id}' of the service principal does not reference a valid "
                    "application object."
                ) from None
            access.require(access.may_write(application))
            if any(sp["appId"] == application["appId"] for sp in state.list(go.SERVICE_PRINCIPAL)):
                raise EmulatorHTTPError(
                    409,
                    "Request_MultipleObjectsWithSameKeyValue",
                    "The service principal cannot be created, updated, or restored because the "
                    f"service principal name {application['appId']} is already in use.",
                    shape="graph",
                )
            doc = go.new_service_principal(body, application, ctx.settings.tenant_id)
            doc["_owners"] = list(application.get("_owners") or [])
            state.put(go.SERVICE_PRINCIPAL, doc["id"], doc)
        body = {"@odata.context": f"{base}/$metadata#servicePrincipals/$entity", **go.public_view(doc)}
        return JSONResponse(body, status_code=201)

    async def list_service_principals(request: Request) -> Response:
        access = access_of(ctx, caller_of(request))
        access.require(bool(access.roles))
        return JSONResponse(
            list_page(
                [d for d in state.list(go.SERVICE_PRINCIPAL) if access.may_read(d)],
                request.query_params,
                filterable=go.SERVICE_PRINCIPAL_FILTERABLE,
                resource="ServicePrincipal",
                page_limit=ctx.options.page_size,
                collection_url=f"{base}/servicePrincipals",
                context_url=f"{base}/$metadata#servicePrincipals",
            )
        )

    def service_principal_of(request: Request, *, write: bool = False) -> dict[str, Any]:
        if "app_id" in request.path_params:
            doc = sp_by_app_id(request.path_params["app_id"])
        else:
            doc = get_sp(request.path_params["object_id"])
        access = access_of(ctx, caller_of(request))
        access.require(access.may_write(doc) if write else access.may_read(doc))
        return doc

    async def read_service_principal(request: Request) -> Response:
        return _entity(service_principal_of(request), f"{base}/$metadata#servicePrincipals/$entity", request)

    async def update_service_principal(request: Request) -> Response:
        changes = await _body(request)
        go.check_writable(changes, go.SERVICE_PRINCIPAL_WRITABLE, "servicePrincipal")
        go.check_string_list(changes, "tags")
        with state.transaction():
            doc = service_principal_of(request, write=True)
            doc.update({k: v for k, v in changes.items() if not k.startswith("@odata")})
            state.put(go.SERVICE_PRINCIPAL, doc["id"], doc)
        return Response(status_code=204)

    async def delete_service_principal(request: Request) -> Response:
        with state.transaction():
            doc = service_principal_of(request, write=True)
            state.delete(go.SERVICE_PRINCIPAL, doc["id"])
            forget_assignments_of(ctx, doc["id"])
            doc["deletedDateTime"] = go.graph_time(go.now())
            doc["_type"] = "servicePrincipal"
            state.put(go.DELETED_ITEM, doc["id"], doc)
        return Response(status_code=204)

    # -- deleted items ---------------------------------------------------------------------
    async def list_deleted(request: Request) -> Response:
        cast = request.path_params["cast"]
        kind = cast.lower().removeprefix("microsoft.").removeprefix("graph.")
        if kind not in _TYPES:
            raise _unknown_segment(cast)
        _, odata_type, filterable = _TYPES[kind]
        wanted = odata_type.removeprefix("#microsoft.graph.")
        access = access_of(ctx, caller_of(request))
        access.require(bool(access.roles))
        docs = [d for d in state.list(go.DELETED_ITEM) if d.get("_type") == wanted and access.may_read(d)]
        return JSONResponse(
            list_page(
                docs,
                request.query_params,
                filterable=filterable,
                resource=wanted,
                page_limit=ctx.options.page_size,
                collection_url=f"{base}/directory/deletedItems/{cast}",
                context_url=f"{base}/$metadata#directory/deletedItems/microsoft.graph.{wanted}",
                odata_type=odata_type,
            )
        )

    def deleted_item(request: Request, object_id: str, *, write: bool = False) -> dict[str, Any]:
        doc = state.get(go.DELETED_ITEM, object_id)
        if doc is None:
            raise go.not_found(object_id)
        access = access_of(ctx, caller_of(request))
        access.require(access.may_write(doc) if write else access.may_read(doc))
        return doc

    async def read_deleted(request: Request) -> Response:
        doc = deleted_item(request, request.path_params["object_id"])
        body = {
            "@odata.context": f"{base}/$metadata#directory/deletedItems/$entity",
            "@odata.type": f"#microsoft.graph.{doc['_type']}",
            **go.public_view(doc),
        }
        return JSONResponse(body)

    async def purge_deleted(request: Request) -> Response:
        object_id = request.path_params["object_id"]
        deleted_item(request, object_id, write=True)
        if not state.delete(go.DELETED_ITEM, object_id):
            raise go.not_found(object_id)
        return Response(status_code=204)

    async def restore_deleted(request: Request) -> Response:
        with state.transaction():
            doc = deleted_item(request, request.path_params["object_id"], write=True)
            kind = go.APPLICATION if doc["_type"] == "application" else go.SERVICE_PRINCIPAL
            if kind == go.SERVICE_PRINCIPAL and not any(
                a["appId"] == doc["appId"] for a in state.list(go.APPLICATION)
            ):
                raise go.bad_request(
                    f"The appId '{doc['appId']}' of the service principal does not reference a "
                    "valid application object."
                )
            state.delete(go.DELETED_ITEM, doc["id"])
            odata_type = f"#microsoft.graph.{doc.pop('_type')}"
            doc["deletedDateTime"] = None
            state.put(kind, doc["id"], doc)
        body = {
            "@odata.context": f"{base}/$metadata#directoryObjects/$entity",
            "@odata.type": odata_type,
            **go.public_view(doc),
        }
        return JSONResponse(body)

    async def unknown(request: Request) -> Response:
        segment = request.path_params["rest"].split("/")[0]
        if segment.split("(")[0] in _SERVED:
            raise EmulatorHTTPError(
                405,
                "Request_BadRequest",
                "Specified HTTP method is not allowed for the request target.",
                shape="graph",
            )
        raise _unknown_segment(segment)

    async def deleted_segment(request: Request) -> Response:
        # One path segment names either a type cast (a collection) or an object id.
        if "." in request.path_params["segment"]:
            request.path_params["cast"] = request.path_params["segment"]
            return await list_deleted(request)
        request.path_params["object_id"] = request.path_params["segment"]
        return await read_deleted(request)

    by_app_id = "(appId='{app_id}')"
    return [
        *app_role_routes(ctx),
        Route("/v1.0/applications", create_application, methods=["POST"]),
        Route("/v1.0/applications", list_applications, methods=["GET"]),
        Route(f"/v1.0/applications{by_app_id}", read_application, methods=["GET"]),
        Route(f"/v1.0/applications{by_app_id}", update_application, methods=["PATCH"]),
        Route(f"/v1.0/applications{by_app_id}", delete_application, methods=["DELETE"]),
        Route("/v1.0/applications/{object_id}", read_application, methods=["GET"]),
        Route("/v1.0/applications/{object_id}", update_application, methods=["PATCH"]),
        Route("/v1.0/applications/{object_id}", delete_application, methods=["DELETE"]),
        Route("/v1.0/applications/{object_id}/addPassword", add_password, methods=["POST"]),
        Route("/v1.0/applications/{object_id}/removePassword", remove_password, methods=["POST"]),
        Route("/v1.0/servicePrincipals", create_service_principal, methods=["POST"]),
        Route("/v1.0/servicePrincipals", list_service_principals, methods=["GET"]),
        Route(f"/v1.0/servicePrincipals{by_app_id}", read_service_principal, methods=["GET"]),
        Route(f"/v1.0/servicePrincipals{by_app_id}", update_service_principal, methods=["PATCH"]),
        Route(f"/v1.0/servicePrincipals{by_app_id}", delete_service_principal, methods=["DELETE"]),
        Route("/v1.0/servicePrincipals/{object_id}", read_service_principal, methods=["GET"]),
        Route("/v1.0/servicePrincipals/{object_id}", update_service_principal, methods=["PATCH"]),
        Route("/v1.0/servicePrincipals/{object_id}", delete_service_principal, methods=["DELETE"]),
        Route("/v1.0/directory/deletedItems/{segment}", deleted_segment, methods=["GET"]),
        Route("/v1.0/directory/deletedItems/{object_id}", purge_deleted, methods=["DELETE"]),
        Route("/v1.0/directory/deletedItems/{object_id}/restore", restore_deleted, methods=["POST"]),
        Route("/v1.0/{rest:path}", unknown, methods=["GET", "POST", "PATCH", "PUT", "DELETE"]),
    ]


def _unknown_segment(segment: str) -> EmulatorHTTPError:
    return EmulatorHTTPError(
        400, "BadRequest", f"Resource not found for the segment '{segment}'.", shape="graph"
    )
