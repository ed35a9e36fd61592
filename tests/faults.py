"""Helpers shared by the fault tests: run the CLI, check the one-line error contract."""

from __future__ import annotations

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
