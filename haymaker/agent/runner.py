"""One agent run: deploy, operate until the duration is up, tear down, report.

Failures anywhere before teardown are caught, reported as agent_failed (after teardown, so the
orchestrator knows the agent is done) and never skip teardown. A stop request (SIGTERM) ends the
run within about a second (`haymaker.agent.stopping`): the call in flight is finished or
abandoned, teardown is not started (or not continued), and what the agent created is left to the
orchestrator's cleanup, which is deleting the agent's group.
"""

from __future__ import annotations

import contextlib
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from haymaker.agent.events import AgentEvents
from haymaker.agent.executor import AssertionFailed, CreatedResource, StepExecutor
from haymaker.agent.propagation import RolePropagation
from haymaker.agent.retry import call_with_retry, delete_with_retry
from haymaker.agent.scheduler import OperateScheduler
from haymaker.agent.stopping import StopRequested
from haymaker.azure.backoff import RetryPolicy
from haymaker.azure.errors import AzureError, ResourceNotFound
from haymaker.scenarios.arm_paths import is_under
from haymaker.scenarios.models import DeleteStep, Scenario, WaitStep
from haymaker.scenarios.validate import label

if TYPE_CHECKING:
    from haymaker.agent.goal.operator import GoalOperator

EXIT_OK = 0
EXIT_FAILED = 1


@dataclass
class AgentOutcome:
    """What a run did; `exit_code` 0 when everything worked (or a stop was honoured cleanly)."""

    exit_code: int
    failure: str | None = None
    stopped: bool = False
    created: list[CreatedResource] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    not_deleted: list[str] = field(default_factory=list)
    operations: int = 0
    operation_failures: int = 0


class StepFailed(Exception):
    """A deploy step failed; the message names the step and Azure's code and message."""


class AgentRunner:
    def __init__(
        self,
        scenario: Scenario,
        executor: StepExecutor,
        events: AgentEvents,
        *,
        duration_seconds: float,
        time_scale: float = 1.0,
        stop: threading.Event | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] | None = None,
        retry: RetryPolicy | None = None,
        rng: random.Random | None = None,
        role_propagation_seconds: float = 0.0,
    ) -> None:
        self.scenario = scenario
        self.executor = executor
        self.events = events
        self.duration = duration_seconds
        self.time_scale = time_scale
        self.stop = stop or threading.Event()
        self.clock = clock
        self.sleep = sleep or self.stop.wait
        self.retry = self._stoppable(retry or RetryPolicy())
        self.rng = rng or random.Random()
        self.outcome = AgentOutcome(exit_code=EXIT_OK)
        self._created: dict[str, CreatedResource] = {}
        # Goal mode (haymaker.agent.goal): the model chooses the operations; None runs the steps.
        self.goal: GoalOperator | None = None
        self.propagation = RolePropagation(
            role_propagation_seconds,
            wait=self.stop.wait,
            log=lambda text: self.events.log("info", text),
            clock=clock,
            stopped=self.stop.is_set,
        )

    # -- the run ---------------------------------------------------------------------------------
    def run(self) -> AgentOutcome:
        started = self.clock()
        self.events.started()
        self.events.log(
            "info",
            f"agent started: scenario {self.scenario.name}, "
            f"duration {self.duration:g}s, time scale {self.time_scale:g}",
        )
        try:
            self._deploy()
            if not self.stop.is_set():
                self._operate(end=started + self.duration)
        except StopRequested:
            pass
        except Exception as exc:  # anything: report it, then tear down regardless
            self.outcome.failure = _reason(exc)
            self.events.log("error", f"agent failed: {self.outcome.failure}")
        if not self.stop.is_set():
            self._teardown()
        self.outcome.stopped = self.stop.is_set()
        if self.outcome.stopped:
            self._leave_to_cleanup()
        elif self.outcome.failure is None and self.outcome.not_deleted:
            self.outcome.failure = f"teardown left {len(self.outcome.not_deleted)} resource(s): " + ", ".join(
                self.outcome.not_deleted
            )
        if self.outcome.failure is None:
            self.events.completed()
            self.outcome.exit_code = EXIT_OK
        else:
            self.events.failed(self.outcome.failure)
            self.outcome.exit_code = EXIT_FAILED
        return self.outcome

    # -- phases ----------------------------------------------------------------------------------
    def _deploy(self) -> None:
        self.events.phase("deploy")
        for index, step in enumerate(self.scenario.steps.deploy):
            if self.stop.is_set():
                return
            where = label("deploy", index, step.step_id)
            try:
                execute = partial(self.executor.execute, step, phase="deploy")
                result = self.propagation.call(partial(call_with_retry, execute, self.retry))
            except (AzureError, AssertionFailed) as exc:
                raise StepFailed(f"{where}: {_reason(exc)}") from None
            if result.created is not None:
                self._created[result.created.step_id] = result.created
                self.outcome.created.append(result.created)
                # Resource events are ARM resources (the ledger and cleanup delete by ARM id);
                # Graph objects carry our marker tags and are reported in the log instead.
                if result.created.plane == "arm":
                    self.events.resource_created(result.created)
            self.events.log("info", f"{where}: {result.describe()}")

    def _operate(self, *, end: float) -> None:
        self.events.phase("operate")
        actions = {op.id: op.action for op in self.scenario.steps.operate}
        scheduler = OperateScheduler(
            [(op.id, op.schedule) for op in self.scenario.steps.operate],
            start=self.clock(),
            end=end,
            time_scale=self.time_scale,
            rng=self.rng,
        )
        while not self.stop.is_set():
            due = scheduler.next_due()
            now = self.clock()
            if due is None:
                # Nothing more before the end: the phase still lasts until then.
                self.stop.wait(max(0.0, end - now))
                return
            if due > now:
                self.stop.wait(due - now)
                continue
            firings = scheduler.pop_due(now)
            if self.goal is not None and self.goal.active:
                self._wake_goal(started=scheduler.start, end=end)
                if self.goal.active:
                    continue  # the model chose this wakeup's operations
            for firing in firings:
                if self.stop.is_set():
                    return
                self._operate_once(firing.step_id, actions[firing.step_id], firing.iteration)

    def _wake_goal(self, *, started: float, end: float) -> None:
        """One goal-mode wakeup; an unforeseen error falls back to the steps, never fails the run."""
        assert self.goal is not None
        try:
            self.goal.wakeup(
                elapsed_scenario_seconds=(self.clock() - started) * self.time_scale,
                deadline=lambda: end - self.clock(),
            )
        except StopRequested:
            raise
        except Exception as exc:
            self.goal.fall_back(f"the goal-mode loop failed: {_reason(exc)}")

    # -- what the model creates and deletes (goal mode) -----------------------------------------
    @property
    def created(self) -> dict[str, CreatedResource]:
        """What this agent created and has not deleted, by step id (the model's: `model-<n>`)."""
        return self._created

    def model_created(self, resource: CreatedResource) -> None:
        self.outcome.created.append(resource)
        if resource.plane == "arm":
            self.events.resource_created(resource)
        else:
            self.events.log("info", f"created {resource.resource_id} ({resource.resource_name})")

    def model_deleted(self, resource: CreatedResource) -> None:
        self.outcome.deleted.append(resource.resource_id)
        if resource.plane == "arm":
            self.events.resource_deleted(resource)
        else:
            self.events.log("info", f"deleted {resource.resource_id} ({resource.resource_name})")

    def _operate_once(self, step_id: str, action: object, iteration: int) -> None:
        try:
            result = call_with_retry(
                partial(self.executor.execute, action, phase="operate", iteration=iteration),  # type: ignore[arg-type]
                self.retry,
            )
        except (AzureError, AssertionFailed) as exc:
            self.outcome.operation_failures += 1
            self.events.log("warning", f"operation {step_id} (n={iteration}) failed: {_reason(exc)}")
            return
        self.outcome.operations += 1
        self.events.operation(step_id, f"{result.describe()} (n={iteration})")

    def _leave_to_cleanup(self) -> None:
        deleted = set(self.outcome.deleted)
        left = [r.resource_id for r in self._created.values() if r.resource_id not in deleted]
        self.outcome.not_deleted = left
        self.events.log(
            "warning",
            f"stop requested: stopped without tearing down; {len(left)} resource(s) "
            "left to the orchestrator's cleanup",
        )

    def _stoppable(self, policy: RetryPolicy) -> RetryPolicy:
        """`policy` whose waits end at a stop request, which then abandons the retried call."""
        sleep = policy.sleep

        def pause(seconds: float) -> None:
            if sleep is time.sleep:
                self.stop.wait(seconds)
            else:
                sleep(seconds)
            if self.stop.is_set():
                raise StopRequested("stop requested while waiting to retry")

        return policy.model_copy(update={"sleep": pause})

    def _teardown(self) -> None:
        self.events.phase("teardown")
        with contextlib.suppress(StopRequested):  # what remains is the orchestrator's cleanup's
            if self.goal is not None:
                self._goal_teardown()
            self._teardown_model_resources()
            self._teardown_steps()

    def _goal_teardown(self) -> None:
        """The model tears down first; whatever it leaves, the deterministic teardown removes."""
        assert self.goal is not None
        try:
            self.goal.teardown()
        except StopRequested:
            raise
        except Exception as exc:
            self.events.log("warning", f"goal mode: the model's teardown failed: {_reason(exc)}")

    def _teardown_model_resources(self) -> None:
        """What the model created and did not delete, newest first (it may depend on the
        scenario's own resources, so it goes before the scripted teardown)."""
        from haymaker.agent.goal.operator import MODEL_STEP_PREFIX

        made = [r for r in self._created.values() if r.step_id.startswith(MODEL_STEP_PREFIX)]
        for resource in reversed(made):
            if self.stop.is_set():
                return
            if resource.step_id not in self._created:
                continue  # went with a parent deleted before it
            outcome = delete_with_retry(partial(self._delete, resource), self.retry)
            if outcome.deleted:
                del self._created[resource.step_id]
                self.model_deleted(resource)
                self._forget_children(resource)
                continue
            self.outcome.not_deleted.append(resource.resource_id)
            if resource.plane == "arm":
                self.events.resource_deletion_failed(
                    resource, outcome.error or "deletion failed", outcome.attempts
                )
            self.events.log("error", f"could not delete {resource.resource_id}: {outcome.error}")

    def _forget_children(self, parent: CreatedResource) -> None:
        """Model-made children go with their ARM parent; forget each one confirmed gone."""
        for child in self._gone_children(parent, list(self._created.values())):
            del self._created[child.step_id]
            self.model_deleted(child)

    def _teardown_steps(self) -> None:
        deleted: set[str] = set()
        for step in self.scenario.steps.teardown:
            if self.stop.is_set():
                return
            if isinstance(step, WaitStep):
                self.sleep(step.wait / self.time_scale)
                continue
            assert isinstance(step, DeleteStep)
            resource = self._created.get(step.delete)
            if resource is None:
                continue  # deploy never got that far
            outcome = delete_with_retry(partial(self._delete, resource), self.retry)
            if not outcome.deleted:
                self.outcome.not_deleted.append(resource.resource_id)
                if resource.plane == "arm":
                    self.events.resource_deletion_failed(
                        resource, outcome.error or "deletion failed", outcome.attempts
                    )
                self.events.log("error", f"could not delete {resource.resource_id}: {outcome.error}")
                continue
            deleted.add(resource.step_id)
            self.outcome.deleted.append(resource.resource_id)
            if resource.plane == "arm":
                self.events.resource_deleted(resource)
            else:
                self.events.log("info", f"deleted {resource.resource_id} ({resource.resource_name})")
            self._confirm_children_gone(resource, deleted)
        for resource in self._created.values():
            if resource.step_id not in deleted and resource.resource_id not in self.outcome.not_deleted:
                self.outcome.not_deleted.append(resource.resource_id)

    def _confirm_children_gone(self, parent: CreatedResource, deleted: set[str]) -> None:
        """Children go with their parent on ARM; record each one confirmed gone."""
        for child in self._gone_children(
            parent, [c for c in self._created.values() if c.step_id not in deleted]
        ):
            deleted.add(child.step_id)
            self.outcome.deleted.append(child.resource_id)
            self.events.resource_deleted(child)

    def _gone_children(
        self, parent: CreatedResource, candidates: list[CreatedResource]
    ) -> list[CreatedResource]:
        """The ARM children of `parent` among `candidates` that a GET confirms are gone; a child
        still there, or one that cannot be checked, is logged and kept."""
        gone = []
        for child in candidates:
            if (
                child.plane != "arm"
                or parent.plane != "arm"
                or not is_under(child.resource_id, parent.resource_id)
            ):
                continue
            try:
                self.executor.arm.get(child.resource_id, child.api_version or "")
            except ResourceNotFound:
                gone.append(child)
                continue
            except AzureError as exc:
                self.events.log("warning", f"could not confirm {child.resource_id} is gone: {_reason(exc)}")
                continue
            self.events.log("warning", f"{child.resource_id} still exists after its parent was deleted")
        return gone

    def _delete(self, resource: CreatedResource) -> None:
        if resource.plane == "graph":
            if self.executor.graph is None:
                raise RuntimeError("a Graph object was created but the agent has no Graph endpoint")
            self.executor.graph.request("DELETE", resource.resource_id, None)
        else:
            self.executor.arm.delete(resource.resource_id, resource.api_version or "")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, AzureError):
        return f"{exc.code}: {exc.message}" if exc.code else exc.message
    text = str(exc)
    if isinstance(exc, StepFailed | AssertionFailed):
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
