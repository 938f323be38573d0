"""What the model reads: a fixed system prompt with the scenario document (cached), and per
wakeup a short message with the scenario clock, recent activity and a JSON context block."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

ROLE = """\
You play the people of a small company going about their working day in Azure, as described in \
the scenario document below. Your actions generate realistic, benign activity for a security \
team's detection tuning. Rules you must keep:
- Act only through the tools, inside this scenario's resource group, on its resource types.
- Every operation is benign: reading, small configuration changes, creating and removing \
ordinary resources a person in this company would touch. Never weaken security on purpose, \
never exfiltrate, never touch anything outside the group.
- Prefer small steps. The scenario's own operate steps are a good reference; vary them the way \
a person would (different names, times, values), do not repeat them mechanically.
- Secrets are removed from what you are shown; do not ask for them.
- Call `done` when you have nothing more to do for now."""

TEARDOWN = """\
The operations window is over. Delete what you created during the day that a tidy person would \
remove, children before parents, then call `done`. HayMaker deletes whatever is left after you."""


def system_blocks(document: str) -> list[dict[str, Any]]:
    """The system prompt: the role, then the scenario document, marked for prompt caching."""
    return [
        {"type": "text", "text": ROLE},
        {
            "type": "text",
            "text": f"<scenario_document>\n{document}\n</scenario_document>",
            "cache_control": {"type": "ephemeral"},
        },
    ]


def wakeup_text(
    *,
    phase: str,
    wakeup: int,
    clock: str,
    group_id: str,
    resource_types: Sequence[str],
    resources: Sequence[dict[str, str]],
    history: Sequence[str],
    operations_left: int,
) -> str:
    """One wakeup's user message. The JSON block is also what a scripted peer reads."""
    if phase == "teardown":
        lead = TEARDOWN
    else:
        lead = (
            f"Wakeup {wakeup}: it is {clock} into the scenario's working day. Choose the next one to "
            f"three benign operations a person in this company would do now, and do them with "
            f"the tools (at most {operations_left} calls), then call `done`."
        )
    recent = "\n".join(f"- {line}" for line in history[-20:]) or "- nothing yet"
    context = {
        "phase": phase,
        "resource_group": group_id,
        "resource_types": list(resource_types),
        "resources": list(resources),
        "operations_left": operations_left,
    }
    return f"{lead}\n\nWhat happened so far:\n{recent}\n\n```json\n{json.dumps(context, indent=1)}\n```"
