"""The ``briefing`` command line: thin click commands over the library.

Flags default to None so that they never override the config file unless given.
Exit codes: 0 all good, 1 some inputs or articles failed, 2 usage or
configuration error, 3 nothing could be built.
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

import click

from briefing import __version__
from briefing.errors import EXIT_NOTHING, EXIT_OK, EXIT_PARTIAL, BriefingError

if TYPE_CHECKING:
    from briefing.config import Options
    from briefing.records import SplitResult

log = logging.getLogger("briefing")


class Context:
    """What every command shares: verbosity and the errors met so far."""

    def __init__(self, verbose: bool, quiet: bool) -> None:
        self.verbose = verbose
        self.quiet = quiet
        self.failures: list[str] = []

    def fail(self, error: BaseException) -> None:
        """Report one failed input or article on stderr and remember it."""
        message = error.format_message() if isinstance(error, click.ClickException) else str(error)
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
            click.echo(f"briefing: error: {exc.format_message()}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("briefing: interrupted", err=True)
            ctx.exit(130)
        ctx.exit(code if code is not None else (EXIT_PARTIAL if obj.failures else EXIT_OK))

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
@click.option("-v", "--verbose", is_flag=True, help="Debug logs and tracebacks.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
@click.pass_context
def main(ctx: click.Context, verbose: bool, quiet: bool) -> None:
    """Turn raw Chinese news pages into a daily bilingual briefing."""
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.INFO
    logging.basicConfig(level=level, format="briefing: %(message)s", stream=sys.stderr, force=True)
    ctx.obj = Context(verbose, quiet)


def read_and_split(ctx: Context, paths: tuple[str, ...], opts: Options) -> SplitResult:
    """Read inputs and split them, reporting each failed input."""
    from briefing.reader import ReadOptions, read_inputs
    from briefing.splitter import split_documents

    docs, errors = read_inputs(list(paths), ReadOptions(int(opts.max_input_mb * 1e6), opts.encoding or None))
    for err in errors:
        ctx.fail(err)
    return split_documents(docs)


input_options = [
    click.argument("paths", nargs=-1, required=True),
    click.option("--max-mb", type=float, default=None, help="Refuse inputs larger than this (MB)."),
    click.option("--encoding", default=None, help="Force an input encoding (e.g. gb18030)."),
]


def with_inputs(func: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(input_options):
        func = option(func)
    return func


@main.command()
@with_inputs
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text", show_default=True)
@click.pass_obj
@handled
def split(ctx: Context, paths: tuple[str, ...], max_mb: float | None, encoding: str | None, fmt: str) -> int:
    """Split news pages (files, folders, - for stdin) into clean articles."""
    from briefing.config import load_options

    result = read_and_split(ctx, paths, load_options(max_input_mb=max_mb, encoding=encoding))
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        for n, art in enumerate(result.articles, 1):
            flags = [f for f, on in (("continuation", art.continuation), ("derived title", art.title_derived)) if on]
            click.echo(f"[{n}] {art.title}" + (f"  ({', '.join(flags)})" if flags else ""))
            meta = [
                f"{k}: {v}"
                for k, v in (("dateline", art.dateline), ("byline", art.byline), ("credit", art.credit))
                if v
            ]
            if meta:
                click.echo("    " + " | ".join(meta))
            for para in art.paragraphs:
                click.echo(f"    {para}")
            click.echo()
        click.echo(f"{len(result.articles)} articles, {len(result.removed)} paragraphs removed", err=True)
    if not result.articles:
        return EXIT_NOTHING if not ctx.failures else EXIT_PARTIAL
    return EXIT_PARTIAL if ctx.failures else EXIT_OK


def _summarize_options(backend, model, sentences, max_chars, config=None, **more: Any) -> Options:
    from briefing.config import load_options

    if sentences is not None and max_chars is not None:
        raise click.UsageError("give --sentences or --max-chars, not both")
    return load_options(
        config,
        summarize__backend=backend,
        summarize__model=model,
        summarize__sentences=0 if max_chars is not None else sentences,
        summarize__max_chars=max_chars,
        **more,
    )


@main.command()
@with_inputs
@click.option("--sentences", type=click.IntRange(1, 50), default=None, help="Summary length in sentences.")
@click.option("--max-chars", type=click.IntRange(10, 5000), default=None, help="Summary length in characters.")
@click.option("--backend", default=None, help="extractive (default), seq2seq, llm or a plugin.")
@click.option("--model", default=None, help="Model folder, catalog name or hub id for neural backends.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True)
@click.option("--translate/--no-translate", default=None, help="Add English title and summary.")
@click.option("--translator-model", default=None, help="Translation model (folder, catalog name or hub id).")
@click.option("--config", default=None, help="Config file (TOML).")
@click.pass_obj
@handled
def summarize(
    ctx: Context,
    paths,
    max_mb,
    encoding,
    sentences,
    max_chars,
    backend,
    model,
    fmt,
    translate,
    translator_model,
    config,
) -> int:
    """Summarize each article of news pages or JSONL (one-off use)."""
    from briefing.cache import Cache
    from briefing.summarize.service import budget_of, make_summarizer, summarize_all, summary_rows

    opts = _summarize_options(
        backend,
        model,
        sentences,
        max_chars,
        config,
        max_input_mb=max_mb,
        encoding=encoding,
        translate__enabled=translate,
        translate__model=translator_model,
    )
    summarizer = make_summarizer(opts.summarize)
    with Cache() as cache:
        translator = None
        if opts.translate.enabled:
            from briefing.translate.service import make_translator

            translator = make_translator(opts.translate, cache)
        result = read_and_split(ctx, paths, opts)
        summaries, errors = summarize_all(result.articles, summarizer, budget_of(opts.summarize), cache)
        for err in errors:
            ctx.fail(BriefingError(err))
        rows = summary_rows(result.articles, summaries, translator)
    if fmt == "json":
        click.echo(json.dumps({"articles": rows}, ensure_ascii=False, indent=2))
    else:
        from briefing.render import md_escape

        for n, row in enumerate(rows, 1):
            summary = row["summary"] or f"({row['error']})"
            if fmt == "md":
                click.echo(f"## {md_escape(row['title'])}\n")
                click.echo(md_escape(summary) + "\n")
                if row.get("title_en"):
                    click.echo(f"*{md_escape(row['title_en'])}* — {md_escape(row.get('summary_en') or '')}\n")
                click.echo(f"关键词 Keywords: {md_escape('、'.join(row['keywords']))}\n")
            else:
                click.echo(f"[{n}] {row['title']}")
                click.echo(f"    {summary}")
                if row.get("title_en"):
                    click.echo(f"    EN: {row['title_en']} — {row.get('summary_en') or ''}")
                click.echo(f"    关键词: {'、'.join(row['keywords'])}")
                if row["fallback"]:
                    click.echo(f"    (extractive fallback: {row['fallback']})")
                click.echo()
    if not rows:
        return EXIT_PARTIAL if ctx.failures else EXIT_NOTHING
    return EXIT_PARTIAL if ctx.failures else EXIT_OK


@main.group(name="eval")
def eval_group() -> None:
    """Evaluate components on reference data."""


@eval_group.command(name="summarize")
@click.argument("data", type=click.Path(exists=True))
@click.option("--backend", default=None)
@click.option("--model", default=None)
@click.option("--sentences", type=click.IntRange(1, 50), default=None)
@click.option("--max-chars", type=click.IntRange(10, 5000), default=None)
@click.option("--limit", type=int, default=0, help="Only the first N items.")
@click.pass_obj
@handled
def eval_summarize(ctx: Context, data, backend, model, sentences, max_chars, limit) -> int:
    """Character-level ROUGE of a summarizer and a Lead-N baseline.

    DATA is a JSONL file of {"text", "summary"} lines, or news pages (a file or
    folder), whose printed headlines then serve as reference summaries.
    """
    from pathlib import Path

    from briefing.evaluate import evaluate_summarizer, load_eval, load_page_pairs
    from briefing.summarize.service import budget_of, make_summarizer

    opts = _summarize_options(backend, model, sentences or (None if max_chars else 1), max_chars)
    items = load_eval(Path(data)) if data.endswith((".jsonl", ".ndjson")) else load_page_pairs([data])
    if limit:
        items = items[:limit]
    summarizer = make_summarizer(opts.summarize)
    report = evaluate_summarizer(items, summarizer, budget_of(opts.summarize))
    click.echo(report.table())
    return EXIT_OK


@main.command()
@click.argument("text")
@click.option("--translator-model", default=None, help="Folder, catalog name or hub id (default opus-mt-zh-en).")
@click.option("--translator-backend", type=click.Choice(["auto", "marian", "ct2"]), default=None)
@click.option("--glossary", default=None, help="A glossary file (TOML or CSV) added to the starter one.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--config", default=None, help="Config file (TOML).")
@click.pass_obj
@handled
def translate(ctx: Context, text, translator_model, translator_backend, glossary, fmt, config) -> int:
    """Print the English of TEXT, a file's text, or stdin (-)."""
    from dataclasses import asdict
    from pathlib import Path

    from briefing.cache import Cache
    from briefing.config import load_options
    from briefing.reader import decode
    from briefing.textnorm import normalize
    from briefing.translate.service import make_translator

    opts = load_options(
        config, translate__model=translator_model, translate__backend=translator_backend, translate__glossary=glossary
    )
    if text == "-":
        source = decode(sys.stdin.buffer.read(), "<stdin>")
    elif len(text) < 4096 and Path(text).is_file():
        source = decode(Path(text).read_bytes(), text)
    else:
        source = text
    with Cache() as cache:
        translator = make_translator(opts.translate, cache)
        paragraphs = [normalize(p) for p in source.splitlines() if p.strip()]
        results = [translator.translate(p) for p in paragraphs]
    if fmt == "json":
        click.echo(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=2))
    else:
        for r in results:
            click.echo(r.text or "[untranslated]")
            for problem in (
                [f"untranslated: {s}" for s in r.untranslated]
                + [f"number mismatch: {', '.join(r.number_mismatch)}"] * bool(r.number_mismatch)
                + [f"glossary term not rendered: {', '.join(r.glossary_missing)}"] * bool(r.glossary_missing)
            ):
                click.echo(f"briefing: warning: {problem}", err=True)
    return EXIT_PARTIAL if any(r.untranslated for r in results) else EXIT_OK


