"""Generic Microsoft Graph calls (method, path, JSON body) through msgraph-sdk's request adapter.

msgraph-sdk is async; the agent is not, so calls run on one private event loop the gateway
owns (one loop, so the session's httpx client stays bound to it).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack
from typing import Any

from haymaker.azure.errors import GraphError, ResourceNotFound, UnreachableError
from haymaker.azure.reachability import is_unreachable


class GraphGateway:
    """Send Graph requests relative to the client's base URL (`https://.../v1.0`).

    `session_factory` is AzureClients.graph_session: entered on first use, closed by close().
    """

    def __init__(self, session_factory: Callable[[], AbstractAsyncContextManager[Any]]) -> None:
        self._factory = session_factory
        self._client: Any = None
        self._stack = AsyncExitStack()
        self._loop = asyncio.new_event_loop()

    def request(self, method: str, path: str, body: dict[str, Any] | None) -> dict[str, Any]:
        """The response JSON ({} for 204). ResourceNotFound for 404, GraphError otherwise."""
        return self._loop.run_until_complete(self._send(method, path, body))

    async def _send(self, method: str, path: str, body: dict[str, Any] | None) -> dict[str, Any]:
        from kiota_abstractions.method import Method
        from kiota_abstractions.request_information import RequestInformation
        from msgraph.generated.models.o_data_errors.o_data_error import ODataError

        if self._client is None:
            self._client = await self._stack.enter_async_context(self._factory())
        adapter = self._client.request_adapter
        info = RequestInformation()
        info.http_method = Method[method.upper()]
        info.url = adapter.base_url.rstrip("/") + "/" + path.lstrip("/")
        info.headers.try_add("Accept", "application/json")
        if body is not None:
            info.set_stream_content(json.dumps(body).encode("utf-8"), "application/json")
        try:
            # Kiota's error mapping key "XXX" means "any 4xx/5xx status": parse it as ODataError.
            raw = await adapter.send_primitive_async(info, "bytes", {"XXX": ODataError})
        except ODataError as exc:
            error = exc.error
            code = (error.code if error else None) or "Unknown"
            message = (error.message if error else None) or "Microsoft Graph request failed"
            status = getattr(exc, "response_status_code", None)
            cls = ResourceNotFound if status == 404 else GraphError
            raise cls(message, code=code, status=status) from None
        except Exception as exc:
            # A refused connection or sign-in: the agent's retries ride it out (finding 8).
            if is_unreachable(exc):
                raise UnreachableError(f"Microsoft Graph: {exc}", code="ConnectionError") from None
            raise
        if not raw:
            return {}
        data = json.loads(raw)
        return data if isinstance(data, dict) else {"value": data}

    def close(self) -> None:
        """Close the Graph session and the private loop."""
        if not self._loop.is_closed():
            self._loop.run_until_complete(self._stack.aclose())
            self._loop.close()
