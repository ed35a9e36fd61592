"""The ``briefing`` command line: thin click commands that parse arguments and print.

The work is the library's (:mod:`briefing.pipeline`, :mod:`briefing.publish`,
:mod:`briefing.mail`, :mod:`briefing.output`); options that mirror settings
come from their declaration (:mod:`briefing.cli_options`) and default to None,
so that they never override the config file unless given; errors, signals and
exit codes are handled alike for every command (:mod:`briefing.cli_run`).
"""

from __future__ import annotations

import sys
from functools import partial
from typing import TYPE_CHECKING, Any

import click

from briefing import __version__
from briefing import cli_options as flags
from briefing.cli_run import Context, Group, start
from briefing.errors import EXIT_OK, EXIT_PARTIAL
from briefing.summarizers.base import summarizers
from briefing.translators.base import translators

Many = tuple[str, ...]  # a repeatable argument or option

if TYPE_CHECKING:
    from briefing.web.collect import FetchReport, SourceReport


def on_terminal() -> bool:
    """Whether stderr is a person's terminal (progress lines) rather than a cron log."""
    return sys.stderr.isatty()


def progress(ctx: Context, report: SourceReport) -> None:
    """A line per fetched source for a person at a terminal (a cron log gets the summary only)."""
    if not ctx.quiet and on_terminal():
        click.echo(report.line(), err=True)


def fetched(ctx: Context, report: FetchReport) -> None:
    """A fetch's problems, one line each, and its summary line."""
    ctx.fail(*report.failures)
    if not ctx.quiet:
        click.echo(report.summary(), err=True)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