@main.group()
def models() -> None:
    """The model catalog: list, pull (download), convert (CTranslate2)."""


@models.command(name="list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@handled
def models_list(fmt: str) -> int:
    """What the catalog knows and what is on this machine."""
    from briefing.models_cmd import listing

    rows = listing()
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for r in rows:
        state = f"present ({r['local_mb']} MB)" if r["present"] else "not present"
        if r["ct2"]:
            state += ", CTranslate2 ready"
        click.echo(f"{r['name']:<24} {r['task']:<14} {r['backend']:<9} ~{r['size_mb']} MB  {r['license']}")
        click.echo(f"{'':<24} {r['hub_id']} - {state}")
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


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--out", default=None, help="Output folder (or `out` in the config).")
@click.option("--date", default=None, help="Briefing date YYYY-MM-DD (default: today in the configured time zone).")
@click.option("--title", default=None, help="Briefing title.")
@click.option("--formats", default=None, help="Comma list of md,html,json.")
@click.option("--translate/--no-translate", default=None, help="Add English (needs a translation model).")
@click.option("--translator-model", default=None, help="Translation model (folder, catalog name or hub id).")
@click.option("--backend", default=None, help="Summarizer backend.")
@click.option("--model", default=None, help="Summarizer model for neural backends.")
@click.option("--config", default=None, help="Config file (TOML); else $BRIEFING_CONFIG or <state>/config.toml.")
@click.option("--templates", default=None, help="Folder of templates overriding the packaged ones.")
@click.option("--max-mb", type=float, default=None, help="Refuse inputs larger than this (MB).")
@click.option("--encoding", default=None, help="Force an input encoding (e.g. gb18030, utf-16).")
@click.pass_obj
@handled
def build(
    ctx: Context,
    paths,
    out,
    date,
    title,
    formats,
    translate,
    translator_model,
    backend,
    model,
    config,
    templates,
    max_mb,
    encoding,
) -> int:
    """Build the day's briefing (Markdown, HTML, JSON Feed) from news pages."""
    from briefing.config import load_options
    from briefing.daily import run_build

    opts = load_options(
        config,
        out=out,
        title=title,
        templates=templates,
        max_input_mb=max_mb,
        encoding=encoding,
        formats=[f.strip() for f in formats.split(",") if f.strip()] if formats else None,
        translate__enabled=translate,
        translate__model=translator_model,
        summarize__backend=backend,
        summarize__model=model,
    )
    if not opts.title:
        opts.title = "每日要闻 Daily Briefing"
    result = run_build(list(paths), opts, date)
    for failure in result.failures:
        ctx.fail(BriefingError(failure))
    if not ctx.quiet:
        for path in result.written:
            click.echo(str(path))
    return EXIT_PARTIAL if result.failures else EXIT_OK


@eval_group.command(name="translate")
@click.argument("source", type=click.Path(dir_okay=False))
@click.argument("reference", type=click.Path(dir_okay=False))
@click.option("--translator-model", default=None, help="Folder, catalog name or hub id (default opus-mt-zh-en).")
@click.option("--translator-backend", type=click.Choice(["auto", "marian", "ct2"]), default=None)
@click.option("--limit", type=int, default=0, help="Only the first N lines.")
@handled
def eval_translate(source, reference, translator_model, translator_backend, limit) -> int:
    """BLEU, number checks and speed of the translator on aligned SOURCE / REFERENCE files."""
    import time
    from pathlib import Path

    from briefing.config import load_options
    from briefing.evaluate import bleu, load_aligned
    from briefing.translate.service import make_translator

    src, ref = load_aligned(Path(source), Path(reference))
    if limit:
        src, ref = src[:limit], ref[:limit]
    opts = load_options(translate__model=translator_model, translate__backend=translator_backend)
    translator = make_translator(opts.translate)
    t0 = time.perf_counter()
    results = [translator.translate(line) for line in src]
    secs = time.perf_counter() - t0
    hyps = [r.text or "" for r in results]
    click.echo(f"model            {translator.backend.model_key}")
    click.echo(f"lines            {len(src)}")
    click.echo(f"BLEU             {bleu(hyps, ref):.1f}")
    click.echo(f"number mismatch  {sum(bool(r.number_mismatch) for r in results)} lines")
    click.echo(f"untranslated     {sum(len(r.untranslated) for r in results)} sentences")
    click.echo(f"speed            {len(src) / secs:.1f} lines/s")
    return EXIT_OK
