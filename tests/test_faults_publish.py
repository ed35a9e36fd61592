"""Publishing the whole set at once: a reader only ever sees one run's complete set."""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.outfolder import OutFolder
from tests.conftest import SEED
from tests.faults import DATE, cli, published

DAY_BEFORE = "2025-07-08"
NAMES = [f"{DATE}.md", f"{DATE}.html", f"{DATE}.json", f"{DATE}.email.html", f"{DATE}.email.txt", "index.html"]


def run_set(marker: str) -> dict[str, bytes]:
    """A run's set: every file says which run wrote it (and is big enough to take several writes)."""
    return {name: f"{marker} {name}\n".encode() * 2000 for name in NAMES}


def assert_one_complete_set(out: Path, markers: tuple[str, ...]) -> str:
    """The folder shows the older day untouched and exactly one run's complete set of today; which run?"""
    seen = published(out)
    assert seen[f"{DAY_BEFORE}.html"] == b"the day before\n"
    assert sorted(seen) == sorted([*NAMES, f"{DAY_BEFORE}.html"]), sorted(seen)
    owners = {m for m in markers for name in NAMES if seen[name] == run_set(m)[name]}
    assert len(owners) == 1 and all(seen[n] == run_set(next(iter(owners)))[n] for n in NAMES), owners
    return owners.pop()


@pytest.fixture
def first_run(tmp_path: Path) -> Path:
    out = OutFolder(tmp_path / "out")
    out.check(NAMES)
    out.publish({f"{DAY_BEFORE}.html": b"the day before\n"})
    out.publish(run_set("A"))
    return out.path


def publish_in_child(out: Path, files: dict[str, bytes], kill_at: int, fault: str = "kill") -> int:
    """Fork; the child publishes, and at its ``kill_at``-th file-system call in ``out`` SIGKILLs itself
    (``fault="kill"``) or has that call fail as on a full disk (``fault="full"``).

    Returns how the child ended: -9 if killed, 1 if publishing raised, 2 if it got through a fault
    (a failed clean-up is not an error), 0 if it got through and ``kill_at`` was never reached.
    """
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        fired = False
        try:
            count = 0
            prefix = str(out)

            def hook(event: str, args: tuple) -> None:
                nonlocal count, fired
                if event.startswith(("os.", "open", "shutil.")) and any(
                    isinstance(a, str | os.PathLike) and os.fspath(a).startswith(prefix) for a in args
                ):
                    count += 1
                    if count == kill_at and fault == "kill":
                        os.kill(os.getpid(), signal.SIGKILL)
                    if count == kill_at:
                        fired = True
                        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), os.fspath(args[0]))

            sys.addaudithook(hook)
            folder = OutFolder(out)
            folder.check(list(files))
            with folder.lock():
                folder.clean()
                folder.publish(files)
            code = 2 if fired else 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


@pytest.mark.parametrize("fault", ["kill", "full"])
def test_killed_at_every_point_of_publishing_the_folder_holds_one_complete_set(first_run, tmp_path, fault):
    """SIGKILL, or a full disk, at each file-system call of a run: never a mixed or partial set,
    and the next run cleans up and publishes."""
    out = first_run
    pristine = tmp_path / "pristine"
    subprocess.run(["cp", "-a", str(out), str(pristine)], check=True)
    outcomes = []
    for kill_at in range(1, 500):
        subprocess.run(["rm", "-rf", str(out)], check=True)
        subprocess.run(["cp", "-a", str(pristine), str(out)], check=True)
        ended = publish_in_child(out, run_set("B"), kill_at, fault)
        assert ended in ((0, -signal.SIGKILL) if fault == "kill" else (0, 1, 2))
        owner = assert_one_complete_set(out, ("A", "B"))
        outcomes.append(owner)
        # the next run, killed nowhere, cleans up and publishes its own set
        assert publish_in_child(out, run_set("C"), 0) == 0
        assert assert_one_complete_set(out, ("C",)) == "C"
        assert not [p for p in (out / ".briefing").iterdir() if p.name.startswith(".tmp-")]
        assert len(list((out / ".briefing" / "runs").iterdir())) <= 2
        if ended == 0:
            break
    else:
        pytest.fail("publishing never finished")
    assert "A" in outcomes and outcomes[-1] == "B"  # both sides of the commit point were hit
    assert len(outcomes) > 10, outcomes


@pytest.mark.parametrize("start", ["new-day", "plain-files"])
def test_killed_while_adding_a_day_or_taking_over_plain_files(tmp_path, start):
    """A new day's names appear all at once; plain files of an older version are taken over without a gap."""
    out = tmp_path / "out"
    out.mkdir()
    before = {f"{DAY_BEFORE}.html": b"the day before\n", f"{DAY_BEFORE}.md": b"the day before\n"}
    if start == "new-day":
        folder = OutFolder(out)
        folder.check([])
        folder.publish(before)
    else:
        for name, data in before.items():
            (out / name).write_bytes(data)
    pristine = tmp_path / "pristine"
    subprocess.run(["cp", "-a", str(out), str(pristine)], check=True)
    after = {**before, **run_set("B")}
    seen_states = []
    for kill_at in range(1, 500):
        subprocess.run(["rm", "-rf", str(out)], check=True)
        subprocess.run(["cp", "-a", str(pristine), str(out)], check=True)
        ended = publish_in_child(out, run_set("B"), kill_at)
        assert ended in (0, -signal.SIGKILL)
        state = published(out)
        assert state in (before, after), (kill_at, sorted(state))
        seen_states.append(state == after)
        if ended == 0:
            break
    else:
        pytest.fail("publishing never finished")
    assert seen_states[0] is False and seen_states[-1] is True and len(seen_states) > 10


