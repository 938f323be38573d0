"""Validated ids and the per-run names of everything a run creates (docs/architecture.md: Names and tags)."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable
from typing import NamedTuple

SCENARIO_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
RESOURCE_GROUP_MAX = 90
SP_NAME_MAX = 120
SECRET_NAME_MAX = 127
CONTAINER_APP_MAX = 32
HASH_CHARS = 6


def validate_run_id(run_id: str) -> str:
    """Return the canonical form of a run id, or raise ValueError (S7: run id = UUID)."""
    if not isinstance(run_id, str):
        raise ValueError(f"run_id must be a UUID string, got {type(run_id).__name__}")
    try:
        parsed = uuid.UUID(run_id)
    except ValueError:
        raise ValueError(
            f"run_id must be a UUID like 3f2b8c1e-0000-4000-8000-000000000000, got {run_id!r}"
        ) from None
    canonical = str(parsed)
    if canonical != run_id.strip().lower():
        raise ValueError(f"run_id must be a canonical hyphenated UUID, got {run_id!r}")
    return canonical


def validate_scenario_name(name: str) -> str:
    """Scenario names are lowercase letters, digits and dashes (they become Azure names)."""
    if not isinstance(name, str) or not SCENARIO_NAME_RE.match(name):
        raise ValueError(
            f"scenario_name must be 1-63 chars of lowercase letters, digits and '-', "
            f"starting with a letter or digit; got {name!r}"
        )
    return name


def validate_subscription_id(subscription_id: str) -> str:
    try:
        return str(uuid.UUID(subscription_id))
    except (ValueError, TypeError, AttributeError):
        raise ValueError(f"subscription_id must be a UUID, got {subscription_id!r}") from None


def run8(run_id: str) -> str:
    return validate_run_id(run_id)[:8]


def resource_group_name(run_id: str, scenario_name: str) -> str:
    """`haymaker-<run8>-<scenario>`, within Azure's 90 characters."""
    validate_scenario_name(scenario_name)
    return f"haymaker-{run8(run_id)}-{scenario_name}"[:RESOURCE_GROUP_MAX]


def service_principal_name(run_id: str, scenario_name: str) -> str:
    """`AzureHayMaker-<scenario>-<run8>-admin`; the scenario part shrinks to fit Azure's limit."""
    validate_scenario_name(scenario_name)
    suffix = f"-{run8(run_id)}-admin"
    room = SP_NAME_MAX - len("AzureHayMaker-") - len(suffix)
    return f"AzureHayMaker-{scenario_name[:room]}{suffix}"


def key_vault_secret_name(run_id: str, scenario_name: str) -> str:
    """`scenario-sp-<scenario>-<run8>-secret` (Key Vault: 1-127 of [0-9a-zA-Z-])."""
    validate_scenario_name(scenario_name)
    suffix = f"-{run8(run_id)}-secret"
    room = SECRET_NAME_MAX - len("scenario-sp-") - len(suffix)
    return f"scenario-sp-{scenario_name[:room]}{suffix}"


def event_bus_secret_name(run_id: str) -> str:
    """`haymaker-<run8>-event-bus`: the Key Vault secret agents read the bus connection from."""
    return f"haymaker-{run8(run_id)}-event-bus"


def container_app_name(run_id: str, scenario_name: str) -> str:
    """`<scenario>-<run8>-agent` within Azure's 32 characters.

    A scenario name too long to fit becomes a short slug plus a hash of the whole name, so two
    scenarios that share a prefix (every `hybrid-multicloud-*`) never share an agent app.
    """
    validate_scenario_name(scenario_name)
    suffix = f"-{run8(run_id)}-agent"
    room = CONTAINER_APP_MAX - len(suffix)
    head = scenario_name if len(scenario_name) <= room else _slug_and_hash(scenario_name, room)
    name = f"{head}{suffix}"
    validate_container_app_name(name)
    return name


def user_assigned_identity_name(run_id: str, scenario_name: str) -> str:
    """`haymaker-<run8>-<scenario>-agent`: the agent's managed identity (3-128 characters)."""
    validate_scenario_name(scenario_name)
    return f"haymaker-{run8(run_id)}-{scenario_name}-agent"


def derived_names(run_id: str, scenario_name: str) -> dict[str, str]:
    """Every name HayMaker derives for one scenario of one run, by what it names."""
    return {
        "resource group": resource_group_name(run_id, scenario_name),
        "service principal": service_principal_name(run_id, scenario_name),
        "Key Vault secret": key_vault_secret_name(run_id, scenario_name),
        "agent app": container_app_name(run_id, scenario_name),
        "agent identity": user_assigned_identity_name(run_id, scenario_name),
    }


class NameCollision(NamedTuple):
    first: str
    second: str
    kind: str
    name: str

    def describe(self) -> str:
        return f"{self.first} and {self.second} would share the {self.kind} name {self.name!r} in a run"


def name_collisions(
    scenario_names: list[str],
    run_id: str = "00000000-0000-4000-8000-000000000000",
    derive: Callable[[str, str], dict[str, str]] = derived_names,
) -> list[NameCollision]:
    """Every pair of scenarios that would share a derived name in the same run."""
    seen: dict[tuple[str, str], str] = {}
    found: list[NameCollision] = []
    for scenario in scenario_names:
        for kind, name in derive(run_id, scenario).items():
            # Azure compares these names case-insensitively.
            other = seen.setdefault((kind, name.lower()), scenario)
            if other != scenario:
                found.append(NameCollision(other, scenario, kind, name))
    return found


def _slug_and_hash(scenario_name: str, room: int) -> str:
    digest = hashlib.sha256(scenario_name.encode()).hexdigest()[:HASH_CHARS]
    slug = scenario_name[: room - HASH_CHARS - 1].rstrip("-")
    return f"{slug}-{digest}"


CONTAINER_APP_RE = re.compile(r"^[a-z][a-z0-9-]{0,30}[a-z0-9]$")


def validate_container_app_name(name: str) -> str:
    if not isinstance(name, str) or not CONTAINER_APP_RE.match(name) or "--" in name:
        raise ValueError(
            f"container app name must be 2-32 chars, lowercase letters, digits and single '-', "
            f"start with a letter and end with a letter or digit; got {name!r}"
        )
    return name


def goal_api_key_secret_name(run_id: str) -> str:
    """`haymaker-<run8>-anthropic-api-key`: the run's copy of the orchestrator's Anthropic key,
    which goal-mode agents read (tagged with the run, so its cleanup purges it)."""
    return f"haymaker-{run8(run_id)}-anthropic-api-key"
