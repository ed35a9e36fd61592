"""The ``briefing`` command line: thin click commands over the library.

Flags default to None so that they never override the config file unless given.
Exit codes: 0 all good, 1 some inputs or articles failed, 2 usage or
configuration error, 3 nothing could be built.
"""

from __future__ import annotations

import json
import logging
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

import click

from briefing import __version__
from briefing.cli_options import compose, options, setting_option, setting_options
from briefing.errors import EXIT_NOTHING, EXIT_OK, EXIT_PARTIAL, BriefingError
from briefing.summarizers.base import summarizers
from briefing.translators.base import translators

if TYPE_CHECKING:
    from briefing.config import Options
    from briefing.pipeline import Stage

log = logging.getLogger("briefing")


class Context:
    """What every command shares: verbosity and the errors met so far."""

    def __init__(self, verbose: bool, quiet: bool) -> None:
        self.verbose = verbose
        self.quiet = quiet
        self.failures: list[str] = []

    def fail(self, error: BaseException) -> None:
        """Report one failed input or article on stderr and remember it."""
        message = str(error)
        self.failures.append(message)
        click.echo(f"briefing: error: {message}", err=True)
        if self.verbose and error.__traceback__ is not None:
            traceback.print_exception(error, file=sys.stderr)


def handled(func: Callable[..., int | None]) -> Callable[..., None]:
    """Turn a command's return value and unexpected errors into exit codes."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        ctx = click.get_current_context()
        obj: Context = ctx.ensure_object(Context) if ctx.obj is None else ctx.obj
        try:
            code = func(*args, **kwargs)
        except BriefingError as exc:
            if obj.verbose:
                traceback.print_exc()
            click.echo(f"briefing: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt as exc:
            terminated = isinstance(exc, Terminated)
            click.echo(f"briefing: {'terminated' if terminated else 'interrupted'}", err=True)
            ctx.exit(143 if terminated else 130)
        ctx.exit(code if code is not None else (EXIT_PARTIAL if obj.failures else EXIT_OK))

    return wrapper


class OneLineUsageError(click.ClickException):
    """A wrong flag or argument, said on one line like every other error."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"briefing: error: {self.format_message()}", err=True)


class Group(click.Group):
    """Usage errors of every subcommand come out as one line (the usage is one ``--help`` away)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            hint = f" (see: {exc.ctx.command_path} --help)" if exc.ctx else ""
            raise OneLineUsageError(exc.format_message() + hint) from None


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
@click.option("-v", "--verbose", is_flag=True, help="Debug logs and tracebacks.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
@click.pass_context
def main(ctx: click.Context, verbose: bool, quiet: bool) -> None:
    """Turn raw Chinese news pages into a daily bilingual briefing."""
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.INFO
    logging.basicConfig(level=level, format="briefing: %(message)s", stream=sys.stderr, force=True)
    ctx.obj = Context(verbose, quiet)
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminate)
        ctx.call_on_close(lambda: signal.signal(signal.SIGTERM, previous))


class Terminated(KeyboardInterrupt):
    """SIGTERM (``systemctl stop``, ``kill``, a cron timeout): stop as on Ctrl-C, exit 143."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def read_and_split(ctx: Context, paths: tuple[str, ...], opts: Options) -> Stage:
    """Read inputs and split them, reporting each failed input."""
    from briefing.pipeline import read_and_split as run

    stage = run(list(paths), opts)
    for failure in stage.failures:
        ctx.fail(BriefingError(failure))
    stage.failures = []
    return stage


reading = setting_options("max_input_mb", "encoding")
with_inputs = compose(click.argument("paths", nargs=-1, required=True), reading)
# the endpoint and key serve the translator and the summarizer alike (one server is the usual case)
with_endpoint = setting_options("translate.backend", "translate.endpoint", "translate.api_key_env")
summary_length = setting_options("summarize.sentences", "summarize.max_chars")
summarizer_choice = setting_options("summarize.backend", "summarize.model")


def config_option(help: str = "Config file (TOML).") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("--config", default=None, help=help)


