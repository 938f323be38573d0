"""Key Vault secrets: the data plane of every vault, at the root of that vault's host (hosts.py).

A secret is one document (kind "kv_secret", key = `<vault>/<lowercased name>`) holding all its
versions; deleting it moves the document to "kv_deleted_secret" until it is purged or recovered.
Values live only in the state db. Every call is authorized by the vault's permission model
(keyvault/permissions.py) before anything is read.
"""

from __future__ import annotations

import base64
import json
import re
import time
import uuid
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from haymaker.emulator.core.authentication import caller_of
from haymaker.emulator.core.context import EmulatorContext, HookRegistry
from haymaker.emulator.core.errors import EmulatorHTTPError
from haymaker.emulator.keyvault.arm_view import mirror_secret, unmirror_secret
from haymaker.emulator.keyvault.hosts import vault_of_host
from haymaker.emulator.keyvault.permissions import authorize
from haymaker.emulator.keyvault.secrets import DELETED_SECRET, SECRET, secret_key
from haymaker.emulator.keyvault.vaults import purge_protected
from haymaker.emulator.keyvault.vaults import register_hooks as register_vault_hooks

API_VERSIONS = frozenset({"7.0", "7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "2025-07-01", "2026-04-01"})
LATEST_API_VERSION = "2026-04-01"
NAME_RE = re.compile(r"^[0-9a-zA-Z-]{1,127}$")
RECOVERY_LEVEL = "Recoverable+Purgeable"
RECOVERABLE_DAYS = 90
DEFAULT_PAGE = 25
MAX_VALUE_CHARS = 25 * 1024
MAX_TAGS = 15


def _error(status: int, code: str, message: str) -> EmulatorHTTPError:
    return EmulatorHTTPError(status, code, message)


def _secret_not_found(name: str) -> EmulatorHTTPError:
    return _error(
        404,
        "SecretNotFound",
        f"A secret with (name/id) {name} was not found in this key vault. If you recently deleted "
        "this secret you may be able to recover it using the correct recovery command. For help "
        "resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182",
    )


def _check_api_version(request: Request) -> None:
    version = request.query_params.get("api-version")
    if version is None:
        raise _error(400, "BadParameter", "The 'api-version' query parameter is missing.")
    if version not in API_VERSIONS:
        raise _error(
            400,
            "BadParameter",
            f"The specified version ({version}) is not recognized. Consider using the latest "
            f"supported version ({LATEST_API_VERSION}).",
        )


def _check_name(name: str) -> None:
    if not NAME_RE.match(name):
        raise _error(400, "BadParameter", f"The request URI contains an invalid name: {name}")


async def _json(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body() or b"{}")
    except json.JSONDecodeError:
        raise _error(400, "BadParameter", "The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise _error(400, "BadParameter", "The request body must be a JSON object.")
    return body


def _check_tags(tags: Any) -> dict[str, str] | None:
    if tags is None:
        return None
    if not isinstance(tags, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in tags.items()
    ):
        raise _error(400, "BadParameter", "Tags must be a map of string keys to string values.")
    if len(tags) > MAX_TAGS:
        raise _error(400, "BadParameter", f"A secret can have at most {MAX_TAGS} tags.")
    return dict(tags)


def _attributes(given: Any, current: dict[str, Any] | None = None) -> dict[str, Any]:
    if given is not None and not isinstance(given, dict):
        raise _error(400, "BadParameter", "Property 'attributes' must be an object.")
    now = int(time.time())
    attrs: dict[str, Any] = dict(current or {"enabled": True, "created": now})
    for key in ("enabled", "nbf", "exp"):
        if given and key in given and given[key] is not None:
            attrs[key] = given[key]
    attrs["updated"] = now
    return attrs


class _Vault:
    """Reads and renders secrets of one vault, for one request whose caller it has authorized."""

    def __init__(self, ctx: EmulatorContext, request: Request) -> None:
        self.ctx = ctx
        self.request = request
        host = request.url.netloc.lower()
        doc = vault_of_host(ctx, host)
        if doc is None:
            # On Azure a deleted vault's host name no longer resolves.
            raise _error(404, "VaultNotFound", f"No vault is served at {host}.")
        self.doc = doc
        self.name = str(doc["name"]).lower()
        self.url = f"https://{host}"

    def authorize(self, operation: str, secret: str | None = None) -> None:
        authorize(self.ctx, caller_of(self.request), self.doc, operation, secret)

    def key(self, name: str) -> str:
        return secret_key(self.name, name)

    def live(self, name: str) -> dict[str, Any]:
        doc = self.ctx.state.get(SECRET, self.key(name))
        if doc is None:
            raise _secret_not_found(name)
        return doc

    def deleted(self, name: str) -> dict[str, Any]:
        doc = self.ctx.state.get(DELETED_SECRET, self.key(name))
        if doc is None:
            raise _error(404, "SecretNotFound", f"Deleted Secret not found: {name}")
        return doc

    @staticmethod
    def version_of(doc: dict[str, Any], version: str) -> dict[str, Any]:
        if not version:
            return doc["versions"][-1]
        for entry in doc["versions"]:
            if entry["version"].lower() == version.lower():
                return entry
        raise _secret_not_found(f"{doc['name']}/{version}")

    def bundle(self, doc: dict[str, Any], entry: dict[str, Any], *, with_value: bool) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if with_value:
            body["value"] = entry["value"]
        if entry.get("contentType") is not None:
            body["contentType"] = entry["contentType"]
        body["id"] = f"{self.url}/secrets/{doc['name']}/{entry['version']}"
        body["attributes"] = self.rendered_attributes(entry)
        if entry.get("tags") is not None:
            body["tags"] = entry["tags"]
        return body

    def item(self, doc: dict[str, Any], entry: dict[str, Any], *, versioned: bool) -> dict[str, Any]:
        suffix = f"/{entry['version']}" if versioned else ""
        body: dict[str, Any] = {"id": f"{self.url}/secrets/{doc['name']}{suffix}"}
        body["attributes"] = self.rendered_attributes(entry)
        if entry.get("tags") is not None:
            body["tags"] = entry["tags"]
        if entry.get("contentType") is not None:
            body["contentType"] = entry["contentType"]
        return body

    def deleted_fields(self, doc: dict[str, Any]) -> dict[str, Any]:
        return {
            "recoveryId": f"{self.url}/deletedsecrets/{doc['name']}",
            "deletedDate": doc["deletedDate"],
            "scheduledPurgeDate": doc["scheduledPurgeDate"],
        }

    @staticmethod
    def rendered_attributes(entry: dict[str, Any]) -> dict[str, Any]:
        return {
            **entry["attributes"],
            "recoverableDays": RECOVERABLE_DAYS,
            "recoveryLevel": RECOVERY_LEVEL,
        }


def _page(
    items: list[dict[str, Any]], request: Request, ctx: EmulatorContext, path_url: str
) -> dict[str, Any]:
    """A Key Vault list page: {value, nextLink} with `$skiptoken` and `maxresults`."""
    max_text = request.query_params.get("maxresults")
    size = DEFAULT_PAGE
    if max_text is not None:
        if not max_text.isdigit() or not 1 <= int(max_text) <= DEFAULT_PAGE:
            raise _error(400, "BadParameter", f"Invalid maxresults: {max_text}. It must be 1-25.")
        size = int(max_text)
    size = max(1, min(size, ctx.options.page_size))
    offset = 0
    token = request.query_params.get("$skiptoken")
    if token:
        try:
            offset = int(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode())
        except ValueError:
            raise _error(400, "BadParameter", "The $skiptoken is not valid.") from None
    body: dict[str, Any] = {"value": items[offset : offset + size], "nextLink": None}
    if offset + size < len(items):
        next_token = base64.urlsafe_b64encode(str(offset + size).encode()).decode().rstrip("=")
        query = {
            "api-version": request.query_params.get("api-version", LATEST_API_VERSION),
            "$skiptoken": next_token,
            "maxresults": str(size),
        }
        body["nextLink"] = f"{path_url}?{urlencode(query)}"
    return body


def routes(ctx: EmulatorContext) -> list[BaseRoute]:
    state = ctx.state

    async def set_secret(request: Request) -> Response:
        _check_api_version(request)
        name = request.path_params["name"]
        _check_name(name)
        vault = _Vault(ctx, request)
        vault.authorize("set", name)
        body = await _json(request)
        value = body.get("value")
        if not isinstance(value, str):
            raise _error(400, "BadParameter", "Property 'value' is required and must be a string.")
        if len(value) > MAX_VALUE_CHARS:
            raise _error(400, "BadParameter", "The secret value exceeds the maximum size of 25 KB.")
        entry = {
            "version": uuid.uuid4().hex,
            "value": value,
            "contentType": body.get("contentType"),
            "tags": _check_tags(body.get("tags")),
            "attributes": _attributes(body.get("attributes")),
        }
        with state.transaction():
            if state.get(DELETED_SECRET, vault.key(name)) is not None:
                raise _error(
                    409,
                    "Conflict",
                    f"Secret {name} is currently in a deleted but recoverable state, and its name "
                    "cannot be reused; in this state, the secret can only be recovered or purged.",
                )
            doc = state.get(SECRET, vault.key(name)) or {"name": name, "versions": []}
            doc["versions"].append(entry)
            state.put(SECRET, vault.key(name), doc)
            mirror_secret(ctx, vault.doc, doc["name"], f"{vault.url}/secrets/{doc['name']}")
        return JSONResponse(vault.bundle(doc, entry, with_value=True))

    async def get_secret(request: Request) -> Response:
        _check_api_version(request)
        vault = _Vault(ctx, request)
        vault.authorize("get", request.path_params["name"])
        doc = vault.live(request.path_params["name"])
        entry = vault.version_of(doc, request.path_params.get("version", ""))
        if not entry["attributes"].get("enabled", True):
            raise _error(403, "Forbidden", "Operation get is not allowed on a disabled secret.")
        return JSONResponse(vault.bundle(doc, entry, with_value=True))

    async def update_secret(request: Request) -> Response:
        _check_api_version(request)
        body = await _json(request)
        tags = _check_tags(body.get("tags"))
        vault = _Vault(ctx, request)
        vault.authorize("update", request.path_params["name"])
        with state.transaction():
            doc = vault.live(request.path_params["name"])
            entry = vault.version_of(doc, request.path_params.get("version", ""))
            entry["attributes"] = _attributes(body.get("attributes"), entry["attributes"])
            if "contentType" in body:
                entry["contentType"] = body["contentType"]
            if "tags" in body:
                entry["tags"] = tags
            state.put(SECRET, vault.key(doc["name"]), doc)
        return JSONResponse(vault.bundle(doc, entry, with_value=False))

    async def list_secrets(request: Request) -> Response:
        _check_api_version(request)
        vault = _Vault(ctx, request)
        vault.authorize("list")
        items = [vault.item(d, d["versions"][-1], versioned=False) for d in state.list(SECRET, vault.key(""))]
        return JSONResponse(_page(items, request, ctx, f"{vault.url}/secrets"))

    async def list_versions(request: Request) -> Response:
        _check_api_version(request)
        name = request.path_params["name"]
        vault = _Vault(ctx, request)
        vault.authorize("list", name)
        doc = state.get(SECRET, vault.key(name))
        items = [vault.item(doc, e, versioned=True) for e in doc["versions"]] if doc else []
        return JSONResponse(_page(items, request, ctx, f"{vault.url}/secrets/{name}/versions"))

    async def delete_secret(request: Request) -> Response:
        _check_api_version(request)
        now = int(time.time())
        vault = _Vault(ctx, request)
        vault.authorize("delete", request.path_params["name"])
        with state.transaction():
            doc = vault.live(request.path_params["name"])
            doc["deletedDate"] = now
            doc["scheduledPurgeDate"] = now + RECOVERABLE_DAYS * 86400
            state.delete(SECRET, vault.key(doc["name"]))
            state.put(DELETED_SECRET, vault.key(doc["name"]), doc)
            unmirror_secret(ctx, vault.doc, doc["name"])
        body = {**vault.bundle(doc, doc["versions"][-1], with_value=False), **vault.deleted_fields(doc)}
        return JSONResponse(body)

    async def list_deleted(request: Request) -> Response:
        _check_api_version(request)
        vault = _Vault(ctx, request)
        vault.authorize("list")
        items = [
            {**vault.item(d, d["versions"][-1], versioned=False), **vault.deleted_fields(d)}
            for d in state.list(DELETED_SECRET, vault.key(""))
        ]
        return JSONResponse(_page(items, request, ctx, f"{vault.url}/deletedsecrets"))

    async def get_deleted(request: Request) -> Response:
        _check_api_version(request)
        vault = _Vault(ctx, request)
        vault.authorize("get", request.path_params["name"])
        doc = vault.deleted(request.path_params["name"])
        body = {**vault.bundle(doc, doc["versions"][-1], with_value=False), **vault.deleted_fields(doc)}
        return JSONResponse(body)

    async def purge_deleted(request: Request) -> Response:
        _check_api_version(request)
        name = request.path_params["name"]
        vault = _Vault(ctx, request)
        vault.authorize("purge", name)
        if purge_protected(vault.doc):
            vault.deleted(name)
            raise _error(
                403,
                "Forbidden",
                f'Operation "purge" is not allowed because purge protection is enabled for this '
                f"vault. Key Vault service will automatically purge it after the retention period "
                f"has passed.\r\nVault: {vault.name};location={vault.doc.get('location')}",
            )
        if not state.delete(DELETED_SECRET, vault.key(name)):
            raise _error(404, "SecretNotFound", f"Deleted Secret not found: {name}")
        return Response(status_code=204)

    async def recover_deleted(request: Request) -> Response:
        _check_api_version(request)
        vault = _Vault(ctx, request)
        vault.authorize("recover", request.path_params["name"])
        with state.transaction():
            doc = vault.deleted(request.path_params["name"])
            state.delete(DELETED_SECRET, vault.key(doc["name"]))
            doc.pop("deletedDate", None)
            doc.pop("scheduledPurgeDate", None)
            state.put(SECRET, vault.key(doc["name"]), doc)
            mirror_secret(ctx, vault.doc, doc["name"], f"{vault.url}/secrets/{doc['name']}")
        return JSONResponse(vault.bundle(doc, doc["versions"][-1], with_value=False))

    base = ""
    return [
        Route(base + "/secrets", list_secrets, methods=["GET"]),
        Route(base + "/secrets/{name}", set_secret, methods=["PUT"]),
        Route(base + "/secrets/{name}", delete_secret, methods=["DELETE"]),
        Route(base + "/secrets/{name}", get_secret, methods=["GET"]),
        Route(base + "/secrets/{name}/", get_secret, methods=["GET"]),
        Route(base + "/secrets/{name}/", update_secret, methods=["PATCH"]),
        Route(base + "/secrets/{name}/versions", list_versions, methods=["GET"]),
        Route(base + "/secrets/{name}/{version}", get_secret, methods=["GET"]),
        Route(base + "/secrets/{name}/{version}", update_secret, methods=["PATCH"]),
        Route(base + "/deletedsecrets", list_deleted, methods=["GET"]),
        Route(base + "/deletedsecrets/{name}", get_deleted, methods=["GET"]),
        Route(base + "/deletedsecrets/{name}", purge_deleted, methods=["DELETE"]),
        Route(base + "/deletedsecrets/{name}/recover", recover_deleted, methods=["POST"]),
    ]


def register_hooks(registry: HookRegistry) -> None:
    """Vaults are ARM resources whose PUT and DELETE this service shapes (keyvault/vaults.py)."""
    register_vault_hooks(registry)
