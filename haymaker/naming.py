"""Validated ids and the per-run names of everything a run creates (docs/architecture.md: Names and tags)."""

from __future__ import annotations

import re
import uuid

SCENARIO_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
RESOURCE_GROUP_MAX = 90
SP_NAME_MAX = 120
SECRET_NAME_MAX = 127
CONTAINER_APP_MAX = 32


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
    """`<scenario>-<run8>-agent`, lowercase, at most 32 chars, never ending in '-'."""
    validate_scenario_name(scenario_name)
    suffix = f"-{run8(run_id)}-agent"
    room = CONTAINER_APP_MAX - len(suffix)
    head = scenario_name[:room].rstrip("-")
    name = f"{head}{suffix}"
    validate_container_app_name(name)
    return name


CONTAINER_APP_RE = re.compile(r"^[a-z][a-z0-9-]{0,30}[a-z0-9]$")


def validate_container_app_name(name: str) -> str:
    if not isinstance(name, str) or not CONTAINER_APP_RE.match(name) or "--" in name:
        raise ValueError(
            f"container app name must be 2-32 chars, lowercase letters, digits and single '-', "
            f"start with a letter and end with a letter or digit; got {name!r}"
        )
    return name
