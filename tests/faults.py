"""Helpers shared by the fault tests: run the CLI, check the one-line error contract."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from briefing.cli import main
from tests.conftest import ROOT

DATE = "2025-07-09"


def cli(*args: str, env: dict[str, str] | None = None, input: str | bytes | None = None) -> Result:
    return CliRunner(env=env).invoke(main, list(args), input=input)


def one_line_error(res: Result, code: int, *needles: str) -> str:
    """Assert exit ``code``, stderr exactly one error line (no traceback), each needle in it."""
    assert res.exit_code == code, (res.exit_code, res.stderr, res.exception)
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("briefing: error: "), (res.stderr, res.exception)
    assert "Traceback" not in res.output
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def xfail17(why: str) -> pytest.MarkDecorator:
    """A test that fails before the fix of issue #17 for the reason ``why``; strict, so the fix must remove it."""
    return pytest.mark.xfail(strict=True, reason=f"#17: {why}")


def no_crash(res: Result) -> None:
    """An in-process run ended by its own exit code, not by an exception it did not expect (a traceback)."""
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)


# What no output may carry: C0 controls but tab, newline and CR; the noncharacters XML 1.0 excludes; lone
# surrogates (a file holding one cannot be UTF-8, so reading it strictly fails first).
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_text(files: list[Path]) -> None:
    """Every file decodes as strict UTF-8 and holds nothing of NOT_TEXT."""
    for path in files:
        text = path.read_bytes().decode("utf-8")
        found = NOT_TEXT.search(text)
        assert found is None, (path.name, found)


def forbid_work(monkeypatch) -> None:
    """Make any attempt to read inputs fail the test: what is checked must be checked before any work."""

    def forbidden(*args, **kwargs):
        raise AssertionError("inputs were read although the run should have stopped before any work")

    monkeypatch.setattr("briefing.reader.read_inputs", forbidden)


@contextmanager
def tmpfs(path: Path, size: str = "256k", readonly: bool = False) -> Iterator[Path]:
    """A small real file system (to fill it, or to make it read-only); skip where mounting is not allowed."""
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    ).returncode:
        pytest.skip("mounting a tmpfs is not allowed here")
    try:
        if readonly:
            subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True, capture_output=True)
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def fill(folder: Path, leave: int = 0) -> None:
    """Fill the file system of ``folder`` up to ``leave`` free bytes."""
    filler = folder / "filler"
    with open(filler, "wb") as fh:
        while True:
            free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
            if free <= leave:
                break
            try:
                fh.write(b"\0" * min(4096, free - leave))
                fh.flush()
            except OSError:
                break


def published(out: Path) -> dict[str, bytes]:
    """What a reader of ``out`` sees: every visible name and its bytes (names that dangle are absent)."""
    return {p.name: p.read_bytes() for p in sorted(out.glob("[!.]*")) if p.exists()}


# -- a child process, bounded in time and memory -------------------------------------------------------

_LAUNCH = (
    "import atexit, resource, runpy, signal, sys\n"
    "limit, report = int(sys.argv[1]), sys.argv[2]\n"
    # Ctrl-C as at a terminal, however the tests were started: a background job (`cmd &` in a script, nohup)
    # starts with SIGINT ignored, which its children inherit and briefing rightly leaves ignored
    "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
    "if limit:\n"
    "    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))\n"
    "def peak():\n"
    "    try:\n"
    "        with open('/proc/self/status') as f:\n"
    "            kb = next(line.split()[1] for line in f if line.startswith('VmHWM:'))\n"
    "        with open(report, 'w') as f:\n"
    "            f.write(kb)\n"
    "    except Exception:\n"
    "        pass\n"
    "atexit.register(peak)\n"
    "sys.argv = ['briefing', *sys.argv[3:]]\n"
    "runpy.run_module('briefing', run_name='__main__', alter_sys=True)\n"
)


@dataclass
class Ran:
    """How a child ``briefing`` ended: exit code (negative: killed by that signal), output, time, peak memory
    (the child's own maximum resident set: its VmHWM as it exits.  ``wait4``'s figure is only used when the
    child could not say, killed: it counts the test process's own high-water mark, which the child
    inherits when it is started, so after a large test in the same process it says nothing of the child)."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    timed_out: bool
    ended: float  # time.monotonic() when it ended
    cpu: float  # seconds of CPU it used (user and system): steadier than wall time on a shared machine

    def lines(self) -> list[str]:
        return self.stderr.splitlines()


def run_briefing(
    *args: str,
    env: dict[str, str] | None = None,
    timeout: float = 60,
    max_memory_mb: int = 0,
    on_start: Callable[[subprocess.Popen], None] | None = None,
) -> Ran:
    """``python -m briefing ARGS`` in a child process with ``env`` added to this one's environment, its
    address space limited to ``max_memory_mb`` (0: no limit) so a missing bound costs a MemoryError in
    the child, never the machine's memory; killed after ``timeout`` seconds.  ``on_start`` gets the
    process as soon as it runs (to signal it)."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "MALLOC_ARENA_MAX": "2", **(env or {})}
    limit = str(max_memory_mb * 1024 * 1024)
    killed = threading.Event()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "peak"
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-c", _LAUNCH, limit, str(report), *args], env=full_env, stdout=out, stderr=err, cwd=ROOT
        )

        def kill() -> None:
            killed.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            if on_start is not None:
                on_start(proc)
        except BaseException:
            proc.kill()
            raise
        finally:
            _, status, usage = os.wait4(proc.pid, 0)  # wait4: this child's own peak memory
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        ended = time.monotonic()
        out.seek(0)
        err.seek(0)
        told = report.read_text() if report.is_file() else ""
        return Ran(
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            ended - started,
            (int(told) if told.isdigit() else usage.ru_maxrss) / 1024,
            killed.is_set(),
            ended,
            usage.ru_utime + usage.ru_stime,
        )
