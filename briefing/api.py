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
Nothing here writes to the state folder: no cache is used unless one is
given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from briefing.config import Options, validate
from briefing.records import Article, Briefing, SplitResult, Summary, Translation
from briefing.stopping import RunClock

if TYPE_CHECKING:
    from briefing.backends import BackendContext, Opts
    from briefing.cache import Cache
    from briefing.summarizers.base import Summarizer
    from briefing.translators.service import EnglishTranslator

_MODELS: dict[str, Any] = {}  # the fingerprint of the context a backend was built from -> the loaded backend
# the loaded backends live as long as the process: one [openai] run_deadline clock for all their servers
_RUN = RunClock()
Built = TypeVar("Built")


def _loaded(context: BackendContext[Opts], build: Callable[[BackendContext[Opts]], Built]) -> Built:
    """The backend ``build`` makes from ``context``, made once per context fingerprint (every option
    of the role, the server, the prompts' text, the glossary: any change builds anew)."""
    key = context.fingerprint
    if key not in _MODELS:
        _MODELS[key] = build(context)
    backend: Built = _MODELS[key]
    return backend


def _summarizer(opts: Options) -> Summarizer:
    from briefing.backends import summarizer_context
    from briefing.summarizers.service import make_summarizer

    return _loaded(summarizer_context(opts, _RUN), make_summarizer)


def _translator(opts: Options) -> EnglishTranslator:
    from briefing.backends import translator_context
    from briefing.translators.service import make_translator

    return _loaded(translator_context(opts, run=_RUN), make_translator)


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
    from briefing.summarizers.service import budget_of, summarize_all

    opts = checked(options)
    if isinstance(article, str):
        from briefing.patterns import derive_title

        paragraphs = [p.strip() for p in article.splitlines() if p.strip()]
        article = Article(derive_title(paragraphs), paragraphs, title_derived=True)
    (summary,), _ = summarize_all([article], _summarizer(opts), budget_of(opts.summarize))
    return summary


def translate(text: str, options: Options | None = None) -> Translation:
    """English for a headline or paragraph, with its honest flags (needs a translation model)."""
    english: Translation = _translator(checked(options)).translate(text)
    return english


def build_briefing(
    paths: list[str], options: Options | None = None, date: str | None = None, cache: Cache | None = None
) -> Briefing:
    """The day's briefing from files and folders; render it with :mod:`briefing.render` or write it with
    :func:`briefing.publish.run_build`.  ``date`` defaults to today in ``options.timezone``."""
    from briefing.pipeline import build_briefing as run
    from briefing.publish import check_date, today

    opts = checked(options)
    return run(paths, opts, check_date(date) if date else today(opts.timezone), cache)
