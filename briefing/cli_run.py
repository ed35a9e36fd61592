"""How every command of the command line runs: one line per problem, and an exit code that says what happened.

0 all good (a quiet day too: nothing new, no briefing), 1 some inputs or
articles failed, 2 usage or configuration error, 3 nothing could be built,
130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
A :class:`briefing.errors.BriefingError` that stops a command is its one line
and its ``exit_code``; a wrong flag or argument is one line pointing to
``--help``; a module that is not installed is one line naming the command
that installs it (exit 2); a traceback shows only with ``-v``.
"""

from __future__ import annotations

import logging
import re
import signal
import sys
import threading
import traceback
from typing import Any

import click

from briefing import stopping
from briefing.errors import EXIT_NOTHING, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, BriefingError, NothingNew, one_line

INTERRUPTED, TERMINATED = 130, 143
# Modules that left their distribution: lxml 5.2 moved lxml.html.clean (trafilatura's jusText needs it).
MOVED_MODULES = {"lxml.html.clean": "lxml-html-clean"}


class Context:
    """What every command shares: verbosity and the problems told so far."""

    def __init__(self, verbose: bool, quiet: bool) -> None:
        self.verbose = verbose
        self.quiet = quiet
        self.failures: list[str] = []

    def fail(self, *messages: str) -> None:
        """Tell each failed input or article on stderr, once, and remember it."""
        for message in messages:
            if message not in self.failures:  # a fetch problem the briefing lists again is said once
                self.failures.append(message)
                click.echo(f"briefing: error: {one_line(message)}", err=True)

    def outcome(self, produced: bool) -> int:
        """The exit code of a run after its failures were told: 1 with failures, else 0, or 3 for nothing."""
        return EXIT_PARTIAL if self.failures else EXIT_OK if produced else EXIT_NOTHING


def start(ctx: click.Context, verbose: bool, quiet: bool) -> None:
    """Set up a run: log lines on stderr at the asked verbosity, SIGTERM stopping it as Ctrl-C does, both
    within seconds even while requests are in flight (:mod:`briefing.stopping`)."""
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.INFO
    logging.basicConfig(level=level, format="briefing: %(message)s", stream=sys.stderr, force=True)
    for chatty in ("httpx", "httpcore"):  # a line per HTTP request: only when asked for with -v
        logging.getLogger(chatty).setLevel(logging.DEBUG if verbose else logging.WARNING)
    ctx.obj = Context(verbose, quiet)
    stopping.clear()
    if threading.current_thread() is threading.main_thread():
        handlers = {signal.SIGTERM: _terminate}
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when the caller ignores Ctrl-C
            handlers[signal.SIGINT] = _interrupt
        for signum, handler in handlers.items():
            previous = signal.signal(signum, handler)
            ctx.call_on_close(lambda signum=signum, previous=previous: signal.signal(signum, previous))


class Terminated(KeyboardInterrupt):
    """SIGTERM (``systemctl stop``, ``kill``, a cron timeout): stop as on Ctrl-C, exit 143."""


def _terminate(signum: int, frame: object) -> None:
    stopping.stop()
    raise Terminated


def _interrupt(signum: int, frame: object) -> None:
    stopping.stop()
    raise KeyboardInterrupt


class Command(click.Command):
    """A command whose return value is its exit code (None: 1 if it told failures, else 0), and whose
    errors and signals are one line and a code."""

    def invoke(self, ctx: click.Context) -> Any:
        run = ctx.find_object(Context) or Context(verbose=False, quiet=False)
        try:
            code = super().invoke(ctx)
        except NothingNew as exc:  # a quiet day: one line, and the exit code of the problems met on the way
            run.fail(*exc.failures)
            if not run.quiet:
                click.echo(f"briefing: {exc}", err=True)
            ctx.exit(run.outcome(True))
        except BriefingError as exc:
            if run.verbose:
                traceback.print_exc()
            click.echo(f"briefing: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except ImportError as exc:
            line = missing_module(exc)
            if line is None:
                raise
            if run.verbose:
                traceback.print_exc()
            click.echo(f"briefing: error: {line}", err=True)
            ctx.exit(EXIT_USAGE)
        except KeyboardInterrupt as exc:
            terminated = isinstance(exc, Terminated)
            click.echo(f"briefing: {'terminated' if terminated else 'interrupted'}", err=True)
            ctx.exit(TERMINATED if terminated else INTERRUPTED)
        ctx.exit(run.outcome(True) if code is None else code)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def missing_module(exc: ImportError) -> str | None:
    """One line for a module that is not installed, naming the command that installs it (the extra of
    briefing that brings it, from the installed package's own requirements); None for any other
    ImportError (a bug, not the installation)."""
    from importlib import metadata

    name = exc.name or ""
    moved = next((dist for module, dist in MOVED_MODULES.items() if module in (name, *str(exc).split())), None)
    if moved is None and (not name or name.split(".")[0] == "briefing"):
        return None
    dist = moved or name.split(".")[0]
    try:
        required = metadata.requires("briefing") or []
    except metadata.PackageNotFoundError:
        required = []
    extras = []
    for line in required:
        m = re.match(r"\s*([A-Za-z0-9._-]+)[^;]*(?:;\s*extra\s*==\s*['\"]([\w-]+)['\"])?", line)
        if m and _normal(m.group(1)) == _normal(dist):
            extras.append(m.group(2))
    if None in extras:
        return f"{dist} is not installed (briefing needs it): pip install {dist}"
    extra = next((e for e in extras if e != "dev"), None)
    if extra:
        return f"{dist} is not installed (briefing[{extra}] brings it): pip install 'briefing[{extra}]'"
    return f"{dist} is not installed: pip install {dist}"


class OneLineUsageError(click.ClickException):
    """A wrong flag or argument, said on one line like every other error."""

    exit_code = EXIT_USAGE

    def show(self, file: Any = None) -> None:
        click.echo(f"briefing: error: {self.format_message()}", err=True)


class Group(click.Group):
    """Usage errors of every subcommand come out as one line (the usage is one ``--help`` away);
    its commands are :class:`Command` and its groups are groups like it."""

    command_class = Command
    group_class = type

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            hint = f" (see: {exc.ctx.command_path} --help)" if exc.ctx else ""
            raise OneLineUsageError(exc.format_message() + hint) from None
