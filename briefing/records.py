"""The dataclasses that flow between pipeline stages.

Document (read) -> Article (split) -> Summary and Story (summarize) -> Story
(merge duplicates) -> Arrangement of Sections and Stories (arrange) -> Story
with English or key terms (translate or gloss what is shown) -> Briefing
(render and publish).  Each stage of :mod:`briefing.pipeline` takes these and
returns new ones, so each can be tested on its own; the records a later stage
must not change (Story, Arrangement, Briefing) are frozen.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Self

from briefing.wording import DOUBTS, check_line, english_credit, model_name


@dataclass(frozen=True)
class Block:
    """One unit of raw input: a line or paragraph, possibly a heading.

    ``level`` is the heading level when the source marked it (Markdown ``#``,
    HTML ``<h1>``..``<h6>``), ``strong`` that the whole block was bold, and
    ``lines`` the source line numbers it came from (provenance).
    """

    text: str
    lines: tuple[int, ...]
    level: int = 0
    strong: bool = False
    rule: bool = False  # a thematic break (Markdown ``---``, HTML ``<hr>``)


@dataclass
class Document:
    """One input after reading: a page (blocks) or ready-made articles (JSONL)."""

    source: str
    kind: str  # text | html | markdown | jsonl
    blocks: list[Block] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)


@dataclass
class Removed:
    """A paragraph that is not in any article, and why."""

    text: str
    reason: str
    lines: tuple[int, ...] = ()
    source: str = ""


@dataclass
class Article:
    """A clean article with its metadata."""

    title: str
    paragraphs: list[str]
    source: str = ""
    title_derived: bool = False
    byline: str | None = None
    dateline: str | None = None
    credit: str | None = None
    continuation: bool = False
    roundup: str | None = None  # the roundup (e.g. a news-in-brief) this item came from
    captions: list[str] = field(default_factory=list)
    subheads: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # a web article's own URL comes first
    date: str | None = None  # ISO 8601 publication date, when the page or its feed gives one
    language: str | None = None  # the page's declared language (web pages)
    section: str | None = None  # a source's section hint (its configured `section`)
    date_source: str | None = None  # where the date came from: article | dateline | page | build
    year_guessed: bool = False  # a dateline's month and day, its year taken from the build date
    date_zone: str | None = None  # the offset the date came with ("+08:00"); None: the configured time zone
    time: str | None = None  # the time of day the source gives with its date ("07:30", in the date's own offset)
    source_name: str | None = None  # the source as readers know it (never a local path)
    position: int = 0
    id: str = ""
    provenance: list[tuple[int, ...]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id(self.title, self.paragraphs)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def own_date(self) -> str | None:
        """The story's own date as readers are shown it: none when only the build date is known (a date
        that is the day the briefing was built, not the story's)."""
        return None if self.date_source == "build" else self.date

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("provenance")
        return {"id": data.pop("id"), **data}


def article_id(title: str, paragraphs: list[str]) -> str:
    """A stable id: the same title and body give the same id on every run."""
    digest = hashlib.sha1(("\x1f".join([title, *paragraphs])).encode("utf-8")).hexdigest()
    return digest[:12]


@dataclass
class SplitResult:
    """What splitting one or more documents produced."""

    articles: list[Article] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": [a.to_dict() for a in self.articles],
            "removed": [asdict(r) for r in self.removed],
        }


@dataclass
class Summary:
    """A summary of one article."""

    article_id: str
    text: str
    keywords: list[str]
    backend: str
    model: str | None = None
    extractive: bool = True
    fallback: str | None = None
    trimmed: bool = False  # a sentence was shortened to fit (clauses left out, or cut at the budget)
    reason: str | None = None  # why the summary is empty


UNUSABLE = "the model's output looped, was empty or was not English, twice"
SAME_ENGLISH = "the same English was given for a different text (the translation ignores its source)"


@dataclass
class Translation:
    """English for one piece of text, with honest flags."""

    source: str
    text: str | None
    model: str
    untranslated: list[str] = field(default_factory=list)
    number_mismatch: list[str] = field(default_factory=list)
    glossary_missing: list[str] = field(default_factory=list)
    names_missing: list[str] = field(default_factory=list)  # names with a dictionary English form left out
    cached: int = 0
    failures: list[str] = field(default_factory=list)  # backend errors (the untranslated sentences say which)
    rejected: list[str] = field(default_factory=list)  # why the checks refused outputs (LLM guard, loops)


@dataclass(frozen=True)
class KeyTerm:
    """A dictionary gloss (not a translation) for one Chinese term."""

    term: str
    gloss: str
    source: str  # "glossary" | "CC-CEDICT"


