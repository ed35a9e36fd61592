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
import sqlite3
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from briefing.state import home

DAY = 86400.0
HASHED_BYTES = 1 << 20  # model files up to this size are hashed; bigger ones (weights) by size and mtime
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS entries (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, "
    "producer TEXT NOT NULL, created REAL NOT NULL, used REAL NOT NULL, PRIMARY KEY (kind, key))"
)


def make_key(*parts: Any) -> str:
    """A hash of any JSON-able parts (order matters, dict order does not)."""
    raw = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("DROP TABLE IF EXISTS kv")  # 0.1.0 keys named no code or model version: never valid
        self._db.execute(_SCHEMA)
        self._db.commit()
        self.hits: dict[str, int] = {}
        self.misses: dict[str, int] = {}
        self._used: set[tuple[str, str]] = set()

    def get(self, kind: str, key: str) -> Any | None:
        row = self._db.execute("SELECT value FROM entries WHERE kind=? AND key=?", (kind, key)).fetchone()
        bucket = self.hits if row else self.misses
        bucket[kind] = bucket.get(kind, 0) + 1
        if row is None:
            return None
        self._used.add((kind, key))
        return json.loads(row[0])

    def put(self, kind: str, key: str, value: Any, producer: str = "") -> None:
        now = time.time()
        self._db.execute(
            "INSERT OR REPLACE INTO entries (kind, key, value, producer, created, used) VALUES (?, ?, ?, ?, ?, ?)",
            (kind, key, json.dumps(value, ensure_ascii=False), producer, now, now),
        )
        self._db.commit()

    def flush(self) -> None:
        """Record when the entries read in this run were used (one write, not one per hit)."""
        if self._used:
            now = time.time()
            self._db.executemany("UPDATE entries SET used=? WHERE kind=? AND key=?", [(now, *k) for k in self._used])
            self._db.commit()
            self._used.clear()

    def stats(self) -> list[StatsRow]:
        """Entries and stored bytes per stage and producer."""
        self.flush()
        rows = self._db.execute(
            "SELECT kind, producer, COUNT(*), SUM(LENGTH(CAST(value AS BLOB)) + LENGTH(key)), MAX(used) "
            "FROM entries GROUP BY kind, producer ORDER BY kind, producer"
        ).fetchall()
        return [StatsRow(*row) for row in rows]

    def prune(self, unused_days: float | None = None) -> int:
        """Delete entries not used for ``unused_days`` days (all of them when None); return how many."""
        self.flush()
        if unused_days is None:
            cur = self._db.execute("DELETE FROM entries")
        else:
            cur = self._db.execute("DELETE FROM entries WHERE used < ?", (time.time() - unused_days * DAY,))
        self._db.commit()
        return cur.rowcount

    def vacuum(self) -> None:
        """Give the space of deleted entries back to the file system."""
        self._db.execute("VACUUM")

    def close(self) -> None:
        self.flush()
        self._db.close()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
