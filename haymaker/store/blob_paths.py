"""Store paths as blob names: the same rules as the local store, so a layout is portable."""

from __future__ import annotations

from haymaker.store.errors import InvalidStorePath

# Azure allows 1,024 characters in a blob name.
MAX_BLOB_NAME = 1024


def blob_name(path: str) -> str:
    """The blob name of a relative store path, or InvalidStorePath.

    Segments may not be empty or start with '.', exactly as in LocalReportStore: a path one
    backend accepts, the other accepts too.
    """
    if not isinstance(path, str) or not path:
        raise InvalidStorePath(f"store path must be a non-empty string, got {path!r}")
    if path.startswith("/") or "\\" in path or "\x00" in path:
        raise InvalidStorePath(f"store path must be relative with '/' separators, got {path!r}")
    if len(path) > MAX_BLOB_NAME:
        raise InvalidStorePath(f"store path is longer than {MAX_BLOB_NAME} characters")
    for part in path.split("/"):
        if not part or part.startswith("."):
            raise InvalidStorePath(f"store path segment {part!r} is not allowed in {path!r}")
    return path


def blob_prefix(prefix: str) -> str:
    """A listing prefix ('' lists everything); rejects what no valid path can start with."""
    if not isinstance(prefix, str):
        raise InvalidStorePath(f"store prefix must be a string, got {prefix!r}")
    if prefix.startswith("/") or "\\" in prefix or "\x00" in prefix:
        raise InvalidStorePath(f"store prefix must be relative with '/' separators, got {prefix!r}")
    return prefix


def split_blocks(data: bytes, limit: int) -> list[bytes]:
    """`data` in pieces of at most `limit` bytes, cut after a newline whenever one is in reach.

    Cutting at line ends keeps every JSON line whole inside one append block, so a concurrent
    appender can interleave only between lines, never inside one.
    """
    if limit <= 0:
        raise ValueError(f"block limit must be positive, got {limit}")
    pieces = []
    start = 0
    while len(data) - start > limit:
        end = data.rfind(b"\n", start, start + limit)
        cut = end + 1 if end >= start else start + limit
        pieces.append(data[start:cut])
        start = cut
    if start < len(data):
        pieces.append(data[start:])
    return pieces
