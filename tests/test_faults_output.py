"""A bad output folder: refused before any work (exit 2), or a failed write (exit 3) that keeps the last briefing."""

from __future__ import annotations

import errno
import json
import os
import subprocess

import pytest

from briefing import outfolder
from tests.conftest import SEED
from tests.faults import DATE, cli, fill, forbid_work, one_line_error, published, tmpfs


def build(out, *more: str, env=None):
    return cli("-q", "build", str(SEED), "--out", str(out), "--date", DATE, *more, env=env)


def titles(out) -> list[str]:
    """The headlines of the published JSON Feed (the stories a reader gets)."""
    return [item["title"] for item in json.loads((out / f"{DATE}.json").read_text("utf-8"))["items"]]


def test_out_is_an_existing_file(tmp_path, monkeypatch):
    forbid_work(monkeypatch)
    target = tmp_path / "briefing.html"
    target.write_text("keep me")
    one_line_error(build(target), 2, "is not a folder")
    assert target.read_text() == "keep me"


def test_out_is_dev_null(monkeypatch):
    forbid_work(monkeypatch)
    one_line_error(build("/dev/null"), 2, "'/dev/null' is not a folder")


def test_out_under_a_file(tmp_path, monkeypatch):
    forbid_work(monkeypatch)
    (tmp_path / "file").write_text("x")
    one_line_error(build(tmp_path / "file" / "out"), 2, "cannot be created (Not a directory)")


def test_dated_target_is_a_folder(tmp_path, monkeypatch):
    forbid_work(monkeypatch)
    (tmp_path / "out" / f"{DATE}.html").mkdir(parents=True)
    one_line_error(build(tmp_path / "out"), 2, f"'{DATE}.html' is a folder")


def test_read_only_out(tmp_path, monkeypatch):
    forbid_work(monkeypatch)
    if os.geteuid() != 0:  # permissions stop anyone but root
        (tmp_path / "locked").mkdir(mode=0o555)
        one_line_error(build(tmp_path / "locked"), 2, "cannot be created (Permission denied)")
        return
    with tmpfs(tmp_path / "ro", readonly=True) as ro:
        one_line_error(build(ro), 2, "cannot be created (Read-only file system)")


def test_read_only_out_after_a_good_run_keeps_it(tmp_path):
    with tmpfs(tmp_path / "mnt", size="2m") as mnt:
        assert build(mnt).exit_code == 0
        before = published(mnt)
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        one_line_error(build(mnt, "--title", "Another"), 2, "is not writable (Read-only file system)")
        assert published(mnt) == before


def test_full_disk_before_any_work(tmp_path, monkeypatch):
    forbid_work(monkeypatch)
    with tmpfs(tmp_path / "full") as full:
        fill(full)
        one_line_error(build(full / "out"), 2, "No space left on device")


def test_disk_full_while_publishing_keeps_the_previous_briefing(tmp_path):
    with tmpfs(tmp_path / "mnt", size="1m") as mnt:
        out = mnt / "out"
        assert build(out).exit_code == 0
        before = published(out)
        fill(mnt, leave=8192)  # room for the pre-work check, not for the new set
        res = build(out, "--title", "Second run")
        one_line_error(res, 3, "No space left on device", "previous briefing is unchanged")
        assert published(out) == before
        assert titles(out)  # the stories are all there
        (mnt / "filler").unlink()
        assert build(out, "--title", "Third run").exit_code == 0
        assert "Third run" in (out / f"{DATE}.md").read_text("utf-8")
        assert not [p for p in (out / ".briefing").iterdir() if p.name.startswith(".tmp-")]


@pytest.mark.parametrize("at", [1, 2, 3, 4])
def test_write_error_at_each_file_is_one_line_exit_3(tmp_path, monkeypatch, at):
    out = tmp_path / "out"
    assert build(out).exit_code == 0
    before = published(out)
    real = outfolder._write_file
    calls = []

    def failing(path, data):
        if "probe" in path.name:  # the check before any work
            return real(path, data)
        calls.append(path)
        if len(calls) == at:
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(path))
        real(path, data)

    monkeypatch.setattr(outfolder, "_write_file", failing)
    one_line_error(
        build(out, "--title", "Second run"), 3, f"cannot write the briefing to '{out}'", "Input/output error"
    )
    assert published(out) == before and len(before) == 6  # md, html, json, the e-mail edition (2), index
    monkeypatch.setattr(outfolder, "_write_file", real)
    assert build(out, "--title", "Second run").exit_code == 0
    assert titles(out) and "Second run" in (out / "index.html").read_text("utf-8")
