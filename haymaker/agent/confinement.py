"""The agent's first line of defence: no ARM request leaves the process unless it stays inside
the scenario's resource group.

Azure RBAC is the second line (the scenario principal holds roles on its group only), but a
request is checked here first, on its *normalized* path (haymaker.resource_ids), so a template
like `{rg_id}/providers/X/y/../../../../../other-rg/...` or its `%2e%2e` spelling is refused
before it is sent. The group itself belongs to the orchestrator: agents may read it, not write it.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

from azure.core.pipeline import PipelineRequest
from azure.core.pipeline.policies import SansIOHTTPPolicy

from haymaker.azure.errors import AzureError
from haymaker.resource_ids import is_within, normalize_resource_id, unsafe_reason

CODE = "RequestOutsideResourceGroup"
# Long-running operations are polled at subscription-level URLs Azure hands back
# (Azure-AsyncOperation / Location headers, e.g. .../providers/Microsoft.Network/locations/eastus/
# operations/<id>: https://learn.microsoft.com/azure/azure-resource-manager/management/async-operations).
# Reading one is harmless, so a GET of such a status URL in the agent's own subscription passes.
_OPERATION_STATUS = re.compile(
    r"^/subscriptions/(?P<sub>[^/]+)/providers/[^/]+(?:/locations/[^/]+)?"
    r"/(?:operations|operationresults|operationstatuses|asyncoperations|azureasyncoperations)/[^/]+$"
)


class OutsideResourceGroup(AzureError):
    """A request the agent refused to send: it would act outside the scenario's group."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code=CODE, status=None)


def refusal(method: str, path: str, group_id: str) -> str | None:
    """Why `method path` may not be sent for a scenario confined to `group_id`, or None."""
    hidden = unsafe_reason(path)
    if hidden is not None:
        return f"refusing {method} {path}: {hidden}; write the resource id plainly"
    if method == "GET" and _is_operation_status(path, group_id):
        return None
    if not is_within(path, group_id):
        return f"refusing {method} {path}: it is outside the scenario's resource group {group_id}"
    if method != "GET" and normalize_resource_id(path) == normalize_resource_id(group_id):
        return f"refusing {method} {path}: the resource group belongs to the orchestrator"
    return None


def _is_operation_status(path: str, group_id: str) -> bool:
    match = _OPERATION_STATUS.match(normalize_resource_id(path))
    return match is not None and normalize_resource_id(group_id).startswith(f"/subscriptions/{match['sub']}/")


class ConfinementPolicy(SansIOHTTPPolicy):  # type: ignore[type-arg]
    """Refuse (raise OutsideResourceGroup) any request outside `group_id`, before it is sent."""

    def __init__(self, group_id: str) -> None:
        self.group_id = group_id

    def on_request(self, request: PipelineRequest[Any]) -> None:
        http = request.http_request
        # The raw path as the SDK built it: urlparse does not decode or resolve anything.
        reason = refusal(http.method.upper(), urlparse(http.url).path, self.group_id)
        if reason is not None:
            raise OutsideResourceGroup(reason)
