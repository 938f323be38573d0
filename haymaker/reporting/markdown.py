"""Markdown building blocks with hard size bounds: escaped cells, bounded tables and lists."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from haymaker.reporting.text import mask_secrets

ELLIPSIS = "…"


def plain(value: object, limit: int) -> str:
    """One line of text: secrets masked, whitespace runs (newlines too) collapsed, capped."""
    if value is None:
        return ""
    text = str(mask_secrets(value))
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: max(0, limit - 1)] + ELLIPSIS
    return text


def escape(text: str) -> str:
    """Escape what would break a table row or inject markup (backslash first, then the rest)."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def cell(value: object, limit: int) -> str:
    """A table cell or list item from any value: one line, escaped, at most `limit` chars."""
    return escape(plain(value, limit))


def when(moment: datetime | None) -> str:
    """A timestamp as `YYYY-MM-DD HH:MM:SS UTC` ("—" when unknown)."""
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def duration(seconds: float | None) -> str:
    """Seconds as `1h 02m 03s` / `4m 05s` / `6s` ("—" when unknown)."""
    if seconds is None:
        return "—"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m {secs:02d}s"
    if minutes:
        return f"{minutes}m {secs:02d}s"
    return f"{secs}s"


@dataclass(frozen=True)
class Bounded:
    """Lines kept within a count and a byte budget, and how many were left out."""

    lines: list[str]
    total: int

    @property
    def omitted(self) -> int:
        return self.total - len(self.lines)


def bounded(lines: Iterable[str], total: int, max_items: int, max_bytes: int) -> Bounded:
    """Keep lines in order until `max_items` or `max_bytes` (UTF-8, with newlines) is reached."""
    kept: list[str] = []
    used = 0
    for line in lines:
        size = len(line.encode("utf-8")) + 1
        if len(kept) >= max_items or used + size > max_bytes:
            break
        kept.append(line)
        used += size
    return Bounded(kept, total)


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    numeric: frozenset[int] = frozenset(),
    max_rows: int,
    max_bytes: int,
    noun: str,
    full_source: str | None = None,
) -> list[str]:
    """A Markdown table of pre-escaped cells; beyond the bounds, a note with exact numbers."""
    head = "| " + " | ".join(headers) + " |"
    rule = "|" + "|".join("---:" if i in numeric else "---" for i in range(len(headers))) + "|"
    body = bounded(("| " + " | ".join(r) + " |" for r in rows), len(rows), max_rows, max_bytes)
    lines = [head, rule, *body.lines]
    if body.omitted:
        lines += ["", truncation_note(len(body.lines), body.total, noun, full_source)]
    return lines


def bullet_list(items: Sequence[str], *, max_items: int, max_bytes: int, noun: str, empty: str) -> list[str]:
    """A bullet list of pre-escaped items, bounded like `table`."""
    if not items:
        return [f"_{empty}_"]
    body = bounded((f"- {i}" for i in items), len(items), max_items, max_bytes)
    lines = list(body.lines)
    if body.omitted:
        lines += ["", truncation_note(len(body.lines), body.total, noun, None)]
    return lines


def truncation_note(shown: int, total: int, noun: str, full_source: str | None) -> str:
    where = f"; the full list is in {full_source}" if full_source else ""
    return f"_Showing the first {shown:,} of {total:,} {noun}{where}. Counts above are exact._"
