"""Split pages into clean, de-duplicated articles with their metadata.

Two paths share the paragraph rules in :mod:`briefing.patterns`:

* pages with explicit story headings (Markdown ``###``, HTML ``<h2>``): each
  heading at the story level starts an article; text outside stories (a
  table of contents, footers) is removed with its reason;
* unmarked print pages (plain text, ``<p>`` only): broken paragraphs are
  rejoined, headline candidates are told from in-article subheads by the
  signals around them (a byline, a dateline, a caption, a continuation marker
  or a credit that closed the article before, a dash subtitle), and repeated
  blocks are kept once.

Every input block ends in exactly one article (title, metadata or paragraph)
or in ``removed`` with a reason: nothing is lost.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field, replace

from briefing import patterns as P
from briefing.records import Article, Block, Document, Removed, SplitResult, article_id
from briefing.textnorm import fold, has_cjk, normalize
from briefing.urls import safe_link

HEADLINE_MAX = 64
DEDUPE_MIN = 8
# A paragraph is rejoined up to this length: a paragraph broken across columns
# is far shorter, and text without punctuation must not grow into one giant
# paragraph (each join copied it: quadratic time, memory in the gigabytes).
REJOIN_MAX = 5000
HEADLINE_RUN_MAX = 6  # more short unpunctuated lines in a row are text, not one headline block
NEAR_MAX_LEN = 2000  # near-duplicate search (difflib, quadratic) only on paragraphs up to this length
NEAR_CANDIDATES = 32  # and against at most this many earlier paragraphs sharing its start or end


@dataclass
class Para:
    """A normalized paragraph and what it was classified as."""

    text: str
    lines: tuple[int, ...]
    kind: str = "body"  # body|heading|byline|credit|caption|furniture|link|rule
    strong: bool = False
    level: int = 0


@dataclass
class Draft:
    """An article being assembled."""

    title: str | None
    title_lines: tuple[int, ...] = ()
    body: list[Para] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    meta_lines: list[tuple[int, ...]] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    continuation: bool = False
    closed: bool = False
    merged: bool = False
    merged_into: int = 0
    roundup: str | None = None
    position: int = 0


def classify(text: str) -> str:
    """The kind of one normalized paragraph of an unmarked page."""
    if P.is_furniture(text):
        return "furniture"
    if P.MD_LINK_RE.match(text):
        return "link"
    if len(text) <= 40 and P.BYLINE_RE.match(text):
        return "byline"
    if len(text) <= 40 and P.CREDIT_RE.match(text):
        return "credit"
    if len(text) <= 160 and P.CAPTION_RE.search(text) and not P.DATELINE_RE.match(text):
        return "caption"
    if is_headline_candidate(text):
        return "heading"
    return "body"


def is_headline_candidate(text: str) -> bool:
    """Short, Chinese, not ending a sentence (a question may end a headline)."""
    if len(text) > HEADLINE_MAX or not has_cjk(text) or P.CONTINUATION_START_RE.match(text):
        return False
    if P.DATELINE_RE.match(text) or P.LIST_ITEM_RE.match(text):
        return False
    if P.QUESTION_END_RE.search(text):
        return True
    if P.is_terminal(text):
        return False
    return not P.CLAUSE_PUNCT_RE.search(text)


def to_paras(blocks: list[Block]) -> list[Para]:
    """Normalize blocks; mark rules and the kinds of plain paragraphs."""
    paras = []
    for b in blocks:
        if b.rule:
            paras.append(Para("", b.lines, "rule"))
            continue
        text = normalize(b.text)
        if not text:
            continue
        kind = "heading" if b.level else classify(text)
        if b.strong and kind == "body" and len(text) <= HEADLINE_MAX and not P.is_terminal(text):
            kind = "heading"
        if kind == "link":  # checked as written: an invisible character refuses a link, never changes its target
            text = b.text.strip()
        paras.append(Para(text, b.lines, kind, b.strong, b.level))
    return paras


def rejoin(paras: list[Para]) -> list[Para]:
    """Rejoin paragraphs broken mid-sentence (across columns or pages).

    A body paragraph that does not end a sentence continues in the next body
    paragraph, skipping page furniture printed between the two halves.
    """
    out: list[Para] = []
    pending: list[Para] = []  # furniture met while a broken paragraph waits
    for p in paras:
        last = out[-1] if out else None
        broken = (
            last is not None
            and last.kind == "body"
            and not last.level
            and len(last.text) + len(p.text) <= REJOIN_MAX
            and not P.is_terminal(last.text)
            and has_cjk(last.text)
        )
        if broken and p.kind == "furniture":
            pending.append(p)
            continue
        if (
            broken
            and p.kind == "body"
            and not P.CONTINUATION_START_RE.match(p.text)
            and not P.LIST_ITEM_RE.match(p.text)
            and not P.DATELINE_RE.match(p.text)  # a new article's opening is no continuation
        ):
            prev = out[-1]  # the broken paragraph (``last``, typed as never None here)
            glue = "" if has_cjk(prev.text[-1:]) or has_cjk(p.text[:1]) else " "
            out[-1] = Para(prev.text + glue + p.text, prev.lines + p.lines, "body")
            out.extend(pending)
            pending = []
            continue
        out.extend(pending)
        pending = []
        out.append(p)
    out.extend(pending)
    return out


def opening(text: str) -> tuple[str | None, str | None, str]:
    """The dateline an article's first paragraph opens with (新华社北京7月8日电, 本报讯：), the reporter it
    names in brackets (（记者王某）), and the rest of the paragraph; (None, None, text) without one."""
    m = P.DATELINE_RE.match(text) or P.SOURCE_OPENER_RE.match(text)
    if not m:
        return None, None, text
    reporter = P.REPORTER_IN_PAREN_RE.search(m.group("paren") or "")
    return m.group("dl").strip(), reporter.group(0).strip() if reporter else None, text[m.end() :].strip()


def _item_metadata(article: Article) -> Article:
    """A JSONL item read as a page's article is: the dateline (and its reporter) its text opens with, and the
    credit line it closes with, taken out of the text when the item gives no such field."""
    paragraphs = list(article.paragraphs)
    dateline, byline, credit = article.dateline, article.byline, article.credit
    if dateline is None and paragraphs:
        dateline, reporter, paragraphs[0] = opening(paragraphs[0])
        byline = byline or reporter
    if credit is None and len(paragraphs) > 1 and classify(paragraphs[-1]) == "credit":
        credit = paragraphs.pop()
    paragraphs = [para for para in paragraphs if para]
    if (dateline, byline, credit) == (article.dateline, article.byline, article.credit) or not paragraphs:
        return article
    return replace(article, paragraphs=paragraphs, dateline=dateline, byline=byline, credit=credit)


class _Builder:
    """Collects drafts and removed paragraphs for one document."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.drafts: list[Draft] = []
        self.removed: list[Removed] = []
        self.current: Draft | None = None
        self.texts: dict[tuple[int, ...], str] = {}

    def remove(self, p: Para, reason: str) -> None:
        self.removed.append(Removed(p.text, reason, p.lines, self.source))

    def start(self, title: str | None, lines: tuple[int, ...] = ()) -> Draft:
        self.current = Draft(title, lines, position=len(self.drafts))
        self.drafts.append(self.current)
        return self.current

    def add(self, p: Para) -> None:
        """Put one paragraph of a story into the current draft."""
        d = self.current
        if d is None or d.closed:
            d = self.start(None)
        self.texts[p.lines] = p.text  # to name a metadata line if it is removed later
        text = p.text
        if P.CONTINUATION_START_RE.match(text):
            if d.body or (d.title is None and d.meta):
                d = self.start(None) if d.body else d
            d.continuation = True
            text = P.CONTINUATION_START_RE.sub("", text, count=1).strip()
        if P.CONTINUATION_END_RE.search(text):
            d.continuation = True
            text = P.CONTINUATION_END_RE.sub("", text).strip()
        if p.kind == "byline":
            self._meta(d, "byline", text, p.lines)
            return
        if p.kind == "credit":
            self._meta(d, "credit", text, p.lines)
            d.closed = d.title is None or bool(d.body)
            return
        if p.kind == "caption":
            d.captions.append(text)
            d.meta_lines.append(p.lines)
            return
        if p.kind == "link":
            m = P.MD_LINK_RE.match(text)
            url = safe_link(m.group(2) if m else text)
            if url:
                d.links.append(url)
            d.meta_lines.append(p.lines)
            return
        if not d.body and "dateline" not in d.meta:
            dateline, byline, rest = opening(text)
            if dateline:
                d.meta["dateline"] = dateline
                if "byline" not in d.meta and byline:
                    d.meta["byline"] = byline
                text = rest
                if not text:
                    d.meta_lines.append(p.lines)
                    return
        if not text:
            d.meta_lines.append(p.lines)
            return
        d.body.append(Para(text, p.lines, p.kind, p.strong, p.level))

    def _meta(self, d: Draft, key: str, text: str, lines: tuple[int, ...]) -> None:
        d.meta[key] = f"{d.meta[key]}；{text}" if key in d.meta and text not in d.meta[key] else text
        d.meta_lines.append(lines)


