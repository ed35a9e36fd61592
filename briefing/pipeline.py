"""The pipeline, stage by stage: read → split → summarize → merge duplicates → arrange (events,
continuity, sections, ranking, cap) → translate or gloss what is shown → render and publish
(:mod:`briefing.publish`).

Every command runs its stages from here (``build`` all of them, ``summarize``
the first three and the translation, ``eval`` the ones it measures), so the
order and the error handling are written once.  Each stage takes the typed
records of :mod:`briefing.records` and returns new ones, leaving its input as
it was; failures are returned as one line each, never raised, unless nothing
at all could be done.  Only the stories the page shows are translated, so a
capped day of thousands costs the cap.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefing import __version__
from briefing.arrange import arrange, merge_duplicates
from briefing.errors import InputError, NothingBuilt, NothingNew, said_once
from briefing.records import SAME_ENGLISH, Article, Briefing, English, SplitResult, Story, Translation
from briefing.stopping import RunClock

if TYPE_CHECKING:
    from briefing.backends import Run
    from briefing.cache import Cache
    from briefing.config import Options
    from briefing.history import Day
    from briefing.summarizers.base import Summarizer
    from briefing.translators.glossary import Glossary
    from briefing.translators.service import EnglishTranslator

log = logging.getLogger("briefing")


@dataclass(frozen=True)
class Stage:
    """What a run of the first stages produced, and the failures met on the way."""

    split: SplitResult
    stories: tuple[Story, ...] = ()
    failures: tuple[str, ...] = ()
    # every input read with text: its name and the sources its articles carry
    inputs: tuple[tuple[str, frozenset[str]], ...] = ()
    notes: tuple[str, ...] = ()  # what a normal day holds (a link left alone): told with -v, kept in the JSON
    quiet_days: tuple[str, ...] = ()  # archive days whose fetch runs stored no page (nothing new)
    english_model: str = ""  # the model that translated the stories ("": no translator)


def split_page(page: str | bytes, opts: Options, name: str = "<text>", kind: str | None = None) -> SplitResult:
    """Split one page given as text or bytes; ``kind`` (text, html, markdown, jsonl) overrides sniffing.

    Raises InputError when the page cannot be read (undecodable, empty, bad JSONL).
    """
    from pathlib import PurePath

    from briefing.reader import decode, parse
    from briefing.splitter import split_document

    text = decode(page, name, opts.encoding or None) if isinstance(page, bytes) else page
    errors: list[InputError] = []
    doc = parse(text, name, PurePath(name).suffix, errors, kind)
    if errors and not (doc.blocks or doc.articles):
        raise errors[0]
    return split_document(doc)


def read_and_split(paths: list[str], opts: Options, date: str | None = None) -> Stage:
    """Read every input and split it into articles; one failure line per bad input.

    An archive day folder (``briefing fetch``) is read from its stored pages
    only, so a rebuild from it is offline and identical.  Each article gets
    its source's name and its own date (``date`` is the build date, used only
    when nothing better is known; default today).
    """
    from briefing import metadata
    from briefing.reader import ReadOptions, megabytes, read_inputs
    from briefing.splitter import split_documents
    from briefing.web.store import holds_archive_days, is_archive_day, load_day

    days = [p for p in paths if is_archive_day(Path(p))]
    roots = [p for p in paths if p not in days and holds_archive_days(Path(p))]
    files = [p for p in paths if p not in days and p not in roots]
    docs, errors = read_inputs(files, ReadOptions.of(opts))
    split = split_documents(docs)
    failures = [e.message for e in errors]
    inputs = [
        (doc.source, frozenset({a.source for a in doc.articles} if doc.kind == "jsonl" else {doc.source}))
        for doc in docs
        if doc.kind == "jsonl" or any(b.text for b in doc.blocks)
    ]
    failures += [f"{p}: an archive of fetched pages; give one day's folder ({p}/YYYY-MM-DD)" for p in roots]
    notes: list[str] = []
    quiet: list[str] = []
    for folder in days:
        read = load_day(Path(folder), megabytes(opts.fetch.max_mb), opts.build.archive_run)
        split.articles += read.articles
        failures += read.failures
        notes += read.notes
        if read.pages == 0:
            quiet.append(folder)
    _, names = metadata.input_names(opts.inputs)
    metadata.apply(split.articles, docs, names, date or dt.date.today().isoformat())
    return Stage(split, failures=tuple(failures), inputs=tuple(inputs), notes=tuple(notes), quiet_days=tuple(quiet))


def nothing_new(stage: Stage, date: str) -> NothingNew | None:
    """A quiet day: the inputs were archive days whose fetch runs stored no page, and nothing else had
    text. None when anything was read, or an input failed otherwise than by bringing nothing."""
    from briefing.web.store import last_pages

    if stage.split.articles or not stage.quiet_days or stage.inputs:
        return None
    since = last_pages(Path(stage.quiet_days[-1]))
    when = f"since {since}" if since else "(no page fetched on an earlier day)"
    return NothingNew(f"nothing new {when}; no briefing written for {date}", stage.failures)


def summarize(stage: Stage, opts: Options, cache: Cache | None, summarizer: Summarizer | None = None) -> Stage:
    """The stage with one story per article, its summary attached (failed summaries are added to ``failures``)."""
    from briefing.backends import summarizer_context
    from briefing.summarizers.service import budget_of, make_summarizer, summarize_all

    summarizer = summarizer or make_summarizer(summarizer_context(opts))
    articles = stage.split.articles
    summaries, errors = summarize_all(articles, summarizer, budget_of(opts.summarize), cache)
    from briefing.metadata import UNNAMED

    named = [a.source_name or UNNAMED for a in articles]  # never the input's path (metadata.apply names each)
    stories = tuple(Story(a, s, (n,)) for a, s, n in zip(articles, summaries, named, strict=True))
    return replace(stage, stories=stories, failures=(*stage.failures, *errors))


def english_texts(stories: Sequence[Story]) -> list[str]:
    """What a story's English is made of, in order: its headline, then its summary (when it has one)."""
    texts: list[str] = []
    for story in stories:
        texts.append(story.article.title)
        if story.summary.text:
            texts.append(story.summary.text)
    return texts


