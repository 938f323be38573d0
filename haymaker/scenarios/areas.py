"""The technology areas scenarios belong to, and the file-name slug of each."""

from __future__ import annotations

from enum import StrEnum


class TechnologyArea(StrEnum):
    AI_ML = "AI & Machine Learning"
    ANALYTICS = "Analytics"
    COMPUTE = "Compute"
    CONTAINERS = "Containers"
    DATABASES = "Databases"
    HYBRID_MULTICLOUD = "Hybrid + Multicloud"
    IDENTITY = "Identity"
    NETWORKING = "Networking"
    SECURITY = "Security"
    WEB_APPS = "Web Apps"

    @property
    def slug(self) -> str:
        """The `<area>` part of `docs/scenarios/<area>-NN-<name>.md`."""
        return _SLUGS[self]


_SLUGS = {
    TechnologyArea.AI_ML: "ai-ml",
    TechnologyArea.ANALYTICS: "analytics",
    TechnologyArea.COMPUTE: "compute",
    TechnologyArea.CONTAINERS: "containers",
    TechnologyArea.DATABASES: "databases",
    TechnologyArea.HYBRID_MULTICLOUD: "hybrid-multicloud",
    TechnologyArea.IDENTITY: "identity",
    TechnologyArea.NETWORKING: "networking",
    TechnologyArea.SECURITY: "security",
    TechnologyArea.WEB_APPS: "web-apps",
}


def parse_area(value: str | TechnologyArea) -> TechnologyArea:
    """An area from its name or slug, case-insensitively; ValueError listing the valid names."""
    if isinstance(value, TechnologyArea):
        return value
    text = str(value).strip().lower()
    for area in TechnologyArea:
        if text in (area.value.lower(), area.slug):
            return area
    names = ", ".join(area.value for area in TechnologyArea)
    raise ValueError(f"unknown technology area {value!r}; use one of: {names}")