def _starts_article(paras: list[Para], i: int, j: int, b: _Builder) -> bool:
    """Whether the heading run ``paras[i:j]`` starts a new article."""
    d = b.current
    if d is None or d.closed or (d.title is None and not d.body):
        return True
    if d.title is not None and not d.body and not d.meta:
        return False  # still in the headline block of the current article
    nxt = paras[j] if j < len(paras) else None
    if nxt is not None:
        if nxt.kind in {"byline", "caption"}:
            return True
        if P.DATELINE_RE.match(nxt.text) or P.SOURCE_OPENER_RE.match(nxt.text):
            return True
        if P.CONTINUATION_START_RE.match(nxt.text):
            return True
    title = " ".join(p.text for p in paras[i:j])
    return bool(P.DASH_SUBTITLE_RE.search(title))


def _segment_unmarked(paras: list[Para], b: _Builder) -> None:
    """Cut an unmarked page into drafts by headline signals."""
    i = 0
    while i < len(paras):
        p = paras[i]
        if p.kind in {"furniture", "rule"}:
            b.remove(p, "furniture")
            i += 1
            continue
        if p.kind != "heading":
            if p.kind == "body" and P.DATELINE_RE.match(p.text) and b.current is not None and b.current.body:
                b.start(None)  # a new dispatch without a printed headline
            b.add(p)
            i += 1
            continue
        j = i
        while j < len(paras) and paras[j].kind == "heading":
            j += 1
        if j - i > HEADLINE_RUN_MAX:  # e.g. a page without punctuation: not a megabyte-long headline
            for x in paras[i:j]:
                b.add(Para(x.text, x.lines, "body"))
            i = j
            continue
        if _starts_article(paras, i, j, b):
            run = paras[i:j]
            b.start(" ".join(x.text for x in run), tuple(n for x in run for n in x.lines))
        else:
            for x in paras[i:j]:
                b.add(x)
        i = j


