"""Generic ARM calls by resource id through the real ResourceManagementClient."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from azure.core.exceptions import HttpResponseError, ServiceRequestError, ServiceResponseError
from azure.core.rest import HttpRequest

from haymaker.agent.stopping import result_unless_stopped
from haymaker.azure.errors import AzureError, from_http_error

if TYPE_CHECKING:
    from azure.mgmt.resource.resources import ResourceManagementClient

_SDK_ERRORS = (HttpResponseError, ServiceRequestError, ServiceResponseError)


def _as_dict(result: Any) -> dict[str, Any]:
    if result is None:
        return {}
    if isinstance(result, dict):
        return result
    as_dict = getattr(result, "as_dict", None)
    if callable(as_dict):
        return dict(as_dict())
    return dict(result)


class ArmGateway:
    """PUT/PATCH/GET/DELETE any resource by id with an explicit api-version, and POST actions.

    Azure failures surface as haymaker.azure.errors.AzureError subclasses (code, message,
    status); long-running operations are polled by the SDK until done or `stopped()` (then
    StopRequested).
    """

    def __init__(self, client: ResourceManagementClient, stopped: Callable[[], bool] = lambda: False) -> None:
        self._client = client
        self._stopped = stopped

    def put(self, resource_id: str, api_version: str, body: dict[str, Any]) -> dict[str, Any]:
        try:
            poller = self._client.resources.begin_create_or_update_by_id(
                resource_id, body, api_version=api_version
            )
            return _as_dict(result_unless_stopped(poller, self._stopped))
        except _SDK_ERRORS as exc:
            raise from_http_error(exc) from None

    def patch(self, resource_id: str, api_version: str, body: dict[str, Any]) -> dict[str, Any]:
        try:
            poller = self._client.resources.begin_update_by_id(resource_id, body, api_version=api_version)
            return _as_dict(result_unless_stopped(poller, self._stopped))
        except _SDK_ERRORS as exc:
            raise from_http_error(exc) from None

    def get(self, resource_id: str, api_version: str) -> dict[str, Any]:
        try:
            return _as_dict(self._client.resources.get_by_id(resource_id, api_version=api_version))
        except _SDK_ERRORS as exc:
            raise from_http_error(exc) from None

    def delete(self, resource_id: str, api_version: str) -> None:
        try:
            poller = self._client.resources.begin_delete_by_id(resource_id, api_version=api_version)
            result_unless_stopped(poller, self._stopped)
        except _SDK_ERRORS as exc:
            raise from_http_error(exc) from None

    def post(self, action_path: str, api_version: str, body: dict[str, Any] | None) -> dict[str, Any]:
        """POST a resource action (e.g. `<storage account id>/listKeys`) through the client's
        pipeline; the response JSON (or {} when empty)."""
        request = HttpRequest(
            "POST",
            f"{action_path}?api-version={api_version}",
            json=body if body is not None else None,
        )
        try:
            response = self._client.send_request(request)
        except _SDK_ERRORS as exc:
            raise from_http_error(exc) from None
        if response.status_code >= 400:
            try:
                response.raise_for_status()
            except HttpResponseError as exc:
                raise from_http_error(exc) from None
            raise AzureError("ARM action failed", status=response.status_code)
        text = response.text()
        return json.loads(text) if text else {}
