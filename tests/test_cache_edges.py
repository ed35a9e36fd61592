"""The cache when its file cannot be used (issue #19: this survived a mutation)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from briefing.cli import main


def test_cache_stats_of_a_cache_that_cannot_be_opened_lists_nothing_with_one_warning(state_home):
    (state_home / "cache.sqlite3").mkdir()  # a folder where the file should be
    res = CliRunner().invoke(main, ["cache", "stats", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == {"path": str(state_home / "cache.sqlite3"), "rows": []}
    assert res.stderr.count("running without a cache") == 1 and "Traceback" not in res.output


def test_a_cache_damaged_while_open_is_moved_aside_with_one_warning_saying_what_is_wrong(tmp_path, caplog):
    """Another process overwrote the file (and its WAL and index) under an open cache: the next lookup
    finds it damaged, the warning names SQLite's reason, and the run goes on with a new, empty cache."""
    import logging

    from briefing.cache import Cache

    path = tmp_path / "cache.sqlite3"
    cache = Cache(path)
    cache.put_many("summary", [(f"k{i}", {"text": "x" * 500}) for i in range(300)])
    cache.flush()
    with open(path, "r+b") as f:
        f.write(b"\0" * 100 + b"\xff" * (path.stat().st_size - 100))
    for extra in ("-wal", "-shm"):
        side = tmp_path / f"cache.sqlite3{extra}"
        if side.exists():
            side.write_bytes(b"\0" * side.stat().st_size if extra == "-shm" else b"")
    with caplog.at_level(logging.WARNING, logger="briefing"):
        assert cache.get("summary", "k150") is None
    (line,) = [r.getMessage() for r in caplog.records]
    assert line.startswith(f"warning: cache {path} is damaged (file is not a database): moved aside to ")
    assert len(list(tmp_path.glob("cache.sqlite3.damaged-*"))) == 1
    cache.put("summary", "new", {"text": "y"})
    cache.flush()
    assert cache.get("summary", "new") == {"text": "y"}
    cache.close()
