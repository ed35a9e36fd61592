"""Score a briefing's JSON against the site's ground truth.

Measures (the same for the tests and ``benchmarks/bench_site.py``):

- **Body precision and recall**, character level: each text is reduced to its
  letters and digits (NFKC; whitespace, punctuation and symbols dropped, so a
  half-width comma made full-width or an indent changes nothing), the output
  (all stories of the page, in order) is aligned with the true paragraphs by
  ``difflib.SequenceMatcher`` (no junk heuristic), and the matched characters
  count: precision = matched / output, recall = matched / truth. A page with
  no story scores 0 and 0; summaries average over the pages that gave a story
  and count the others as missing.
- **Boilerplate line left**: a line of the output with at least 2 characters
  that the alignment does not match to the true text (a date/source line,
  "作者：…", 【责任编辑：…】, a hot-list title...). Its kinds are named from
  the furniture the page recorded.
- **Title right**: exactly one story for the page and its headline equals the
  true one (letters and digits compared, as above).
- **Date right**: every story of the page is dated the page's local (Beijing) day.
- **Right by URL**: one story, title right, body precision and recall >= 0.95.

Stories are matched to pages by URL (scheme and host case, default port,
fragment and ``utm_*`` parameters ignored).
"""

from __future__ import annotations

import statistics
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from urllib.parse import parse_qsl, urlencode, urlsplit

from tests.newssite.site import Page

BOILERPLATE_MIN_CHARS = 2
RIGHT_BY_URL = 0.95


def key(text: str) -> str:
    """Letters and digits only (NFKC): what body text is compared on."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c)[0] in "LN")


def url_key(url: str) -> str:
    parts = urlsplit(url.strip())
    port = parts.port or (443 if parts.scheme == "https" else 80)
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.startswith("utm_"))
    return f"{(parts.hostname or '').lower()}:{port}{parts.path or '/'}?{urlencode(query)}"


@dataclass
class BodyScore:
    precision: float
    recall: float
    extra_lines: list[str] = field(default_factory=list)  # output lines not (wholly) from the article


def score_body(output: str, truth: list[str]) -> BodyScore:
    """Character-level precision and recall of ``output`` against the true paragraphs, and the lines left over."""
    want = key("".join(truth))
    lines = [line for line in output.split("\n") if key(line)]
    parts = [key(line) for line in lines]
    got = "".join(parts)
    if not got or not want:
        return BodyScore(0.0, 0.0, lines)
    matched = bytearray(len(got))
    for block in SequenceMatcher(None, want, got, autojunk=False).get_matching_blocks():
        matched[block.b : block.b + block.size] = b"\x01" * block.size
    hits = sum(matched)
    extra, at = [], 0
    for line, part in zip(lines, parts, strict=True):
        if len(part) - sum(matched[at : at + len(part)]) >= BOILERPLATE_MIN_CHARS:
            extra.append(line)
        at += len(part)
    return BodyScore(hits / len(got), hits / len(want), extra)


@dataclass
class PageResult:
    """What the briefing made of one page."""

    page: Page
    titles: list[str]
    dates: list[str]
    top: bool
    body: BodyScore

    @property
    def stories(self) -> int:
        return len(self.titles)

    @property
    def title_ok(self) -> bool:
        return self.stories == 1 and key(self.titles[0]) == key(self.page.title)

    @property
    def date_ok(self) -> bool:
        return bool(self.dates) and all(d[:10] == self.page.day for d in self.dates)

    @property
    def right(self) -> bool:
        """Right as an article given by URL: one story, its title, its body."""
        return self.title_ok and self.body.precision >= RIGHT_BY_URL and self.body.recall >= RIGHT_BY_URL

    def furniture_kinds(self) -> list[str]:
        """Kinds of the page's furniture found in the lines left over ("other" when none matches)."""
        kinds: list[str] = []
        known = [(kind, key(text)) for kind, text in self.page.furniture if len(key(text)) >= 2]
        for line in self.body.extra_lines:
            k = key(line)
            found = sorted({kind for kind, fk in known if fk in k})
            kinds += found or ["other"]
        return kinds


def score(items: list[dict], pages: list[Page]) -> list[PageResult]:
    """One result per page, from the JSON Feed items of a briefing."""
    by_url: dict[str, list[dict]] = {}
    for item in items:
        if item.get("external_url"):
            by_url.setdefault(url_key(item["external_url"]), []).append(item)
    results = []
    for page in pages:
        mine = by_url.get(url_key(page.url), [])
        text = "\n".join(i.get("content_text", "") for i in mine)
        results.append(
            PageResult(
                page=page,
                titles=[i.get("title", "") for i in mine],
                dates=[str(i.get("_briefing", {}).get("date") or "") for i in mine],
                top=any(i.get("_briefing", {}).get("top") for i in mine),
                body=score_body(text, page.paragraphs) if mine else BodyScore(0.0, 0.0),
            )
        )
    return results


@dataclass
class Summary:
    """The numbers the targets of issue #20 are stated in."""

    n: int  # pages
    mean_precision: float  # body precision and recall: over the pages that gave at least one story
    min_precision: float
    mean_recall: float
    min_recall: float
    boilerplate_pages: int
    titles_right: int
    dates_right: int
    missing: int
    right_by_url: int


def summarize(results: list[PageResult]) -> Summary:
    """Body precision and recall over the pages that gave a story (the pages that gave none are ``missing``)."""
    found = [r for r in results if r.stories]
    ps = [r.body.precision for r in found] or [0.0]
    rs = [r.body.recall for r in found] or [0.0]
    return Summary(
        n=len(results),
        mean_precision=statistics.fmean(ps),
        min_precision=min(ps),
        mean_recall=statistics.fmean(rs),
        min_recall=min(rs),
        boilerplate_pages=sum(1 for r in results if r.body.extra_lines),
        titles_right=sum(r.title_ok for r in results),
        dates_right=sum(r.date_ok for r in results),
        missing=sum(1 for r in results if not r.stories),
        right_by_url=sum(r.right for r in results),
    )


def boilerplate_allowed(n: int) -> int:
    """The target's "at most 2 of 60 pages", for ``n`` pages (rounded up)."""
    return -(-2 * n // 60)
