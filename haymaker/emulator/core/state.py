"""The emulator's cloud state: a SQLite document store in the data dir.

SQLite rather than dicts so that a second process (an agent, a later CLI command, a restarted
emulator) sees the same cloud through the data dir.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX IF NOT EXISTS docs_kind_seq ON docs(kind, seq);
CREATE TABLE IF NOT EXISTS requests (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    query TEXT NOT NULL,
    status INTEGER NOT NULL,
    user_agent TEXT NOT NULL,
    client_request_id TEXT NOT NULL,
    principal TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS faults (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
"""


_AFTER_EVERY_CHARACTER = "\U0010ffff"


class EmulatorState:
    """Documents by (kind, key); keys are compared as given (callers lowercase ARM ids)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._depth = 0

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[EmulatorState]:
        """Serialize a read-modify-write across threads and processes."""
        with self._lock:
            outer = self._depth == 0
            if outer:
                self._db.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self
            except BaseException:
                self._depth -= 1
                if outer:
                    self._db.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                self._db.execute("COMMIT")

    def get(self, kind: str, key: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT body FROM docs WHERE kind=? AND key=?", (kind, key)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, kind: str, key: str, body: dict[str, Any]) -> None:
        text = json.dumps(body, separators=(",", ":"))
        with self._lock:
            self._db.execute(
                "INSERT INTO docs(kind, key, seq, body) VALUES (?, ?, "
                "(SELECT COALESCE(MAX(seq), 0) + 1 FROM docs), ?) "
                "ON CONFLICT(kind, key) DO UPDATE SET body=excluded.body",
                (kind, key, text),
            )

    def delete(self, kind: str, key: str) -> bool:
        with self._lock:
            cur = self._db.execute("DELETE FROM docs WHERE kind=? AND key=?", (kind, key))
        return cur.rowcount > 0

    def list(self, kind: str, prefix: str | None = None) -> list[dict[str, Any]]:
        """Documents of a kind in creation order, optionally those whose key starts with prefix."""
        return [body for _, body in self.items(kind, prefix)]

    def items(self, kind: str, prefix: str | None = None) -> list[tuple[str, dict[str, Any]]]:
        with self._lock:
            if prefix is None:
                rows = self._db.execute(
                    "SELECT key, body FROM docs WHERE kind=? ORDER BY seq", (kind,)
                ).fetchall()
            else:
                # A key range rather than substr(): the (kind, key) primary key index serves it.
                rows = self._db.execute(
                    "SELECT key, body FROM docs WHERE kind=? AND key>=? AND key<? ORDER BY seq",
                    (kind, prefix, prefix + _AFTER_EVERY_CHARACTER),
                ).fetchall()
        return [(key, json.loads(body)) for key, body in rows]

    def delete_prefix(self, kind: str, prefix: str) -> int:
        with self._lock:
            cur = self._db.execute(
                "DELETE FROM docs WHERE kind=? AND substr(key, 1, ?)=?", (kind, len(prefix), prefix)
            )
        return cur.rowcount

    def next_counter(self, name: str) -> int:
        with self.transaction():
            self._db.execute(
                "INSERT INTO counters(name, value) VALUES (?, 1) "
                "ON CONFLICT(name) DO UPDATE SET value = value + 1",
                (name,),
            )
            return int(self._db.execute("SELECT value FROM counters WHERE name=?", (name,)).fetchone()[0])

    # -- request log ------------------------------------------------------------------------
    def log_request(
        self,
        method: str,
        path: str,
        query: str,
        status: int,
        user_agent: str,
        client_request_id: str,
        principal: str,
    ) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO requests(at, method, path, query, status, user_agent, "
                "client_request_id, principal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (time.time(), method, path, query, status, user_agent, client_request_id, principal),
            )

    def requests(self, since: int = 0) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, at, method, path, query, status, user_agent, client_request_id, "
                "principal FROM requests WHERE seq > ? ORDER BY seq",
                (since,),
            ).fetchall()
        names = (
            "seq",
            "at",
            "method",
            "path",
            "query",
            "status",
            "user_agent",
            "client_request_id",
            "principal",
        )
        return [dict(zip(names, row, strict=True)) for row in rows]

    # -- faults -----------------------------------------------------------------------------
    def add_fault(self, rule: dict[str, Any]) -> int:
        with self._lock:
            cur = self._db.execute("INSERT INTO faults(body) VALUES (?)", (json.dumps(rule),))
        return int(cur.lastrowid or 0)

    def faults(self) -> list[tuple[int, dict[str, Any]]]:
        with self._lock:
            rows = self._db.execute("SELECT id, body FROM faults ORDER BY id").fetchall()
        return [(fid, json.loads(body)) for fid, body in rows]

    def update_fault(self, fault_id: int, rule: dict[str, Any]) -> None:
        with self._lock:
            self._db.execute("UPDATE faults SET body=? WHERE id=?", (json.dumps(rule), fault_id))

    def remove_fault(self, fault_id: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM faults WHERE id=?", (fault_id,))

    def clear_faults(self) -> None:
        with self._lock:
            self._db.execute("DELETE FROM faults")

    def reset(self) -> None:
        """Forget the whole cloud: documents, request log, faults."""
        with self.transaction():
            for table in ("docs", "requests", "faults", "counters"):
                self._db.execute(f"DELETE FROM {table}")
