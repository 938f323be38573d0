"""The run ledger: a run's resources and agents as its events tell it, applied idempotently.

Events may arrive twice (at-least-once delivery) and out of order (several agents, batches).
A repeated event id changes nothing. A resource's status follows the newest event about it
(by event timestamp; at equal timestamps deleted > deletion_failed > created), so a late
`resource_created` never resurrects a deleted resource while a genuine re-creation does.
A scenario that failed stays failed; one that completed stays completed unless it also failed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from haymaker.ledger import normalize as ev
from haymaker.ledger.models import (
    SNAPSHOT_VERSION,
    ChangeOutcome,
    LedgerChange,
    LedgerCounts,
    LedgerSnapshot,
    ResourceEntry,
    ResourceTotals,
    ScenarioState,
)
from haymaker.models.resources import Resource, ResourceStatus
from haymaker.models.scenarios import ScenarioStatus
from haymaker.naming import validate_run_id
from haymaker.reporting.models import LogEntry, ModelActivity

_RANK = {
    ResourceStatus.CREATED: 0,
    ResourceStatus.EXISTS: 0,
    ResourceStatus.DELETION_FAILED: 1,
    ResourceStatus.DELETED: 2,
}


@dataclass(slots=True)
class _Record:
    resource_id: str
    resource_type: str
    resource_name: str
    scenario_name: str
    tags: dict[str, str]
    location: str | None
    status: ResourceStatus
    status_at: datetime | None
    created_at: datetime | None = None
    deleted_at: datetime | None = None
    deletion_attempts: int = 0
    deletion_error: str | None = None
    api_version: str | None = None

    def supersedes(self, status: ResourceStatus, at: datetime) -> bool:
        """True when an event (status, at) is at least as new as what set the current status."""
        if self.status_at is None:
            return True
        return (at, _RANK[status]) >= (self.status_at, _RANK[self.status])


class RunLedger:
    """The ledger of one run; pure and in memory (persist it with `snapshot`)."""

    def __init__(self, run_id: str) -> None:
        self.run_id = validate_run_id(run_id)
        self._seen: set[str] = set()
        self._resources: dict[str, _Record] = {}
        self._scenarios: dict[str, ScenarioState] = {}
        self._counts = LedgerCounts()

    def __repr__(self) -> str:
        return (
            f"RunLedger(run_id={self.run_id!r}, resources={len(self._resources)}, "
            f"scenarios={len(self._scenarios)}, applied={self._counts.applied})"
        )

    # --- applying events ------------------------------------------------------------------

    def apply(self, event: object) -> LedgerChange:
        """Apply one event (pydantic event model or dict); never raises for bad input."""
        event_id: str | None = None
        event_type: str | None = None
        try:
            body = ev.as_mapping(event)
            event_id = ev.event_id_of(body)
            event_type = ev.event_type_of(body)
            if ev.run_id_of(body) != self.run_id:
                self._counts.rejected_foreign_run += 1
                return LedgerChange(
                    ChangeOutcome.FOREIGN_RUN,
                    event_id=event_id,
                    event_type=event_type,
                    reason="event belongs to another run",
                )
            if event_id in self._seen:
                self._counts.duplicates += 1
                return LedgerChange(ChangeOutcome.DUPLICATE, event_id, event_type)
            if event_type not in ev.EVENT_TYPES:
                self._seen.add(event_id)
                self._counts.skipped_unknown_type += 1
                return LedgerChange(ChangeOutcome.UNKNOWN_TYPE, event_id, event_type)
            envelope = ev.Envelope(
                event_id=event_id,
                event_type=event_type,
                run_id=self.run_id,
                scenario_name=ev.scenario_of(body),
                timestamp=ev.parse_timestamp(body.get("timestamp")),
                body=body,
            )
            change = self._apply_known(envelope)
        except ev.InvalidEvent as exc:
            self._counts.invalid += 1
            return LedgerChange(ChangeOutcome.INVALID, event_id, event_type, reason=str(exc))
        self._seen.add(envelope.event_id)
        self._counts.applied += 1
        return change

    def apply_all(self, events: Iterable[object]) -> list[LedgerChange]:
        """Apply events in order; one change per event."""
        return [self.apply(e) for e in events]

    def _apply_known(self, env: ev.Envelope) -> LedgerChange:
        # Parse everything that can fail before touching state: a rejected event changes nothing.
        if env.event_type in ev.RESOURCE_EVENTS:
            return self._apply_resource(env)
        if env.event_type == ev.AGENT_LOG:
            entry = LogEntry(
                timestamp=env.timestamp,
                scenario=env.scenario_name,
                level=ev.log_level(env.body.get("level")),
                message=ev.text(env.body.get("message"), ev.MAX_MESSAGE_CHARS) or "",
                event_id=env.event_id,
            )
            scenario = self._touch(env)
            scenario.log_entries += 1
            return self._change(env, scenario, log_entry=entry)
        if env.event_type == ev.PHASE_STARTED:
            phase = ev.required_str(env.body, "phase")
            scenario = self._touch(env)
            if scenario.phase_started_at is None or env.timestamp >= scenario.phase_started_at:
                scenario.phase = phase
                scenario.phase_started_at = env.timestamp
            return self._change(env, scenario)
        if env.event_type == ev.AGENT_FAILED:
            reason = ev.text(env.body.get("reason")) or "agent failed without a reason"
            scenario = self._touch(env)
            scenario.status = ScenarioStatus.FAILED
            scenario.failure_reason = reason
            scenario.ended_at = _latest(scenario.ended_at, env.timestamp)
            return self._change(env, scenario)
        if env.event_type == ev.MODEL_USAGE:
            return self._apply_model_usage(env)
        scenario = self._touch(env)
        if env.event_type == ev.OPERATION:
            _count_operation(scenario, env.body)
        elif env.event_type == ev.AGENT_COMPLETED:
            if scenario.status != ScenarioStatus.FAILED:
                scenario.status = ScenarioStatus.COMPLETED
            scenario.ended_at = _latest(scenario.ended_at, env.timestamp)
        return self._change(env, scenario)

    def _apply_model_usage(self, env: ev.Envelope) -> LedgerChange:
        body = env.body
        activity = ModelActivity(
            model=ev.required_str(body, "model"),
            fallback_reason=ev.text(body.get("fallback_reason")),
            **{name: ev.count_of(body, name) for name in _USAGE_COUNTS},
        )
        scenario = self._touch(env)
        # Totals are cumulative: the latest event wins, whatever order the bus delivers them in.
        if scenario.model_usage_at is None or env.timestamp >= scenario.model_usage_at:
            scenario.model_usage = activity
            scenario.model_usage_at = env.timestamp
        return self._change(env, scenario)

    def _touch(self, env: ev.Envelope) -> ScenarioState:
        """The scenario's state, created on its first event (whatever arrives first)."""
        scenario = self._scenarios.get(env.scenario_name)
        if scenario is None:
            scenario = ScenarioState(scenario_name=env.scenario_name)
            self._scenarios[env.scenario_name] = scenario
        if env.event_type == ev.AGENT_STARTED:
            scenario.started_at = _earliest(scenario.started_at, env.timestamp)
        scenario.last_event_at = _latest(scenario.last_event_at, env.timestamp)
        return scenario

    def _change(
        self, env: ev.Envelope, scenario: ScenarioState, log_entry: LogEntry | None = None
    ) -> LedgerChange:
        return LedgerChange(
            ChangeOutcome.APPLIED,
            event_id=env.event_id,
            event_type=env.event_type,
            scenario_name=env.scenario_name,
            scenario_status=scenario.status,
            log_entry=log_entry,
        )

    def _apply_resource(self, env: ev.Envelope) -> LedgerChange:
        body = env.body
        resource_id = ev.required_str(body, "resource_id")
        resource_type = ev.optional_str(body, "resource_type")
        resource_name = ev.optional_str(body, "resource_name")
        if not resource_type or not resource_name:
            derived_type, derived_name = ev.type_and_name(resource_id)
            resource_type = resource_type or derived_type
            resource_name = resource_name or derived_name
        tags = ev.tags_of(body)
        location = ev.optional_str(body, "location")
        api_version = ev.optional_str(body, "api_version")
        if env.event_type == ev.RESOURCE_CREATED:
            status = ResourceStatus.CREATED
            attempts = ev.attempts_of(body, 0)
            error = None
        elif env.event_type == ev.RESOURCE_DELETED:
            status = ResourceStatus.DELETED
            attempts = ev.attempts_of(body, 1)
            error = None
        else:
            status = ResourceStatus.DELETION_FAILED
            attempts = ev.attempts_of(body, 1)
            error = ev.text(body.get("deletion_error")) or "deletion failed without an error"

        key = resource_id.lower()  # ARM ids are case-insensitive
        record = self._resources.get(key)
        if record is None:
            record = _Record(
                resource_id=resource_id,
                resource_type=resource_type,
                resource_name=resource_name,
                scenario_name=env.scenario_name,
                tags=tags,
                location=location,
                status=status,
                status_at=None,
                api_version=api_version,
            )
            self._resources[key] = record
        else:
            record.resource_type = record.resource_type or resource_type
            record.resource_name = record.resource_name or resource_name
            record.location = record.location or location
            record.api_version = api_version or record.api_version
            if tags:
                record.tags = tags
        if status == ResourceStatus.CREATED and record.created_at is None:
            record.created_at = env.timestamp  # a late create still tells us when it was made
        if record.supersedes(status, env.timestamp):
            record.status = status
            record.status_at = env.timestamp
            if status == ResourceStatus.CREATED:
                record.created_at = env.timestamp
                record.deleted_at = None
                record.deletion_error = None
                record.deletion_attempts = 0
            elif status == ResourceStatus.DELETED:
                record.deleted_at = env.timestamp
                record.deletion_error = None
                record.deletion_attempts = max(record.deletion_attempts, attempts)
            else:
                record.deletion_error = error
                record.deletion_attempts = max(record.deletion_attempts, attempts)
        scenario = self._touch(env)
        return LedgerChange(
            ChangeOutcome.APPLIED,
            event_id=env.event_id,
            event_type=env.event_type,
            scenario_name=env.scenario_name,
            resource_id=record.resource_id,
            resource_status=record.status,
            scenario_status=scenario.status,
        )

    # --- reading --------------------------------------------------------------------------

    @property
    def counts(self) -> LedgerCounts:
        """Events seen so far, by outcome (a copy)."""
        return self._counts.model_copy()

    def resources(self) -> list[Resource]:
        """Every resource the run's events named, in the order first seen."""
        return [self._to_resource(r) for r in self._resources.values()]

    def resource(self, resource_id: str) -> Resource | None:
        record = self._resources.get(resource_id.lower())
        return None if record is None else self._to_resource(record)

    def resource_totals(self) -> ResourceTotals:
        """Resources by lifecycle: created (ever), deleted, deletion failed, outstanding."""
        totals = ResourceTotals()
        for r in self._resources.values():
            if r.created_at is not None:
                totals.created += 1
            if r.status == ResourceStatus.DELETED:
                totals.deleted += 1
            elif r.status == ResourceStatus.DELETION_FAILED:
                totals.deletion_failed += 1
            if r.status != ResourceStatus.DELETED:
                totals.outstanding += 1
        return totals

    def scenario_states(self) -> dict[str, ScenarioState]:
        """Each scenario heard from, with its resource counts (copies; mutate freely)."""
        states = {name: s.model_copy() for name, s in self._scenarios.items()}
        for r in self._resources.values():
            state = states.get(r.scenario_name)
            if state is None:
                continue
            if r.created_at is not None:
                state.resources_created += 1
            if r.status == ResourceStatus.DELETED:
                state.resources_deleted += 1
            elif r.status == ResourceStatus.DELETION_FAILED:
                state.resources_deletion_failed += 1
        return states

    def all_agents_finished(self, expected_scenarios: Iterable[str]) -> bool:
        """True when every expected scenario's agent completed or failed."""
        for name in expected_scenarios:
            state = self._scenarios.get(name)
            if state is None or not state.finished:
                return False
        return True

    def _to_resource(self, r: _Record) -> Resource:
        return Resource(
            resource_id=r.resource_id,
            resource_type=r.resource_type,
            resource_name=r.resource_name,
            scenario_name=r.scenario_name,
            run_id=self.run_id,
            created_at=r.created_at,
            deleted_at=r.deleted_at,
            status=r.status,
            deletion_attempts=r.deletion_attempts,
            deletion_error=r.deletion_error,
            tags=dict(r.tags),
            location=r.location,
            api_version=r.api_version,
        )

    # --- persistence ----------------------------------------------------------------------

    def snapshot(self) -> str:
        """The whole ledger as JSON (see `restore`)."""
        snap = LedgerSnapshot(
            version=SNAPSHOT_VERSION,
            run_id=self.run_id,
            seen_event_ids=sorted(self._seen),
            resources=[
                ResourceEntry(resource=self._to_resource(r), status_at=r.status_at)
                for r in self._resources.values()
            ],
            scenarios=list(self.scenario_states().values()),
            counts=self._counts,
        )
        return snap.model_dump_json()

    @classmethod
    def restore(cls, data: str | bytes) -> RunLedger:
        """A ledger that continues where `snapshot()` left off."""
        snap = LedgerSnapshot.model_validate_json(data)
        if snap.version != SNAPSHOT_VERSION:
            raise ValueError(
                f"ledger snapshot version {snap.version} is not supported "
                f"(this HayMaker reads version {SNAPSHOT_VERSION})"
            )
        ledger = cls(snap.run_id)
        ledger._seen = set(snap.seen_event_ids)
        ledger._counts = snap.counts.model_copy()
        for entry in snap.resources:
            res = entry.resource
            ledger._resources[res.resource_id.lower()] = _Record(
                resource_id=res.resource_id,
                resource_type=res.resource_type,
                resource_name=res.resource_name,
                scenario_name=res.scenario_name,
                tags=dict(res.tags),
                location=res.location,
                status=res.status,
                status_at=entry.status_at,
                created_at=res.created_at,
                deleted_at=res.deleted_at,
                deletion_attempts=res.deletion_attempts,
                deletion_error=res.deletion_error,
                api_version=res.api_version,
            )
        for state in snap.scenarios:
            # Resource counts are derived from the resources on every read.
            ledger._scenarios[state.scenario_name] = state.model_copy(
                update={
                    "resources_created": 0,
                    "resources_deleted": 0,
                    "resources_deletion_failed": 0,
                }
            )
        return ledger


def _earliest(current: datetime | None, new: datetime) -> datetime:
    return new if current is None or new < current else current


def _latest(current: datetime | None, new: datetime) -> datetime:
    return new if current is None or new > current else current


_USAGE_COUNTS = (
    "requests",
    "input_tokens",
    "output_tokens",
    "cache_read_input_tokens",
    "cache_creation_input_tokens",
    "refused_calls",
)


def _count_operation(scenario: ScenarioState, body: Mapping[str, Any]) -> None:
    """Operations that happened count; a model's refused or failed calls are counted apart."""
    model = body.get("source") == "model"
    outcome = body.get("outcome") or "ok"
    if outcome == "ok":
        scenario.operations += 1
        if model:
            scenario.model_operations += 1
        else:
            scenario.scripted_operations += 1
    elif model and outcome == "refused":
        scenario.model_refused_calls += 1
    elif model:
        scenario.model_failed_operations += 1
