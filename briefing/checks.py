"""Checks shared by the summary guard and the translator: numbers that must
survive, and outputs stuck in a loop.

Numbers: each Arabic number of a source (with 万/亿 multipliers, 余/多 "more
than", percentages, month-day dates) yields the forms it may take, in Chinese
as written or in English; a target passes if one of them appears as a whole
number (never inside another: 12 is not in 120, 2% is not in 12%).
2025届 -> 2025; 1100余门 -> 1,100 or 1100; 40% -> 40% or 40 percent;
16.98亿 -> 16.98 or 1.698 billion; 7月8日 -> 7月8日 or July 8.
"""

from __future__ import annotations

import math
import re

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_DATE = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_NUM = re.compile(r"(\d+(?:[.,]\d+)*)\s*(?:余|多)?\s*(万亿|万|亿|千)?\s*([%％])?")


def _fmt(value: float) -> set[str]:
    """The forms of a value; none when it has no finite one (a number of over 308 digits, a version such as
    17.1.2): such a number is matched as written only."""
    forms: set[str] = set()
    if not math.isfinite(value):
        return forms
    if value == int(value):
        forms.add(str(int(value)))
    else:
        forms.add(f"{value:.6f}".rstrip("0").rstrip("."))
    return forms


def english_forms(token: str, unit: str | None, pct: bool) -> set[str]:
    """Acceptable renderings (commas removed, lower case) of one source number."""
    written = token.replace(",", "")
    try:
        value = float(written)
    except ValueError:  # 17.1.2, 192.168.1.1: a version or an address has no value; matched as written
        value = math.nan
    forms = _fmt(value) | {written}
    scale = {"万": 1e4, "亿": 1e8, "万亿": 1e12, "千": 1e3}.get(unit or "")
    if scale:
        total = value * scale
        forms |= _fmt(total)
        for name, size in (("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("trillion", 1e12)):
            if total >= size:
                forms |= {f"{f} {name}" for f in _fmt(round(total / size, 6))}
    if pct:
        signs = ("%", " percent", " per cent", " percentage")
        forms = {f"{base}{sign}" for base in _fmt(value) | {written} for sign in signs}
    return forms


def number_mismatches(source: str, target: str) -> list[str]:
    """The numbers of ``source`` (as written there) with no acceptable form in ``target``.

    ``target`` is an English translation of ``source``, or the Chinese text a
    summary of it must be supported by.
    """
    plain = re.sub(r"\s+", "", target)
    target = target.lower().replace(",", "").replace("％", "%")
    target = re.sub(r"(\d)\s+%", r"\1%", target)
    missing: list[str] = []
    rest = source
    for m in _DATE.finditer(source):
        month, day = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            name = MONTHS[month - 1]
            ok = re.search(
                rf"\b(?:{name}|{name[:3]})\.?\s+{day}(?:st|nd|rd|th)?\b|\b{day}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{name}|{name[:3]})",
                target,
            )
            if not ok and re.sub(r"\s+", "", m.group(0)) not in plain:
                missing.append(m.group(0))
        rest = rest.replace(m.group(0), " ")
    for m in _NUM.finditer(rest):
        forms = english_forms(m.group(1), m.group(2), bool(m.group(3)))
        if not any(re.search(rf"(?<![\d.]){re.escape(f)}(?![\d])", target) for f in forms):
            missing.append(m.group(0).strip())
    return missing


def repetition(text: str, n: int = 4) -> float:
    """Share of repeated character n-grams (0: none; near 1: a loop)."""
    core = re.sub(r"\s+", "", text)
    grams = [core[i : i + n] for i in range(len(core) - n + 1)]
    if len(grams) < 8:
        return 0.0
    return 1 - len(set(grams)) / len(grams)


def looping(text: str, unit: int = 2, n: int = 4, share: float = 0.35) -> bool:
    """An output stuck repeating itself: a run of ``unit`` or more characters three
    times in a row, or a share of repeated character ``n``-grams above ``share``.

    Chinese summaries loop in short units (the guard's defaults); English words
    are longer, so the translator asks for units of 4 and 6-grams.
    """
    if re.search(rf"(\S.{{{unit - 1},40}}?)(?:\s*\1){{2,}}", text):
        return True
    return repetition(text, n) > share


# Names: a dictionary's English form of a name (上海 "Shanghai", 俄罗斯 "Russia", 普京 "Vladimir Putin") is
# rendered when the English carries one of its distinctive words, or a word of the same stem (Russia,
# Russian; China, Chinese; Iran, Iranian), or, for the countries English also calls by a word of another
# stem, that word (Sino-US; Polish); a pair of names ("China-USA") when either is.
_GENERIC = frozenset(
    "of the and for in on at a an to province river city county district lake mountain mountains sea island "
    "islands south north east west central republic people's new autonomous region municipality state".split()
)
_ALSO = {
    "united states": ("us", "u.s.", "america", "american", "americans"),
    "usa": ("us", "u.s.", "america", "american", "americans"),
    "united kingdom": ("uk", "u.k.", "britain", "british"),
    "china": ("sino",),
    "france": ("french",),
    "holland": ("netherlands", "dutch"),
    "netherlands": ("dutch", "holland"),
    "switzerland": ("swiss",),
    "philippines": ("filipino", "philippine"),
    "poland": ("polish", "pole", "poles"),
    "spain": ("spanish",),
    "denmark": ("danish", "dane", "danes"),
    "finland": ("finnish", "finn", "finns"),
    "ireland": ("irish",),
    "england": ("english",),
    "scotland": ("scottish", "scots"),
    "wales": ("welsh",),
    "thailand": ("thai", "thais"),
}
# A Chinese place's pinyin ends in its feature (沙河 "Shahe"); English may write the rest and the
# feature's English word ("Sha River").
_PINYIN_FEATURES = {
    "he": ("river",),
    "jiang": ("river",),
    "hu": ("lake",),
    "shan": ("mountain", "mountains", "mount", "mt"),
    "dao": ("island",),
}
_WORD = re.compile(r"[a-z][a-z'.]*")  # a hyphen joins two words (Russian-Kazakh)


def _same_stem(word: str, english: set[str]) -> bool:
    return word in english or (len(word) >= 4 and any(e[:4] == word[:4] and len(e) >= 4 for e in english))


def _feature_split(word: str, english: set[str]) -> bool:
    """Whether ``word``, a place's pinyin, is in ``english`` with its feature written another way: as its
    first syllables and the feature's word (Shahe: "Sha River"), or joined to the feature's syllable
    before the feature's word (Tai, "Lake Tai": "Taihu Lake")."""
    for syllable, features in _PINYIN_FEATURES.items():
        if not any(f in english for f in features):
            continue
        stem = word.removesuffix(syllable)
        if (stem != word and len(stem) >= 2 and stem in english) or word + syllable in english:
            return True
    return False


def renders_name(form: str, english: str) -> bool:
    """Whether ``english`` carries the name whose dictionary form is ``form``."""
    words = {w.strip(".'") for w in _WORD.findall(english.lower())}
    words |= {w.removesuffix("'s") for w in words} | {w.replace(".", "") for w in words}  # U.S.: us
    capitals = [w.lower() for w in re.findall(r"[A-Z][A-Za-z']*", form)]  # a pair (China-USA): each name
    if any(a.strip(".") in words for name in [form.lower(), *capitals] for a in _ALSO.get(name, ())):
        return True
    distinctive = [w for w in capitals if w not in _GENERIC] or capitals
    return not distinctive or any(
        _same_stem(w.removesuffix("'s"), words) or _feature_split(w, words) for w in distinctive
    )


def renders_term(form: str, english: str) -> bool:
    """Whether ``english`` carries a glossary term whose English is ``form``: the whole rendering, or, for
    a name (capitalised: "Xinhua News Agency"), what ``renders_name`` accepts ("Xinhua")."""
    return form.lower() in english.lower() or (form[:1].isupper() and renders_name(form, english))


def names_missing(known: dict[str, str], english: str) -> list[str]:
    """The names of ``known`` (a name and its English form) that ``english`` does not render, as
    "name (form)"."""
    return [f"{name} ({form})" for name, form in known.items() if not renders_name(form, english)]
