"""The faithfulness guard for abstractive summaries.

A generated summary is accepted only if every number, date, percentage and
quoted or titled name in it occurs in the article, and if it is not empty, not
stuck in a repetition loop, not over-long and in the article's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.checks import looping, number_mismatches
from briefing.textnorm import bare, cjk_ratio, fold

_DATE = re.compile(r"\d{1,4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?|\d{1,2}\s*月\s*\d{1,2}\s*日")
_CN_NUMBER = re.compile(
    r"(?<![零〇一二两三四五六七八九十百千万亿])(?!一一|万万|千万[^零〇一二两三四五六七八九十百])"
    r"[零〇一二两三四五六七八九十百千万亿]{2,}"
)
_QUOTED = re.compile(r"“([^”]{2,40})”|《([^》]{1,60})》|「([^」]{2,40})」|\"([^\"]{2,40})\"")


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str | None = None


def unsupported_facts(summary: str, article: str) -> list[str]:
    """Numbers, dates and quoted names in ``summary`` that ``article`` lacks."""
    art_fold = fold(article)
    missing: list[str] = []
    for m in _DATE.finditer(summary):
        if fold(m.group(0)) not in art_fold:
            missing.append(m.group(0))
    missing += number_mismatches(_DATE.sub(" ", summary), article)
    for m in _CN_NUMBER.finditer(summary):
        if m.group(0) not in article:
            missing.append(m.group(0))
    for m in _QUOTED.finditer(summary):
        name = next(g for g in m.groups() if g)
        if fold(name) not in art_fold:
            missing.append(name)
    return list(dict.fromkeys(missing))


def check(summary: str, article: str, max_chars: int) -> Verdict:
    """Accept or reject one generated summary of ``article``."""
    text = summary.strip()
    if len(bare(text)) < 4:
        return Verdict(False, "empty output")
    if looping(text):
        return Verdict(False, "repetition loop")
    if len(text) > max(1.6 * max_chars, 40) or len(text) > len(article) * 1.2 + 20:
        return Verdict(False, f"over-long output ({len(text)} characters)")
    if cjk_ratio(article) > 0.3 and cjk_ratio(text) < 0.3:
        return Verdict(False, "not in the article's language")
    missing = unsupported_facts(text, article)
    if missing:
        return Verdict(False, "not in the article: " + "、".join(dict.fromkeys(missing)))
    return Verdict(True)
