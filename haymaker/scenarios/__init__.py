"""Scenario documents: format, parser and validator, catalog and selection.

The catalog directory rule is documented in haymaker.scenarios.catalog; the document format in
docs/scenarios/SCENARIO_TEMPLATE.md.
"""

from haymaker.scenarios.areas import TechnologyArea
from haymaker.scenarios.catalog import (
    default_scenarios_dir,
    find_scenario,
    list_available_scenarios,
    load_scenario,
    parse_scenario_metadata,
)
from haymaker.scenarios.models import Scenario, ScenarioError
from haymaker.scenarios.parser import parse_scenario_text
from haymaker.scenarios.selection import (
    Selection,
    permission_check,
    select_runnable_scenarios,
    select_scenarios,
)

__all__ = [
    "Scenario",
    "ScenarioError",
    "Selection",
    "TechnologyArea",
    "default_scenarios_dir",
    "find_scenario",
    "list_available_scenarios",
    "load_scenario",
    "parse_scenario_metadata",
    "parse_scenario_text",
    "permission_check",
    "select_runnable_scenarios",
    "select_scenarios",
]