def translate(stories: Sequence[Story], translator: EnglishTranslator) -> tuple[list[Story], list[str]]:
    """Every headline and summary of ``stories`` in ONE batched pass: the stories with their English.

    Sentences shared by several stories are translated once, and batches are
    filled across stories, so a build costs about what one bare batch
    translation of the same sentences costs (``benchmarks/bench_translate.py``).
    Also returns one line per story the translator failed on: a story left
    without English gets key terms instead; one whose backend failed on some
    sentences keeps the rest, flagged with the reason.
    """
    texts = english_texts(stories)
    log.info("translating %d headlines and summaries of %d stories in one pass", len(texts), len(stories))
    results = iter(translator.translate_all(texts))
    english = []
    for story in stories:
        title = next(results)
        english.append(replace(story, english=English(title, next(results) if story.summary.text else None)))
    return fall_back_to_key_terms(english, translator.glossary, translator.backend.llm)


def fall_back_to_key_terms(stories: Sequence[Story], glossary: Glossary, llm: bool) -> tuple[list[Story], list[str]]:
    """The stories, key terms added to each one left without English; and one failure line per story
    whose backend failed (a server, a generation error), whose LLM answer the guard refused or whose
    English was the same as another text's (one line for all the stories sharing a reason); an OPUS-MT
    output that loops is flagged on the story only."""
    from briefing.translators.keyterms import key_terms

    out: list[Story] = []
    stories_of: dict[str, list[str]] = {}  # a reason and the stories it befell, in order
    for story in stories:
        where = f"{story.article.source or 'article'}: «{story.article.title}»"
        errors = list(dict.fromkeys(f for part in story.english.parts for f in part.failures))
        if story.english.failure:
            out.append(replace(story, key_terms=tuple(key_terms(story.article, glossary))))
            if errors or llm or any(SAME_ENGLISH in part.rejected for part in story.english.parts):
                stories_of.setdefault(story.english.failure, []).append(where)
            continue
        out.append(story)
        for error in errors:
            stories_of.setdefault(error, []).append(where)
    return out, [said_once(reason, wheres) for reason, wheres in stories_of.items()]


def gloss(stories: Sequence[Story], glossary_file: str) -> list[Story]:
    """The stories with key terms from the glossary and a dictionary, for a briefing built without a
    translator."""
    from briefing.translators.glossary import load_glossary
    from briefing.translators.keyterms import key_terms

    glossary = load_glossary(glossary_file or None)
    return [replace(story, key_terms=tuple(key_terms(story.article, glossary))) for story in stories]


def storyless(inputs: Sequence[tuple[str, frozenset[str]]], stories: Sequence[Story]) -> list[str]:
    """One line per input that had text but gave no story: an input is never dropped in silence."""
    told = {story.article.source for story in stories}
    return [
        f"{name}: no article with text found in it (only page furniture or headlines); left out"
        for name, own in inputs
        if own and not own & told
    ]


def summarize_inputs(paths: list[str], opts: Options, cache: Cache | None = None, key_terms: bool = False) -> Stage:
    """Summaries of every article of the inputs (``briefing summarize``): the first stages of a build,
    without merging or arranging.  With ``opts.translate.enabled`` in English too (key terms for a story
    left without), else with ``key_terms`` the key terms a briefing would show; without either, no
    dictionary but the segmenter's is loaded.  Failures are lines in ``failures``: reading, then
    summaries, then English."""
    from briefing.backends import summarizer_context, translator_context
    from briefing.summarizers.service import make_summarizer
    from briefing.translators.service import make_translator

    # models load before any input is read: a missing model fails at once; one run_deadline for both servers
    run = RunClock()
    summarizer = make_summarizer(summarizer_context(opts, run))
    translator = make_translator(translator_context(opts, cache, run)) if opts.translate.enabled else None
    stage = summarize(read_and_split(paths, opts), opts, cache, summarizer)
    if translator is None and not key_terms:
        return stage
    if translator is None:
        return replace(stage, stories=tuple(gloss(stage.stories, opts.translate.glossary)))
    stories, failures = translate(stage.stories, translator)
    model = translator.backend.described[0]
    return replace(stage, stories=tuple(stories), failures=(*stage.failures, *failures), english_model=model)


