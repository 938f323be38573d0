"""Orchestrator configuration and simulation sizes."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field, model_validator

MIN_AGENT_MEMORY_GB = 64
MIN_AGENT_CPU = 2


class SimulationSize(StrEnum):
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"

    def scenario_count(self) -> int:
        return {"small": 5, "medium": 15, "large": 30}[self.value]


class OrchestratorConfig(BaseModel):
    """How a simulation runs: size, duration, agent container sizing, networking.

    Real agents need a dedicated workload profile with at least 2 vCPU / 64 GiB; the emulator
    runs agents as local processes, so `allow_small_containers` lifts that floor there.
    """

    simulation_size: SimulationSize = SimulationSize.SMALL
    duration_seconds: float = Field(default=8 * 3600, gt=0)
    location: str = "eastus"
    container_image: str = "haymaker-agent:latest"
    container_memory_gb: float = Field(default=MIN_AGENT_MEMORY_GB, gt=0)
    container_cpu_cores: float = Field(default=MIN_AGENT_CPU, gt=0)
    allow_small_containers: bool = False
    workload_profile_name: str = "haymaker-dedicated"
    vnet_integration_enabled: bool = False
    vnet_resource_group: str | None = None
    vnet_name: str | None = None
    subnet_name: str | None = None

    @model_validator(mode="after")
    def _check(self) -> OrchestratorConfig:
        if not self.allow_small_containers:
            if self.container_memory_gb < MIN_AGENT_MEMORY_GB:
                raise ValueError(
                    f"container_memory_gb must be >= {MIN_AGENT_MEMORY_GB} (got "
                    f"{self.container_memory_gb}); set allow_small_containers=True for the emulator"
                )
            if self.container_cpu_cores < MIN_AGENT_CPU:
                raise ValueError(
                    f"container_cpu_cores must be >= {MIN_AGENT_CPU} (got "
                    f"{self.container_cpu_cores}); set allow_small_containers=True for the emulator"
                )
        if self.vnet_integration_enabled:
            missing = [
                name
                for name in ("vnet_resource_group", "vnet_name", "subnet_name")
                if not getattr(self, name)
            ]
            if missing:
                raise ValueError(
                    "vnet_integration_enabled requires "
                    + ", ".join(missing)
                    + "; set them or turn VNet integration off"
                )
        return self

    @property
    def scenario_count(self) -> int:
        return self.simulation_size.scenario_count()
