"""The faithfulness guard for English output.

Every backend's output must be non-empty, not looping and English.  What an
LLM returns is held to more: numbers and dates of the source kept, no number
that the source lacks, Latin-script names of the source kept, no echo of the
prompt, no runaway length.  A rejected output is retried once with stricter
settings, then the text falls back (key terms) with the reason recorded.
"""

from __future__ import annotations

import re

from briefing.summarizers.guard import repetition
from briefing.textnorm import cjk_ratio
from briefing.translators.numbers import number_mismatches

_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9&.+-]*[A-Za-z0-9]")


def looping(text: str) -> bool:
    """An output stuck repeating itself (a repeated n-gram run)."""
    if re.search(r"(\S.{3,40}?)(?:\s*\1){2,}", text):
        return True
    return repetition(text, n=6) > 0.4


def unusable(text: str | None) -> bool:
    """Empty, looping, or not English at all (a model echoing Chinese)."""
    return problem(text) is not None


def problem(text: str | None) -> str | None:
    """Why an output cannot be shown at all, or None."""
    if not (text or "").strip():
        return "empty answer"
    assert text is not None
    if looping(text):
        return "repetition loop"
    if cjk_ratio(text) > 0.3:
        return "not English"
    return None


def invented_numbers(source: str, english: str) -> list[str]:
    """Numbers of three or more significant digits in ``english`` that the source lacks.

    Compared on significant digits, so 110,000 for 11万 and 2.5 billion for
    25亿 pass; small numbers are left alone (二十 -> 20th is fine).
    """
    digits = re.sub(r"[^\d]", " ", source)
    have = set(digits.split())
    out = []
    for m in _DIGITS.finditer(english):
        core = re.sub(r"[^\d]", "", m.group(0)).rstrip("0").lstrip("0")
        if len(core) < 3:
            continue
        if not any(core in h or h.rstrip("0") == core for h in have):
            out.append(m.group(0).rstrip(",."))
    return out


def llm_problem(source: str, english: str | None) -> str | None:
    """Why an LLM's English for ``source`` is rejected, or None."""
    basic = problem(english)
    if basic:
        return basic
    assert english is not None
    if cjk_ratio(english) > 0.05:
        return "Chinese left in the answer"
    if len(english) > 6 * len(source) + 200:
        return f"over-long answer ({len(english)} characters for {len(source)})"
    lost = number_mismatches(source, english)
    if lost:
        return "numbers of the source missing: " + ", ".join(lost)
    made_up = invented_numbers(source, english)
    if made_up:
        return "numbers not in the source: " + ", ".join(made_up)
    low = english.lower()
    names = [n for n in dict.fromkeys(_LATIN_NAME.findall(source)) if n.lower() not in low]
    if names:
        return "names of the source missing: " + ", ".join(names)
    return None
