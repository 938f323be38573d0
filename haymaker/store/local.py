"""The report store in a local directory (the default; the emulator target uses it)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from haymaker.store.base import LayoutReportStore
from haymaker.store.errors import InvalidStorePath, StoreError

_TEMP_SUFFIX = ".tmp"
_FILE_MODE = 0o644


def _segments(path: str, *, allow_empty_last: bool = False) -> list[str]:
    """The segments of a relative store path, or InvalidStorePath."""
    if not isinstance(path, str) or not path:
        raise InvalidStorePath(f"store path must be a non-empty string, got {path!r}")
    if path.startswith("/") or "\\" in path or "\x00" in path:
        raise InvalidStorePath(f"store path must be relative with '/' separators, got {path!r}")
    parts = path.split("/")
    if allow_empty_last and parts[-1] == "":
        parts = parts[:-1]
    for part in parts:
        # Dot-names are reserved for in-flight temp files (and exclude '.' and '..').
        if not part or part.startswith("."):
            raise InvalidStorePath(f"store path segment {part!r} is not allowed in {path!r}")
    return parts


class LocalReportStore(LayoutReportStore):
    """Documents as files under `root`.

    Writes are atomic (a temp file in the same directory, fsync, os.replace), so a crash
    mid-write leaves the previous document. Appends use O_APPEND with one write per call, so
    processes appending to the same log never interleave within an entry batch.
    """

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).resolve()

    def __repr__(self) -> str:
        return f"LocalReportStore({str(self.root)!r})"

    def _file(self, path: str) -> Path:
        return self.root.joinpath(*_segments(path))

    def _stage(self, path: str, data: bytes) -> Path:
        """Write `data` to a temp file beside `path` (the first half of an atomic write)."""
        target = self._file(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=_TEMP_SUFFIX)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, _FILE_MODE)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return Path(temp)

    def put_bytes(self, path: str, data: bytes) -> None:
        temp = self._stage(path, data)
        try:
            os.replace(temp, self._file(path))
        except BaseException:
            temp.unlink(missing_ok=True)
            raise

    def get_bytes(self, path: str) -> bytes | None:
        target = self._file(path)
        try:
            return target.read_bytes()
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            raise StoreError(f"store path {path!r} is a directory, not a document") from None

    def append_bytes(self, path: str, data: bytes) -> None:
        target = self._file(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, _FILE_MODE)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
        finally:
            os.close(fd)

    def delete_bytes(self, path: str) -> None:
        self._file(path).unlink(missing_ok=True)

    def document_version(self, path: str) -> str | None:
        """A token that changes whenever the document at `path` is replaced or appended to."""
        try:
            stat = self._file(path).stat()
        except FileNotFoundError:
            return None
        # A replace makes a new inode; an append changes size and mtime.
        return f"{stat.st_ino}-{stat.st_mtime_ns}-{stat.st_size}"

    def list_paths(self, prefix: str) -> list[str]:
        if prefix == "":
            parts: list[str] = []
        else:
            parts = _segments(prefix, allow_empty_last=True)
        # Walk from the deepest directory the prefix names completely; filter by the rest.
        whole = parts if prefix.endswith("/") or not parts else parts[:-1]
        start = self.root.joinpath(*whole)
        if not start.is_dir():
            return []
        found = []
        for directory, dirnames, filenames in os.walk(start):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            relative_dir = Path(directory).relative_to(self.root).as_posix()
            for name in filenames:
                if name.startswith("."):
                    continue
                relative = name if relative_dir == "." else f"{relative_dir}/{name}"
                if relative.startswith(prefix):
                    found.append(relative)
        return sorted(found)
