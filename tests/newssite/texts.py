"""Article texts for the test news site, resolved at test time (never copied into the repository).

Two pools:

- ``repo_texts()``: text the repository may hold. The seed page (``seeds/``,
  split by the project's public ``split``; its two long articles are cut into
  parts of a few paragraphs, titled "…（二）") and the 40 NTREX-128 Chinese
  lines packaged in ``briefing/golden`` (CC BY-SA 4.0, attribution in
  ``briefing/golden/README.md``), grouped eight lines to an article, the first
  line as its headline. About 16 articles.
- ``shared_texts(root)``: ``../shared/data``: the documents of wmt21's Chinese
  side (Xinhua and chinanews pages, their "-新华网" title lines as headlines)
  and broadcast items of ``xwlb_headline_train`` with their headlines. These
  are research-use texts: they are read here and served to 127.0.0.1, never
  written into the repository.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
_CN_NUM = "一二三四五六七八九十"
_WMT_TITLE = re.compile(r"\s*[-－—]\s*(新华网|中新网)\s*$")


@dataclass(frozen=True)
class Text:
    """One article's words: its headline and paragraphs, and where they came from."""

    title: str
    paragraphs: tuple[str, ...]
    origin: str  # seed:<article>:<part> | ntrex-golden:<line> | wmt21:<line> | xwlb:<id>

    @property
    def chars(self) -> int:
        return sum(len(p) for p in self.paragraphs)


def _parts(title: str, paragraphs: list[str], origin: str, target: int = 420) -> list[Text]:
    """A long article cut into parts of about ``target`` characters (whole paragraphs), titled "…（二）"."""
    groups: list[list[str]] = [[]]
    for para in paragraphs:
        if groups[-1] and sum(len(p) for p in groups[-1]) >= target:
            groups.append([])
        groups[-1].append(para)
    if len(groups) > 1 and sum(len(p) for p in groups[-1]) < target // 2:
        groups[-2] += groups.pop()
    out = []
    for n, group in enumerate(groups):
        name = title if n == 0 else f"{title}（{_CN_NUM[n] if n < len(_CN_NUM) else n + 1}）"
        out.append(Text(name, tuple(group), f"{origin}:{n}"))
    return out


def repo_texts() -> list[Text]:
    """Articles from the seed page and the packaged NTREX-128 lines (no ../shared needed)."""
    from briefing import split

    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    out: list[Text] = []
    for n, art in enumerate(split(seed.read_text("utf-8"), name=seed.name).articles):
        if art.title_derived or sum(len(p) for p in art.paragraphs) < 200:
            continue
        out += _parts(art.title, list(art.paragraphs), f"seed:{n}")
    lines = [line.strip() for line in (ROOT / "briefing" / "golden" / "ntrex_zhen.zh").read_text("utf-8").splitlines()]
    lines = [line for line in lines if line]
    for n in range(0, len(lines) - 7, 8):
        group = lines[n : n + 8]
        out.append(Text(group[0], tuple(group[1:]), f"ntrex-golden:{n}"))
    return out


def wmt21_texts(root: Path = SHARED) -> list[Text]:
    """wmt21 newstest zh documents: a title line ("…-新华网") and the lines up to the next one."""
    path = root / "data" / "wmt21_newstest_zhen" / "src.zh"
    lines = path.read_text("utf-8").splitlines()
    starts = [i for i, line in enumerate(lines) if _WMT_TITLE.search(line)]
    out = []
    for a, b in zip(starts, [*starts[1:], len(lines)], strict=True):
        title = _WMT_TITLE.sub("", lines[a]).strip()
        paras = tuple(line.strip() for line in lines[a + 1 : b] if line.strip())
        if title and len(paras) >= 2 and sum(len(p) for p in paras) >= 200:
            out.append(Text(title, paras, f"wmt21:{a + 1}"))
    return out


def xwlb_texts(n: int, root: Path = SHARED) -> list[Text]:
    """``n`` broadcast items with their headlines, evenly spread over the set, 300-1,800 characters."""
    path = root / "data" / "xwlb_headline_train" / "data.jsonl"
    items = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            paras = tuple(p.strip() for p in item["article"].split("\n") if p.strip())
            if len(paras) >= 2 and 300 <= sum(len(p) for p in paras) <= 1800:
                items.append(Text(item["summary"].strip(), paras, f"xwlb:{item['id']}"))
    if not items or n <= 0:
        return []
    step = max(1, len(items) // n)
    return items[::step][:n]


def shared_texts(n_xwlb: int = 32, root: Path = SHARED) -> list[Text]:
    """wmt21 web news documents, then ``n_xwlb`` broadcast items."""
    return [*wmt21_texts(root), *xwlb_texts(n_xwlb, root)]


def has_shared(root: Path = SHARED) -> bool:
    return (root / "data" / "wmt21_newstest_zhen" / "src.zh").is_file() and (
        root / "data" / "xwlb_headline_train" / "data.jsonl"
    ).is_file()
