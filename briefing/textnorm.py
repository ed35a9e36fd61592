"""Chinese text normalization shared by every stage.

NFKC is applied only where it is safe (full-width Latin letters, digits and
spaces); punctuation is made consistent the other way round: half-width
``, ; : ? ! ( )`` between Chinese characters become their full-width forms, as
a Chinese page prints them.  Numbers and Latin text are left alone.
"""

from __future__ import annotations

import re
import unicodedata

from briefing.untrusted import clean_text, visible

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{CJK}]")
# Characters that, on the left of a half-width mark, make it a Chinese mark.
_LEFT = f"[{CJK}”’」』》）】〉]"
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_PUNCT_RE = re.compile(f"(?<={_LEFT})([,;:?!])(?:(?=[^\\s,;:?!])|$)")
_PAREN_RE = re.compile(r"\(([^()\n]{0,80})\)")
_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05\uff0e\uff0b\uff0d]")
_SPACES_RE = re.compile("[ \t\u00a0\u3000]+")


def has_cjk(text: str) -> bool:
    return bool(_CJK_RE.search(text))


def cjk_ratio(text: str) -> float:
    """Share of CJK characters among the non-space characters of ``text``."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    return sum(1 for c in chars if _CJK_RE.match(c)) / len(chars)


def _paren(match: re.Match[str]) -> str:
    inner = match.group(1)
    return f"（{inner}）" if has_cjk(inner) else match.group(0)


def normalize(text: str) -> str:
    """Normalize one paragraph of Chinese news text (idempotent)."""
    text = visible(clean_text(text))  # an HTML entity or a JSON escape can spell a control or format character
    text = _FULLWIDTH_ALNUM.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    text = _SPACES_RE.sub(" ", text).strip()
    text = _PAREN_RE.sub(_paren, text)
    return _PUNCT_RE.sub(lambda m: _HALF_TO_FULL[m.group(1)], text)


_NON_WORD_RE = re.compile(r"[\W_]+")


def bare(text: str) -> str:
    """``text`` without spaces and punctuation: what its length and n-grams are measured on."""
    return _NON_WORD_RE.sub("", text)


def fold(text: str) -> str:
    """A key for comparing texts: NFKC, no spaces or punctuation, lower case."""
    return bare(unicodedata.normalize("NFKC", text).lower())
