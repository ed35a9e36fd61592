"""Check that the numbers of a Chinese source survive in its English translation.

Each Arabic number in the source (with 万/亿 multipliers, 余/多 "more than",
percentages, month-day dates) yields the English forms it may take; the
translation passes if one of them appears.  2025届 -> 2025; 1100余门 -> 1,100
or 1100; 40% -> 40% or 40 percent; 16.98亿 -> 1.698 billion; 7月8日 -> July 8.
"""

from __future__ import annotations

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
    forms = set()
    if value == int(value):
        forms.add(str(int(value)))
    else:
        forms.add(f"{value:.6f}".rstrip("0").rstrip("."))
    return forms


def english_forms(token: str, unit: str | None, pct: bool) -> set[str]:
    """Acceptable renderings (commas removed, lower case) of one source number."""
    value = float(token.replace(",", ""))
    forms = _fmt(value)
    scale = {"万": 1e4, "亿": 1e8, "万亿": 1e12, "千": 1e3}.get(unit or "")
    if scale:
        total = value * scale
        forms |= _fmt(total)
        for name, size in (("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("trillion", 1e12)):
            if total >= size:
                forms |= {f"{f} {name}" for f in _fmt(round(total / size, 6))}
    if pct:
        base = next(iter(_fmt(value)))
        forms = {f"{base}%", f"{base} percent", f"{base} per cent", f"{base} percentage"}
    return forms


def number_mismatches(source: str, english: str) -> list[str]:
    """Source numbers with no acceptable form in ``english``."""
    target = english.lower().replace(",", "")
    target = re.sub(r"(\d)\s+%", r"\1%", target)
    missing: list[str] = []
    rest = source
    for m in _DATE.finditer(source):
        month, day = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            name = MONTHS[month - 1]
            ok = re.search(
                rf"\b(?:{name}|{name[:3]})\.?\s+{day}\b|\b{day}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{name}|{name[:3]})",
                target,
            )
            if not ok:
                missing.append(m.group(0))
        rest = rest.replace(m.group(0), " ")
    for m in _NUM.finditer(rest):
        forms = english_forms(m.group(1), m.group(2), bool(m.group(3)))
        if not any(re.search(rf"(?<![\d.]){re.escape(f)}(?![\d])", target) for f in forms):
            missing.append(m.group(0).strip())
    return missing