@click.option("-v", "--verbose", is_flag=True, help="Debug logs and tracebacks.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
@click.pass_context
def main(ctx: click.Context, verbose: bool, quiet: bool) -> None:
    """Turn raw Chinese news pages into a daily bilingual briefing."""
    start(ctx, verbose, quiet)


@main.command()
@flags.with_inputs
@flags.format_option("text", "json")
@click.pass_obj
def split(ctx: Context, /, paths: Many, fmt: str, **given: Any) -> int:
    """Split news pages (files, folders, - for stdin) into clean articles."""
    from briefing import output
    from briefing.pipeline import read_and_split

    stage = read_and_split(list(paths), flags.options(None, given))
    ctx.fail(*stage.failures)
    result = stage.split
    if fmt == "json":
        click.echo(output.to_json(result.to_dict()))
    else:
        click.echo(output.split_text(result))
        click.echo(f"{len(result.articles)} articles, {len(result.removed)} paragraphs removed", err=True)
    return ctx.outcome(bool(result.articles))


@main.command()
@flags.with_inputs
@flags.summary_length
@flags.summarizer_choice
@flags.format_option("text", "json", "md")
@flags.setting_options("translate.enabled", "translate.model")
@flags.with_endpoint
@click.option("--key-terms", is_flag=True, help="Also the key terms a briefing without a translator shows (glosses).")
@flags.config_option()
@click.pass_obj
def summarize(ctx: Context, /, paths: Many, fmt: str, key_terms: bool, config: str | None, **given: Any) -> int:
    """Summarize each article of news pages or JSONL (one-off use): summary and keywords,
    English with --translate, glossed key terms with --key-terms."""
    from briefing import output
    from briefing.cache import Cache
    from briefing.pipeline import summarize_inputs

    opts = flags.summary_options(config, given)
    with Cache() as cache:
        stage = summarize_inputs(list(paths), opts, cache, key_terms)
    ctx.fail(*stage.failures)
    click.echo(output.summaries(stage.stories, fmt, opts.translate.enabled, stage.english_model))
    return ctx.outcome(bool(stage.stories))


@main.command()
@click.argument("text")
@flags.setting_option("translate.model")
@flags.with_endpoint
@flags.setting_option("translate.glossary")
@flags.format_option("text", "json")
@flags.config_option()
@flags.reading
def translate(text: str, fmt: str, config: str | None, **given: Any) -> int:
    """Print the English of TEXT, a file's text, or stdin (-)."""
    from briefing import output
    from briefing.cache import Cache
    from briefing.pipeline import translate_lines
    from briefing.reader import ReadOptions, text_or_file

    opts = flags.options(config, given)
    source = text_or_file(text, ReadOptions.of(opts))
    with Cache() as cache:
        results = translate_lines(source, opts, cache)
    english, warnings = output.translations(results, fmt)
    click.echo(english)
    for warning in warnings:
        click.echo(f"briefing: warning: {warning}", err=True)
    return EXIT_PARTIAL if any(r.untranslated for r in results) else EXIT_OK


@main.command()
@click.argument("paths", nargs=-1)
@flags.setting_option("out")
@click.option("--date", default=None, help="Briefing date YYYY-MM-DD (default: today in the configured time zone).")
@flags.briefing_settings
@click.option("--sources", "use_sources", is_flag=True, help="Fetch the configured [[sources]] first, then build.")
@flags.setting_options("fetch.archive", "build.archive_run")
@click.pass_obj
def build(ctx: Context, /, paths: Many, date: str | None, config: str | None, use_sources: bool, **given: Any) -> int:
    """Build the day's briefing (Markdown, HTML, JSON Feed, e-mail edition, feeds) from news pages.

    PATHS are files, folders, or archive day folders (<archive>/YYYY-MM-DD),
    which rebuild that day from what was fetched, offline. A day whose
    fetches brought nothing new writes no briefing and exits 0 ("nothing new
    since ...").
    """
    from briefing.publish import fetch_and_build, run_build

    opts = flags.options(config, given)
    if use_sources:
        result = fetch_and_build(list(paths), opts, date, partial(progress, ctx), partial(fetched, ctx))
    else:
        result = run_build(list(paths), opts, date)
    ctx.fail(*result.failures)
    if not ctx.quiet:
        for path in result.written:
            click.echo(str(path))
    return EXIT_PARTIAL if result.failures else EXIT_OK


@main.command()
@click.argument("paths", nargs=-1)
@flags.setting_option("out")
@flags.day_range
@flags.setting_options("backfill.engine", "backfill.address", "backfill.gpus_per_worker")
@flags.briefing_settings
@click.pass_obj
def backfill(ctx: Context, /, paths: Many, start: str | None, end: str | None, config: str | None, **given: Any) -> int:
    """One briefing per day of a range of dated inputs (YYYY-MM-DD... files or folders, or folders of them
    such as a fetch archive), in date order, here or on Ray; finished days are skipped."""
    from briefing.backfill.progress import Bars
    from briefing.backfill.run import run_backfill

    bars = Bars(sys.stderr) if on_terminal() and not ctx.quiet else None
    report = run_backfill(list(paths), flags.options(config, given), start, end, bars, ctx.verbose)
    ctx.fail(*report.failures)
    if not ctx.quiet:
        click.echo(report.line(), err=True)
    return report.exit_code


@main.command()
@click.argument("urls", nargs=-1)
@click.option("--feed", "feeds", multiple=True, help="An RSS or Atom feed URL (repeatable).")
@click.option("--sitemap", "sitemaps", multiple=True, help="A sitemap or sitemap index URL (repeatable).")
@flags.setting_option("fetch.archive")
@flags.config_option("Config file (TOML); its [[sources]] are fetched when no URL is given.")
@click.pass_obj
def fetch(ctx: Context, /, urls: Many, feeds: Many, sitemaps: Many, config: str | None, **given: Any) -> int:
    """Fetch web pages, feeds and sitemaps politely into today's archive folder (no build).

    URLS are pages (an article or a whole e-paper page). Without URLs, --feed
    or --sitemap, the configured [[sources]] are fetched.
    """
    from briefing.config import SourceOptions
    from briefing.errors import NothingBuilt
    from briefing.web.collect import run_fetch, sources_from_config

    opts = flags.options(config, given)
    urls_given = [("page", u) for u in urls] + [("feed", u) for u in feeds] + [("sitemap", u) for u in sitemaps]
    sources = [SourceOptions(url, url, kind) for kind, url in urls_given] or sources_from_config(opts.sources)
    report = run_fetch(sources, opts, None, partial(progress, ctx))
    fetched(ctx, report)
    if report.failures and not report.fetched and not report.not_modified:
        raise NothingBuilt(f"nothing could be fetched ({len(report.failures)} problems)")
    return EXIT_PARTIAL if report.failures else EXIT_OK


@main.command()
@click.argument("date")
@click.option("--to", "to", multiple=True, required=True, help="Recipient address (repeatable).")
@click.option("--smtp", "server", required=True, help="SMTP server HOST[:PORT] (default port 25).")
@flags.setting_options("out", "mail.sender")
@flags.config_option()
@click.pass_obj
def send(ctx: Context, /, date: str, to: Many, server: str, config: str | None, **given: Any) -> None:
    """Send DATE's e-mail edition (HTML and plain text) to --to addresses through --smtp.

    STARTTLS is used whenever the server offers it; a login (user and password
    from the environment variables named by mail.user_env and mail.password_env)
    only happens over TLS.  Exit 3 when the message could not be sent.
    """
    from briefing.mail import send_edition

    day, warnings = send_edition(flags.options(config, given), date, list(to), server)
    ctx.fail(*warnings)
    if not ctx.quiet:
        click.echo(f"sent {day} to {', '.join(to)}")


@main.command()
@flags.format_option("text", "json")
def backends(fmt: str) -> None:
    """The summarizers and translators installed: built-ins and plugins."""
    from briefing import output

    click.echo(output.backends(summarizers.entries() + translators.entries(), fmt))


@main.group(name="eval")
def eval_group() -> None:
    """Evaluate components on reference data."""


@eval_group.command(name="summarize")
@click.argument("data", type=click.Path(exists=True))
@flags.summarizer_choice
@flags.summary_length
@flags.limit_option
def eval_summarize(data: str, limit: int, **given: Any) -> None:
    """Character-level ROUGE of a summarizer and a Lead-N baseline (one sentence unless told).

    DATA is a JSONL file of {"text", "summary"} lines, or news pages (a file or
    folder), whose printed headlines then serve as reference summaries.
    """
    from briefing.evaluate import evaluate_data

    if given["summarize__sentences"] is None and given["summarize__max_chars"] is None:
        given["summarize__sentences"] = 1
    click.echo(evaluate_data(data, flags.summary_options(None, given), limit).table())


@eval_group.command(name="translate")
@click.argument("source", type=click.Path(dir_okay=False))
@click.argument("reference", type=click.Path(dir_okay=False))
@flags.setting_option("translate.model")
@flags.with_endpoint
@flags.limit_option
@flags.config_option()
def eval_translate(source: str, reference: str, limit: int, config: str | None, **given: Any) -> None:
    """sacreBLEU BLEU and chrF, number checks and speed of the translator on aligned SOURCE / REFERENCE files."""
    from pathlib import Path

    from briefing.evaluate import evaluate_aligned

    click.echo(evaluate_aligned(Path(source), Path(reference), flags.options(config, given), limit).table())


@main.group()
def models() -> None:
    """The model catalog: list, pull (download), convert (CTranslate2)."""


@models.command(name="list")
@flags.format_option("text", "json")
def models_list(fmt: str) -> None:
    """What the catalog knows and what is on this machine."""
    from briefing import output
    from briefing.models_cmd import listing

    click.echo(output.models(listing(), fmt))


@models.command(name="pull")
@click.argument("name")
@click.option("--revision", default=None, help="A hub revision (branch, tag or commit).")
def models_pull(name: str, revision: str | None) -> None:
    """Download a catalog model into the state folder (needs network)."""
    from briefing.models_cmd import pull

    click.echo(f"{name} -> {pull(name, revision)}")


@models.command(name="convert")
@click.argument("name_or_path")
@click.option("--out", default=None, help="Output folder (default: beside the model, NAME-ct2).")
@click.option("--quantization", default="int8", show_default=True)
def models_convert(name_or_path: str, out: str | None, quantization: str) -> None:
    """Convert a translation model to CTranslate2 (int8 by default)."""
    from briefing.models_cmd import convert

    click.echo(f"{name_or_path} -> {convert(name_or_path, out, quantization)}")


@models.command(name="verify")
@click.argument("name_or_path")
@flags.with_endpoint
@flags.format_option("text", "json")
@flags.config_option()
def models_verify(name_or_path: str, fmt: str, config: str | None, **given: Any) -> int:
    """Check that a translator works: sacreBLEU, chrF, numbers and speed on a packaged golden set.

    NAME_OR_PATH is a catalog name, a model folder, or (with --endpoint) the
    model id an OpenAI-compatible server serves.  Exit 0: it works; 1: it does not.
    """
    from briefing import output
    from briefing.verify import verify_model

    if given["translate__endpoint"] and not given["translate__backend"]:
        given["translate__backend"] = "openai"
    result = verify_model(name_or_path, flags.options(config, given, translate__model=name_or_path))
    click.echo(output.verification(result, fmt))
    return EXIT_OK if result.works else EXIT_PARTIAL


@main.group(name="cache")
def cache_group() -> None:
    """The summary and translation cache in the state folder: stats, clear."""


@cache_group.command(name="stats")
@flags.format_option("text", "json")
def cache_stats(fmt: str) -> None:
    """Entries and size per stage (summary, translation) and model."""
    from briefing import output
    from briefing.cache import Cache

    with Cache() as cache:
        click.echo(output.cache_stats(cache.path, cache.stats(), fmt))


@cache_group.command(name="clear")
@click.option("--older-than", "days", type=click.FloatRange(0), default=None, help="Only entries unused for DAYS days.")
def cache_clear(days: float | None) -> None:
    """Delete cached summaries and translations (all, or those unused for DAYS days)."""
    from briefing.cache import Cache

    with Cache() as cache:
        removed = cache.prune(days)
        cache.vacuum()
    click.echo(f"{removed} cache entries removed")
