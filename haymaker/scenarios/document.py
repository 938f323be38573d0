"""Split a scenario Markdown document into front matter, headings and fenced code blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

STEPS_INFO = "haymaker-steps"
_FENCE = re.compile(r"^(`{3,}|~{3,})\s*([^\s`]*)")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


@dataclass
class CodeBlock:
    info: str
    text: str
    line: int


@dataclass
class MarkdownDocument:
    front_matter: dict[str, Any]
    headings: list[tuple[int, str]] = field(default_factory=list)
    blocks: list[CodeBlock] = field(default_factory=list)

    @property
    def title(self) -> str | None:
        """The first level-1 heading."""
        return next((text for level, text in self.headings if level == 1), None)

    def has_section(self, name: str) -> bool:
        """A level-2 heading that starts with `name` (case-insensitive)."""
        wanted = name.lower()
        return any(level == 2 and text.lower().startswith(wanted) for level, text in self.headings)


def split_document(text: str) -> MarkdownDocument:
    """Parse the YAML front matter (between leading `---` lines), headings and fenced blocks.

    Raises ValueError when the front matter is missing, unterminated or not a YAML mapping.
    """
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise ValueError("missing YAML front matter (the file must start with a '---' line)")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        raise ValueError("unterminated YAML front matter (no closing '---' line)") from None
    try:
        front = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"front matter is not valid YAML: {exc}") from None
    if not isinstance(front, dict):
        raise ValueError("front matter must be a YAML mapping of keys to values")
    document = MarkdownDocument(front_matter=front)
    fence: str | None = None
    info = ""
    body: list[str] = []
    start = 0
    for number, line in enumerate(lines[end + 1 :], start=end + 2):
        if fence is None:
            opening = _FENCE.match(line)
            if opening:
                fence, info, body, start = opening.group(1), opening.group(2), [], number
                continue
            heading = _HEADING.match(line)
            if heading:
                document.headings.append((len(heading.group(1)), heading.group(2).strip()))
        elif line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
            document.blocks.append(CodeBlock(info=info, text="\n".join(body), line=start))
            fence = None
        else:
            body.append(line)
    if fence is not None:
        raise ValueError(f"unterminated code block opened on line {start}")
    return document