def translate_lines(text: str, opts: Options, cache: Cache | None = None) -> list[Translation]:
    """The English of each non-empty line of ``text`` (normalized first), in one batch (``briefing translate``).

    Raises InputError when there is nothing to translate, before any model loads.
    """
    from briefing.backends import translator_context
    from briefing.textnorm import normalize
    from briefing.translators.service import make_translator

    lines = [normalize(line) for line in text.splitlines() if line.strip()]
    if not lines:
        raise InputError("nothing to translate: the text is empty")
    return make_translator(translator_context(opts, cache)).translate_all(lines)


@dataclass(frozen=True)
class Backends:
    """The loaded summarizer and translator (None: no English) of a run; a run of many days loads them once."""

    summarizer: Summarizer
    translator: EnglishTranslator | None

    @staticmethod
    def summarizer_for(opts: Options, run: RunClock | None = None) -> Summarizer:
        """The configured summarizer, loaded (``run``: the run's deadline clock, shared with its translator)."""
        from briefing.backends import summarizer_context
        from briefing.summarizers.service import make_summarizer

        return make_summarizer(summarizer_context(opts, run))

    @staticmethod
    def translator_for(opts: Options, cache: Cache | None, run: RunClock | None = None) -> EnglishTranslator:
        """The configured translator, loaded (whether or not the options ask for English)."""
        from briefing.backends import translator_context
        from briefing.translators.service import make_translator

        return make_translator(translator_context(opts, cache, run))

    def for_run(self, run: Run) -> Backends:
        """These loaded backends for one run (:meth:`briefing.backends.Run.of`)."""
        translator = self.translator.for_run(run) if self.translator is not None else None
        return Backends(run.of(self.summarizer), translator)

    @classmethod
    def load(cls, opts: Options, cache: Cache | None) -> Backends:
        """Build and load the configured backends (a missing model fails here, before any input is read), with
        one ``[openai] run_deadline`` for the run, whichever servers they ask."""
        run = RunClock()
        translator = cls.translator_for(opts, cache, run) if opts.translate.enabled else None
        return cls(cls.summarizer_for(opts, run), translator)


def build_briefing(
    paths: list[str],
    opts: Options,
    date: str,
    cache: Cache | None = None,
    earlier: Sequence[Day] = (),
    backends: Backends | None = None,
) -> Briefing:
    """The whole pipeline: read, split, summarize, merge duplicates, arrange, translate (or gloss) what is
    shown.

    ``earlier`` are the output folder's earlier briefings (continuity);
    ``backends`` loaded ones to reuse (default: loaded here, from ``opts``).
    """
    # models load before any input is read: a missing model fails at once
    backends = backends or Backends.load(opts, cache)
    translator, summarizer = backends.translator, backends.summarizer
    stage = read_and_split(paths, opts, date)
    if (quiet := nothing_new(stage, date)) is not None:
        raise quiet
    if not stage.split.articles:
        first = f" ({stage.failures[0]})" if stage.failures else ""
        raise NothingBuilt("no article could be read from the inputs" + first)
    stage = summarize(stage, opts, cache, summarizer)
    failures = list(stage.failures)
    stories = [s for s in stage.stories if s.summary.text or s.article.paragraphs]  # a bare headline is no story
    failures += storyless(stage.inputs, stories)
    if not stories:
        raise NothingBuilt("no story with text in the inputs" + (f" ({failures[0]})" if failures else ""))
    stories = merge_duplicates(stories, opts.build.dedupe_threshold)
    arranged = arrange(stories, opts.editorial, earlier, date)
    shown = arranged.stories  # only what the page shows: a capped day of thousands costs the cap
    if translator is not None:
        english, problems = translate(shown, translator)
        failures += problems
    else:
        english = gloss(shown, opts.translate.glossary)
    by_anchor = {old.anchor: new for old, new in zip(shown, english, strict=True)}  # anchors are unique
    arranged = arranged.map(lambda s: by_anchor.get(s.anchor, s))
    model, host, lede = "", "", []
    if translator is not None:
        model, host = translator.backend.described
        if opts.translate.lede and translator.backend.llm:
            from briefing.translators.lede import write_lede

            lede = write_lede(arranged.stories, translator.backend)
    return Briefing(
        top=arranged.top,
        sections=arranged.sections,
        cut=arranged.cut,
        date=date,
        title=opts.title,
        failures=tuple(failures),
        notes=stage.notes,
        translated=translator is not None,
        generator=f"briefing {__version__}",
        sources=tuple(sorted({src for s in arranged.stories for src in s.sources})),  # of the stories shown
        english_model=model,
        english_host=host,
        lede=tuple(lede),
    )


def headed_articles(paths: list[str], opts: Options) -> tuple[list[Article], list[str]]:
    """Articles printed with a headline (for evaluation: the headline is a reference summary)."""
    stage = read_and_split(paths, opts)
    return [a for a in stage.split.articles if not a.title_derived and a.paragraphs], list(stage.failures)
