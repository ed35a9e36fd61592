"""Errors the user can act on: each prints one line, never a traceback."""

from __future__ import annotations

import click

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_USAGE = 2
EXIT_NOTHING = 3


class BriefingError(click.ClickException):
    """Base error: click prints ``Error: <message>`` and exits with ``exit_code``."""

    exit_code = EXIT_PARTIAL


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


class PublishError(BriefingError):
    """The briefing could not be written; the previously published one is unchanged."""

    exit_code = EXIT_NOTHING


class LockBusy(BriefingError):
    """Another run holds the lock."""

    exit_code = EXIT_NOTHING


class SendError(BriefingError):
    """The e-mail edition could not be sent (the briefing files are unaffected)."""

    exit_code = EXIT_NOTHING
