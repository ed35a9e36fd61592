"""Terminology: a zh -> en glossary (packaged starter terms plus the user's),
enforced by placeholder masking and checked after translation."""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from briefing.errors import ConfigError

PLACEHOLDER = "ZX{}Q"
_PLACEHOLDER_RE = re.compile(r"Z\s*X\s*(\d+)\s*Q", re.IGNORECASE)


@dataclass
class Glossary:
    """Terms sorted longest first, so 国务院办公厅 wins over 国务院."""

    terms: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # (reverse order alone would do: a term sharing a start with a longer one is its prefix)
        self._order = sorted(self.terms, key=len, reverse=True)  # pragma: no mutate
        self._re = re.compile("|".join(map(re.escape, self._order))) if self._order else None

    @property
    def key(self) -> str:
        return "|".join(f"{k}={self.terms[k]}" for k in sorted(self.terms))

    def found(self, text: str) -> list[str]:
        """Glossary terms occurring in ``text`` (longest match, left to right)."""
        return [m.group(0) for m in self.matches(text)]

    def matches(self, text: str) -> Iterator[re.Match[str]]:
        """Where glossary terms occur in ``text`` (longest match, left to right)."""
        return self._re.finditer(text) if self._re else iter(())

    def mask(self, text: str) -> tuple[str, list[str]]:
        """Replace terms by placeholders the model copies through; return the terms in order."""
        found: list[str] = []
        if not self._re:
            return text, found

        def sub(m: re.Match[str]) -> str:
            found.append(m.group(0))
            return f" {PLACEHOLDER.format(len(found) - 1)} "

        return self._re.sub(sub, text).strip(), found

    def unmask(self, text: str, found: list[str]) -> tuple[str, list[str]]:
        """Put the English terms back; return the terms whose placeholder was lost."""
        seen: set[int] = set()

        def sub(m: re.Match[str]) -> str:
            i = int(m.group(1))
            if i < len(found):
                seen.add(i)
                return self.terms[found[i]]
            return ""

        out = _PLACEHOLDER_RE.sub(sub, text)
        lost = [t for i, t in enumerate(found) if i not in seen]
        return re.sub(r"\s{2,}", " ", out).strip(), lost

    def missing(self, source: str, english: str) -> list[str]:
        """Terms in ``source`` whose English rendering is absent from ``english``."""
        low = english.lower()
        return [t for t in dict.fromkeys(self.found(source)) if self.terms[t].lower() not in low]


def _read(path: Path) -> dict[str, str]:
    try:
        if path.suffix.lower() == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as fh:
                rows = [r for r in csv.reader(fh) if r and not r[0].startswith("#")]
            if rows and rows[0][:2] in (["zh", "en"], ["source", "target"]):
                rows = rows[1:]
            bad = [n for n, r in enumerate(rows, 1) if len(r) < 2 or not r[0].strip() or not r[1].strip()]
            if bad:
                raise ConfigError(f"{path}: row {bad[0]} needs two columns: zh,en")
            return {r[0].strip(): r[1].strip() for r in rows}
        data = tomllib.loads(path.read_text("utf-8"))
        terms = data.get("terms", data)
        if not isinstance(terms, dict) or not all(isinstance(v, str) for v in terms.values()):
            raise ConfigError(f"{path}: glossary values must be strings (a [terms] table of zh = en)")
        return dict(terms)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, csv.Error, RecursionError) as exc:
        raise ConfigError(f"{path}: cannot read glossary ({exc})") from exc


def load_glossary(user: str | None = None) -> Glossary:
    """The packaged starter glossary, overridden and extended by the user's file."""
    terms = dict(tomllib.loads(resources.files("briefing").joinpath("glossary.toml").read_text("utf-8"))["terms"])
    if user:
        path = Path(user)
        if not path.is_file():
            raise ConfigError(f"{path}: glossary file not found")
        terms.update(_read(path))
    return Glossary(terms)
