"""Which apps of a dedicated workload profile have a node: capacity across the profile's nodes.

A dedicated profile scales to `maximumCount` nodes of its size; replicas that fit on no node stay
pending and the app does not run (https://learn.microsoft.com/azure/container-apps/workload-profiles-overview
and .../workload-profiles-manage-cli#scale: "If a workload profile reaches its maximum node count,
new replicas remain in a pending state"). Apps are placed in the order they were created, each
replica first-fit; a stopped app holds no node. Consumption is not limited here.
"""

from __future__ import annotations

from typing import Any

from haymaker.emulator.arm import all_resources
from haymaker.emulator.container_apps.private_state import is_stopped
from haymaker.emulator.container_apps.rules import app_totals
from haymaker.emulator.container_apps.sizes import DEDICATED_PROFILE_SIZES
from haymaker.emulator.core.context import EmulatorContext

APP_TYPE = "microsoft.app/containerapps"


def _environment_id(app: dict[str, Any]) -> str:
    props = app.get("properties") or {}
    return str(props.get("managedEnvironmentId") or props.get("environmentId") or "").lower()


def _replicas(app: dict[str, Any]) -> int:
    scale = ((app.get("properties") or {}).get("template") or {}).get("scale") or {}
    return max(int(scale.get("minReplicas") or 0), 1)


def _profile(env: dict[str, Any], name: str) -> dict[str, Any] | None:
    for profile in (env.get("properties") or {}).get("workloadProfiles") or []:
        if str(profile.get("name", "")).lower() == name.lower():
            return profile
    return None


def has_a_node(ctx: EmulatorContext, env: dict[str, Any], app: dict[str, Any]) -> bool:
    """True when every replica of `app` fits on the nodes its profile may scale to."""
    name = str((app.get("properties") or {}).get("workloadProfileName") or "")
    profile = _profile(env, name) if name else None
    size = DEDICATED_PROFILE_SIZES.get(str((profile or {}).get("workloadProfileType", "")).upper())
    if profile is None or size is None:
        return True
    nodes = [[size.vcpu, size.memory_gi] for _ in range(int(profile.get("maximumCount") or 0))]
    target = str(app["id"]).lower()
    for other in _apps_on(ctx, str(env["id"]).lower(), name.lower(), app):
        cpu, memory = app_totals(other)
        placed = 0
        for _ in range(_replicas(other)):
            node = next((n for n in nodes if n[0] >= cpu - 1e-9 and n[1] >= memory - 1e-9), None)
            if node is None:
                break
            node[0] -= cpu
            node[1] -= memory
            placed += 1
        if str(other["id"]).lower() == target:
            return placed == _replicas(other)
    return True


def _apps_on(
    ctx: EmulatorContext, env_id: str, profile: str, candidate: dict[str, Any]
) -> list[dict[str, Any]]:
    """Running apps on that environment's profile, oldest first, `candidate` in its place."""
    subscription = str(candidate["id"]).split("/")[2]
    apps = {
        str(d["id"]).lower(): d
        for d in all_resources(ctx, subscription)
        if str(d.get("type", "")).lower() == APP_TYPE
        and _environment_id(d) == env_id
        and str((d.get("properties") or {}).get("workloadProfileName") or "").lower() == profile
    }
    apps[str(candidate["id"]).lower()] = candidate
    running = [a for a in apps.values() if not is_stopped(ctx, str(a["id"]))]
    return sorted(running, key=lambda a: ((a.get("_meta") or {}).get("created") or "~", str(a["id"]).lower()))