@dataclass(frozen=True)
class English:
    """A story's English: the translations of its headline and summary.

    Empty (both None) when no translator ran; ``flags`` say honestly what went
    wrong (numbers lost, sentences left untranslated, glossary terms missing).
    """

    title: Translation | None = None
    summary: Translation | None = None

    @property
    def title_en(self) -> str | None:
        return self.title.text if self.title else None

    @property
    def summary_en(self) -> str | None:
        return self.summary.text if self.summary else None

    @property
    def model(self) -> str | None:
        return self.title.model if self.title else None

    @property
    def parts(self) -> list[Translation]:
        return [t for t in (self.title, self.summary) if t is not None]

    @property
    def cached(self) -> int:
        return sum(t.cached for t in self.parts)

    @property
    def failure(self) -> str | None:
        """Why the story has no usable English (its headline or its summary failed), or None."""
        for part, label in ((self.title, "headline"), (self.summary, "summary")):
            if part is not None and part.text is None:
                why = "; ".join(dict.fromkeys(part.failures + part.rejected)) or UNUSABLE
                return f"{why} ({label} not translated)"
        return None

    @property
    def ok(self) -> bool:
        """A translator ran and gave this story an English headline and summary."""
        return self.title is not None and self.failure is None

    @property
    def doubts(self) -> list[str]:
        """What a reader should check in this English against the Chinese, in plain words (the details are
        in :attr:`flags`): its numbers, its names and terms, or sentences it leaves out."""
        parts = self.parts
        found = (
            any(t.number_mismatch for t in parts),
            any(t.glossary_missing or t.names_missing for t in parts),
            any(t.untranslated for t in parts),
        )
        return [what for what, present in zip(DOUBTS, found, strict=True) if present]

    @property
    def shown(self) -> bool:
        """The story shows some English (a translated headline or summary)."""
        return bool(self.title_en or self.summary_en)

    @property
    def flags(self) -> list[str]:
        flags: list[str] = []
        mismatch = [n for t in self.parts for n in t.number_mismatch]
        if mismatch:
            flags.append("number mismatch in translation: " + ", ".join(mismatch))
        untranslated = [s for t in self.parts for s in t.untranslated]
        if untranslated:
            failures = list(dict.fromkeys(f for t in self.parts for f in t.failures + t.rejected))
            why = "; ".join(failures) if failures else UNUSABLE
            flags.append(f"{len(untranslated)} sentence(s) left untranslated ({why})")
        missing = [g for t in self.parts for g in t.glossary_missing]
        if missing:
            flags.append("glossary term not rendered: " + "、".join(dict.fromkeys(missing)))
        names = [n for t in self.parts for n in t.names_missing]
        if names:
            flags.append("name not rendered: " + "、".join(dict.fromkeys(names)))
        return flags


@dataclass(frozen=True)
class Continuity:
    """A story's relation to earlier briefings: new, follow-up or repeat (see :mod:`briefing.continuity`)."""

    status: str = "new"
    date: str = ""  # the earlier day it follows or repeats
    anchor: str = ""  # that story's anchor on that day's page
    title: str = ""  # that story's headline
    first_seen: str = ""  # the first day the story or its event was briefed

    @property
    def href(self) -> str:
        """The earlier day's page, at the story when its anchor is known."""
        if not self.date:
            return ""
        return f"{self.date}.html" + (f"#{self.anchor}" if self.anchor else "")


