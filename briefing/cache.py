"""A persistent cache in the state folder (SQLite), keyed by content and model.

Used for summaries and translations, so a daily run only computes what is
new.  Keys are hashes of (kind, model, options, text); values are JSON.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from briefing.state import home


def make_key(*parts: Any) -> str:
    raw = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class Cache:
    """A small key-value store; ``hits`` and ``misses`` count lookups per run."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or home() / "cache.sqlite3"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS kv (kind TEXT, key TEXT, value TEXT, PRIMARY KEY (kind, key))")
        self._db.commit()
        self.hits: dict[str, int] = {}
        self.misses: dict[str, int] = {}

    def get(self, kind: str, key: str) -> Any | None:
        row = self._db.execute("SELECT value FROM kv WHERE kind=? AND key=?", (kind, key)).fetchone()
        bucket = self.hits if row else self.misses
        bucket[kind] = bucket.get(kind, 0) + 1
        return json.loads(row[0]) if row else None

    def put(self, kind: str, key: str, value: Any) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO kv (kind, key, value) VALUES (?, ?, ?)",
            (kind, key, json.dumps(value, ensure_ascii=False)),
        )
        self._db.commit()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
