"""The agent's events: typed haymaker.events models, published (and flushed) one by one so the
orchestrator sees progress as it happens."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from haymaker.agent.executor import CreatedResource
from haymaker.events.models import (
    AgentCompleted,
    AgentFailed,
    AgentLog,
    AgentStarted,
    BaseEvent,
    ModelUsage,
    Operation,
    PhaseStarted,
    ResourceCreated,
    ResourceDeleted,
    ResourceDeletionFailed,
)

log = logging.getLogger("haymaker.agent")


class EventSink(Protocol):
    """What the agent needs from the event bus client."""

    def publish_event(self, event: Any) -> Any: ...

    def flush(self) -> Any: ...


class AgentEvents:
    """Builds and publishes the events of one agent run; a failing bus never stops the agent."""

    def __init__(
        self,
        sink: EventSink,
        *,
        run_id: str,
        scenario_name: str,
        redact: Callable[[str], str] = lambda text: text,
    ) -> None:
        self.sink = sink
        self.run_id = run_id
        self.scenario = scenario_name
        self.redact = redact
        self.published = 0
        self.failed_publishes = 0

    def _send(self, cls: type[BaseEvent], **fields: Any) -> None:
        event = cls(run_id=self.run_id, scenario_name=self.scenario, **fields)
        try:
            self.sink.publish_event(event)
            self.sink.flush()
            self.published += 1
        except Exception as exc:  # the bus is best effort: the work and the teardown go on
            self.failed_publishes += 1
            log.warning(
                "could not publish %s event: %s",
                event.event_type,
                self.redact(f"{type(exc).__name__}: {exc}"),
            )

    def started(self) -> None:
        self._send(AgentStarted)

    def phase(self, phase: str) -> None:
        self._send(PhaseStarted, phase=phase)

    def resource_created(self, resource: CreatedResource) -> None:
        self._send(ResourceCreated, **_resource_fields(resource))

    def resource_deleted(self, resource: CreatedResource) -> None:
        self._send(ResourceDeleted, **_resource_fields(resource))

    def resource_deletion_failed(self, resource: CreatedResource, error: str, attempts: int) -> None:
        self._send(
            ResourceDeletionFailed,
            **_resource_fields(resource),
            deletion_error=self.redact(error),
            deletion_attempts=max(attempts, 1),
        )

    def operation(self, operation: str, detail: str) -> None:
        self._send(Operation, operation=operation, detail=self.redact(detail))

    def model_operation(self, operation: str, detail: str, tool_input: str, outcome: str) -> None:
        """A call the model chose: done (`ok`), refused by Azure (`failed`) or by a guardrail."""
        self._send(
            Operation,
            operation=operation,
            detail=self.redact(detail),
            source="model",
            outcome=outcome,
            tool_input=self.redact(tool_input),
        )

    def model_usage(self, model: str, usage: Any, fallback_reason: str | None) -> None:
        """The model's running totals (`haymaker.agent.goal.usage.Usage`)."""
        self._send(
            ModelUsage,
            model=model,
            requests=usage.requests,
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            cache_read_input_tokens=usage.cache_read_input_tokens,
            cache_creation_input_tokens=usage.cache_creation_input_tokens,
            refused_calls=usage.refused_calls,
            fallback_reason=self.redact(fallback_reason) if fallback_reason else None,
        )

    def log(self, level: str, message: str) -> None:
        """Log locally and mirror the line to the orchestrator as an agent_log event."""
        text = self.redact(message)
        log.log(logging.getLevelNamesMapping().get(level.upper(), logging.INFO), "%s", text)
        self._send(AgentLog, level=level, message=text)

    def completed(self) -> None:
        self._send(AgentCompleted)

    def failed(self, reason: str) -> None:
        self._send(AgentFailed, reason=self.redact(reason) or "unknown failure")


def _resource_fields(resource: CreatedResource) -> dict[str, Any]:
    return {
        "resource_id": resource.resource_id,
        "resource_type": resource.resource_type,
        "resource_name": resource.resource_name,
        "tags": dict(resource.tags),
        "api_version": resource.api_version,
    }
