"""One goal-mode agent's conversations with the model: a wakeup asks for the next operations,
runs each tool call through the guardrails and the agent's own ARM pipeline, and reports.

Failure never stops the run: a model that cannot be reached (after the SDK's own retries on
429/529/5xx) or a spent budget switches the agent to its scripted operations for the rest of the
window (`fallback_reason`), and teardown is always finished by the deterministic teardown.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from haymaker.agent.executor import CreatedResource
from haymaker.agent.goal import prompt, tools
from haymaker.agent.goal.guardrails import Guardrails
from haymaker.agent.goal.redaction import redact, redact_action_result, redact_text
from haymaker.agent.goal.settings import GoalSettings
from haymaker.agent.goal.usage import Usage
from haymaker.azure.errors import AzureError
from haymaker.scenarios.arm_paths import is_under, resource_name, resource_type

if TYPE_CHECKING:
    import anthropic

    from haymaker.agent.arm import ArmGateway
    from haymaker.agent.events import AgentEvents
    from haymaker.agent.graph import GraphGateway

MAX_TOOL_INPUT_CHARS = 4_000
MAX_RESULT_CHARS = 12_000
MODEL_STEP_PREFIX = "model-"


class ModelUnavailable(Exception):
    """The Messages API failed for good (the SDK already retried); the message is log-safe."""


@dataclass
class ToolOutcome:
    content: str
    is_error: bool = False
    finished: bool = False


def build_client(settings: GoalSettings) -> anthropic.Anthropic:
    """The official SDK client; the key leaves its SecretStr only here."""
    import anthropic

    return anthropic.Anthropic(
        api_key=settings.api_key.get_secret_value(),
        base_url=settings.base_url,
        max_retries=settings.max_retries,
        timeout=settings.timeout_seconds,
    )


class GoalOperator:
    """The model's side of an agent run. `created` is the runner's registry of what the agent
    created (step id -> resource); `on_created` / `on_deleted` tell the runner (and the ledger)."""

    def __init__(
        self,
        *,
        settings: GoalSettings,
        document: str,
        group_id: str,
        resource_types: Sequence[str],
        arm: ArmGateway,
        graph: GraphGateway | None,
        events: AgentEvents,
        created: dict[str, CreatedResource],
        on_created: Callable[[CreatedResource], None],
        on_deleted: Callable[[CreatedResource], None],
        wait: Callable[[float], object],
        time_scale: float = 1.0,
        client: anthropic.Anthropic | None = None,
    ) -> None:
        self.settings = settings
        self.budget = settings.budget
        self.document = document
        self.group_id = group_id
        self.resource_types = list(resource_types)
        self.arm = arm
        self.graph = graph
        self.events = events
        self.created = created
        self.on_created = on_created
        self.on_deleted = on_deleted
        self.wait = wait
        self.time_scale = time_scale
        self.client = client or build_client(settings)
        self.usage = Usage()
        self.fallback_reason: str | None = None
        self.wakeups = 0
        self.history: list[str] = []
        self._made = 0
        self.guardrails = Guardrails(
            group_id=group_id,
            resource_types=resource_types,
            created=self._created_ids,
            graph=graph is not None,
        )
        self._tools = tools.definitions(graph=graph is not None)
        self._system = prompt.system_blocks(document)

    @property
    def active(self) -> bool:
        return self.fallback_reason is None

    # -- the two conversations ---------------------------------------------------------------------
    def wakeup(self, *, elapsed_scenario_seconds: float, deadline: Callable[[], float]) -> None:
        """Ask for and run the next operations; on failure, fall back (never raises for it)."""
        self.wakeups += 1
        self._converse(
            "operate",
            clock=_clock(elapsed_scenario_seconds),
            remaining=deadline,
        )
        self.report_usage()

    def teardown(self) -> None:
        """Ask the model to remove what it wants to (DELETE of its own resources only)."""
        if self.active:
            self._converse("teardown", clock="the end of the day", remaining=lambda: 0.0)
        self.report_usage()

    def fall_back(self, reason: str) -> None:
        if self.fallback_reason is not None:
            return
        self.fallback_reason = reason
        self.events.log(
            "warning",
            f"goal mode: falling back to the scripted operations for the rest of the window: {reason}",
        )
        self.report_usage()

    def report_usage(self) -> None:
        self.events.model_usage(self.settings.model, self.usage, self.fallback_reason)

    # -- one conversation ----------------------------------------------------------------------------
    def _converse(self, phase: str, *, clock: str, remaining: Callable[[], float]) -> None:
        budget = self.budget
        left = budget.wakeup_operations
        text = prompt.wakeup_text(
            phase=phase,
            wakeup=self.wakeups,
            clock=clock,
            group_id=self.group_id,
            resource_types=self.resource_types,
            resources=self._context_resources(),
            history=self.history,
            operations_left=left,
        )
        messages: list[dict[str, Any]] = [{"role": "user", "content": [{"type": "text", "text": text}]}]
        spent = 0
        while left > 0:
            exhausted = self.usage.exhausted(budget)
            if exhausted:
                self.fall_back(exhausted)
                return
            if spent >= budget.wakeup_tokens:
                self.events.log(
                    "info", f"goal mode: this wakeup's token budget ({budget.wakeup_tokens:,}) is spent"
                )
                return
            try:
                response = self._create(messages)
            except ModelUnavailable as exc:
                self.fall_back(str(exc))
                return
            spent += self.usage.add(response.usage)
            uses = [block for block in response.content if block.type == "tool_use"]
            if not uses:
                return
            results: list[dict[str, Any]] = []
            finished = False
            for block in uses:
                if left <= 0:
                    outcome = ToolOutcome(
                        f"the limit of {budget.wakeup_operations} calls per wakeup is reached", True
                    )
                    self.usage.refused_calls += 1
                else:
                    outcome = self._run_tool(
                        block.name, block.input, teardown=phase == "teardown", remaining=remaining
                    )
                    if block.name != "done":
                        left -= 1
                        self.usage.tool_calls += 1
                finished = finished or outcome.finished
                result: dict[str, Any] = {
                    "type": "tool_result",
                    "tool_use_id": block.id,
                    "content": outcome.content,
                }
                if outcome.is_error:
                    result["is_error"] = True
                results.append(result)
            if finished:
                return
            messages.append({"role": "assistant", "content": [_block(b) for b in response.content]})
            messages.append({"role": "user", "content": results})

    def _create(self, messages: list[dict[str, Any]]) -> Any:
        import anthropic

        try:
            return self.client.messages.create(
                model=self.settings.model,
                max_tokens=self.budget.max_output_tokens,
                system=self._system,  # type: ignore[arg-type]
                tools=self._tools,  # type: ignore[arg-type]
                messages=messages,  # type: ignore[arg-type]
            )
        except anthropic.APIStatusError as exc:
            kind = _error_type(exc)
            raise ModelUnavailable(
                f"the Messages API answered {exc.status_code} {kind} after {self.settings.max_retries} retries"
            ) from None
        except anthropic.APIConnectionError as exc:
            raise ModelUnavailable(
                f"the Messages API could not be reached after {self.settings.max_retries} retries "
                f"({type(exc).__name__})"
            ) from None

    # -- tools -------------------------------------------------------------------------------------
    def _run_tool(
        self, name: str, raw: object, *, teardown: bool, remaining: Callable[[], float]
    ) -> ToolOutcome:
        model = tools.INPUTS.get(name)
        if model is None or (name == "graph_request" and self.graph is None):
            return self._refused(name, raw, f"there is no tool {name!r}")
        try:
            call = model.model_validate(raw)
        except ValidationError as exc:
            where = ", ".join(".".join(str(p) for p in e["loc"]) or "input" for e in exc.errors())
            return self._refused(name, raw, f"invalid input for {name}: check {where}")
        if isinstance(call, tools.ArmRequest):
            return self._arm(call, teardown=teardown)
        if isinstance(call, tools.GraphRequest):
            return (
                self._graph(call)
                if not teardown or call.method in ("GET", "DELETE")
                else self._refused(name, raw, "during teardown only GET and DELETE are allowed")
            )
        if isinstance(call, tools.Wait):
            seconds = min(call.minutes * 60 / self.time_scale, max(0.0, remaining()))
            self.wait(seconds)
            self.history.append(f"waited {call.minutes:g} minutes")
            return ToolOutcome(f"waited {call.minutes:g} minutes")
        if isinstance(call, tools.Note):
            self.events.log("info", f"model note: {redact_text(call.text)}")
            self.history.append(f"note: {call.text[:200]}")
            return ToolOutcome("noted")
        assert isinstance(call, tools.Done)
        return ToolOutcome("ok", finished=True)

    def _arm(self, call: tools.ArmRequest, *, teardown: bool) -> ToolOutcome:
        target = call.resource_id.rstrip("/")
        reason = self.guardrails.check_arm(call, teardown=teardown)
        if reason is not None:
            return self._refused("arm_request", call, reason)
        detail = f"{call.method} {target}"
        try:
            result = self._send_arm(call, target)
        except AzureError as exc:
            message = f"{exc.code}: {exc.message}" if exc.code else exc.message
            self._operation("arm_request", detail, call, "failed")
            self.history.append(f"{detail} failed: {exc.code or exc.status}")
            return ToolOutcome(_truncate(self.events.redact(redact_text(message))), is_error=True)
        self._operation("arm_request", detail, call, "ok")
        self.history.append(f"{detail} ok")
        return ToolOutcome(_truncate(self.events.redact(json.dumps(result, default=str))))

    def _send_arm(self, call: tools.ArmRequest, target: str) -> Any:
        if call.method == "GET":
            return redact(self.arm.get(target, call.api_version))
        if call.method == "POST":
            return redact_action_result(target, self.arm.post(target, call.api_version, call.body))
        if call.method == "DELETE":
            self.arm.delete(target, call.api_version)
            self._forget(target)
            return {"deleted": target}
        if call.method == "PUT":
            response = self.arm.put(target, call.api_version, call.body or {})
            self._remember(target, call.api_version, response)
        else:
            response = self.arm.patch(target, call.api_version, call.body or {})
        return redact(response)

    def _graph(self, call: tools.GraphRequest) -> ToolOutcome:
        assert self.graph is not None
        reason = self.guardrails.check_graph(call)
        if reason is not None:
            return self._refused("graph_request", call, reason)
        path = "/" + call.path.strip("/")
        detail = f"{call.method} {path}"
        try:
            response = self.graph.request(call.method, path, call.body)
        except AzureError as exc:
            self._operation("graph_request", detail, call, "failed")
            return ToolOutcome(_truncate(self.events.redact(redact_text(exc.message))), is_error=True)
        self._operation("graph_request", detail, call, "ok")
        if call.method == "POST" and response.get("id"):
            reference = f"{path}/{response['id']}"
            self._made += 1
            resource = CreatedResource(
                step_id=f"{MODEL_STEP_PREFIX}{self._made}",
                plane="graph",
                resource_id=reference,
                resource_type=f"Microsoft.Graph/{path.rsplit('/', 1)[-1]}",
                resource_name=str(response.get("displayName") or response["id"]),
            )
            self.created[resource.step_id] = resource
            self.on_created(resource)
        elif call.method == "DELETE":
            self._forget(path)
        return ToolOutcome(_truncate(self.events.redact(json.dumps(redact(response), default=str))))

    def _refused(self, name: str, raw: object, reason: str) -> ToolOutcome:
        self.usage.refused_calls += 1
        detail = self.events.redact(reason)
        self._operation(name, detail, raw, "refused")
        self.history.append(f"refused: {detail[:200]}")
        return ToolOutcome(detail, is_error=True)

    def _operation(self, name: str, detail: str, raw: object, outcome: str) -> None:
        data = raw.model_dump(exclude_none=True) if isinstance(raw, BaseModel) else raw
        text = json.dumps(redact(data), default=str)
        self.events.model_operation(name, detail, self.events.redact(text)[:MAX_TOOL_INPUT_CHARS], outcome)

    # -- the registry --------------------------------------------------------------------------------
    def _created_ids(self) -> set[str]:
        return {r.resource_id.lower() for r in self.created.values()}

    def _remember(self, target: str, api_version: str, response: dict[str, Any]) -> None:
        if target.lower() in self._created_ids():
            return
        self._made += 1
        resource = CreatedResource(
            step_id=f"{MODEL_STEP_PREFIX}{self._made}",
            plane="arm",
            resource_id=target,
            resource_type=str(response.get("type") or resource_type(target) or "unknown"),
            resource_name=str(response.get("name") or resource_name(target)),
            api_version=api_version,
            tags={str(k): str(v) for k, v in (response.get("tags") or {}).items()},
        )
        self.created[resource.step_id] = resource
        self.on_created(resource)

    def _forget(self, target: str) -> None:
        """A DELETE succeeded: the resource and (on ARM) its children are gone."""
        for step_id, resource in list(self.created.items()):
            same = resource.resource_id.lower() == target.lower()
            if same or (resource.plane == "arm" and is_under(resource.resource_id, target)):
                del self.created[step_id]
                self.on_deleted(resource)

    def _context_resources(self) -> list[dict[str, str]]:
        return [
            {
                "id": r.resource_id,
                "type": r.resource_type,
                "api_version": r.api_version or "",
                "created_by": "model" if r.step_id.startswith(MODEL_STEP_PREFIX) else "steps",
            }
            for r in self.created.values()
            if r.plane == "arm"
        ]


def _block(block: Any) -> dict[str, Any]:
    """An assistant content block as the next request sends it back."""
    if block.type == "tool_use":
        return {"type": "tool_use", "id": block.id, "name": block.name, "input": block.input}
    if block.type == "text":
        return {"type": "text", "text": block.text}
    return dict(block.model_dump(exclude_none=True))


def _error_type(exc: Any) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and isinstance(error.get("type"), str):
            return str(error["type"])
    return type(exc).__name__


def _truncate(text: str) -> str:
    return text if len(text) <= MAX_RESULT_CHARS else text[:MAX_RESULT_CHARS] + " …[truncated]"


def _clock(seconds: float) -> str:
    minutes = int(seconds // 60)
    return f"{minutes // 60}h {minutes % 60:02d}m"
