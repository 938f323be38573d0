"""The tools the model gets, as Messages API tool definitions, and their inputs as typed models.

Definitions follow https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
(`name`, `description`, `input_schema`). The last definition carries `cache_control`, so the
tool list is cached with the system prompt before it (prompt caching caches the prefix up to
and including the marked block: https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ARM_METHODS = ("GET", "PUT", "PATCH", "DELETE", "POST")
GRAPH_METHODS = ("GET", "POST", "PATCH", "DELETE")
MAX_WAIT_MINUTES = 120


class ArmRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    method: Literal["GET", "PUT", "PATCH", "DELETE", "POST"]
    resource_id: str = Field(min_length=1, max_length=2_000)
    api_version: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}(-preview)?$")
    body: dict[str, Any] | None = None


class GraphRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    method: Literal["GET", "POST", "PATCH", "DELETE"]
    path: str = Field(min_length=1, max_length=1_000)
    body: dict[str, Any] | None = None


class Wait(BaseModel):
    model_config = ConfigDict(extra="forbid")

    minutes: float = Field(ge=0, le=MAX_WAIT_MINUTES)


class Note(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=2_000)


class Done(BaseModel):
    model_config = ConfigDict(extra="forbid")

    summary: str = Field(default="", max_length=2_000)


INPUTS: dict[str, type[BaseModel]] = {
    "arm_request": ArmRequest,
    "graph_request": GraphRequest,
    "wait": Wait,
    "note": Note,
    "done": Done,
}


def definitions(*, graph: bool) -> list[dict[str, Any]]:
    """The tool list for one scenario: `graph_request` only when it declares Graph permissions."""
    tools = [
        {
            "name": "arm_request",
            "description": (
                "Send one Azure Resource Manager request inside this scenario's resource group, as "
                "the scenario's service principal. resource_id is a full ARM id (for POST, the id "
                "of the action, e.g. <storage account id>/listKeys). Only the resource types the "
                "scenario lists; DELETE only of resources this agent created. The result is the "
                "response body with secrets removed, or the error Azure returned."
            ),
            "input_schema": {
                "type": "object",
                "properties": {
                    "method": {"type": "string", "enum": list(ARM_METHODS)},
                    "resource_id": {"type": "string"},
                    "api_version": {"type": "string", "description": "e.g. 2023-05-01"},
                    "body": {"type": "object", "description": "JSON body for PUT, PATCH and POST"},
                },
                "required": ["method", "resource_id", "api_version"],
            },
        },
        {
            "name": "graph_request",
            "description": (
                "Send one Microsoft Graph v1.0 request (path like /applications) within the "
                "scenario's Graph permissions. DELETE only of objects this agent created."
            ),
            "input_schema": {
                "type": "object",
                "properties": {
                    "method": {"type": "string", "enum": list(GRAPH_METHODS)},
                    "path": {"type": "string"},
                    "body": {"type": "object"},
                },
                "required": ["method", "path"],
            },
        },
        {
            "name": "wait",
            "description": "Pause before the next operation, in scenario minutes (at most 120).",
            "input_schema": {
                "type": "object",
                "properties": {"minutes": {"type": "number", "minimum": 0, "maximum": MAX_WAIT_MINUTES}},
                "required": ["minutes"],
            },
        },
        {
            "name": "note",
            "description": "Record what the person you play is doing and why (kept in the run's log).",
            "input_schema": {
                "type": "object",
                "properties": {"text": {"type": "string"}},
                "required": ["text"],
            },
        },
        {
            "name": "done",
            "description": "End this wakeup: nothing more to do until the next one.",
            "input_schema": {
                "type": "object",
                "properties": {"summary": {"type": "string"}},
                "required": [],
            },
        },
    ]
    if not graph:
        tools = [t for t in tools if t["name"] != "graph_request"]
    tools[-1] = {**tools[-1], "cache_control": {"type": "ephemeral"}}
    return tools
