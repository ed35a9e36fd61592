"""The command line's options: those that mirror settings, derived from their declaration in
:mod:`briefing.config`, and the groups of options several commands share.

An option of a setting is written as ``@setting_option("summarize.sentences")``
and nothing else: its flag, help, range and type come from the declaration,
and it defaults to None so that it never overrides the config file unless
given.  The command receives it under the setting's key
(``summarize__sentences``) and :func:`options` hands it to
:func:`briefing.config.load_options`, which checks it with the code that
checks the config file (so ``--sentences`` accepts exactly what
``summarize.sentences`` accepts, and a wrong value is the same one line).

Options that are no setting (``--config``, ``--format``, ``--date``, ``--to``)
are plain click options.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any, TypeVar

import click
from click.shell_completion import CompletionItem

from briefing.config import Options, Setting, load_options, setting_named, sharing_flag
from briefing.registry import Registry
from briefing.summarizers.base import summarizers
from briefing.translators.base import translators

F = TypeVar("F", bound=Callable[..., Any])
SCALARS: dict[Any, click.ParamType[Any]] = {int: click.INT, float: click.FLOAT}
Decorator = Callable[[F], F]


class SettingType(click.ParamType[Any]):
    """A setting's value from its flag's text, as the declared type (a list: comma-separated);
    :func:`briefing.config.load_options` checks it."""

    def __init__(self, entry: Setting) -> None:
        self.entry = entry
        self.name = entry.type_name

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        if self.entry.spec.choices:
            return "[" + "|".join(self.entry.spec.choices) + "]" + (",..." if "list" in self.name else "")
        return {"int": "INTEGER", "float": "NUMBER"}.get(self.name, "LIST" if "list" in self.name else "TEXT")

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        if typing.get_origin(self.entry.type) is list:
            return [part.strip() for part in value.split(",") if part.strip()]
        return SCALARS.get(self.entry.type, click.STRING).convert(value, param, ctx)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        return [CompletionItem(c) for c in self.entry.spec.choices if c.startswith(incomplete)]


class BackendChoice(click.Choice[str]):
    """A choice of backend names read from a registry only when needed (help, parsing), so plugins count."""

    def __init__(self, registry: Registry[Any], extra: tuple[str, ...] = ()) -> None:
        self.registry = registry
        self.extra = extra
        super().__init__([], case_sensitive=True)

    @property  # type: ignore[override]
    def choices(self) -> list[str]:
        return [*self.extra, *self.registry.names()]

    @choices.setter
    def choices(self, _: object) -> None:
        pass


# the backend settings take a registry's names (and the translator "auto"), so plugins are choices too
BACKENDS: dict[str, click.ParamType[Any]] = {
    "summarize.backend": BackendChoice(summarizers),
    "translate.backend": BackendChoice(translators, extra=("auto",)),
}


def help_of(entry: Setting) -> str:
    """The declared help, with the allowed range when the declaration has one (choices show as the metavar)."""
    ranged = entry.type in (int, float) and (entry.spec.min is not None or entry.spec.max is not None)
    return entry.spec.help + (f"  [{entry.allowed}]" if ranged else "")


def setting_option(key: str) -> Decorator[Any]:
    """The option of the declared setting ``key``; a boolean one is an on/off pair (``--translate/--no-translate``)."""
    entry = setting_named(key)
    name = key.replace(".", "__")
    if entry.type is bool:
        on = entry.flag
        return click.option(f"{on}/--no-{on[2:]}", name, default=None, help=help_of(entry))
    kind = BACKENDS.get(key) or SettingType(entry)
    return click.option(entry.flag, name, type=kind, default=None, help=help_of(entry))


def setting_options(*keys: str) -> Decorator[Any]:
    """Several settings' options, in the order given."""
    return compose(*(setting_option(key) for key in keys))


def compose(*decorators: Decorator[Any]) -> Decorator[Any]:
    """One decorator applying ``decorators`` so that their options show in the order given."""

    def apply(func: F) -> F:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return apply


def options(config: str | None, given: dict[str, Any], **more: Any) -> Options:
    """The checked options of a command: the setting flags it was given (by key; a flag declared for
    several settings sets each of them) and ``more`` over the config file and the environment."""
    flags: dict[str, Any] = {}
    for name, value in given.items():
        for entry in sharing_flag(name.replace("__", ".")):
            flags[entry.key.replace(".", "__")] = value
    return load_options(config, **(flags | more))


reading = setting_options("max_input_mb", "encoding")
with_inputs = compose(click.argument("paths", nargs=-1, required=True), reading)
# the endpoint and key serve the translator and the summarizer alike (one server is the usual case)
with_endpoint = setting_options("translate.backend", "translate.endpoint", "translate.api_key_env")
summary_length = setting_options("summarize.sentences", "summarize.max_chars")
summarizer_choice = setting_options("summarize.backend", "summarize.model")
day_range = compose(
    click.option("--from", "start", default=None, help="First day YYYY-MM-DD (default: the first dated input)."),
    click.option("--to", "end", default=None, help="Last day YYYY-MM-DD (default: the last dated input)."),
)
limit_option = click.option("--limit", type=click.IntRange(min=0), default=0, help="Only the first N items (0: all).")


def config_option(help: str = "Config file (TOML).") -> Decorator[Any]:
    return click.option("--config", default=None, help=help)


# what shapes a briefing, for the commands that write them (build, backfill)
briefing_settings = compose(
    setting_options("title", "formats", "translate.enabled", "translate.model"),
    with_endpoint,
    summarizer_choice,
    config_option("Config file (TOML); else $BRIEFING_CONFIG or <state>/config.toml."),
    setting_option("templates"),
    reading,
    setting_option("base_url"),
)


def format_option(*choices: str) -> Decorator[Any]:
    """``--format``, its first choice the default."""
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0], show_default=True)


def summary_options(config: str | None, given: dict[str, Any]) -> Options:
    """The options of a command with --sentences and --max-chars: one of them, not both."""
    if given["summarize__sentences"] is not None and given["summarize__max_chars"] is not None:
        raise click.UsageError("give --sentences or --max-chars, not both")
    by_chars = given["summarize__max_chars"] is not None
    return options(config, given, **({"summarize__sentences": 0} if by_chars else {}))
