"""CPU / memory rules of Azure Container Apps: Consumption sizes and dedicated workload profiles.

Data from learn.microsoft.com "Workload profiles in Azure Container Apps" (profile types and node
sizes) and the ContainerAppInvalidResourceTotal message Azure returns (Consumption combinations).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from haymaker.specs.container_apps import NODE_SIZES

CONSUMPTION_PROFILE_TYPE = "Consumption"

# Consumption: 0.25 vCPU steps up to 4 vCPU, always 2 GiB per vCPU.
CONSUMPTION_COMBINATIONS: tuple[tuple[float, float], ...] = tuple(
    (step * 0.25, step * 0.5) for step in range(1, 17)
)


@dataclass(frozen=True)
class ProfileSize:
    """A dedicated workload profile's node size."""

    vcpu: float
    memory_gi: float


DEDICATED_PROFILE_SIZES: dict[str, ProfileSize] = {
    name: ProfileSize(vcpu, memory) for name, (vcpu, memory) in NODE_SIZES.items()
}

_MEMORY_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(Gi|Mi)?\s*$")


def parse_memory_gi(text: object) -> float | None:
    """'4Gi' -> 4.0, '512Mi' -> 0.5, '2' -> 2.0; None when it is not a memory quantity."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    if not isinstance(text, str):
        return None
    match = _MEMORY_RE.match(text)
    if match is None:
        return None
    value = float(match.group(1))
    return value / 1024 if match.group(2) == "Mi" else value


def is_consumption_size(cpu: float, memory_gi: float) -> bool:
    """True when (cpu, memory) is one of the Consumption combinations."""
    return any(abs(cpu - c) < 1e-9 and abs(memory_gi - m) < 1e-9 for c, m in CONSUMPTION_COMBINATIONS)


def fits_profile(size: ProfileSize, cpu: float, memory_gi: float) -> bool:
    return cpu <= size.vcpu + 1e-9 and memory_gi <= size.memory_gi + 1e-9


def consumption_error_message(cpu: float, memory_gi: float) -> str:
    """Azure's ContainerAppInvalidResourceTotal message for a Consumption app."""
    combos = "; ".join(f"[cpu: {c!r}, memory: {m!r}Gi]" for c, m in CONSUMPTION_COMBINATIONS)
    return (
        f"The total requested CPU and memory resources for this application "
        f"(CPU: {cpu:g}, memory: {memory_gi:g}) is invalid. Total CPU and memory for all "
        f"containers defined in a Container App must add up to one of the following "
        f"CPU - Memory combinations: {combos}"
    )


def dedicated_error_message(
    cpu: float, memory_gi: float, profile_name: str, profile_type: str, size: ProfileSize
) -> str:
    return (
        f"The total requested CPU and memory resources for this application "
        f"(CPU: {cpu:g}, memory: {memory_gi:g}) is invalid. Total CPU and memory for all "
        f"containers defined in a Container App on workload profile '{profile_name}' "
        f"(type {profile_type}) must not exceed {size.vcpu:g} vCPU and {size.memory_gi:g}Gi."
    )
