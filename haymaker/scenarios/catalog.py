"""The scenario catalog: where the documents live, listing, loading (cached) and metadata.

Where the catalog is (`default_scenarios_dir`):
1. the directory named by the environment variable HAYMAKER_SCENARIOS_DIR, when it is set;
2. otherwise `docs/scenarios` at the root of the source checkout this package runs from
   (the repository root is two levels above this package);
3. otherwise FileNotFoundError: an installed package has no docs, so set HAYMAKER_SCENARIOS_DIR.

Every `*.md` file there is a scenario except the templates SCENARIO_TEMPLATE.md and
SCALING_PLAN.md (and a README.md). Parsed scenarios are cached by file content hash, so an
edited file is parsed again and an unchanged one never is.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from haymaker.models import ScenarioMetadata
from haymaker.scenarios.models import Scenario
from haymaker.scenarios.parser import content_hash, parse_scenario_text

SCENARIOS_DIR_ENV = "HAYMAKER_SCENARIOS_DIR"
EXCLUDED_FILES = frozenset({"SCENARIO_TEMPLATE.md", "SCALING_PLAN.md", "README.md"})
REPO_SCENARIOS_DIR = Path(__file__).resolve().parents[2] / "docs" / "scenarios"

_cache: dict[tuple[str, str], Scenario] = {}
_cache_lock = threading.Lock()


def default_scenarios_dir() -> Path:
    """The catalog directory (see the module docstring for the rule)."""
    configured = os.environ.get(SCENARIOS_DIR_ENV)
    if configured:
        return Path(configured)
    if REPO_SCENARIOS_DIR.is_dir():
        return REPO_SCENARIOS_DIR
    raise FileNotFoundError(
        f"No scenario catalog: {REPO_SCENARIOS_DIR} does not exist (an installed package ships "
        f"no docs); set {SCENARIOS_DIR_ENV} to the directory holding the scenario documents"
    )


def list_available_scenarios(directory: str | Path | None = None) -> list[Path]:
    """Scenario documents in the catalog, sorted by name (templates excluded).

    Raises FileNotFoundError when the directory does not exist.
    """
    folder = Path(directory) if directory is not None else default_scenarios_dir()
    if not folder.is_dir():
        raise FileNotFoundError(f"Scenario directory {folder} does not exist")
    return sorted(path for path in folder.glob("*.md") if path.is_file() and path.name not in EXCLUDED_FILES)


def load_scenario(path: str | Path) -> Scenario:
    """Parse and validate one scenario document (cached by content hash)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    key = (str(path), content_hash(text))
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached.model_copy(deep=True)
    scenario = parse_scenario_text(text, path)
    with _cache_lock:
        _cache[key] = scenario
    return scenario.model_copy(deep=True)


def parse_scenario_metadata(path: str | Path) -> ScenarioMetadata:
    """Catalog metadata of one scenario document (the whole document is validated)."""
    return load_scenario(path).metadata


def find_scenario(name: str, directory: str | Path | None = None) -> Path:
    """The document of the scenario called `name`; FileNotFoundError naming the catalog."""
    folder = Path(directory) if directory is not None else default_scenarios_dir()
    path = folder / f"{name}.md"
    if path.name in EXCLUDED_FILES or not path.is_file():
        raise FileNotFoundError(f"No scenario {name!r} in {folder} (expected {path.name})")
    return path


def clear_cache() -> None:
    """Forget parsed scenarios (tests and long-lived processes that want a fresh parse)."""
    with _cache_lock:
        _cache.clear()
