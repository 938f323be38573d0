"""The KQL HayMaker sends to Resource Graph, and the one function that escapes literals (S7).

Every value that reaches a query goes through `kql_string` (a single-quoted literal that reads
back as exactly the value), and ids are validated before that: run ids are UUIDs, scenario and
resource group names follow their naming rules. Tag values are read with `tostring(tags[...])`
so that a missing tag compares as "" instead of null (in KQL `null != 'x'` is not what a
cleanup wants to reason about).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from haymaker.naming import validate_run_id, validate_scenario_name
from haymaker.tags import MANAGED_TAG, MANAGED_VALUE, RUN_ID_TAG, SCENARIO_TAG

RESOURCE_GROUP_ROW_TYPE = "microsoft.resources/subscriptions/resourcegroups"
# `id` must be among them: Resource Graph only pages (returns $skipToken) when it is.
COLUMNS = ("id", "name", "type", "location", "resourceGroup", "subscriptionId", "tags")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Azure: 1-90 letters, digits, underscores, parentheses, hyphens and periods; no trailing period.
_RESOURCE_GROUP_RE = re.compile(r"^[\w\-.()]{1,90}$")


def kql_string(value: str) -> str:
    """A single-quoted KQL string literal whose value is exactly `value`.

    Backslash, quote, newline, carriage return and tab are escaped; any other control character
    is refused (KQL has no escape for it), so nothing in `value` can end the literal.
    """
    if not isinstance(value, str):
        raise TypeError(f"a KQL string literal needs a str, got {type(value).__name__}")
    out = ["'"]
    for ch in value:
        escaped = _ESCAPES.get(ch)
        if escaped is not None:
            out.append(escaped)
        elif unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            raise ValueError(f"cannot put control character U+{ord(ch):04X} into a KQL string literal")
        else:
            out.append(ch)
    out.append("'")
    return "".join(out)


def kql_string_list(values: Iterable[str]) -> str:
    """`('a', 'b')` for `in` / `in~`; refuses an empty list (KQL has no empty `in`)."""
    literals = [kql_string(v) for v in values]
    if not literals:
        raise ValueError("a KQL 'in' list needs at least one value")
    return "(" + ", ".join(literals) + ")"


def tag_value(key: str) -> str:
    """The expression for one tag's value as a string ("" when the tag is missing)."""
    return f"tostring(tags[{kql_string(key)}])"


def tag_equals(key: str, value: str) -> str:
    """Predicate: tag `key` equals `value`, ignoring case.

    HayMaker's own values ('true', UUID run ids, lowercase scenario names) mean the same in any
    case, as `haymaker.tags.is_managed` reads them.
    """
    return f"{tag_value(key)} =~ {kql_string(value)}"


def validate_resource_group_name(name: str) -> str:
    """Azure's resource group naming rules; raise ValueError otherwise."""
    if not isinstance(name, str) or not _RESOURCE_GROUP_RE.match(name) or name.endswith("."):
        raise ValueError(
            "resource group names are 1-90 letters, digits, '_', '-', '.', '(' or ')' and do "
            f"not end with '.'; got {name!r}"
        )
    return name


# Resource Graph looks tag names up case-sensitively (`tags['k']`; the case-insensitive way in
# Learn's samples is mv-expand, https://learn.microsoft.com/azure/governance/resource-graph/samples/advanced),
# while ARM treats tag names as case-insensitive. So candidates are found by text: `contains`
# ignores case (https://learn.microsoft.com/kusto/query/contains-operator) and `tostring` of the
# tag bag is its JSON. The ownership rule (haymaker.tags) then decides on each candidate.
CANDIDATE_MARK = "AzureHayMaker"


def managed_filter(run_id: str | None = None, scenario_name: str | None = None) -> str:
    """Predicate for what may be HayMaker's (any spelling of our tags; of one run when given).

    Deliberately broad: lookalikes must be found to be reported; nothing is deleted on this
    predicate alone."""
    clauses = [f"tostring(tags) contains {kql_string(CANDIDATE_MARK)}"]
    if run_id is not None:
        clauses.append(f"tostring(tags) contains {kql_string(validate_run_id(run_id))}")
    if scenario_name is not None:
        clauses.append(tag_equals(SCENARIO_TAG, validate_scenario_name(scenario_name)))
    return " and ".join(clauses)


def managed_resources_query(run_id: str | None = None, scenario_name: str | None = None) -> str:
    """Resources (not groups) tagged managed, optionally of one run / scenario."""
    return f"Resources | where {managed_filter(run_id, scenario_name)} | project {', '.join(COLUMNS)}"


def managed_resource_groups_query(run_id: str | None = None, scenario_name: str | None = None) -> str:
    """Resource groups (in ResourceContainers) tagged managed, optionally of one run / scenario."""
    return (
        f"ResourceContainers | where type == {kql_string(RESOURCE_GROUP_ROW_TYPE)}"
        f" | where {managed_filter(run_id, scenario_name)} | project {', '.join(COLUMNS)}"
    )


def foreign_resources_query(resource_group_names: Iterable[str], run_id: str | None) -> str:
    """Resources in the named groups that are not ours: unmanaged, or (with a run id) of another run."""
    names = [validate_resource_group_name(n) for n in resource_group_names]
    foreign = f"{tag_value(MANAGED_TAG)} !~ {kql_string(MANAGED_VALUE)}"
    if run_id is not None:
        foreign += f" or {tag_value(RUN_ID_TAG)} !~ {kql_string(validate_run_id(run_id))}"
    return (
        f"Resources | where resourceGroup in~ {kql_string_list(names)} | where {foreign}"
        f" | project {', '.join(COLUMNS)}"
    )