@dataclass(frozen=True)
class Story:
    """One entry of the briefing: an article, or several merged ones.

    Frozen: a stage returns new stories (``dataclasses.replace``) and leaves
    the ones it was given as they were.  The fields are grouped by the stage
    that fills them; a field of a later stage keeps its default until then.
    """

    # summarize: one story per article
    article: Article
    summary: Summary
    sources: tuple[str, ...]
    # merge_duplicates: the copies merged into this story (their sources join ``sources``)
    merged: tuple[Article, ...] = ()
    # arrange (briefing.arrange)
    related: tuple[Story, ...] = ()  # other reports of the same event (this one leads)
    continuity: Continuity = field(default_factory=Continuity)
    score: float = 0.0
    score_parts: Mapping[str, float] = field(default_factory=dict)
    section: str = "other"
    anchor: str = ""
    tag: str = ""  # tells apart stories printed under the same headline
    top: bool = False  # one of the day's top stories
    cut: str | None = None  # why it is left out of the page: "cap", "repeat" or "old" (it stays in the JSON)
    event_lead: str = ""  # a report left out of the page: its event lead's article id (the lead holds it no more)
    # translate or gloss: what the page shows in English
    english: English = field(default_factory=English)
    key_terms: tuple[KeyTerm, ...] = ()

    @property
    def source_names(self) -> list[str]:
        """Where the story and its other reports come from, by name, each once."""
        return list(dict.fromkeys([*self.sources, *(n for r in self.related for n in r.sources)]))

    @property
    def reports_elsewhere(self) -> tuple[Story, ...]:
        """The other reports of this story's event by other outlets (none of their sources is one of its
        own): what "also reported by" lists."""
        own = set(self.sources)
        return tuple(r for r in self.related if own.isdisjoint(r.sources))

    @property
    def related_reports(self) -> tuple[Story, ...]:
        """The other reports of this story's event by its own outlet (a source in common): related reports,
        never "also reported by"."""
        own = set(self.sources)
        return tuple(r for r in self.related if not own.isdisjoint(r.sources))

    @property
    def one_line(self) -> str:
        """The summary's first sentence, for the compact list."""
        from briefing.sentences import split_sentences

        sentences = split_sentences(self.summary.text) if self.summary.text else []
        first = sentences[0] if sentences else self.summary.text
        return first if len(first) <= 80 else first[:79] + "…"

    @property
    def flags(self) -> list[str]:
        """Everything worth knowing about how the story was made, with reasons (the JSON and the report)."""
        out = []
        if self.summary.fallback:
            out.append(f"extractive fallback: {self.summary.fallback}")
        return out + self.english.flags

    @property
    def check(self) -> str | None:
        """The one line a reader sees when the English the story shows needs checking, or None (no English
        shown: nothing to check): plain words, no reasons (those are in :attr:`flags`)."""
        return check_line(self.english.doubts) if self.english.shown else None


@dataclass(frozen=True)
class Section:
    """A topic section of the briefing, its stories in order."""

    key: str
    title_zh: str
    title_en: str
    stories: tuple[Story, ...]


@dataclass(frozen=True)
class Arrangement:
    """The day's stories as the reader sees them (:mod:`briefing.arrange`): the top stories, then the
    sections, each lead holding its other reports; and what was left out (cut, kept for the JSON)."""

    top: tuple[Story, ...]
    sections: tuple[Section, ...]
    cut: tuple[Story, ...]

    @property
    def leads(self) -> list[Story]:
        """Every story shown as an entry: the top stories, then each section's."""
        return [*self.top, *(s for sec in self.sections for s in sec.stories)]

    @property
    def stories(self) -> list[Story]:
        """Every story on the page in reading order: each lead, then its other reports."""
        return [s for lead in self.leads for s in (lead, *lead.related)]

    def map(self, change: Callable[[Story], Story]) -> Self:
        """The same arrangement with ``change`` applied to every story, shown or cut; each new lead
        holds the new versions of its other reports."""

        def lead(story: Story) -> Story:
            return replace(change(story), related=tuple(change(r) for r in story.related))

        return replace(
            self,
            top=tuple(lead(s) for s in self.top),
            sections=tuple(replace(sec, stories=tuple(lead(s) for s in sec.stories)) for sec in self.sections),
            cut=tuple(lead(s) for s in self.cut),
        )


@dataclass(frozen=True)
class DayLinks:
    """A day page's links (set by publish): the neighbouring days ("" for none), the day's
    other formats ("" when not written) and the rolling feeds (empty without a base URL)."""

    prev: str = ""
    next: str = ""
    md: str = ""
    json: str = ""
    feeds: Mapping[str, str] = field(default_factory=dict)  # "json", "atom" -> file name


@dataclass(frozen=True, kw_only=True)
class Briefing(Arrangement):
    """The day's briefing: its arrangement and what the templates and the feeds say about it."""

    date: str
    title: str
    failures: tuple[str, ...]
    translated: bool
    generator: str
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # what a normal day holds, not problems: links left alone (robots.txt, duplicates)
    english_model: str = ""  # which model produced the English ("" without a translator)
    english_host: str = ""  # the server it ran on (host:port/path), or "" for a local model
    lede: tuple[str, ...] = ()  # English bullets on the top stories (LLM translators)
    nav: DayLinks = field(default_factory=DayLinks)  # set by publish

    @property
    def english_count(self) -> int:
        """How many stories have an English headline and summary."""
        return sum(s.english.ok for s in self.stories)

    @property
    def english_shown(self) -> int:
        """How many stories show some English (a headline or a summary)."""
        return sum(s.english.shown for s in self.stories)

    @property
    def shows_english(self) -> bool:
        """Some story on the page shows machine English (a translator ran and not every answer failed)."""
        return self.translated and self.english_shown > 0

    @property
    def english_by(self) -> str:
        """The translation model as readers may see it: its name, never a folder path or a server."""
        return model_name(self.english_model)

    @property
    def mt_credit(self) -> str:
        """The machine-translation credit every surface carrying English shows ("" when none shows English)."""
        return english_credit(self.english_model, [self.shows_english])
