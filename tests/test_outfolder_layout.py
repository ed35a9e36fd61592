"""The output folder's layout as the README promises it: published names are relative symlinks into
``OUT/.briefing/current/``, one symlink to the run's folder; earlier days are hard links; files are made with
the user's umask."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from briefing.cli import main
from tests.conftest import SEED


def _build(out: Path, date: str) -> None:
    res = CliRunner().invoke(main, ["-q", "build", str(SEED), "--out", str(out), "--date", date])
    assert res.exit_code == 0, res.output


def test_published_names_are_relative_symlinks_into_current_and_earlier_days_are_hard_links(tmp_path):
    out = tmp_path / "out"
    _build(out, "2024-05-20")
    first_run = os.readlink(out / ".briefing" / "current")
    _build(out, "2024-05-21")
    run = os.readlink(out / ".briefing" / "current")
    assert run != first_run and run.startswith("runs/") and (out / ".briefing" / run).is_dir()
    published = sorted(p for p in out.iterdir() if not p.name.startswith("."))
    assert {p.name for p in published} >= {"2024-05-20.html", "2024-05-21.html", "2024-05-21.json", "index.html"}
    for p in published:
        assert p.is_symlink() and os.readlink(p) == f".briefing/current/{p.name}", p
    # the earlier day in the new run is the same file as in the run that wrote it: no copy (its page is rewritten
    # for the new day navigation link, its JSON is not)
    earlier = out / ".briefing" / run / "2024-05-20.json"
    assert earlier.stat().st_ino == (out / ".briefing" / first_run / "2024-05-20.json").stat().st_ino
    assert earlier.stat().st_nlink >= 2


def test_published_files_get_the_users_umask(tmp_path):
    old = os.umask(0o027)
    try:
        _build(tmp_path / "out", "2024-05-20")
    finally:
        os.umask(old)
    mode = (tmp_path / "out" / "2024-05-20.html").stat().st_mode & 0o777
    assert mode == 0o640  # 0o666 without what the umask takes
