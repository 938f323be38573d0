"""Finding 1 of the safety campaign: a template must not escape the scenario's resource group.

A server resolves `..` and `%2e%2e` before acting (RFC 3986 sections 5.2.4 and 6.2.2), so
`{rg_id}/providers/.../x/../../../../../foreign-rg/...` reaches another group. The validator
refuses every spelling, naming the step and the problem.
"""

from __future__ import annotations

import pytest

from haymaker.scenarios.parser import parse_scenario_text
from tests.scenarios.docs import document

ESCAPE = "{rg_id}/providers/Microsoft.Network/networkSecurityGroups/x/../../../../../foreign-rg/providers/Microsoft.Network/networkSecurityGroups/victim"

ESCAPES = [
    ESCAPE,
    ESCAPE.replace("..", "%2e%2e"),
    ESCAPE.replace("..", "%2E%2E"),
    ESCAPE.replace("/../", "/%2e%2e%2f").replace("..", "%2e%2e"),
    ESCAPE.replace("..", "%252e%252e"),
    "{rg_id}/providers/Microsoft.Network/networkSecurityGroups/x\\..\\..\\..\\..\\..\\foreign-rg",
    "{rg_id}/providers/Microsoft.Network/networkSecurityGroups/./victim",
    "{rg_id}/providers/Microsoft.Network//networkSecurityGroups/victim",
]


def _steps(resource: str) -> str:
    return f"""\
deploy:
  - id: nsg
    arm: PUT
    resource: '{resource}'
    api_version: "2024-05-01"
    body: {{location: "{{location}}", properties: {{securityRules: []}}}}
operate:
  - id: look
    every: 1h
    arm: GET
    resource: "{{nsg}}"
    api_version: "2024-05-01"
teardown:
  - delete: nsg
"""


@pytest.mark.parametrize("resource", ESCAPES)
def test_a_resource_that_hides_where_it_points_is_refused(resource: str) -> None:
    text = document("networking-01-escape", steps=_steps(resource))
    with pytest.raises(ValueError, match="hides where it points"):
        parse_scenario_text(text, "networking-01-escape.md")


def test_an_absolute_id_in_another_group_is_refused() -> None:
    foreign = "/subscriptions/{subscription_id}/resourceGroups/payroll/providers/Microsoft.Network/networkSecurityGroups/victim"
    text = document("networking-01-escape", steps=_steps(foreign))
    with pytest.raises(ValueError, match=r"resource group"):
        parse_scenario_text(text, "networking-01-escape.md")


def test_an_operate_step_that_climbs_out_of_its_resource_is_refused() -> None:
    steps = _steps("{rg_id}/providers/Microsoft.Network/networkSecurityGroups/{prefix}-nsg").replace(
        'resource: "{nsg}"',
        'resource: "{nsg}/../../../../../foreign-rg/providers/Microsoft.Network/networkSecurityGroups/v"',
    )
    text = document("networking-01-escape", steps=steps)
    with pytest.raises(ValueError, match=r"operate.*hides where it points"):
        parse_scenario_text(text, "networking-01-escape.md")


def test_a_body_reference_that_climbs_out_is_refused() -> None:
    steps = _steps("{rg_id}/providers/Microsoft.Network/networkSecurityGroups/{prefix}-nsg").replace(
        "properties: {securityRules: []}",
        'properties: {securityRules: [], ref: "{rg_id}/../foreign-rg"}',
    )
    text = document("networking-01-escape", steps=steps)
    with pytest.raises(ValueError, match="body value"):
        parse_scenario_text(text, "networking-01-escape.md")


def test_names_with_dots_are_plain_and_allowed() -> None:
    steps = _steps("{rg_id}/providers/Microsoft.Network/networkSecurityGroups/{prefix}-nsg.v2")
    scenario = parse_scenario_text(document("networking-01-dotted", steps=steps), "networking-01-dotted.md")
    assert scenario.steps.deploy[0].resource.endswith("-nsg.v2")
