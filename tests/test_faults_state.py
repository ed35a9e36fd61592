"""A damaged or unwritable cache or state folder costs the cache (one warning), never the run."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess

import pytest

from briefing.cache import Cache
from tests.conftest import SEED
from tests.faults import DATE, cli, tmpfs


def build(out, env=None):
    return cli("build", str(SEED), "--out", str(out), "--date", DATE, env=env)


def warnings(res) -> list[str]:
    return [line for line in res.stderr.splitlines() if "warning" in line]


def stories(out) -> list[str]:
    return [item["title"] for item in json.loads((out / f"{DATE}.json").read_text("utf-8"))["items"]]


@pytest.fixture
def good_build(tmp_path, state_home):
    """A first build fills the cache; what it published is what every later build must publish."""
    res = build(tmp_path / "first")
    assert res.exit_code == 0, res.stderr
    assert (state_home / "cache.sqlite3").is_file()
    return stories(tmp_path / "first")


def assert_built_with_one_warning(res, out, expected_stories, *needles: str) -> str:
    assert res.exit_code == 0, res.stderr
    assert "Traceback" not in res.output
    lines = warnings(res)
    assert len(lines) == 1, res.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    assert stories(out) == expected_stories
    return lines[0]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 3], id="truncated"),
        pytest.param(lambda data: b"\x9f" * len(data), id="garbage"),
        pytest.param(lambda data: data[:100], id="header-only"),
        pytest.param(lambda data: data[:4096] + b"\0" * 4096 + data[8192:], id="zeroed-pages"),
    ],
)
def test_damaged_cache_is_moved_aside_and_rebuilt(tmp_path, state_home, good_build, damage):
    cache = state_home / "cache.sqlite3"
    with sqlite3.connect(cache) as db:  # fold the WAL into the file so the damage hits real pages
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    cache.write_bytes(damage(cache.read_bytes()))
    res = build(tmp_path / "out")
    assert_built_with_one_warning(res, tmp_path / "out", good_build, "moved aside", "cache.sqlite3.damaged-")
    aside = list(state_home.glob("cache.sqlite3.damaged-*"))
    assert len(aside) == 1
    # the new cache works: the next run is silent and computes nothing
    res = build(tmp_path / "again")
    assert res.exit_code == 0 and not warnings(res), res.stderr
    with Cache() as c:
        assert sum(r.entries for r in c.stats()) > 0


def test_cache_that_is_a_folder_means_running_without_cache(tmp_path, state_home, good_build):
    (state_home / "cache.sqlite3").unlink()
    for extra in ("-wal", "-shm"):
        (state_home / f"cache.sqlite3{extra}").unlink(missing_ok=True)
    (state_home / "cache.sqlite3").mkdir()
    res = build(tmp_path / "out")
    assert_built_with_one_warning(res, tmp_path / "out", good_build, "running without a cache")


def test_state_folder_is_a_file(tmp_path, good_build):
    home = tmp_path / "home-file"
    home.write_text("not a folder")
    res = build(tmp_path / "out", env={"BRIEFING_HOME": str(home)})
    assert_built_with_one_warning(res, tmp_path / "out", good_build, "running without a cache")


def test_read_only_state_folder(tmp_path, state_home, good_build):
    ro = tmp_path / "ro-home"
    with tmpfs(ro, size="8m") as mnt:
        for name in ("cache.sqlite3",):
            shutil.copy2(state_home / name, mnt / name)
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        res = build(tmp_path / "out", env={"BRIEFING_HOME": str(mnt)})
        assert_built_with_one_warning(res, tmp_path / "out", good_build, "running without a cache")


def test_cache_failing_mid_run_costs_only_the_cache(tmp_path, state_home, good_build, monkeypatch):
    """A write that fails half way through a run (disk full, I/O error): one warning, the run goes on."""
    calls = []
    real = Cache._connect

    def flaky(self):
        db = real(self)
        calls.append(1)
        return BrokenOnWrite(db)

    monkeypatch.setattr(Cache, "_connect", flaky)
    (state_home / "cache.sqlite3").unlink()
    res = build(tmp_path / "out")
    assert_built_with_one_warning(res, tmp_path / "out", good_build, "running without a cache", "disk is full")
    assert calls == [1]


class BrokenOnWrite:
    """A connection whose writes fail as on a full disk."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def execute(self, sql: str, *args):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise sqlite3.OperationalError("database or disk is full")
        return self._db.execute(sql, *args)

    def executemany(self, sql: str, *args):
        raise sqlite3.OperationalError("database or disk is full")

    def commit(self) -> None:
        self._db.commit()

    def close(self) -> None:
        self._db.close()
