"""The dataclasses that flow between pipeline stages.

Document (read) -> Article (split) -> Summary (summarize) -> Translation
(translate) -> Story/Briefing (build).  Each stage takes and returns these, so
each can be tested on its own.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


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
    links: list[str] = field(default_factory=list)
    date: str | None = None  # ISO 8601 publication date, when the page or its feed gives one
    date_source: str | None = None  # where the date came from: article | dateline | page | build
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
    sentences: list[str]
    keywords: list[str]
    backend: str
    model: str | None = None
    extractive: bool = True
    fallback: str | None = None


@dataclass
class Translation:
    """English for one piece of text, with honest flags."""

    source: str
    text: str | None
    model: str
    untranslated: list[str] = field(default_factory=list)
    number_mismatch: list[str] = field(default_factory=list)
    glossary_missing: list[str] = field(default_factory=list)
    cached: int = 0


@dataclass
class KeyTerm:
    """A dictionary gloss (not a translation) for one Chinese term."""

    term: str
    gloss: str
    source: str  # "glossary" | "CC-CEDICT"
