"""The parser and validator: a document the agent could not execute is rejected, naming the
file, the step and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from haymaker.scenarios import ScenarioError, parse_scenario_text
from haymaker.scenarios.models import ArmStep, DeleteStep, OperateStep
from tests.scenarios.docs import SECTIONS, VALID_STEPS, document

NAME = "networking-01-test"
PATH = Path("/catalog") / f"{NAME}.md"


def parse(text: str, path: Path = PATH):  # type: ignore[no-untyped-def]
    return parse_scenario_text(text, path)


def rejected(text: str, *fragments: str, path: Path = PATH) -> str:
    with pytest.raises(ScenarioError) as caught:
        parse(text, path)
    message = str(caught.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message
    return message


def steps_with(old: str, new: str) -> str:
    assert old in VALID_STEPS
    return VALID_STEPS.replace(old, new)


# -- a valid document --------------------------------------------------------------------------
def test_a_valid_document_yields_metadata_and_typed_steps() -> None:
    scenario = parse(document(NAME))
    meta = scenario.metadata
    assert meta.scenario_name == NAME
    assert meta.technology_area == "Networking"
    assert meta.title == "A test scenario"
    assert meta.required_roles == ["Contributor"]
    assert meta.scenario_doc_path == str(PATH)
    assert [s.step_id for s in scenario.steps.deploy] == ["nsg", "vnet", "subnet"]
    assert isinstance(scenario.steps.deploy[0], ArmStep)
    operate = scenario.steps.operate[0]
    assert isinstance(operate, OperateStep)
    assert (operate.id, operate.schedule.every, operate.schedule.jitter) == ("add-rule", 2700, 0.3)
    assert scenario.steps.teardown == [DeleteStep(delete="vnet"), DeleteStep(delete="nsg")]


def test_extra_required_roles_come_after_contributor() -> None:
    scenario = parse(document(NAME, required_roles=["Network Contributor"]))
    assert scenario.metadata.required_roles == ["Contributor", "Network Contributor"]


def test_a_scenario_may_take_part_in_goal_mode_unless_its_front_matter_says_goal_mode_false() -> None:
    assert parse(document(NAME)).metadata.goal_mode is True
    assert parse(document(NAME, goal_mode=False)).metadata.goal_mode is False


def test_a_goal_mode_that_is_not_true_or_false_is_rejected() -> None:
    rejected(document(NAME, goal_mode="sometimes"), "goal_mode")


def test_the_content_hash_changes_with_the_text() -> None:
    assert parse(document(NAME)).content_hash != parse(document(NAME, title="Other")).content_hash


# -- document layout ---------------------------------------------------------------------------
def test_missing_front_matter_is_rejected() -> None:
    rejected("# Title\n\n## Technology Area\n", "front matter")


@pytest.mark.parametrize("section", SECTIONS)
def test_a_missing_section_is_named(section: str) -> None:
    sections = tuple(s for s in SECTIONS if s != section)
    heading = section.split(":")[0]
    rejected(document(NAME, sections=sections), f"missing section '## {heading}")


def test_a_missing_title_is_rejected() -> None:
    rejected(document(NAME, title=None), "missing the title")


def test_a_document_without_a_steps_block_is_rejected() -> None:
    rejected(document(NAME, steps=None), "exactly one ```haymaker-steps block", "found 0")


def test_a_missing_phase_is_named() -> None:
    steps = VALID_STEPS.split("teardown:")[0]
    rejected(document(NAME, steps=steps), "non-empty 'teardown' list")


def test_the_scenario_name_must_match_the_file_name() -> None:
    rejected(document(NAME), "must match the file name", path=Path("/c/networking-02-other.md"))


def test_the_file_name_starts_with_the_area_slug() -> None:
    text = document("security-01-test", area="Networking")
    rejected(text, "networking-NN-<name>.md", path=Path("/c/security-01-test.md"))


def test_an_unknown_technology_area_is_rejected_listing_the_valid_ones() -> None:
    rejected(document(NAME, area="Blockchain"), "technology_area", "Web Apps")


def test_an_unknown_front_matter_key_is_rejected() -> None:
    rejected(document(NAME, colour="blue"), "colour")


# -- steps -------------------------------------------------------------------------------------
def test_a_missing_api_version_is_named_with_its_step() -> None:
    steps = steps_with(
        '    api_version: "2024-05-01"\n    body: {location: "{location}", properties: {securityRules',
        '    body: {location: "{location}", properties: {securityRules',
    )
    rejected(document(NAME, steps=steps), "deploy step 1 ('nsg')", "api_version")


def test_an_unknown_variable_is_named_with_its_step() -> None:
    steps = steps_with('{prefix}-vnet"', '{prefx}-vnet"')
    rejected(document(NAME, steps=steps), "deploy step 2 ('vnet')", "unknown variable {prefx}")


def test_a_step_using_a_resource_never_created_is_rejected() -> None:
    steps = steps_with('resource: "{vnet}/subnets/web"', 'resource: "{hub-vnet}/subnets/web"')
    rejected(document(NAME, steps=steps), "deploy step 3 ('subnet')", "{hub-vnet}")


def test_a_reference_to_a_later_step_is_rejected() -> None:
    steps = steps_with('networkSecurityGroups/{prefix}-nsg"', 'networkSecurityGroups/{prefix}-nsg-{subnet}"')
    rejected(document(NAME, steps=steps), "deploy step 1 ('nsg')", "has not run")


def test_teardown_that_forgets_a_resource_is_rejected() -> None:
    steps = steps_with("  - delete: nsg\n", "")
    rejected(document(NAME, steps=steps), "deploy step 1 ('nsg')", "teardown never deletes it", "delete: nsg")


def test_a_child_is_covered_by_deleting_its_parent() -> None:
    scenario = parse(document(NAME))
    assert "subnet" not in [s.delete for s in scenario.steps.teardown if isinstance(s, DeleteStep)]


def test_teardown_must_delete_children_before_their_parents() -> None:
    steps = steps_with(
        "  - delete: vnet\n  - delete: nsg\n", "  - delete: vnet\n  - delete: subnet\n  - delete: nsg\n"
    )
    rejected(document(NAME, steps=steps), "deletes 'subnet' after its parent 'vnet'")


def test_teardown_of_an_unknown_step_is_rejected() -> None:
    steps = steps_with("  - delete: nsg\n", "  - delete: nsg\n  - delete: firewall\n")
    rejected(document(NAME, steps=steps), "'delete: firewall'", "no deploy step")


def test_duplicate_step_ids_are_rejected() -> None:
    steps = steps_with("  - id: subnet\n", "  - id: vnet\n")
    rejected(document(NAME, steps=steps), "duplicate step id 'vnet'")


def test_a_step_id_may_not_shadow_a_variable() -> None:
    steps = (
        steps_with("  - id: nsg\n", "  - id: prefix\n")
        .replace("{nsg}", "{prefix}")
        .replace("delete: nsg", "delete: prefix")
    )
    rejected(document(NAME, steps=steps), "is a variable name")


def test_a_resource_outside_the_resource_group_is_rejected() -> None:
    steps = steps_with(
        '"{rg_id}/providers/Microsoft.Network/virtualNetworks/{prefix}-vnet"',
        '"/subscriptions/{subscription_id}/resourceGroups/other/providers/Microsoft.Network/virtualNetworks/v"',
    )
    rejected(document(NAME, steps=steps), "deploy step 2 ('vnet')", "resource group")


def test_the_iteration_counter_exists_only_in_operate_steps() -> None:
    steps = steps_with('{prefix}-vnet"', '{prefix}-vnet-{n}"')
    rejected(document(NAME, steps=steps), "deploy step 2 ('vnet')", "only in operate steps")


def test_only_n_takes_part_in_arithmetic() -> None:
    steps = steps_with('"{1000+n}"', '"{1000+run8}"')
    rejected(document(NAME, steps=steps), "operate step 1 ('add-rule')", "only {n} is an integer")


def test_operate_steps_act_only_on_what_deploy_created() -> None:
    steps = steps_with(
        'resource: "{nsg}/securityRules/rule-{n}"',
        'resource: "{rg_id}/providers/Microsoft.Network/networkSecurityGroups/x-{n}"',
    )
    rejected(document(NAME, steps=steps), "operate step 1 ('add-rule')", "what deploy created")


def test_operate_steps_need_a_schedule() -> None:
    steps = steps_with("    every: 45m\n", "")
    rejected(document(NAME, steps=steps), "operate step 1 ('add-rule')", "every")


def test_jitter_beyond_one_is_rejected() -> None:
    steps = steps_with("jitter: 0.3", "jitter: 1.5")
    rejected(document(NAME, steps=steps), "operate step 1 ('add-rule')", "jitter")


def test_a_schedule_on_a_deploy_step_is_rejected() -> None:
    steps = steps_with("  - id: vnet\n", "  - id: vnet\n    every: 5m\n")
    rejected(document(NAME, steps=steps), "deploy step 2 ('vnet')", "operate steps only")


def test_deploy_steps_do_not_delete() -> None:
    steps = steps_with("  - id: subnet\n    arm: PUT\n", "  - id: subnet\n    arm: DELETE\n").replace(
        '    body: {properties: {addressPrefix: "10.1.1.0/24", networkSecurityGroup: {id: "{nsg}"}}}\n', ""
    )
    rejected(document(NAME, steps=steps), "deploy step 3 ('subnet')", "teardown does")


def test_an_arm_put_needs_a_body() -> None:
    steps = steps_with(
        '    body: {location: "{location}", properties: {addressSpace: {addressPrefixes: ["10.1.0.0/16"]}}}\n',
        "",
    )
    rejected(document(NAME, steps=steps), "deploy step 2 ('vnet')", "needs a body")


def test_a_created_type_must_be_listed_in_resource_types() -> None:
    text = document(
        NAME,
        resource_types=["Microsoft.Network/virtualNetworks", "Microsoft.Network/virtualNetworks/subnets"],
    )
    rejected(text, "deploy step 1 ('nsg')", "Microsoft.Network/networkSecurityGroups")


def test_a_step_with_two_kinds_is_rejected() -> None:
    steps = steps_with(
        '    arm: PUT\n    resource: "{vnet}', '    arm: PUT\n    wait: 5s\n    resource: "{vnet}'
    )
    rejected(document(NAME, steps=steps), "deploy step 3 ('subnet')", "exactly one of")


def test_graph_steps_need_graph_permissions() -> None:
    steps = VALID_STEPS.replace(
        "operate:\n",
        '  - id: app\n    graph: POST\n    path: /applications\n    body: {displayName: "{prefix}-app"}\n'
        "operate:\n",
    ).replace("  - delete: vnet\n", "  - delete: app\n  - delete: vnet\n")
    rejected(document(NAME, steps=steps), "graph_permissions")
    assert parse(document(NAME, steps=steps, graph_permissions=["Application.ReadWrite.OwnedBy"]))


def test_every_problem_is_reported_at_once() -> None:
    steps = steps_with('{prefix}-vnet"', '{prefx}-vnet"').replace("  - delete: nsg\n", "")
    message = rejected(document(NAME, steps=steps), "problems:")
    assert "{prefx}" in message and "teardown never deletes" in message


def test_the_template_is_itself_a_valid_document() -> None:
    template = Path(__file__).resolve().parents[2] / "docs" / "scenarios" / "SCENARIO_TEMPLATE.md"
    scenario = parse(template.read_text(), Path("/c/networking-00-example.md"))
    assert scenario.name == "networking-00-example"
