"""Validate scenario documents and say what is wrong, one line per problem.

Used by `haymaker scenarios validate` and the catalog tests: every rule the parser and
haymaker.scenarios.validate enforce (schema, sections, references, teardown, api-versions
known to the provider table, names unique per run) comes back as a `Problem` naming the
file and, where there is one, the step.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from haymaker.naming import name_collisions
from haymaker.scenarios.catalog import list_available_scenarios
from haymaker.scenarios.parser import check_scenario_text
from haymaker.scenarios.shapes import check_shapes
from haymaker.scenarios.validate import label


class Problem(BaseModel):
    """One thing wrong with one document."""

    model_config = ConfigDict(frozen=True)

    file: str
    message: str

    def line(self) -> str:
        """`<file>: <step>: <what is wrong>` on one line."""
        return f"{self.file}: {' '.join(self.message.split())}"


def check_document(path: str | Path) -> list[Problem]:
    """Every problem of one scenario document (empty when it is valid)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [Problem(file=str(path), message="no such file")]
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(file=str(path), message=f"cannot be read: {type(exc).__name__}")]
    _, problems = check_scenario_text(text, path)
    return [Problem(file=str(path), message=message) for message in problems]


def warnings_of(path: str | Path) -> list[Problem]:
    """What a valid document does that the specifications would not expect (unknown
    properties, with the closest known name); nothing for a document that does not parse."""
    path = Path(path)
    try:
        scenario, problems = check_scenario_text(path.read_text(encoding="utf-8"), path)
    except (OSError, UnicodeDecodeError):
        return []
    if scenario is None or problems:
        return []
    return [
        Problem(file=str(path), message=f"warning: {label(w.phase, w.index, w.step_id)}: {w.message}")
        for w in check_shapes(scenario.steps).warnings
    ]


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; a directory stands for the scenarios in it (templates excluded)."""
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        found.extend(list_available_scenarios(path) if path.is_dir() else [path])
    return found


def check_documents(paths: Iterable[str | Path]) -> list[Problem]:
    """Every problem of every document (directories expand to their scenarios)."""
    return [problem for path in expand(paths) for problem in check_document(path)]


def check_names_across(paths: Iterable[str | Path]) -> list[Problem]:
    """Pairs of documents that would share a derived name (agent app, group, ...) in one run."""
    by_name: dict[str, Path] = {}
    for path in paths:
        scenario, problems = check_scenario_text(Path(path).read_text(encoding="utf-8"), Path(path))
        if scenario is not None and not problems:
            by_name.setdefault(scenario.name, Path(path))
    return [
        Problem(file=str(by_name[c.second]), message=c.describe()) for c in name_collisions(list(by_name))
    ]
