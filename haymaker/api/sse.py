"""Server-Sent Events framing and the log stream's resumable cursor.

An event id is the cursor after that event: how many entries of each scenario's log the client
has seen, `scenario-a:12,scenario-b:5`. A reconnecting client sends it back as Last-Event-ID and
the stream resumes exactly there (each scenario's log is append-only, so counts are stable).
"""

from __future__ import annotations

from collections.abc import Mapping

from haymaker.naming import validate_scenario_name

HEARTBEAT = b": keep-alive\n\n"
MAX_CURSOR_LENGTH = 16_384


def event(name: str, data: str, event_id: str | None = None) -> bytes:
    """One SSE event; `data` is one line of JSON (JSON escapes newlines, so no line splits)."""
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {name}\ndata: {data}\n\n".encode()


def retry(milliseconds: int) -> bytes:
    """Tell the client how long to wait before reconnecting."""
    return f"retry: {milliseconds}\n\n".encode()


def encode_cursor(offsets: Mapping[str, int]) -> str:
    return ",".join(f"{name}:{count}" for name, count in sorted(offsets.items()) if count > 0)


def decode_cursor(text: str) -> dict[str, int]:
    """Offsets from a Last-Event-ID; ValueError when it is not one this API wrote."""
    if len(text) > MAX_CURSOR_LENGTH:
        raise ValueError("Last-Event-ID is too long")
    offsets: dict[str, int] = {}
    for part in filter(None, text.strip().split(",")):
        name, sep, count = part.partition(":")
        if not sep or not count.isdigit():
            raise ValueError("Last-Event-ID must look like scenario-a:12,scenario-b:5")
        offsets[validate_scenario_name(name)] = int(count)
    return offsets