def format_option(*choices: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--format``, its first choice the default."""
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0], show_default=True)


@main.command()
@with_inputs
@format_option("text", "json")
@click.pass_obj
@handled
def split(ctx: Context, paths: tuple[str, ...], fmt: str, **given: Any) -> int:
    """Split news pages (files, folders, - for stdin) into clean articles."""
    from briefing import output

    result = read_and_split(ctx, paths, options(None, given)).split
    if fmt == "json":
        click.echo(output.to_json(result.to_dict()))
    else:
        click.echo(output.split_text(result))
        click.echo(f"{len(result.articles)} articles, {len(result.removed)} paragraphs removed", err=True)
    if not result.articles:
        return EXIT_NOTHING if not ctx.failures else EXIT_PARTIAL
    return EXIT_PARTIAL if ctx.failures else EXIT_OK


def summary_options(config: str | None, given: dict[str, Any], **more: Any) -> Options:
    """The options of a command with --sentences and --max-chars: one of them, not both."""
    sentences, max_chars = given.get("summarize__sentences"), given.get("summarize__max_chars")
    if sentences is not None and max_chars is not None:
        raise click.UsageError("give --sentences or --max-chars, not both")
    return options(config, given, **({"summarize__sentences": 0} if max_chars is not None else {}), **more)


@main.command()
@with_inputs
@summary_length
@summarizer_choice
@format_option("text", "json", "md")
@setting_options("translate.enabled", "translate.model")
@with_endpoint
@config_option()
@click.pass_obj
@handled
def summarize(ctx: Context, paths: tuple[str, ...], fmt: str, config: str | None, **given: Any) -> int:
    """Summarize each article of news pages or JSONL (one-off use)."""
    from briefing import output, pipeline
    from briefing.cache import Cache
    from briefing.summarizers.service import make_summarizer

    opts = summary_options(config, given)
    summarizer = make_summarizer(opts.summarize, opts.openai, opts.templates)
    with Cache() as cache:
        translator = None
        if opts.translate.enabled:
            from briefing.translators.service import make_translator

            translator = make_translator(opts.translate, cache, opts.openai, opts.templates)
        stage = pipeline.summarize(read_and_split(ctx, paths, opts), opts, cache, summarizer)
        for failure in stage.failures:
            ctx.fail(BriefingError(failure))
        if translator is not None:
            for failure in pipeline.translate(stage.stories, translator):
                ctx.fail(BriefingError(failure))
        else:  # the same key terms as the briefing shows without a translator
            pipeline.gloss(stage.stories, opts.translate.glossary)
    click.echo(output.summaries(stage.stories, fmt, translator is not None))
    if not stage.stories:
        return EXIT_PARTIAL if ctx.failures else EXIT_NOTHING
    return EXIT_PARTIAL if ctx.failures else EXIT_OK


@main.group(name="eval")
def eval_group() -> None:
    """Evaluate components on reference data."""


limit_option = click.option("--limit", type=click.IntRange(min=0), default=0, help="Only the first N items (0: all).")


@eval_group.command(name="summarize")
@click.argument("data", type=click.Path(exists=True))
@summarizer_choice
@summary_length
@limit_option
@handled
def eval_summarize(data: str, limit: int, **given: Any) -> int:
    """Character-level ROUGE of a summarizer and a Lead-N baseline (one sentence unless told).

    DATA is a JSONL file of {"text", "summary"} lines, or news pages (a file or
    folder), whose printed headlines then serve as reference summaries.
    """
    from pathlib import Path

    from briefing.evaluate import evaluate_summarizer, load_eval, load_page_pairs, set_name
    from briefing.summarizers.service import budget_of, make_summarizer

    if given["summarize__sentences"] is None and given["summarize__max_chars"] is None:
        given["summarize__sentences"] = 1
    opts = summary_options(None, given)
    items = load_eval(Path(data)) if data.endswith((".jsonl", ".ndjson")) else load_page_pairs([data], opts)
    if limit:
        items = items[:limit]
    summarizer = make_summarizer(opts.summarize, opts.openai, opts.templates)
    name = set_name(data) + (f", first {len(items)}" if limit else "")
    report = evaluate_summarizer(items, summarizer, budget_of(opts.summarize), name)
    click.echo(report.table())
    return EXIT_OK


@main.command()
@click.argument("text")
@setting_option("translate.model")
@with_endpoint
@setting_option("translate.glossary")
@format_option("text", "json")
@config_option()
@reading
@click.pass_obj
@handled
def translate(ctx: Context, text: str, fmt: str, config: str | None, **given: Any) -> int:
    """Print the English of TEXT, a file's text, or stdin (-)."""
    import os
    from pathlib import Path

    from briefing import output
    from briefing.cache import Cache
    from briefing.errors import InputError
    from briefing.reader import ReadOptions, read_text
    from briefing.textnorm import normalize
    from briefing.translators.service import make_translator

    opts = options(config, given)
    if text == "-" or (len(text) < 4096 and "\0" not in text and os.path.lexists(text)):
        # a file, FIFO or device: the limits of every other input (max_input_mb, no endless FIFO)
        path = None if text == "-" else Path(text)
        source = read_text(path, "<stdin>" if path is None else text, ReadOptions.of(opts))
    else:
        source = text
    if not source.strip():
        raise InputError("nothing to translate: the text is empty")
    with Cache() as cache:
        translator = make_translator(opts.translate, cache, opts.openai, opts.templates)
        results = translator.translate_all([normalize(p) for p in source.splitlines() if p.strip()])
    text, warnings = output.translations(results, fmt)
    click.echo(text)
    for warning in warnings:
        click.echo(f"briefing: warning: {warning}", err=True)
    return EXIT_PARTIAL if any(r.untranslated for r in results) else EXIT_OK


@main.command()
@format_option("text", "json")
@handled
def backends(fmt: str) -> int:
    """The summarizers and translators installed: built-ins and plugins."""
    from briefing import output

    entries = summarizers.entries() + translators.entries()
    click.echo(output.backends(entries, fmt))
    return EXIT_OK


@main.group()
def models() -> None:
    """The model catalog: list, pull (download), convert (CTranslate2)."""


@models.command(name="list")
@format_option("text", "json")
@handled
def models_list(fmt: str) -> int:
    """What the catalog knows and what is on this machine."""
    from briefing import output
    from briefing.models_cmd import listing

    click.echo(output.models(listing(), fmt))
    return EXIT_OK


@models.command(name="pull")
@click.argument("name")
@click.option("--revision", default=None, help="A hub revision (branch, tag or commit).")
@handled
def models_pull(name: str, revision: str | None) -> int:
    """Download a catalog model into the state folder (needs network)."""
    from briefing.models_cmd import pull

    path = pull(name, revision)
    click.echo(f"{name} -> {path}")
    return EXIT_OK


@models.command(name="convert")
@click.argument("name_or_path")
@click.option("--out", default=None, help="Output folder (default: beside the model, NAME-ct2).")
@click.option("--quantization", default="int8", show_default=True)
@handled
def models_convert(name_or_path: str, out: str | None, quantization: str) -> int:
    """Convert a translation model to CTranslate2 (int8 by default)."""
    from briefing.models_cmd import convert

    path = convert(name_or_path, out, quantization)
    click.echo(f"{name_or_path} -> {path}")
    return EXIT_OK


@models.command(name="verify")
@click.argument("name_or_path")
@with_endpoint
@format_option("text", "json")
@config_option()
@handled
def models_verify(name_or_path: str, fmt: str, config: str | None, **given: Any) -> int:
    """Check that a translator works: sacreBLEU, chrF, numbers and speed on a packaged golden set.

    NAME_OR_PATH is a catalog name, a model folder, or (with --endpoint) the
    model id an OpenAI-compatible server serves.  Exit 0: it works; 1: it does not.
    """
    from dataclasses import asdict

    from briefing.translators.service import make_translator
    from briefing.verify import verify

    if given["translate__endpoint"] and not given["translate__backend"]:
        given["translate__backend"] = "openai"
    opts = options(config, given, translate__model=name_or_path)
    result = verify(make_translator(opts.translate, None, opts.openai, opts.templates), name_or_path)
    if fmt == "json":
        click.echo(json.dumps(asdict(result) | {"verdict": result.verdict, "works": result.works}, indent=2))
    else:
        click.echo(result.table())
    return EXIT_OK if result.works else EXIT_PARTIAL


@main.command()
@click.argument("paths", nargs=-1)
@setting_option("out")
@click.option("--date", default=None, help="Briefing date YYYY-MM-DD (default: today in the configured time zone).")
@setting_options("title", "formats", "translate.enabled", "translate.model")
@with_endpoint
@summarizer_choice
@config_option("Config file (TOML); else $BRIEFING_CONFIG or <state>/config.toml.")
@setting_option("templates")
@reading
@setting_option("base_url")
@click.option("--sources", "use_sources", is_flag=True, help="Fetch the configured [[sources]] first, then build.")
@setting_option("fetch.archive")
@click.pass_obj
@handled
def build(
    ctx: Context, paths: tuple[str, ...], date: str | None, config: str | None, use_sources: bool, **given: Any
) -> int:
    """Build the day's briefing (Markdown, HTML, JSON Feed, e-mail edition, feeds) from news pages.

    PATHS are files, folders, or archive day folders (<archive>/YYYY-MM-DD),
    which rebuild that day from what was fetched, offline.
    """
    from briefing.publish import run_build

    opts = options(config, given)
    inputs = list(paths)
    if use_sources:
        from briefing.publish import preflight
        from briefing.web.collect import sources_from_config

        preflight(opts, date)
        report = _fetch(ctx, sources_from_config(opts.sources), opts)
        inputs = [*(inputs or opts.inputs), str(report.folder)]
    result = run_build(inputs, opts, date)
    for failure in result.failures:
        if failure not in ctx.failures:  # a fetch problem is said once, though the briefing lists it too
            ctx.fail(BriefingError(failure))
    if not ctx.quiet:
        for path in result.written:
            click.echo(str(path))
    return EXIT_PARTIAL if result.failures else EXIT_OK


@main.command()
@click.argument("date")
@click.option("--to", "to", multiple=True, required=True, help="Recipient address (repeatable).")
@click.option("--smtp", "server", required=True, help="SMTP server HOST[:PORT] (default port 25).")
@setting_options("out", "mail.sender")
@config_option()
@click.pass_obj
@handled
def send(ctx: Context, date: str, to: tuple[str, ...], server: str, config: str | None, **given: Any) -> int:
    """Send DATE's e-mail edition (HTML and plain text) to --to addresses through --smtp.

    STARTTLS is used whenever the server offers it; a login (user and password
    from the environment variables named by mail.user_env and mail.password_env)
    only happens over TLS.  Exit 3 when the message could not be sent.
    """
    from pathlib import Path

    from briefing.errors import ConfigError
    from briefing.mail import message
    from briefing.mail import send as deliver
    from briefing.publish import check_date

    opts = options(config, given)
    if not opts.out:
        raise ConfigError("no output folder: give --out DIR or set out in the config")
    day = check_date(date)
    bad = [a for a in to if "@" not in a or any(c.isspace() or c in "<>,;" for c in a)]
    if bad:
        raise ConfigError(f"--to {bad[0]!r} is not an e-mail address")
    msg = message(Path(opts.out), day, list(to), opts.mail.sender or to[0])
    deliver(msg, server, opts.mail)
    if not ctx.quiet:
        click.echo(f"sent {day} to {', '.join(to)}")
    return EXIT_OK


@eval_group.command(name="translate")
@click.argument("source", type=click.Path(dir_okay=False))
@click.argument("reference", type=click.Path(dir_okay=False))
@setting_option("translate.model")
@with_endpoint
@limit_option
@config_option()
@handled
def eval_translate(source: str, reference: str, limit: int, config: str | None, **given: Any) -> int:
    """sacreBLEU BLEU and chrF, number checks and speed of the translator on aligned SOURCE / REFERENCE files."""
    from pathlib import Path

    from briefing.evaluate import evaluate_translator, load_aligned
    from briefing.translators.service import make_translator

    src, ref = load_aligned(Path(source), Path(reference))
    if limit:
        src, ref = src[:limit], ref[:limit]
    opts = options(config, given)
    translator = make_translator(opts.translate, None, opts.openai, opts.templates)
    click.echo(evaluate_translator(translator, src, ref).table())
    return EXIT_OK


def on_terminal() -> bool:
    """Whether stderr is a person's terminal (progress lines) rather than a cron log."""
    return sys.stderr.isatty()


def _fetch(ctx: Context, sources: list, opts: Options):
    """Fetch sources into today's archive folder: a line per source on a terminal, one summary line."""
    from briefing.web.collect import run_fetch

    def done(report) -> None:
        if not ctx.quiet and on_terminal():
            click.echo(report.line(), err=True)

    report = run_fetch(sources, opts, None, done)
    for failure in report.failures:
        ctx.fail(BriefingError(failure))
    if not ctx.quiet:
        click.echo(report.summary(), err=True)
    return report


@main.command()
@click.argument("urls", nargs=-1)
@click.option("--feed", "feeds", multiple=True, help="An RSS or Atom feed URL (repeatable).")
@click.option("--sitemap", "sitemaps", multiple=True, help="A sitemap or sitemap index URL (repeatable).")
@setting_option("fetch.archive")
@config_option("Config file (TOML); its [[sources]] are fetched when no URL is given.")
@click.pass_obj
@handled
def fetch(
    ctx: Context,
    urls: tuple[str, ...],
    feeds: tuple[str, ...],
    sitemaps: tuple[str, ...],
    config: str | None,
    **given: Any,
) -> int:
    """Fetch web pages, feeds and sitemaps politely into today's archive folder (no build).

    URLS are pages (an article or a whole e-paper page). Without URLs, --feed
    or --sitemap, the configured [[sources]] are fetched.
    """
    from briefing.config import SourceOptions
    from briefing.errors import NothingBuilt
    from briefing.web.collect import sources_from_config

    opts = options(config, given)
    urls_given = [("page", u) for u in urls] + [("feed", u) for u in feeds] + [("sitemap", u) for u in sitemaps]
    sources = [SourceOptions(url, url, kind) for kind, url in urls_given] or sources_from_config(opts.sources)
    report = _fetch(ctx, sources, opts)
    if report.failures and not report.fetched and not report.not_modified:
        raise NothingBuilt(f"nothing could be fetched ({len(report.failures)} problems)")
    return EXIT_PARTIAL if report.failures else EXIT_OK


@main.group(name="cache")
def cache_group() -> None:
    """The summary and translation cache in the state folder: stats, clear."""


@cache_group.command(name="stats")
@format_option("text", "json")
@handled
def cache_stats(fmt: str) -> int:
    """Entries and size per stage (summary, translation) and model."""
    import datetime as dt
    from dataclasses import asdict

    from briefing.cache import Cache

    with Cache() as cache:
        rows = cache.stats()
        where = cache.path
    if fmt == "json":
        click.echo(json.dumps({"path": str(where), "rows": [asdict(r) for r in rows]}, ensure_ascii=False, indent=2))
        return EXIT_OK
    click.echo(f"{where}")
    click.echo(f"{'stage':<12} {'entries':>8} {'size':>10}  {'last used':<16}  model")
    for r in rows:
        used = dt.datetime.fromtimestamp(r.last_used).strftime("%Y-%m-%d %H:%M")
        click.echo(f"{r.kind:<12} {r.entries:>8} {r.bytes / 1024:>8.1f} kB  {used:<16}  {r.producer or '-'}")
    total = sum(r.entries for r in rows)
    click.echo(f"{total} entries, {sum(r.bytes for r in rows) / 1024:.1f} kB")
    return EXIT_OK


@cache_group.command(name="clear")
@click.option("--older-than", "days", type=click.FloatRange(0), default=None, help="Only entries unused for DAYS days.")
@handled
def cache_clear(days: float | None) -> int:
    """Delete cached summaries and translations (all, or those unused for DAYS days)."""
    from briefing.cache import Cache

    with Cache() as cache:
        removed = cache.prune(days)
        cache.vacuum()
    click.echo(f"{removed} cache entries removed")
    return EXIT_OK
