"""`haymaker scenarios list|show|validate`: browse and check the scenario catalog."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_BAD_INPUT = 2


def register(commands: Any) -> None:
    """Add `scenarios` (list, show, validate) to the `haymaker` command."""
    scenarios = commands.add_parser(
        "scenarios",
        help="list, show and validate the scenario catalog",
        description=(
            "The catalog is docs/scenarios in a source checkout, or the directory named by "
            "HAYMAKER_SCENARIOS_DIR (or --catalog). SCENARIO_TEMPLATE.md and SCALING_PLAN.md "
            "are never scenarios."
        ),
    )
    sub = scenarios.add_subparsers(dest="scenarios_command", required=True, metavar="SUBCOMMAND")

    listing = sub.add_parser("list", help="one line per scenario: name, area, cost tier, title")
    listing.add_argument("--area", help="only this technology area (name or slug, e.g. web-apps)")
    _catalog_option(listing)
    listing.add_argument("--output", choices=("text", "json"), default="text", help="format")
    listing.set_defaults(func=_list)

    show = sub.add_parser("show", help="a scenario's metadata and steps")
    show.add_argument("name", metavar="NAME", help="scenario name, e.g. security-01-key-vault-secrets")
    _catalog_option(show)
    show.add_argument("--output", choices=("text", "json"), default="text", help="format")
    show.set_defaults(func=_show)

    validate = sub.add_parser(
        "validate",
        help="check documents; one line per problem, exit 1 when any is found",
        description=(
            "Checks the schema and sections, that every api-version is known to the emulator's "
            "provider table, that every resource deploy creates is deleted in teardown, that steps "
            "only use what earlier steps created, and that global names are unique per run. "
            "Prints '<file>: <step>: <problem>' per problem; exit 0 when all are valid, 1 when "
            "any is not, 2 when a path does not exist."
        ),
    )
    validate.add_argument(
        "paths", nargs="*", metavar="PATH", help="documents or directories (default: the whole catalog)"
    )
    validate.set_defaults(func=_validate)


def _catalog_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalog", type=Path, default=None, help="catalog directory (default: see above)")


def _fail(message: str) -> int:
    print(f"haymaker: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _list(args: argparse.Namespace) -> int:
    from haymaker.scenarios import ScenarioError, list_available_scenarios, parse_scenario_metadata
    from haymaker.scenarios.areas import parse_area

    try:
        area = parse_area(args.area) if args.area else None
        paths = list_available_scenarios(args.catalog)
    except (ValueError, FileNotFoundError) as exc:
        return _fail(str(exc))
    rows, broken = [], []
    for path in paths:
        try:
            metadata = parse_scenario_metadata(path)
        except ScenarioError:
            broken.append(path)
            continue
        if area is None or metadata.technology_area == area.value:
            rows.append(metadata)
    if args.output == "json":
        print(json.dumps([_summary(m) for m in rows], indent=2))
    else:
        for m in rows:
            print(f"{m.scenario_name:<48} {m.technology_area:<22} {m.cost_tier:<6} {m.title}")
    for path in broken:
        print(f"{path}: not valid (see: haymaker scenarios validate {path})", file=sys.stderr)
    return EXIT_INVALID if broken else EXIT_OK


def _summary(metadata: Any) -> dict[str, Any]:
    return {
        "name": metadata.scenario_name,
        "technology_area": metadata.technology_area,
        "cost_tier": metadata.cost_tier,
        "title": metadata.title,
        "path": metadata.scenario_doc_path,
    }


def _show(args: argparse.Namespace) -> int:
    from haymaker.scenarios import ScenarioError, find_scenario, load_scenario

    try:
        scenario = load_scenario(find_scenario(args.name, args.catalog))
    except FileNotFoundError as exc:
        return _fail(str(exc))
    except ScenarioError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    m = scenario.metadata
    if args.output == "json":
        document = {
            **m.model_dump(mode="json", include=_METADATA_FIELDS),
            "steps": scenario.steps.model_dump(mode="json", by_alias=True),
        }
        print(json.dumps(document, indent=2))
        return EXIT_OK
    lines = [
        f"{m.scenario_name}: {m.title}",
        f"  technology area:   {m.technology_area}",
        f"  file:              {m.scenario_doc_path}",
        f"  services:          {', '.join(m.services)}",
        f"  resource types:    {', '.join(m.resource_types)}",
        f"  roles:             {', '.join(m.required_roles)}",
        f"  graph permissions: {', '.join(m.graph_permissions) or '-'}",
        f"  cost tier:         {m.cost_tier}",
        f"  typical duration:  {m.typical_duration}",
        f"  deploy ({len(scenario.steps.deploy)} steps): "
        + ", ".join(s.step_id or "wait" for s in scenario.steps.deploy),
        f"  operate ({len(scenario.steps.operate)} steps):",
        *(
            f"    {op.id:<32} every {op.schedule.every:g}s, jitter {op.schedule.jitter:g}, "
            f"after {op.schedule.start_after:g}s"
            for op in scenario.steps.operate
        ),
        "  teardown: " + ", ".join(getattr(s, "delete", "wait") for s in scenario.steps.teardown),
    ]
    print("\n".join(lines))
    return EXIT_OK


_METADATA_FIELDS = {
    "scenario_name",
    "scenario_doc_path",
    "technology_area",
    "title",
    "services",
    "resource_types",
    "required_roles",
    "graph_permissions",
    "cost_tier",
    "typical_duration",
}


def _validate(args: argparse.Namespace) -> int:
    from haymaker.scenarios import default_scenarios_dir
    from haymaker.scenarios.lint import check_document, check_names_across, expand, warnings_of

    try:
        targets = [Path(p) for p in args.paths] or [default_scenarios_dir()]
        missing = [p for p in targets if not p.exists()]
        if missing:
            return _fail("no such file or directory: " + ", ".join(str(p) for p in missing))
        paths = expand(targets)
    except FileNotFoundError as exc:
        return _fail(str(exc))
    invalid = 0
    for path in paths:
        problems = check_document(path)
        invalid += bool(problems)
        for problem in problems:
            print(problem.line())
        for warning in warnings_of(path):
            print(warning.line())
    clashes = check_names_across(paths)
    for problem in clashes:
        print(problem.line())
    invalid += len({problem.file for problem in clashes})
    valid = len(paths) - invalid
    print(f"{valid} of {len(paths)} scenario document(s) valid", file=sys.stderr)
    return EXIT_INVALID if invalid else EXIT_OK
