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
