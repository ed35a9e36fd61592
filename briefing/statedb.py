"""SQLite files in the state folder: opened, or set aside when damaged.

The cache and the fetcher's validator store only save work, so neither may
cost a run.  A damaged file (not a database, or corrupt pages) is moved aside
as ``<name>.damaged-<time>`` -- kept for a post-mortem -- and a new one is
started, with one warning line.  A file that cannot be used at all (a folder
where it should be, a read-only or full disk, a state folder that is a file)
is one warning line too, and the caller goes on without it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("briefing")
_DAMAGED = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB: the file is not (or no longer) a database
ASIDE = ".damaged-"  # a damaged file becomes <name>.damaged-<time>


def damaged(exc: sqlite3.Error) -> bool:
    """Whether an error says the file itself is damaged (not locked, full or unwritable)."""
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in _DAMAGED


Setup = Callable[[sqlite3.Connection], None]  # creates a file's tables and reads from them


def sqlite_connect(path: Path, setup: Setup, threads: bool = False) -> sqlite3.Connection:
    """A connection to ``path`` (its folder made), after ``setup`` created the tables and read from them
    (damage shows there, not at connect); the connection is closed when setup fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=30, check_same_thread=not threads)  # pragma: no mutate
    try:
        setup(db)
    except BaseException:
        db.close()
        raise
    return db


@dataclass(frozen=True)
class StateDB:
    """One SQLite file of the state folder and what going on without it means."""

    path: Path
    connect: Callable[[], sqlite3.Connection]  # e.g. sqlite_connect with the caller's tables
    what: str  # what the file is, for the warning: "cache"
    without: str  # what a run without it is, for the warning: "running without a cache"

    def open(self) -> sqlite3.Connection | None:
        """The connection; a damaged file replaced by a new one; None (one warning) when the file cannot be used."""
        try:
            return self.connect()
        except sqlite3.Error as exc:
            if damaged(exc):
                return self.replace(exc)
            self.give_up(exc)
        except OSError as exc:
            self.give_up(exc)
        return None

    def replace(self, exc: sqlite3.Error) -> sqlite3.Connection | None:
        """Move the damaged file (and its journal) aside, start a new one; None (one warning) if that fails."""
        aside = self.path.with_name(f"{self.path.name}{ASIDE}{time.strftime('%Y%m%dT%H%M%S')}")
        try:
            os.replace(self.path, aside)
            for extra in ("-wal", "-shm", "-journal"):
                Path(f"{self.path}{extra}").unlink(missing_ok=True)
            db = self.connect()
        except (OSError, sqlite3.Error) as again:
            self.give_up(again, f"{self.path} is damaged ({exc})")
            return None
        log.warning(
            "warning: %s %s is damaged (%s): moved aside to %s, starting a new one", self.what, self.path, exc, aside
        )
        return db

    def give_up(self, exc: BaseException, why: str = "") -> None:
        """Say once that the run goes on without the file."""
        reason = why or f"{self.path} cannot be used ({getattr(exc, 'strerror', None) or exc})"
        log.warning("warning: %s: %s", self.without, reason)


def close_quietly(db: sqlite3.Connection | None) -> None:
    """Close a connection that may already have failed."""
    if db is not None:
        with contextlib.suppress(sqlite3.Error):
            db.close()
