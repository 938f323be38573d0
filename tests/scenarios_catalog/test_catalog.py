"""The shipped catalog (size, balance, every document valid, templates never selected) and the
validator's verdict on broken documents: one problem per line, naming the file, the step and
what is wrong."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from haymaker.scenarios import (
    TechnologyArea,
    list_available_scenarios,
    load_scenario,
    parse_scenario_metadata,
    select_scenarios,
)
from haymaker.scenarios.api_versions import known_api_versions
from haymaker.scenarios.catalog import EXCLUDED_FILES, REPO_SCENARIOS_DIR
from haymaker.scenarios.lint import check_document, check_documents
from tests.agent.test_agent_runs import FIRST_DUE_WITHIN_SECONDS
from tests.scenarios.docs import SECTIONS, VALID_STEPS, document, write

CATALOG = list_available_scenarios(REPO_SCENARIOS_DIR)
NAME = "networking-01-test"


def problems_of(tmp_path: Path, text: str, name: str = NAME) -> list[str]:
    path = tmp_path / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    lines = [problem.line() for problem in check_document(path)]
    assert all(line.startswith(f"{path}: ") for line in lines)
    return lines


def steps_with(old: str, new: str) -> str:
    assert old in VALID_STEPS
    return VALID_STEPS.replace(old, new)


def only(lines: list[str], *fragments: str) -> None:
    """Exactly one problem, and it says all of `fragments`."""
    assert len(lines) == 1, lines
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


# -- the shipped catalog -----------------------------------------------------------------------
def test_the_catalog_has_at_least_fifty_scenarios() -> None:
    assert len(CATALOG) >= 50


@pytest.mark.parametrize("area", list(TechnologyArea), ids=lambda a: a.slug)
def test_every_area_has_at_least_five_scenarios(area: TechnologyArea) -> None:
    in_area = [p for p in CATALOG if p.name.startswith(f"{area.slug}-")]
    assert len(in_area) >= 5, [p.name for p in in_area]


@pytest.mark.parametrize("path", CATALOG, ids=lambda p: p.stem)
def test_every_document_validates(path: Path) -> None:
    assert [problem.line() for problem in check_document(path)] == []


# The catalog-wide agent run (tests/agent/test_agent_runs.py) compresses the schedule: every
# operate step must first be due early enough to fire there.
@pytest.mark.parametrize("path", CATALOG, ids=lambda p: p.stem)
def test_every_operate_step_is_first_due_early_enough_to_fire_in_the_compressed_run(path: Path) -> None:
    late = [
        step.id
        for step in load_scenario(path).steps.operate
        if step.schedule.start_after + step.schedule.jitter * step.schedule.every / 2
        > FIRST_DUE_WITHIN_SECONDS
    ]
    assert late == []


def test_the_templates_are_in_the_catalog_directory_but_never_listed() -> None:
    for template in ("SCENARIO_TEMPLATE.md", "SCALING_PLAN.md"):
        assert (REPO_SCENARIOS_DIR / template).is_file()
        assert template in EXCLUDED_FILES
    assert not {p.name for p in CATALOG} & EXCLUDED_FILES


def test_the_templates_are_never_selected_even_when_everything_is(tmp_path: Path) -> None:
    for template in ("SCENARIO_TEMPLATE.md", "SCALING_PLAN.md"):
        shutil.copy(REPO_SCENARIOS_DIR / template, tmp_path / template)
    write(tmp_path, "networking-01-one")
    write(tmp_path, "networking-02-two")
    chosen = {m.scenario_name for m in select_scenarios(2, seed=1, directory=tmp_path)}
    assert chosen == {"networking-01-one", "networking-02-two"}
    with pytest.raises(ValueError, match="Requested: 3, Available: 2"):
        select_scenarios(3, seed=1, directory=tmp_path)


def test_a_large_run_draws_three_per_area_from_the_catalog() -> None:
    counts = Counter(m.technology_area for m in select_scenarios(30, seed=7))
    assert counts == Counter({area.value: 3 for area in TechnologyArea})


def test_the_provider_table_knows_every_type_the_catalog_declares() -> None:
    declared = {t for path in CATALOG for t in parse_scenario_metadata(path).resource_types}
    assert sorted(t for t in declared if known_api_versions(t) is None) == []


# -- broken documents --------------------------------------------------------------------------
def test_a_valid_document_has_no_problems(tmp_path: Path) -> None:
    assert problems_of(tmp_path, document(NAME)) == []


def test_a_missing_section_is_named(tmp_path: Path) -> None:
    sections = tuple(s for s in SECTIONS if not s.startswith("Phase 3"))
    only(problems_of(tmp_path, document(NAME, sections=sections)), "missing section '## Phase 3'")


def test_an_unknown_api_version_is_named_with_its_step_and_the_known_ones(tmp_path: Path) -> None:
    steps = steps_with(
        'virtualNetworks/{prefix}-vnet"\n    api_version: "2024-05-01"',
        'virtualNetworks/{prefix}-vnet"\n    api_version: "2099-01-01"',
    )
    only(
        problems_of(tmp_path, document(NAME, steps=steps)),
        "deploy step 2 ('vnet')",
        "api-version '2099-01-01' is not known for Microsoft.Network/virtualNetworks",
        "2024-05-01",
    )


def test_an_unknown_api_version_in_an_operate_step_is_named(tmp_path: Path) -> None:
    steps = steps_with('rule-{n}"\n    api_version: "2024-05-01"', 'rule-{n}"\n    api_version: "2015-01-01"')
    only(
        problems_of(tmp_path, document(NAME, steps=steps)),
        "operate step 1 ('add-rule')",
        "'2015-01-01' is not known for Microsoft.Network/networkSecurityGroups/securityRules",
    )


def test_a_type_the_provider_table_lacks_is_named(tmp_path: Path) -> None:
    steps = steps_with("networkSecurityGroups/{prefix}-nsg", "flyingCarpets/{prefix}-nsg")
    lines = problems_of(
        tmp_path,
        document(
            NAME,
            steps=steps,
            resource_types=[
                "Microsoft.Network/flyingCarpets",
                "Microsoft.Network/virtualNetworks",
                "Microsoft.Network/virtualNetworks/subnets",
            ],
        ),
    )
    # The operate step beneath it (flyingCarpets/securityRules) is named too.
    assert lines[0].endswith(
        "deploy step 1 ('nsg'): resource type Microsoft.Network/flyingCarpets is not in the emulator's "
        "provider table (add a TypeSpec line to haymaker/specs/providers.py)"
    )
    assert len(lines) == 2 and "operate step 1 ('add-rule')" in lines[1]


def test_a_step_using_a_resource_never_created_is_named(tmp_path: Path) -> None:
    steps = steps_with(
        'resource: "{nsg}/securityRules/rule-{n}"', 'resource: "{firewall}/securityRules/rule-{n}"'
    )
    only(
        problems_of(tmp_path, document(NAME, steps=steps)),
        "operate step 1 ('add-rule')",
        "unknown variable {firewall}",
    )


def test_a_step_using_a_resource_created_only_later_is_named(tmp_path: Path) -> None:
    steps = (
        VALID_STEPS.replace('{id: "{nsg}"}', '{id: "{late-nsg}"}')
        .replace(
            "operate:",
            '  - id: late-nsg\n    arm: PUT\n    resource: "{rg_id}/providers/Microsoft.Network/'
            'networkSecurityGroups/{prefix}-late"\n    api_version: "2024-05-01"\n'
            '    body: {location: "{location}", properties: {}}\noperate:',
        )
        .replace("  - delete: nsg\n", "  - delete: nsg\n  - delete: late-nsg\n")
    )
    only(
        problems_of(tmp_path, document(NAME, steps=steps)),
        "deploy step 3 ('subnet')",
        "refers to step 'late-nsg', which has not run at this point",
    )


def test_a_teardown_that_forgets_a_resource_is_named(tmp_path: Path) -> None:
    steps = steps_with("  - delete: nsg\n", "")
    only(
        problems_of(tmp_path, document(NAME, steps=steps)),
        "deploy step 1 ('nsg')",
        "teardown never deletes it",
        "- delete: nsg",
    )


def test_a_teardown_that_deletes_what_is_still_referenced_is_named(tmp_path: Path) -> None:
    steps = steps_with("  - delete: vnet\n  - delete: nsg\n", "  - delete: nsg\n  - delete: vnet\n")
    only(
        problems_of(tmp_path, document(NAME, steps=steps)),
        "teardown step 1",
        "deletes 'nsg' while 'subnet' still references it (properties.networkSecurityGroup.id)",
    )


def test_a_weak_reference_does_not_order_the_teardown(tmp_path: Path) -> None:
    steps = steps_with(
        "operate:",
        '  - id: logs\n    arm: PUT\n    resource: "{rg_id}/providers/'
        'Microsoft.OperationalInsights/workspaces/{prefix}-law"\n    api_version: "2023-09-01"\n'
        '    body: {location: "{location}", properties: {sku: {name: PerGB2018}}}\n'
        '  - id: nsg-logs\n    arm: PUT\n    resource: "{nsg}/providers/Microsoft.Insights/'
        'diagnosticSettings/to-law"\n    api_version: "2021-05-01-preview"\n'
        '    body: {properties: {workspaceId: "{logs}"}}\n'
        "operate:",
    ).replace("  - delete: vnet\n", "  - delete: logs\n  - delete: vnet\n")
    types = [
        "Microsoft.Network/networkSecurityGroups",
        "Microsoft.Network/virtualNetworks",
        "Microsoft.Network/virtualNetworks/subnets",
        "Microsoft.OperationalInsights/workspaces",
        "Microsoft.Insights/diagnosticSettings",
    ]
    assert problems_of(tmp_path, document(NAME, steps=steps, resource_types=types)) == []


def test_a_global_name_without_the_run_prefix_is_named(tmp_path: Path) -> None:
    steps = steps_with(
        "operate:",
        '  - id: store\n    arm: PUT\n    resource: "{rg_id}/providers/'
        'Microsoft.Storage/storageAccounts/landingzone"\n    api_version: "2023-05-01"\n'
        '    body: {location: "{location}", kind: StorageV2, sku: {name: Standard_LRS}}\n'
        "operate:",
    ).replace("  - delete: nsg\n", "  - delete: nsg\n  - delete: store\n")
    types = [
        "Microsoft.Network/networkSecurityGroups",
        "Microsoft.Network/virtualNetworks",
        "Microsoft.Network/virtualNetworks/subnets",
        "Microsoft.Storage/storageAccounts",
    ]
    only(
        problems_of(tmp_path, document(NAME, steps=steps, resource_types=types)),
        "deploy step 4 ('store')",
        "'landingzone'",
        "not unique per run",
        "{prefix}",
    )


def test_a_fixed_name_inside_the_scenario_group_is_fine(tmp_path: Path) -> None:
    steps = steps_with("networkSecurityGroups/{prefix}-nsg", "networkSecurityGroups/web-nsg")
    assert problems_of(tmp_path, document(NAME, steps=steps)) == []


def test_a_graph_object_without_the_run_prefix_is_named(tmp_path: Path) -> None:
    steps = steps_with(
        "operate:",
        "  - id: app\n    graph: POST\n    path: /applications\n"
        "    body: {displayName: partner-portal}\noperate:",
    ).replace("  - delete: nsg\n", "  - delete: nsg\n  - delete: app\n")
    only(
        problems_of(
            tmp_path, document(NAME, steps=steps, graph_permissions=["Application.ReadWrite.OwnedBy"])
        ),
        "deploy step 4 ('app')",
        "displayName 'partner-portal'",
        "not unique per run",
    )


def test_every_problem_gets_its_own_line(tmp_path: Path) -> None:
    steps = steps_with("  - delete: nsg\n", "").replace(
        'api_version: "2024-05-01"\n    body: {location: "{location}", properties: {addressSpace',
        'api_version: "2099-01-01"\n    body: {location: "{location}", properties: {addressSpace',
    )
    sections = tuple(s for s in SECTIONS if s != "Prerequisites")
    lines = problems_of(tmp_path, document(NAME, steps=steps, sections=sections))
    assert len(lines) == 3
    assert any("missing section '## Prerequisites'" in line for line in lines)
    assert any("'2099-01-01'" in line for line in lines)
    assert any("teardown never deletes it" in line for line in lines)
    assert all("\n" not in line for line in lines)


def test_a_directory_stands_for_its_scenarios(tmp_path: Path) -> None:
    write(tmp_path, "networking-01-good")
    write(tmp_path, "networking-02-broken", steps=steps_with("  - delete: nsg\n", ""))
    (tmp_path / "SCENARIO_TEMPLATE.md").write_text("# not a scenario\n")
    lines = [problem.line() for problem in check_documents([tmp_path])]
    assert len(lines) == 1 and "networking-02-broken.md" in lines[0]


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    only([p.line() for p in check_documents([tmp_path / "networking-09-gone.md"])], "no such file")
