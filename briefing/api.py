"""The library API: one call per stage and one for the whole briefing, with one options object.

    from briefing import Options, split, summarize, translate, build_briefing

    articles = split(page).articles
    summary = summarize(articles[0])
    opts = Options()
    opts.translate.model = "opus-mt-zh-en"      # a catalog name or a model folder
    english = translate(summary.text, opts)
    briefing = build_briefing(["pages/"], date="2025-07-09")

Without ``options`` the packaged defaults apply (a user's config file and
environment are read by the command line only, so a library call is
repeatable).  Given options are checked by the code that checks a config
file (:func:`briefing.config.validate`): a wrong value is a ConfigError
naming the setting, before any work.  Models load once per distinct
configuration and are reused by later calls: a loaded backend serves a call
only when the call's options would build the same one (its
:class:`~briefing.backends.BackendContext` has the same fingerprint: every
option of the role, the server settings, the prompts' text, the glossary).
Each call is one run (:class:`~briefing.backends.Run`): the ``[openai]``
budgets -- ``max_requests``, ``down_after``, ``run_deadline`` -- count from
the call's start, so a process that lives for days (a web service, a
notebook) never finds a server given up or a deadline passed by an earlier
call.  The HTTP client and its kept-alive connections to a server are the
process's (:func:`briefing.endpoint.shared_client`), so a call neither builds
a client nor connects anew; a call's deadline cuts off only its own requests.
Nothing here writes to the state folder: no cache is used unless one is given.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from briefing.config import Options, validate
from briefing.records import Article, Briefing, SplitResult, Summary, Translation

if TYPE_CHECKING:
    from briefing.backends import BackendContext, Opts
    from briefing.cache import Cache
    from briefing.pipeline import Backends
    from briefing.summarizers.base import Summarizer
    from briefing.translators.service import EnglishTranslator

# the fingerprint of the context a backend was built from -> the loaded backend, kept for the process and
# given to each call for its own run (Run.of), so no budget of an [openai] server outlives the call
_MODELS: dict[str, Any] = {}
_LOADING = threading.Lock()  # one backend built at a time: calls on two threads never load one model twice
Built = TypeVar("Built")


def _loaded(context: BackendContext[Opts], build: Callable[[BackendContext[Opts]], Built]) -> Built:
    """The backend ``build`` makes from ``context``, made once per context fingerprint (every option
    of the role, the server, the prompts' text, the glossary: any change builds anew), also when calls on
    several threads ask for it at once."""
    key = context.fingerprint
    if key not in _MODELS:
        with _LOADING:
            if key not in _MODELS:  # another thread may have built it while this one waited
                _MODELS[key] = build(context)
    backend: Built = _MODELS[key]
    return backend


def _summarizer(opts: Options) -> Summarizer:
    from briefing.backends import summarizer_context
    from briefing.summarizers.service import make_summarizer

    return _loaded(summarizer_context(opts), make_summarizer)


def _translator(opts: Options) -> EnglishTranslator:
    from briefing.backends import translator_context
    from briefing.translators.service import make_translator

    return _loaded(translator_context(opts), make_translator)


def _backends(opts: Options) -> Backends:
    """The loaded backends of a build (a translator only when the options ask for English), as
    :meth:`briefing.pipeline.Backends.load` would load them."""
    from briefing.pipeline import Backends

    translator = _translator(opts) if opts.translate.enabled else None
    return Backends(_summarizer(opts), translator)


def checked(options: Options | None) -> Options:
    """The options of a call: the packaged defaults, or the given ones once checked."""
    if options is None:
        return Options()
    validate(options)
    return options


def split(
    page: str | bytes, options: Options | None = None, name: str = "<text>", kind: str | None = None
) -> SplitResult:
    """Split one page (text, HTML, Markdown or JSONL; bytes are decoded) into articles.

    ``name`` is the page's file name or URL: its suffix tells the kind unless
    ``kind`` does, else the content does; it is each article's ``source``.
    Unreadable input raises InputError.
    """
    from briefing.pipeline import split_page

    return split_page(page, checked(options), name, kind)


def summarize(article: Article | str, options: Options | None = None) -> Summary:
    """The summary of one article (or of an article body given as text)."""
    from briefing.backends import Run
    from briefing.summarizers.service import budget_of, summarize_all

    opts = checked(options)
    if isinstance(article, str):
        from briefing.patterns import derive_title

        paragraphs = [p.strip() for p in article.splitlines() if p.strip()]
        article = Article(derive_title(paragraphs), paragraphs, title_derived=True)
    summarizer = _summarizer(opts)
    with Run() as run:
        (summary,), _ = summarize_all([article], run.of(summarizer), budget_of(opts.summarize))
    return summary


def translate(text: str, options: Options | None = None) -> Translation:
    """English for a headline or paragraph, with its honest flags (needs a translation model)."""
    from briefing.backends import Run

    translator = _translator(checked(options))
    with Run() as run:
        return translator.for_run(run).translate(text)


def build_briefing(
    paths: list[str], options: Options | None = None, date: str | None = None, cache: Cache | None = None
) -> Briefing:
    """The day's briefing from files and folders; render it with :mod:`briefing.render` or write it with
    :func:`briefing.publish.run_build`.  ``date`` defaults to today in ``options.timezone``."""
    from briefing.backends import Run
    from briefing.pipeline import build_briefing as build
    from briefing.publish import check_date, today

    opts = checked(options)
    day = check_date(date) if date else today(opts.timezone)
    loaded = _backends(opts)
    with Run(cache) as run:
        return build(paths, opts, day, cache, backends=loaded.for_run(run))
