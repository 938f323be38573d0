"""Resource ids as a server resolves them, so confinement checks what will really be touched.

An HTTP client or server resolves a path before acting on it: percent-encoded octets decode
(RFC 3986 section 6.2.2.2: `%2e` is `.`) and dot segments are removed (section 5.2.4: `a/b/../c`
is `a/c`; urllib3 does this before sending). So `{rg_id}/providers/X/y/../../../../../other-rg/...`
names a resource in `other-rg`. Every confinement decision (the agent's ARM pipeline, the
scenario validator, cleanup) compares *normalized* ids; an id whose spelling differs from its
normalized form is refused outright rather than trusted.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

_ENCODED = re.compile(r"%[0-9a-fA-F]{2}")
_MAX_DECODES = 8


class UnsafeResourceId(ValueError):
    """An id that hides where it points (dot segments, encoded characters, backslashes)."""


def normalize_resource_id(path: str) -> str:
    """The path as a server resolves it: percent-decoded (repeatedly), backslashes as
    separators, dot segments removed, empty segments dropped, lower-cased (ARM ids compare
    ignoring case). No trailing slash."""
    text = path
    for _ in range(_MAX_DECODES):
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
    text = text.replace("\\", "/")
    segments: list[str] = []
    for segment in text.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if segments:
                segments.pop()
            continue
        segments.append(segment)
    return ("/" + "/".join(segments)).lower()


def unsafe_reason(path: str) -> str | None:
    """Why an id hides where it points, or None when it says plainly what it names."""
    if _ENCODED.search(path):
        return "it contains percent-encoded characters"
    if "\\" in path:
        return "it contains a backslash"
    segments = path.strip("/").split("/")
    if any(segment in (".", "..") for segment in segments):
        return "it contains '.' or '..' path segments"
    if "//" in path.strip("/"):
        return "it contains an empty path segment"
    return None


def canonical_resource_id(path: str) -> str:
    """`path` unchanged when it is plain; UnsafeResourceId naming the problem otherwise."""
    reason = unsafe_reason(path)
    if reason is not None:
        raise UnsafeResourceId(f"refusing resource id {path!r}: {reason}")
    return path


def is_within(path: str, scope: str) -> bool:
    """True when `path`, normalized, is `scope` or lies beneath it (both normalized)."""
    child, parent = normalize_resource_id(path), normalize_resource_id(scope)
    return child == parent or child.startswith(parent + "/")
