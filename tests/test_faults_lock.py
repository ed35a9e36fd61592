"""The lock belongs to the output folder: one run per folder, whatever the state folder."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from briefing.outfolder import OutFolder
from tests.conftest import SEED
from tests.faults import DATE, cli, one_line_error, published


def build(out, *more: str, env=None):
    return cli("-q", "build", str(SEED), "--out", str(out), "--date", DATE, *more, env=env)


def test_two_state_folders_one_output_folder(tmp_path):
    """Another run, with its own BRIEFING_HOME, holds the folder: this one stops and writes nothing."""
    out = tmp_path / "out"
    env = {**os.environ, "BRIEFING_HOME": str(tmp_path / "home-1"), "PYTHONPATH": str(Path(__file__).parents[1])}
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from briefing.outfolder import OutFolder; o = OutFolder(sys.argv[1]); o.check([])\n"
            "with o.lock():\n    print('held', flush=True); time.sleep(60)",
            str(out),
        ],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        res = build(out, env={"BRIEFING_HOME": str(tmp_path / "home-2")})
        one_line_error(res, 3, "another briefing run holds", str(out / ".briefing" / "lock"))
        assert published(out) == {}
    finally:
        holder.kill()
        holder.wait()
    assert build(out, env={"BRIEFING_HOME": str(tmp_path / "home-2")}).exit_code == 0


def test_the_same_folder_by_another_path_is_the_same_lock(tmp_path):
    out = tmp_path / "out"
    (tmp_path / "alias").symlink_to(out, target_is_directory=True)
    folder = OutFolder(out)
    folder.check([])
    with folder.lock():
        one_line_error(build(tmp_path / "alias"), 3, "another briefing run holds")
        one_line_error(build(os.path.relpath(out)), 3, "another briefing run holds")


def test_different_folders_do_not_block_each_other(tmp_path):
    folder = OutFolder(tmp_path / "a")
    folder.check([])
    with folder.lock():
        assert build(tmp_path / "b").exit_code == 0


def test_lock_timeout_waits_for_the_other_run(tmp_path):
    out = tmp_path / "out"
    folder = OutFolder(out)
    folder.check([])
    held = threading.Event()

    def hold() -> None:
        with folder.lock():
            held.set()
            time.sleep(1.5)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait()
    res = build(out, env={"BRIEFING_BUILD_LOCK_TIMEOUT": "20"})
    thread.join()
    assert res.exit_code == 0, res.stderr
    assert (out / f"{DATE}.html").is_file()


def test_a_failed_run_releases_the_lock(tmp_path):
    out = tmp_path / "out"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    one_line_error(cli("-q", "build", str(bad), "--out", str(out)), 3, "no article")
    assert build(out).exit_code == 0
