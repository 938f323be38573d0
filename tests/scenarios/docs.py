"""Build scenario documents for tests: a valid one by default, broken in exactly one way on demand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SECTIONS = (
    "Technology Area",
    "Company Profile",
    "Scenario Description",
    "Azure Services Used",
    "Prerequisites",
    "Phase 1: Deployment and Validation",
    "Phase 2: Operations",
    "Phase 3: Cleanup",
)

VALID_STEPS = """\
deploy:
  - id: nsg
    arm: PUT
    resource: "{rg_id}/providers/Microsoft.Network/networkSecurityGroups/{prefix}-nsg"
    api_version: "2024-05-01"
    body: {location: "{location}", properties: {securityRules: []}}
  - id: vnet
    arm: PUT
    resource: "{rg_id}/providers/Microsoft.Network/virtualNetworks/{prefix}-vnet"
    api_version: "2024-05-01"
    body: {location: "{location}", properties: {addressSpace: {addressPrefixes: ["10.1.0.0/16"]}}}
  - id: subnet
    arm: PUT
    resource: "{vnet}/subnets/web"
    api_version: "2024-05-01"
    body: {properties: {addressPrefix: "10.1.1.0/24", networkSecurityGroup: {id: "{nsg}"}}}
operate:
  - id: add-rule
    every: 45m
    jitter: 0.3
    arm: PUT
    resource: "{nsg}/securityRules/rule-{n}"
    api_version: "2024-05-01"
    body: {properties: {priority: "{1000+n}", access: Allow, direction: Inbound, protocol: Tcp,
           sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "*",
           destinationPortRange: "443"}}
teardown:
  - delete: vnet
  - delete: nsg
"""

AREA_SLUGS = {
    "AI & Machine Learning": "ai-ml",
    "Analytics": "analytics",
    "Compute": "compute",
    "Containers": "containers",
    "Databases": "databases",
    "Hybrid + Multicloud": "hybrid-multicloud",
    "Identity": "identity",
    "Networking": "networking",
    "Security": "security",
    "Web Apps": "web-apps",
}


def front_matter(name: str, area: str = "Networking", **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "scenario": name,
        "technology_area": area,
        "services": ["Azure Virtual Network"],
        "resource_types": [
            "Microsoft.Network/networkSecurityGroups",
            "Microsoft.Network/virtualNetworks",
            "Microsoft.Network/virtualNetworks/subnets",
        ],
        "required_roles": [],
        "graph_permissions": [],
        "cost_tier": "low",
        "typical_duration": "8h",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def document(
    name: str = "networking-01-test",
    *,
    area: str = "Networking",
    steps: str | None = VALID_STEPS,
    sections: tuple[str, ...] = SECTIONS,
    title: str | None = "A test scenario",
    **front: Any,
) -> str:
    """A scenario document; pass steps=None for no steps block."""
    parts = ["---", yaml.safe_dump(front_matter(name, area, **front), sort_keys=False).strip(), "---", ""]
    if title:
        parts += [f"# {title}", ""]
    for section in sections:
        parts += [f"## {section}", "", f"Prose about {section.lower()}.", ""]
    if steps is not None:
        parts += ["```haymaker-steps", steps.rstrip(), "```", ""]
    return "\n".join(parts)


def write(directory: Path, name: str = "networking-01-test", **kwargs: Any) -> Path:
    path = directory / f"{name}.md"
    path.write_text(document(name, **kwargs), encoding="utf-8")
    return path


def catalog(directory: Path, per_area: dict[str, int]) -> list[Path]:
    """A catalog with `per_area[area]` valid scenarios in each area."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for area, count in per_area.items():
        for index in range(1, count + 1):
            name = f"{AREA_SLUGS[area]}-{index:02d}-sample"
            paths.append(write(directory, name, area=area))
    return paths
