"""azure-core pipeline policies the agent adds to its ARM clients: tags and tracing.

They run on every request, so no scenario can forget the HayMaker tags and every Activity Log
entry names the run and the scenario.
"""

from __future__ import annotations

import json
import uuid
from typing import Any
from urllib.parse import urlparse

from azure.core.pipeline import PipelineRequest
from azure.core.pipeline.policies import SansIOHTTPPolicy

from haymaker.naming import run8
from haymaker.scenarios.arm_paths import is_top_level_resource
from haymaker.tags import haymaker_tags

AGENT_PRODUCT = "haymaker-agent/0.1"


def _json_body(request: Any) -> dict[str, Any] | None:
    raw = getattr(request, "content", None)
    if raw is None:
        raw = getattr(request, "body", None)
    if isinstance(raw, bytes | bytearray):
        raw = bytes(raw).decode("utf-8")
    if not isinstance(raw, str) or not raw:
        return None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


class TaggingPolicy(SansIOHTTPPolicy):  # type: ignore[type-arg]
    """Merge the HayMaker tags into the JSON body of ARM writes that carry tags.

    PUT of a top-level resource (one type/name pair after its provider, or a resource group):
    always — a PUT replaces the tags. PATCH of such a resource: when the body sets `tags` —
    a PATCH replaces the whole tag set, which would otherwise drop ours. Child and extension
    resources (subnets, security rules, blob containers, locks) take no tags and are left alone.
    Our tags win over a scenario's tags of the same name.
    """

    def __init__(self, run_id: str, scenario_name: str) -> None:
        self.tags = haymaker_tags(run_id, scenario_name)

    def on_request(self, request: PipelineRequest[Any]) -> None:
        http = request.http_request
        method = http.method.upper()
        if method not in ("PUT", "PATCH"):
            return
        if not is_top_level_resource(urlparse(http.url).path):
            return
        body = _json_body(http)
        if body is None:
            return
        if method == "PATCH" and "tags" not in body:
            return
        current = body.get("tags")
        existing: dict[str, Any] = current if isinstance(current, dict) else {}
        body["tags"] = {**existing, **self.tags}
        http.set_json_body(body)


class TracingPolicy(SansIOHTTPPolicy):  # type: ignore[type-arg]
    """Stamp run and scenario into the User-Agent and x-ms-client-request-id.

    User-Agent: `haymaker-agent/0.1 run/<run8> scenario/<name>` ahead of the SDK's own product
    string; x-ms-client-request-id: `hm-<run8>-<scenario>-<uuid4>` (new per call; retries of a
    call keep it, as Azure expects).
    """

    def __init__(self, run_id: str, scenario_name: str) -> None:
        self.run8 = run8(run_id)
        self.scenario = scenario_name
        self.user_agent = f"{AGENT_PRODUCT} run/{self.run8} scenario/{scenario_name}"

    def request_id(self) -> str:
        return f"hm-{self.run8}-{self.scenario}-{uuid.uuid4()}"

    def on_request(self, request: PipelineRequest[Any]) -> None:
        headers = request.http_request.headers
        current = headers.get("User-Agent")
        if current is None:
            # The SDK's UserAgentPolicy (later in the pipeline) prepends this to its own string.
            request.context.options["user_agent"] = self.user_agent
        elif self.user_agent not in current:
            headers["User-Agent"] = f"{self.user_agent} {current}"
        headers["x-ms-client-request-id"] = self.request_id()
