"""The faithfulness guard for what an LLM returns in English.

Every translator's output must be English at all (:func:`english_problem`,
with the share of Chinese its kind of model may leave).  Beyond that, an LLM's
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
_MONTH_ONLY = re.compile(r"(?<!\d)(\d{1,2})\s*月(?!\s*\d)")
_CLOCK = re.compile(r"(?<!\d)(\d{1,2})\s*[:：]\s*(\d{2})(?!\d)")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9&.+-]*[A-Za-z0-9]")


def invented_numbers(source: str, english: str) -> list[str]:
    """Numbers of three or more significant digits in ``english`` that the source lacks.

    Compared on significant digits, so 110,000 for 11万 and 2.5 billion for
    25亿 pass; small numbers are left alone (二十 -> 20th is fine).
    """
    joined = re.sub(r"(?<=\d)[,:：](?=\d{2,3}(?!\d))", "", source)  # 16,700 and 7:55 are one number each
    have = {h.strip(".") for h in re.sub(r"[^\d.]", " ", joined).split()} | set(re.sub(r"[^\d]", " ", joined).split())
    out = []
    for m in _DIGITS.finditer(english):
        core = re.sub(r"[^\d]", "", m.group(0)).strip("0")
        if len(core) >= 3 and not any(core in h.replace(".", "") or h.strip("0") == core for h in have):
            out.append(m.group(0).rstrip(",."))
    return out


_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SMALL = re.compile(r"(?<![\d.])(\d{1,2})(?![\d.]|\s*[%％])")


def number_words(n: int) -> set[str]:
    """English words for 0-99 (8 -> eight; 32 -> thirty-two, thirty two)."""
    if n < 20:
        return {_ONES[n]}
    tens, ones = divmod(n, 10)
    return {_TENS[tens]} if not ones else {f"{_TENS[tens]}-{_ONES[ones]}", f"{_TENS[tens]} {_ONES[ones]}"}


def _said_otherwise(source: str, english: str) -> str:
    """The source without numbers the English renders in words or another notation:
    a month alone (3月 -> March), a clock time (7:55 -> 7.55am), a small number in
    words (8艘 -> eight)."""
    from briefing.checks import MONTHS

    low = english.lower()

    def words(m: re.Match[str]) -> str:
        said = any(re.search(rf"\b{w}\b", low) for w in number_words(int(m.group(1))))
        return " " if said else m.group(0)

    def month(m: re.Match[str]) -> str:
        n = int(m.group(1))
        return " " if 1 <= n <= 12 and MONTHS[n - 1][:3] in low else m.group(0)

    def clock(m: re.Match[str]) -> str:
        h, mm = int(m.group(1)), m.group(2)
        return " " if re.search(rf"(?<!\d){h}\s*[:.]\s*{mm}(?!\d)", low) else m.group(0)

    return _SMALL.sub(words, _CLOCK.sub(clock, _MONTH_ONLY.sub(month, source)))


def lost_numbers(source: str, english: str) -> list[str]:
    """The source's numbers missing from ``english``, words and other notations allowed."""
    return number_mismatches(_said_otherwise(source, english), english)


# How much Chinese an English text may hold depends on who wrote it.  OPUS-MT copies a term it has
# no translation for through in characters (a rare name), and the sentence around it is still
# English: only a mostly Chinese output is an echo of the source.  An LLM is told to give every
# name in pinyin or English, so more than a trace of Chinese means it did not answer in English.
MT_CHINESE = 0.3
LLM_CHINESE = 0.05


def english_problem(text: str, max_chinese: float = LLM_CHINESE) -> str | None:
    """Why ``text`` cannot be shown as English at all: empty, looping, or a larger share of
    Chinese characters than ``max_chinese`` (``MT_CHINESE`` or ``LLM_CHINESE``)."""
    if not text.strip():
        return "empty answer"
    if looping(text, unit=4, n=6, share=0.4):
        return "repetition loop"
    if cjk_ratio(text) > max_chinese:
        return "not English (Chinese in the answer)"
    return None


def llm_problem(source: str, english: str) -> str | None:
    """Why an LLM's English for ``source`` is rejected, or None."""
    basic = english_problem(english)
    if basic:
        return basic
    if len(english) > 6 * len(source) + 200:
        return f"over-long answer ({len(english)} characters for {len(source)})"
    lost = lost_numbers(source, english)
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
