"""Errors the user can act on: each is one line and says how the run should end.

They are plain exceptions, so the library needs no command-line framework:
``exit_code`` is what the command line exits with when one stops a command
(:func:`briefing.cli.handled` maps them), and ``message`` is the line it
prints after ``briefing: error:``.
"""

from __future__ import annotations

import re

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_USAGE = 2
EXIT_NOTHING = 3


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # what is left of C0 and C1 once lines are joined


def one_line(message: object) -> str:
    """``message`` as one line of printable text, whatever it quotes (a server's reply, a parser's report, a
    template's name for another): its lines joined, and each control character written as its escape
    (``\\x1b``), so quoted text cannot move the terminal's cursor, set its title or hide the line."""
    text = " ".join(line.strip() for line in str(message).splitlines() if line.strip())
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def said_once(reason: str, wheres: list[str]) -> str:
    """One failure line for a reason: naming its story, or, when several share it (a server given up
    for the run), how many and the first."""
    if len(wheres) == 1:
        return f"{wheres[0]}: {reason}"
    return f"{len(wheres)} stories: {reason} (the first: {wheres[0]})"


class BriefingError(Exception):
    """Base error: a one-line message and the exit code of a command it stops."""

    exit_code = EXIT_PARTIAL

    def __init__(self, message: object) -> None:
        self.message = one_line(message)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class InputError(BriefingError):
    """One input (file, line or article) could not be read; the run goes on."""

    exit_code = EXIT_PARTIAL


class ConfigError(BriefingError):
    """The configuration or a command-line option is wrong."""

    exit_code = EXIT_USAGE


class ModelNotFound(BriefingError):
    """A model is not on this machine; the message says which command gets it."""

    exit_code = EXIT_USAGE


class BackendError(BriefingError):
    """A backend failed on one article; callers fall back or record it."""

    exit_code = EXIT_PARTIAL


class NothingBuilt(BriefingError):
    """No article could be produced at all."""

    exit_code = EXIT_NOTHING


class NothingNew(BriefingError):
    """The inputs brought no new page (every source unchanged: a quiet day). No briefing is written, and
    that is no failure: the command says so on one line and exits 0 (1 when ``failures`` were met too)."""

    exit_code = EXIT_OK

    def __init__(self, message: object, failures: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.failures = failures


class PublishError(BriefingError):
    """The briefing could not be written; the previously published one is unchanged."""

    exit_code = EXIT_NOTHING


class LockBusy(BriefingError):
    """Another run holds the lock."""

    exit_code = EXIT_NOTHING


class SendError(BriefingError):
    """The e-mail edition could not be sent (the briefing files are unaffected)."""

    exit_code = EXIT_NOTHING


class EngineError(BriefingError):
    """The cluster a backfill runs on failed (a node lost, a worker killed); the days published stay."""

    exit_code = EXIT_NOTHING
