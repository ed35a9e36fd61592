"""A damaged SQLite file of the state folder is set aside under a name that says when, with a warning that says why."""

from __future__ import annotations

import re
import sqlite3
import time

from tests.conftest import SEED
from tests.faults import DATE, cli


def test_a_damaged_cache_is_set_aside_by_time_and_the_warning_names_the_damage(tmp_path, state_home):
    first = cli("build", str(SEED), "--out", str(tmp_path / "first"), "--date", DATE)
    assert first.exit_code == 0, first.stderr
    cache = state_home / "cache.sqlite3"
    with sqlite3.connect(cache) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    cache.write_bytes(b"\x9f" * len(cache.read_bytes()))
    before = time.strftime("%Y%m%dT%H%M%S")
    res = cli("build", str(SEED), "--out", str(tmp_path / "out"), "--date", DATE)
    after = time.strftime("%Y%m%dT%H%M%S")
    assert res.exit_code == 0, res.stderr
    [aside] = state_home.glob("cache.sqlite3.damaged-*")
    stamp = re.fullmatch(r"cache\.sqlite3\.damaged-(\d{8}T\d{6})", aside.name)
    assert stamp and before <= stamp.group(1) <= after, aside.name  # <name>.damaged-<local time>
    assert aside.read_bytes()[:64] == b"\x9f" * 64  # the damaged bytes, kept for a post-mortem
    [line] = [x for x in res.stderr.splitlines() if "warning" in x]
    assert f"cache {cache} is damaged (file is not a database): moved aside to {aside}, starting a new one" in line
