"""Dedicated workload profile node sizes of Azure Container Apps (vCPU, GiB per node).

From https://learn.microsoft.com/azure/container-apps/workload-profiles-overview#profile-types
(D: general purpose, E: memory optimized). The emulator enforces them; provisioning sizes a run's
profile with them.
"""

from __future__ import annotations

NODE_SIZES: dict[str, tuple[float, float]] = {
    "D4": (4, 16),
    "D8": (8, 32),
    "D16": (16, 64),
    "D32": (32, 128),
    "E4": (4, 32),
    "E8": (8, 64),
    "E16": (16, 128),
    "E32": (32, 256),
}


def agents_per_node(profile_type: str, cpu: float, memory_gi: float) -> int:
    """How many apps of that size one node of the profile holds (0 when one does not fit)."""
    vcpu, memory = NODE_SIZES[profile_type.upper()]
    return int(min(vcpu / cpu, memory / memory_gi) + 1e-9)
