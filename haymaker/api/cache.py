"""Parsed documents cached per (key, document version), so a page request does not re-parse.

A store that can tell a document's version (mtime/inode locally, the ETag on Blob) implements
`document_version(path)`; with any other store nothing is cached and every read goes through.
The version is read *before* the document: if a write lands in between, the cache holds the new
content under the old version and the next request simply parses again; it never serves stale data.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar, runtime_checkable

T = TypeVar("T")


@runtime_checkable
class VersionedDocuments(Protocol):
    def document_version(self, path: str) -> str | None:
        """A token that changes whenever the document changes; None when it does not exist."""
        ...


class VersionedCache(Generic[T]):
    """An LRU of parsed values, each valid while its document version is unchanged."""

    def __init__(self, max_entries: int) -> None:
        if max_entries < 0:
            raise ValueError(f"max_entries must be >= 0, got {max_entries}")
        self.max_entries = max_entries
        self._entries: OrderedDict[str, tuple[str, T]] = OrderedDict()
        self._lock = threading.Lock()
        self._loading: dict[str, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: str, version: str | None, load: Callable[[], T]) -> T:
        """The cached value for `key` at `version`, or `load()` (once per key at a time)."""
        if version is None or self.max_entries == 0:
            return load()
        cached = self._lookup(key, version)
        if cached is not None:
            return cached[1]
        with self._lock:
            key_lock = self._loading.setdefault(key, threading.Lock())
        # One loader per key: concurrent first requests for a big document parse it once.
        with key_lock:
            cached = self._lookup(key, version)
            if cached is not None:
                return cached[1]
            value = load()
            with self._lock:
                self.misses += 1
                self._entries[key] = (version, value)
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_entries:
                    evicted, _ = self._entries.popitem(last=False)
                    self._loading.pop(evicted, None)
            return value

    def _lookup(self, key: str, version: str) -> tuple[str, T] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != version:
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry
