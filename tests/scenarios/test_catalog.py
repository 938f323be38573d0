"""The catalog: where it is, what it lists, and that parsing is cached by content."""

from __future__ import annotations

from pathlib import Path

import pytest

from haymaker.scenarios import (
    ScenarioError,
    default_scenarios_dir,
    find_scenario,
    list_available_scenarios,
    load_scenario,
    parse_scenario_metadata,
)
from haymaker.scenarios.catalog import REPO_SCENARIOS_DIR, SCENARIOS_DIR_ENV
from tests.scenarios.docs import write


def test_templates_are_never_listed(tmp_path: Path) -> None:
    write(tmp_path, "networking-01-test")
    for name in ("SCENARIO_TEMPLATE.md", "SCALING_PLAN.md", "README.md"):
        (tmp_path / name).write_text("# not a scenario\n")
    assert [p.name for p in list_available_scenarios(tmp_path)] == ["networking-01-test.md"]


def test_a_missing_directory_is_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        list_available_scenarios(tmp_path / "nowhere")


def test_the_environment_variable_names_the_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SCENARIOS_DIR_ENV, str(tmp_path))
    assert default_scenarios_dir() == tmp_path


def test_without_the_variable_the_repository_catalog_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SCENARIOS_DIR_ENV, raising=False)
    assert default_scenarios_dir() == REPO_SCENARIOS_DIR


def test_metadata_comes_from_the_front_matter(tmp_path: Path) -> None:
    path = write(tmp_path, "networking-01-test", cost_tier="medium", typical_duration="4h")
    meta = parse_scenario_metadata(path)
    assert (meta.scenario_name, meta.technology_area, meta.cost_tier, meta.typical_duration) == (
        "networking-01-test",
        "Networking",
        "medium",
        "4h",
    )
    assert meta.scenario_doc_path == str(path)


def test_an_unchanged_file_is_not_parsed_again(tmp_path: Path) -> None:
    path = write(tmp_path, "networking-01-test")
    first = load_scenario(path)
    second = load_scenario(path)
    assert first == second
    assert first is not second  # callers get copies; the cache cannot be mutated through them


def test_an_edited_file_is_parsed_again(tmp_path: Path) -> None:
    path = write(tmp_path, "networking-01-test", title="Before")
    assert load_scenario(path).metadata.title == "Before"
    write(tmp_path, "networking-01-test", title="After")
    assert load_scenario(path).metadata.title == "After"


def test_a_broken_document_fails_on_load(tmp_path: Path) -> None:
    path = write(tmp_path, "networking-01-test", steps="deploy: []\n")
    with pytest.raises(ScenarioError, match=r"networking-01-test\.md"):
        load_scenario(path)


def test_a_scenario_is_found_by_name(tmp_path: Path) -> None:
    path = write(tmp_path, "networking-01-test")
    assert find_scenario("networking-01-test", tmp_path) == path
    with pytest.raises(FileNotFoundError, match="networking-02-absent"):
        find_scenario("networking-02-absent", tmp_path)


def test_every_shipped_scenario_is_valid() -> None:
    paths = list_available_scenarios(REPO_SCENARIOS_DIR)
    assert len(paths) >= 3
    areas = {load_scenario(path).metadata.technology_area for path in paths}
    assert len(areas) >= 3
