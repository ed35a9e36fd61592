"""The faithfulness guard for what an LLM returns in English.

Beyond the loop and language check every translator's output gets, an LLM's
answer must keep the source's numbers and dates (``briefing.checks``), add
no number the source lacks, keep its Latin-script names, and not run away in
length.  A rejected answer is asked for once more with stricter settings,
then the text falls back (key terms) with the reason recorded.
"""

from __future__ import annotations

import re

from briefing.checks import looping, number_mismatches
from briefing.textnorm import cjk_ratio

_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9&.+-]*[A-Za-z0-9]")


def invented_numbers(source: str, english: str) -> list[str]:
    """Numbers of three or more significant digits in ``english`` that the source lacks.

    Compared on significant digits, so 110,000 for 11万 and 2.5 billion for
    25亿 pass; small numbers are left alone (二十 -> 20th is fine).
    """
    have = set(re.sub(r"[^\d]", " ", source).split())
    out = []
    for m in _DIGITS.finditer(english):
        core = re.sub(r"[^\d]", "", m.group(0)).strip("0")
        if len(core) >= 3 and not any(core in h or h.strip("0") == core for h in have):
            out.append(m.group(0).rstrip(",."))
    return out


def english_problem(text: str) -> str | None:
    """Why a piece of LLM English cannot be shown at all: empty, looping, not English."""
    if not text.strip():
        return "empty answer"
    if looping(text, unit=4, n=6, share=0.4):
        return "repetition loop"
    if cjk_ratio(text) > 0.05:
        return "not English (Chinese in the answer)"
    return None


def llm_problem(source: str, english: str) -> str | None:
    """Why an LLM's English for ``source`` is rejected, or None."""
    basic = english_problem(english)
    if basic:
        return basic
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
