"""ARM writes checked against the specifications' shapes (issue 11, item 3): the data file of
haymaker.specs.shapes, for the (type, api-version) pairs it holds.

What Azure refuses, the emulator refuses, with the codes Resource Manager uses
(https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/common-deployment-errors):
- `InvalidRequestContent` (400): a required property missing, a value outside a closed enum, the
  wrong JSON type ("The request content was invalid and could not be deserialized");
- `InvalidResourceName` (400): a name that breaks the type's pattern or length.
Read-only properties in a request are ignored, as Resource Manager and the providers do, and so
are properties the specification does not know; `haymaker scenarios validate` reports both.
"""

from __future__ import annotations

from typing import Any

from haymaker.emulator.arm.errors import arm_error
from haymaker.emulator.core.errors import EmulatorHTTPError
from haymaker.specs.shapes import check_body

_IGNORED_RULES = frozenset({"read_only", "unknown"})


def check_write(resource_type: str, api_version: str, method: str, body: Any, name: str) -> None:
    """Raise Azure's 400 for the first thing in `body` (or `name`) the specification forbids."""
    issues = [
        i
        for i in check_body(resource_type, api_version, method, body, name)
        if i.severity == "error"
        and i.rule not in _IGNORED_RULES
        # Resource Manager answers a missing location itself, before the provider reads the
        # body (LocationRequired: haymaker/emulator/arm/documents.py).
        and not (i.path == "location" and i.rule == "required")
    ]
    if not issues:
        return
    first = issues[0]
    raise _refusal(resource_type, name, first.path, first.message, first.rule)


def _refusal(resource_type: str, name: str, path: str, message: str, rule: str) -> EmulatorHTTPError:
    if path == "name" and rule in ("pattern", "length"):
        return arm_error(
            400,
            "InvalidResourceName",
            f"Resource name {name!r} is invalid for type {resource_type}: {message}.",
        )
    if rule == "required":
        return arm_error(
            400,
            "InvalidRequestContent",
            "The request content was invalid and could not be deserialized: "
            f"'Required property '{path.rsplit('.', 1)[-1]}' not found in JSON. Path '{path}'.'",
        )
    return arm_error(
        400,
        "InvalidRequestContent",
        f"The request content was invalid and could not be deserialized: '{path}: {message}'.",
    )
