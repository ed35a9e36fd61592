"""Text from outside: cleaned once where it enters, quoted where it is logged.

Everything a run reads from outside is untrusted: input files, fetched pages
and their metadata, feeds, HTTP headers, earlier days' JSON, archive records.
Where such text enters a record it passes :func:`clean_text` (or
:func:`clean_line` for a one-line field such as a title), which drops what no
output may carry: C0 and C1 control characters but tab and line breaks,
DEL, the noncharacters U+FFFE and U+FFFF that XML 1.0 excludes, and lone
surrogates (a JSON escape can make one; no UTF-8 file can hold it).  Every
later stage can then write any format (XML feeds, mail headers, JSON) without
a check of its own.

What a reader is shown as a line or a story's text (titles, names, paragraphs:
:func:`clean_line`, and :func:`briefing.textnorm.normalize` for article text)
also loses the invisible format characters (:func:`visible`: Unicode category
Cf, bidi embeddings, overrides and isolates such as U+202E, zero-width
characters, the soft hyphen): left open, an override reverses the rest of a
page, a feed reader's list or a mail's subject, and it can hide in a name.  A
link keeps them, and its check refuses it (:mod:`briefing.urls`): dropped, its
target would change unseen.

Log lines and error messages show outside values through :func:`shown`: as
they are when short and printable, else quoted as one clean line and cut, so
a value can never start a line of its own in a cron log or flood it.
"""

from __future__ import annotations

import re

# What no output may carry: C0 controls but TAB, LF and CR; DEL and the C1 controls; U+FFFE, U+FFFF;
# lone surrogates.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
# The format characters (category Cf, as of this Python's Unicode 14; test_untrusted checks every code point).
_FORMAT = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
# Runs of whitespace, line and paragraph separators included: one space in a one-line field.
_SPACES = re.compile(r"\s+")
SHOWN_MAX = 160  # characters of an outside value a log line shows


def clean_text(text: str) -> str:
    """``text`` without the characters no output may carry (line breaks and tabs are kept)."""
    return _NOT_TEXT.sub("", text)


def visible(text: str) -> str:
    """``text`` without the invisible format characters (category Cf) that no reader is shown."""
    return _FORMAT.sub("", text)


def clean_line(text: str) -> str:
    """One line of clean, :func:`visible` text: :func:`clean_text`, no format character, every run of
    whitespace (line breaks too) one space, no space at either end.  For titles, names and other one-line
    fields."""
    return _SPACES.sub(" ", visible(clean_text(text))).strip()


def shown(value: object, limit: int = SHOWN_MAX) -> str:
    """An outside value for a log line: as it is when printable and at most ``limit`` characters long;
    else quoted (Python's escapes) as one clean line (:func:`clean_line`), cut after ``limit`` characters,
    saying how many control characters were left out, so it can never start a line of its own."""
    text = value if isinstance(value, str) else str(value)
    if len(text) <= limit and text.isprintable():
        return text
    line = clean_line(text)
    dropped = len(text) - len(clean_text(text))
    out = repr(line[:limit])
    if len(line) > limit:
        out += f"…(+{len(line) - limit:,} characters)"
    if dropped:
        out += f" ({dropped} control character{'s' if dropped > 1 else ''} left out)"
    return out
