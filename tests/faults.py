"""Helpers shared by the fault tests: run the CLI, check the one-line error contract."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from briefing.cli import main

DATE = "2025-07-09"


def cli(*args: str, env: dict[str, str] | None = None, input: str | bytes | None = None) -> Result:
    return CliRunner(env=env).invoke(main, list(args), input=input)


def one_line_error(res: Result, code: int, *needles: str) -> str:
    """Assert exit ``code``, stderr exactly one error line (no traceback), each needle in it."""
    assert res.exit_code == code, (res.exit_code, res.stderr, res.exception)
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("briefing: error: "), res.stderr
    assert "Traceback" not in res.output
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


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
