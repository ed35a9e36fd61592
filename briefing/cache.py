"""A persistent cache in the state folder (SQLite), keyed by content and producer.

Used for summaries and translations, so a daily run only computes what is
new.  A key hashes the input together with a fingerprint of what produced the
output (backend name and version, package version, model files, decoding
options, prompt or glossary), so an upgrade or a re-pulled model never serves
old output.  Each entry remembers its stage (``kind``), a readable producer
label (for ``briefing cache stats``) and when it was last used, so entries
nobody asked for in a while can be pruned.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from briefing.state import home
from briefing.statedb import StateDB, close_quietly, damaged, sqlite_connect

log = logging.getLogger("briefing")
DAY = 86400.0
T = TypeVar("T")
HASHED_BYTES = 1 << 20  # model files up to this size are hashed; bigger ones (weights) by size and mtime
# SQL text: its keywords are case-blind, so benchmarks/mutation.py is told not to mutate it.
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS entries (kind TEXT NOT NULL, key TEXT NOT NULL, "  # pragma: no mutate
    "value TEXT NOT NULL, producer TEXT NOT NULL, created REAL NOT NULL, used REAL NOT NULL, "  # pragma: no mutate
    "PRIMARY KEY (kind, key))"  # pragma: no mutate
)
_PROBE = "SELECT COUNT(*) FROM entries WHERE rowid IN (SELECT MAX(rowid) FROM entries)"  # pragma: no mutate
_GET = "SELECT value FROM entries WHERE kind=? AND key=?"  # pragma: no mutate
_PUT = (
    "INSERT OR REPLACE INTO entries (kind, key, value, producer, created, used) "  # pragma: no mutate
    "VALUES (?, ?, ?, ?, ?, ?)"  # pragma: no mutate
)
_TOUCH = "UPDATE entries SET used=? WHERE kind=? AND key=?"  # pragma: no mutate
_STATS = (
    "SELECT kind, producer, COUNT(*), SUM(LENGTH(CAST(value AS BLOB)) + LENGTH(key)), MAX(used) "  # pragma: no mutate
    "FROM entries GROUP BY kind, producer ORDER BY kind, producer"  # pragma: no mutate
)
_DELETE_ALL = "DELETE FROM entries"  # pragma: no mutate
_DELETE_UNUSED = "DELETE FROM entries WHERE used < ?"  # pragma: no mutate
_ALL = "SELECT kind, key, value, producer FROM entries ORDER BY rowid"  # pragma: no mutate
IN_MEMORY = Path(":memory:")  # SQLite's name for a database that lives in the process only
# one stored result: its stage, key, value (as JSON text) and producer label
Entry = tuple[str, str, str, str]


def make_key(*parts: Any) -> str:
    """A hash of any JSON-able parts (order matters, dict order does not)."""
    raw = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()  # pragma: no mutate - codec names are case-blind


def output_key(kind: str, producer: str, settings: Any, content: Any) -> str:
    """The key of one cached output, for every stage (summary, translation, lede): made here only.

    ``producer`` is the backend's fingerprint (:attr:`briefing.backends.Backend.fingerprint`:
    its name and version, the package version, its model or scorer files, the server it
    asks, its prompts' text, the glossary); ``settings`` every option of the call that
    changes the output (a summary's budget; a translation's decoding, glossary and
    splitting); ``content`` every part of the input the backend reads.  Leave one out and
    a changed run is served an old output.
    """
    return make_key(kind, producer, settings, content)


@cache
def folder_fingerprint(folder: str) -> str:
    """The identity of a model folder: small files (configs, tokenizers, the
    revision a download recorded) by content, large ones (weights) by name,
    size and modification time.  The path itself is not part of it."""
    root = Path(folder)
    if not root.is_dir():
        return make_key("not a folder", folder)
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        st = path.stat()
        h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        if st.st_size <= HASHED_BYTES:
            h.update(hashlib.sha256(path.read_bytes()).digest())
        else:
            h.update(f"{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


@dataclass(frozen=True)
class StatsRow:
    """What ``briefing cache stats`` shows for one stage and producer."""

    kind: str
    producer: str
    entries: int
    bytes: int
    last_used: float


class Cache:
    """A small key-value store; ``hits`` and ``misses`` count lookups per run."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or home() / "cache.sqlite3"
        self.hits: dict[str, int] = {}
        self.misses: dict[str, int] = {}
        self._used: set[tuple[str, str]] = set()
        self._file = StateDB(self.path, self._connect, "cache", "running without a cache")
        self._db: sqlite3.Connection | None = self._file.open()

    def _connect(self) -> sqlite3.Connection:
        return sqlite_connect(self.path, _setup)

    def _run(self, op: Callable[[sqlite3.Connection], T], default: T) -> T:
        """Run one database operation; a failure costs the cache, never the run."""
        if self._db is None:
            return default
        try:
            return op(self._db)
        except sqlite3.Error as exc:
            close_quietly(self._db)
            self._db = None
            if damaged(exc):
                self._db = self._file.replace(exc)  # this run goes on with a new, empty cache
            else:
                self._file.give_up(exc)
            return default

    def get(self, kind: str, key: str) -> Any | None:
        row = self._run(lambda db: db.execute(_GET, (kind, key)).fetchone(), None)
        bucket = self.hits if row else self.misses
        bucket[kind] = bucket.get(kind, 0) + 1
        if row is None:
            return None
        self._used.add((kind, key))
        return json.loads(row[0])

    def put(self, kind: str, key: str, value: Any, producer: str = "") -> None:
        self.put_many(kind, [(key, value)], producer)

    def put_many(self, kind: str, items: list[tuple[str, Any]], producer: str = "") -> None:
        """Store several values in one transaction (one disk sync, not one per entry)."""
        self.put_entries([(kind, key, json.dumps(value, ensure_ascii=False), producer) for key, value in items])

    def put_entries(self, entries: list[Entry]) -> None:
        """Store entries as (kind, key, JSON text, producer), in one transaction; also what another cache's
        :meth:`entries` gave."""
        now = time.time()
        rows: list[tuple[str, str, str, str, float, float]] = [(*entry, now, now) for entry in entries]

        def put(db: sqlite3.Connection) -> None:
            db.executemany(_PUT, rows)
            db.commit()

        self._run(put, None)

    def entries(self) -> list[Entry]:
        """Every stored entry, oldest first: how a worker's in-memory cache hands its results over."""

        def read(db: sqlite3.Connection) -> list[Entry]:
            return [(kind, key, value, producer) for kind, key, value, producer in db.execute(_ALL)]

        return self._run(read, [])

    def flush(self) -> None:
        """Record when the entries read in this run were used (one write, not one per hit)."""
        if self._used:
            now = time.time()
            used = [(now, *k) for k in self._used]

            def flush(db: sqlite3.Connection) -> None:
                db.executemany(_TOUCH, used)
                db.commit()

            self._run(flush, None)
            self._used.clear()

    def stats(self) -> list[StatsRow]:
        """Entries and stored bytes per stage and producer."""
        self.flush()
        rows: list[Any] = self._run(lambda db: db.execute(_STATS).fetchall(), [])
        return [StatsRow(*row) for row in rows]

    def prune(self, unused_days: float | None = None) -> int:
        """Delete entries not used for ``unused_days`` days (all of them when None); return how many."""
        self.flush()

        def prune(db: sqlite3.Connection) -> int:
            if unused_days is None:
                cur = db.execute(_DELETE_ALL)
            else:
                cur = db.execute(_DELETE_UNUSED, (time.time() - unused_days * DAY,))
            db.commit()
            return cur.rowcount

        return self._run(prune, 0)

    def vacuum(self) -> None:
        """Give the space of deleted entries back to the file system."""
        self._run(lambda db: db.execute("VACUUM"), None)  # pragma: no mutate

    def close(self) -> None:
        self.flush()
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _setup(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA journal_mode=WAL")  # pragma: no mutate
    # 0.1.0 keys named no code or model version: never valid
    db.execute("DROP TABLE IF EXISTS kv")  # pragma: no mutate
    db.execute(_SCHEMA)
    db.execute(_PROBE).fetchone()
    db.commit()
