"""`haymaker scenarios list|show|validate`: what each prints and how it exits."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from haymaker.cli import scenarios as cli_scenarios
from tests.scenarios.docs import VALID_STEPS, write

BROKEN_STEPS = VALID_STEPS.replace("  - delete: nsg\n", "").replace(
    'virtualNetworks/{prefix}-vnet"\n    api_version: "2024-05-01"',
    'virtualNetworks/{prefix}-vnet"\n    api_version: "2099-01-01"',
)


def haymaker(*argv: str) -> int:
    """Run `haymaker <argv>` with the scenarios commands registered as cli.py registers them."""
    parser = argparse.ArgumentParser(prog="haymaker")
    commands = parser.add_subparsers(dest="command", required=True)
    cli_scenarios.register(commands)
    args = parser.parse_args(list(argv))
    return int(args.func(args))


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    write(tmp_path, "networking-01-guarded-web", title="Guarded web tier")
    write(tmp_path, "security-01-locked-vault", area="Security", title="Locked vault")
    (tmp_path / "SCENARIO_TEMPLATE.md").write_text("# the format, never a scenario\n")
    return tmp_path


# -- list --------------------------------------------------------------------------------------
def test_list_prints_one_line_per_scenario(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert haymaker("scenarios", "list", "--catalog", str(catalog)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["networking-01-guarded-web", "security-01-locked-vault"]
    assert "Guarded web tier" in lines[0] and "Networking" in lines[0]


def test_list_filters_by_area_name_or_slug(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert haymaker("scenarios", "list", "--catalog", str(catalog), "--area", "security") == 0
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines()] == ["security-01-locked-vault"]


def test_list_as_json(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert haymaker("scenarios", "list", "--catalog", str(catalog), "--output", "json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["name"], r["technology_area"]) for r in rows] == [
        ("networking-01-guarded-web", "Networking"),
        ("security-01-locked-vault", "Security"),
    ]


def test_list_with_an_unknown_area_exits_2(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert haymaker("scenarios", "list", "--catalog", str(catalog), "--area", "gardening") == 2
    assert "unknown technology area 'gardening'" in capsys.readouterr().err


def test_list_names_a_broken_document_and_exits_1(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(catalog, "networking-02-broken", steps=BROKEN_STEPS)
    assert haymaker("scenarios", "list", "--catalog", str(catalog)) == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 2
    assert "networking-02-broken.md: not valid" in captured.err


def test_list_of_a_missing_catalog_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert haymaker("scenarios", "list", "--catalog", str(tmp_path / "nowhere")) == 2
    assert "does not exist" in capsys.readouterr().err


# -- show --------------------------------------------------------------------------------------
def test_show_prints_metadata_and_steps(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert haymaker("scenarios", "show", "networking-01-guarded-web", "--catalog", str(catalog)) == 0
    out = capsys.readouterr().out
    assert out.startswith("networking-01-guarded-web: Guarded web tier")
    assert "deploy (3 steps): nsg, vnet, subnet" in out
    assert "add-rule" in out and "every 2700s" in out
    assert "teardown: vnet, nsg" in out


def test_show_as_json_carries_the_steps(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        haymaker(
            "scenarios", "show", "security-01-locked-vault", "--catalog", str(catalog), "--output", "json"
        )
        == 0
    )
    shown = json.loads(capsys.readouterr().out)
    assert shown["technology_area"] == "Security"
    assert [s["id"] for s in shown["steps"]["deploy"]] == ["nsg", "vnet", "subnet"]


def test_show_of_an_unknown_scenario_exits_2(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert haymaker("scenarios", "show", "networking-09-absent", "--catalog", str(catalog)) == 2
    assert "No scenario 'networking-09-absent'" in capsys.readouterr().err


def test_show_of_a_broken_scenario_exits_1_naming_the_problem(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(catalog, "networking-02-broken", steps=BROKEN_STEPS)
    assert haymaker("scenarios", "show", "networking-02-broken", "--catalog", str(catalog)) == 1
    assert "teardown never deletes it" in capsys.readouterr().err


# -- validate ----------------------------------------------------------------------------------
def test_validate_of_valid_documents_exits_0_and_prints_no_problem(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert haymaker("scenarios", "validate", str(catalog)) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "2 of 2 scenario document(s) valid" in captured.err


def test_validate_prints_one_line_per_problem_and_exits_1(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = write(catalog, "networking-02-broken", steps=BROKEN_STEPS)
    assert haymaker("scenarios", "validate", str(broken), str(catalog / "networking-01-guarded-web.md")) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"{broken}: ") for line in lines)
    assert any("deploy step 2 ('vnet'): api-version '2099-01-01' is not known" in line for line in lines)
    assert any(
        "deploy step 1 ('nsg'): creates" in line and "teardown never deletes it" in line for line in lines
    )


def test_validate_of_a_directory_skips_the_templates(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(catalog, "networking-02-broken", steps=BROKEN_STEPS)
    assert haymaker("scenarios", "validate", str(catalog)) == 1
    captured = capsys.readouterr()
    assert "SCENARIO_TEMPLATE" not in captured.out
    assert "2 of 3 scenario document(s) valid" in captured.err


def test_validate_of_a_missing_path_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert haymaker("scenarios", "validate", str(tmp_path / "networking-09-gone.md")) == 2
    assert "no such file or directory" in capsys.readouterr().err


def test_validate_without_paths_checks_the_configured_catalog(
    catalog: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HAYMAKER_SCENARIOS_DIR", str(catalog))
    assert haymaker("scenarios", "validate") == 0
    assert "2 of 2 scenario document(s) valid" in capsys.readouterr().err


# -- validate against the specifications (issue 11, "Done when") -------------------------------
def test_the_catalog_validates_with_no_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert haymaker("scenarios", "validate") == 0
    assert "error" not in capsys.readouterr().out.lower()


def test_validate_names_file_step_and_property_for_a_missing_required_property_a_bad_enum_and_a_basic_pool(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from haymaker.scenarios import default_scenarios_dir

    pool = (default_scenarios_dir() / "databases-05-sql-elastic-pool-tenants.md").read_text()
    assert "        name: BasicPool\n" in pool and "          maxCapacity: 5\n" in pool
    pool = pool.replace("        name: BasicPool\n", "", 1).replace(
        "          maxCapacity: 5\n", "          maxCapacity: 2\n", 1
    )
    (tmp_path / "databases-05-sql-elastic-pool-tenants.md").write_text(pool)
    search = (default_scenarios_dir() / "ai-ml-04-search-product-catalog.md").read_text()
    assert "        publicAccess: None\n" in search
    (tmp_path / "ai-ml-04-search-product-catalog.md").write_text(
        search.replace("        publicAccess: None\n", "        publicAccess: Everyone\n", 1)
    )

    assert haymaker("scenarios", "validate", str(tmp_path)) == cli_scenarios.EXIT_INVALID
    out = capsys.readouterr().out
    pool_file, search_file = (
        tmp_path / "databases-05-sql-elastic-pool-tenants.md",
        tmp_path / "ai-ml-04-search-product-catalog.md",
    )
    assert f"{pool_file}: deploy step 2 ('tenant-pool'): PUT body sku.name: is required and missing" in out
    assert (
        f"{pool_file}: deploy step 2 ('tenant-pool'): a Basic elastic pool's per-database maxCapacity must be 5 eDTUs, not 2"
        in out
    )
    assert (
        f"{search_file}: " in out
        and "PUT body properties.publicAccess: 'Everyone' is not one of ['Container', 'Blob', 'None']" in out
    )