def test_killed_real_builds_leave_one_complete_set(tmp_path):
    """Whole `briefing build` processes SIGKILLed at spread-out moments."""
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    base = [sys.executable, "-m", "briefing", "-q", "build", str(SEED), "--out", str(out), "--date", DATE]
    assert subprocess.run([*base, "--title", "RUN-0"], env=env, capture_output=True).returncode == 0
    t0 = time.monotonic()
    assert subprocess.run([*base, "--title", "RUN-1"], env=env, capture_output=True).returncode == 0
    duration = time.monotonic() - t0
    for n, frac in enumerate((0.6, 0.85, 1.0), 2):
        proc = subprocess.Popen([*base, "--title", f"RUN-{n}"], env=env, stderr=subprocess.DEVNULL)
        time.sleep(duration * frac)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        seen = published(out)
        assert sorted(seen) == sorted(NAMES)
        runs = {int(t) for name in NAMES for t in re.findall(rb"RUN-(\d+)", seen[name])}
        assert len(runs) == 1, (frac, runs)


def test_stale_temporary_files_are_cleaned_at_the_next_run(first_run):
    out = first_run
    leftovers = [
        out / f".{DATE}.html.x1y2z3.tmp",  # an atomic write of an older version
        out / f".{DATE}.md.link.tmp",
        out / ".briefing" / ".tmp-20250709T000000.1-1",
        out / ".briefing" / ".tmp-current-20250709T000000.1-1",
    ]
    leftovers[0].write_text("half")
    os.symlink(".briefing/current/x", leftovers[1])
    (leftovers[2]).mkdir()
    (leftovers[2] / f"{DATE}.md").write_text("half")
    os.symlink("runs/nothing", leftovers[3])
    mine = out / "notes.tmp"
    mine.write_text("not ours")
    res = cli("-q", "build", str(SEED), "--out", str(out), "--date", DATE)
    assert res.exit_code == 0, res.stderr
    assert not [p for p in leftovers if p.exists() or p.is_symlink()]
    assert mine.read_text() == "not ours"
    assert (out / f"{DAY_BEFORE}.html").read_bytes() == b"the day before\n"


def test_an_older_folder_of_plain_files_is_taken_over_unchanged(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "2025-07-01.html").write_text("<p>july first</p>")
    (out / "2025-07-01.md").write_text("july first")
    (out / "style.css").write_text("body{}")
    res = cli("-q", "build", str(SEED), "--out", str(out), "--date", DATE)
    assert res.exit_code == 0, res.stderr
    seen = published(out)
    assert seen["2025-07-01.html"] == b"<p>july first</p>" and seen["2025-07-01.md"] == b"july first"
    assert all((out / n).is_symlink() for n in seen if n != "style.css")
    assert not (out / "style.css").is_symlink()
    index = (out / "index.html").read_text("utf-8")
    assert 'href="2025-07-01.html"' in index and f'href="{DATE}.html"' in index


def test_a_name_the_user_deleted_stays_deleted(first_run):
    out = first_run
    (out / f"{DAY_BEFORE}.html").unlink()
    assert cli("-q", "build", str(SEED), "--out", str(out), "--date", DATE).exit_code == 0
    assert not (out / f"{DAY_BEFORE}.html").exists()
    assert f"{DAY_BEFORE}.html" not in (out / "index.html").read_text("utf-8")


def test_sigterm_stops_a_build_with_one_line_and_keeps_a_complete_set(tmp_path):
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    base = [sys.executable, "-m", "briefing", "-q", "build", str(SEED), "--out", str(out), "--date", DATE]
    assert subprocess.run([*base, "--title", "RUN-0"], env=env, capture_output=True).returncode == 0
    t0 = time.monotonic()  # a warm run (the cache is filled) is what we interrupt
    assert subprocess.run([*base, "--title", "RUN-0"], env=env, capture_output=True).returncode == 0
    duration = time.monotonic() - t0
    # on a loaded machine the signal may come before the command has started, or after it ended: try again
    for frac in (0.6, 0.8, 0.4, 0.7, 0.5):
        proc = subprocess.Popen([*base, "--title", "RUN-1"], env=env, stderr=subprocess.PIPE, text=True)
        time.sleep(duration * frac)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        if proc.returncode not in (0, -signal.SIGTERM):
            break
    assert proc.returncode == 143, (proc.returncode, err)
    assert err.splitlines() == ["briefing: terminated"]
    seen = published(out)
    assert sorted(seen) == sorted(NAMES)
    assert len({m for name in NAMES for m in re.findall(rb"RUN-\d+", seen[name])}) == 1