def _story_level(paras: list[Para]) -> int:
    """The heading level that marks stories: the deepest one used twice or more."""
    counts = Counter(p.level for p in paras if p.kind == "heading" and p.level)
    levels = [lvl for lvl, n in counts.items() if n >= 2]
    return max(levels) if levels else 0


def _segment_marked(paras: list[Para], level: int, b: _Builder) -> None:
    """Each heading at the story level starts an article; the rest is page text."""
    outside: list[Para] = []

    def drop_outside() -> None:
        items = [p for p in outside if p.kind != "rule"]
        listy = sum(1 for p in items if P.LIST_ITEM_RE.match(p.text))
        reason = "table of contents" if items and listy >= max(2, len(items) // 3) else "page text"
        if any(p.kind == "rule" for p in outside):
            reason = "footer"
        for p in outside:
            b.remove(p, "page heading" if p.level else ("furniture" if p.kind == "rule" else reason))
        outside.clear()

    in_story = False
    for p in paras:
        if p.level and p.level == level:
            drop_outside()
            b.start(p.text, p.lines)
            in_story = True
        elif (p.level and p.level < level) or p.kind == "rule":
            in_story = False
            outside.append(p)
        elif in_story:
            if p.kind in {"furniture"}:
                b.remove(p, "furniture")
            else:
                b.add(p if p.kind != "heading" or p.level or p.strong else Para(p.text, p.lines, "body"))
        else:
            outside.append(p)
    drop_outside()


def _split_roundups(drafts: list[Draft]) -> list[Draft]:
    """A story made only of bold-titled items (a news-in-brief) becomes one article per item."""
    out: list[Draft] = []
    for d in drafts:
        heads = [i for i, p in enumerate(d.body) if p.kind == "heading" and p.strong]
        is_roundup = (
            d.title is not None
            and len(heads) >= 2
            and heads[0] == 0
            and all(j + 1 < len(d.body) and d.body[j + 1].kind != "heading" for j in heads)
        )
        if not is_roundup:
            out.append(d)
            continue
        for n, start in enumerate(heads):
            end = heads[n + 1] if n + 1 < len(heads) else len(d.body)
            head = d.body[start]
            item = Draft(
                head.text,
                head.lines,
                body=d.body[start + 1 : end],
                meta=dict(d.meta),
                links=list(d.links),
                continuation=d.continuation,
                roundup=d.title,
            )
            if n == 0:  # the roundup's own heading and metadata lines, accounted once
                item.meta_lines = [d.title_lines, *d.meta_lines]
            out.append(item)
    for n, d in enumerate(out):
        d.position = n
    return out


def _finish(b: _Builder) -> list[Article]:
    """Drop empty drafts, de-duplicate paragraphs, merge fragments, build Articles."""
    drafts = _split_roundups([d for d in b.drafts if d.body or d.title or d.meta_lines])
    _merge_fragments(drafts, _dedupe(drafts, b))
    return _build_articles(drafts, b)


def _dedupe(drafts: list[Draft], b: _Builder) -> dict[int, Counter[int]]:
    """Keep each paragraph once (exact or near copies); return, per headless
    draft, how many of its paragraphs each other draft already had."""
    # Headed articles claim their text first, so a headless copy of a continued
    # article merges into the copy under its headline.
    order = sorted(drafts, key=lambda d: (d.title is None, d.position))
    seen: dict[str, Draft] = {}
    by_prefix: dict[str, list[str]] = {}
    by_suffix: dict[str, list[str]] = {}
    merged_into: dict[int, Counter[int]] = {}

    def near(key: str) -> str | None:
        if len(key) > NEAR_MAX_LEN:
            return None
        recent = by_prefix.get(key[:16], [])[-NEAR_CANDIDATES:] + by_suffix.get(key[-16:], [])[-NEAR_CANDIDATES:]
        for cand in recent:
            if abs(len(cand) - len(key)) <= max(4, len(key) // 10):
                sm = difflib.SequenceMatcher(None, cand, key, autojunk=False)
                if sm.quick_ratio() >= 0.9 and sm.ratio() >= 0.9:
                    return cand
        return None

    first_by_title: dict[str, Draft] = {}
    for d in order:
        kept = []
        same = first_by_title.setdefault(fold(d.title), d) if d.title else d
        short_seen = {fold(q.text) for q in same.body} if same is not d else set()
        for p in d.body:
            key = fold(p.text)
            if len(key) < DEDUPE_MIN:
                if key in short_seen:  # a short line repeated under the same headline
                    b.removed.append(Removed(p.text, f"duplicate (kept in «{same.title}»)", p.lines, b.source))
                else:
                    kept.append(p)
                continue
            hit = key if key in seen else near(key)
            if hit is not None:
                owner = seen[hit]
                title = owner.title or P.derive_title([q.text for q in owner.body])
                if d.title is None and owner is not d:
                    merged_into.setdefault(id(d), Counter())[id(owner)] += 1
                b.removed.append(Removed(p.text, f"duplicate (kept in «{title}»)", p.lines, b.source))
                continue
            seen[key] = d
            by_prefix.setdefault(key[:16], []).append(key)
            by_suffix.setdefault(key[-16:], []).append(key)
            kept.append(p)
        d.body = kept
    return merged_into


def _merge_fragments(drafts: list[Draft], merged_into: dict[int, Counter[int]]) -> None:
    """Merge each headless fragment into the article it repeats most (what is left of it)."""
    by_id = {id(d): d for d in drafts}
    for d in drafts:
        owners = merged_into.get(id(d))
        if d.title is None and owners:
            owner = by_id[owners.most_common(1)[0][0]]
            while owner.merged:
                owner = by_id[owner.merged_into]
            if owner is d:
                continue
            d.merged_into = id(owner)
            owner.continuation = owner.continuation or d.continuation
            owner.body.extend(d.body)  # the unmatched rest of the fragment
            owner.meta_lines.extend(d.meta_lines)
            for key, value in d.meta.items():
                owner.meta.setdefault(key, value)
            d.body, d.meta_lines, d.merged = [], [], True


def _build_articles(drafts: list[Draft], b: _Builder) -> list[Article]:
    """Articles in page order; a draft without text is removed with its reason, or kept if headed."""
    articles: list[Article] = []
    for d in sorted(drafts, key=lambda d: d.position):
        if d.merged:
            continue
        if not d.body:
            if d.title is not None and any(x.body and x.title == d.title for x in drafts if x is not d):
                b.removed.append(Removed(d.title, "duplicate headline", d.title_lines, b.source))
                for lines in d.meta_lines:
                    b.removed.append(Removed(b.texts.get(lines, ""), "duplicate metadata", lines, b.source))
                continue
            if d.title is None:
                for lines in d.meta_lines:
                    b.removed.append(Removed(b.texts.get(lines, ""), "metadata without article", lines, b.source))
                continue
            # a headline with no text is kept, so nothing is lost
        paragraphs = [p.text for p in d.body]
        derived = d.title is None
        title = P.derive_title(paragraphs) if derived else d.title
        prov = ([d.title_lines] if d.title_lines else []) + d.meta_lines + [p.lines for p in d.body]
        articles.append(
            Article(
                title=title or "",
                paragraphs=paragraphs,
                source=b.source,
                title_derived=derived,
                byline=d.meta.get("byline"),
                dateline=d.meta.get("dateline"),
                credit=d.meta.get("credit"),
                continuation=d.continuation,
                roundup=d.roundup,
                captions=d.captions,
                subheads=[p.text for p in d.body if p.kind == "heading"],
                links=d.links,
                position=d.position,
                id=article_id(title or "", paragraphs),
                provenance=prov,
            )
        )
    return articles


def split_document(doc: Document) -> SplitResult:
    """Split one document into articles (JSONL documents are articles already: only the metadata their text
    opens and closes with is read, as on a page)."""
    if doc.kind == "jsonl":
        return SplitResult([_item_metadata(a) for a in doc.articles], [])
    b = _Builder(doc.source)
    paras = to_paras(doc.blocks)
    level = _story_level(paras) if doc.kind in {"markdown", "html"} else 0
    if level:
        _segment_marked(paras, level, b)
    else:
        _segment_unmarked(rejoin(paras), b)
    return SplitResult(_finish(b), b.removed)


def split_documents(docs: list[Document]) -> SplitResult:
    """Split several documents; articles keep their input order."""
    result = SplitResult()
    for doc in docs:
        part = split_document(doc)
        result.articles += part.articles
        result.removed += part.removed
    return result
