"""What a backfill has to do: each day's inputs, and what decides each day's output.

A day's inputs are the files and folders whose names start with its date
(``2024-03-05.jsonl``, ``2024-03-05/``, ``20240305.txt``), given themselves or
found directly inside a given folder; a fetch archive (``<archive>/YYYY-MM-DD/``)
is such a folder.  Each day is then built from exactly those paths, as
``briefing build PATHS --date D`` would build it.

A day's output is decided by its inputs' bytes, the settings and models that
shape a briefing, and the earlier days it is compared with; the first two are
digested here (:func:`inputs_digest`, :func:`settings_fingerprint`), the last
when the day's turn comes (:mod:`.ledger`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing import __version__
from briefing.cache import folder_fingerprint, make_key
from briefing.errors import ConfigError

if TYPE_CHECKING:
    from briefing.config import Options
    from briefing.pipeline import Backends

# a date at the start of a name, then the end of the name or a separator
_DATED = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d{8})(?=$|[._\-\s])")
# settings that change how a run goes, never what a day's files say
RUN_ONLY = frozenset(
    {"out", "build.lock_timeout", "build.cache_days", "openai", "fetch", "sources", "mail.sender", "mail.user_env"}
    | {"mail.password_env", "mail.timeout", "backfill", "config_file"}
)
_CHUNK = 1 << 20


@dataclass(frozen=True)
class DayInputs:
    """One day of the range and the inputs it is built from."""

    date: str
    paths: tuple[str, ...]


@dataclass
class Found:
    """The days of a range with inputs, and one line per input left out (not an error)."""

    days: list[DayInputs]
    notes: list[str]


def date_of_name(name: str) -> str | None:
    """The date a file or folder name starts with (YYYY-MM-DD or YYYYMMDD), as YYYY-MM-DD; None if none."""
    m = _DATED.match(name)
    if not m:
        return None
    raw = m.group(1)
    iso = raw if "-" in raw else f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"
    try:
        return dt.date.fromisoformat(iso).isoformat()
    except ValueError:
        return None


def check_range(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """--from and --to as dates (either may be open); exit 2 on a wrong one or an empty range."""
    out: list[str | None] = []
    for flag, value in (("--from", start), ("--to", end)):
        if value is None:
            out.append(None)
            continue
        try:
            out.append(dt.date.fromisoformat(value).isoformat())
        except ValueError:
            raise ConfigError(f"{flag} must be YYYY-MM-DD, not {value!r}") from None
    if out[0] and out[1] and out[0] > out[1]:
        raise ConfigError(f"--from {out[0]} is after --to {out[1]}: the range is empty")
    return out[0], out[1]


def find_days(paths: list[str], start: str | None = None, end: str | None = None) -> Found:
    """Every day from ``start`` to ``end`` (inclusive, open when None) that has inputs, oldest first.

    A path is a dated file or folder, or a folder holding them; anything else is
    a usage error (exit 2), since no day could be told from it.
    """
    by_day: dict[str, list[str]] = {}
    notes: list[str] = []
    for given in paths:
        path = Path(given)
        own = date_of_name(path.name)
        if own is not None and path.exists():
            by_day.setdefault(own, []).append(given)
            continue
        if not path.is_dir():
            what = "does not exist" if not path.exists() else "is neither a dated file or folder nor a folder of them"
            raise ConfigError(f"{given}: {what} (a day's inputs are named YYYY-MM-DD... or YYYYMMDD...)")
        undated = 0
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError as exc:
            raise ConfigError(f"{given}: cannot list the folder ({exc.strerror})") from None
        for entry in entries:
            day = date_of_name(entry.name)
            if day is None:
                undated += 0 if entry.name.startswith(".") else 1
            else:
                by_day.setdefault(day, []).append(os.path.join(given, entry.name))
        if undated:
            notes.append(f"{given}: {undated} entries carry no date in their name; left out")
    days = [
        DayInputs(day, tuple(found))
        for day, found in sorted(by_day.items())
        if (start is None or day >= start) and (end is None or day <= end)
    ]
    return Found(days, notes)


def _file_digest(path: Path, st: os.stat_result, limit: int, h: Any) -> None:
    if st.st_size > limit:  # the reader refuses it; its size and time stand for it
        h.update(f"too large:{st.st_size}:{st.st_mtime_ns}".encode())
        return
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                h.update(chunk)
    except OSError as exc:
        h.update(f"unreadable:{exc.errno}".encode())


def inputs_digest(paths: tuple[str, ...], max_bytes: int) -> str:
    """A digest of everything a day is built from: every file under its paths by name and content.

    Links are followed as the reader follows them (a folder once: a loop ends);
    a pipe, a device or a socket counts by name and kind only (it is never
    read here); a file above ``max_bytes`` by size and modification time.
    """
    h = hashlib.sha256()
    seen: set[tuple[int, int]] = set()

    def visit(path: Path, name: str) -> None:
        try:
            st = path.stat()
        except OSError as exc:
            h.update(f"{name}\0missing:{exc.errno}\0".encode("utf-8", "surrogateescape"))
            return
        h.update(f"{name}\0{stat.S_IFMT(st.st_mode)}\0".encode("utf-8", "surrogateescape"))
        if stat.S_ISREG(st.st_mode):
            _file_digest(path, st, max_bytes, h)
        elif stat.S_ISDIR(st.st_mode) and (st.st_dev, st.st_ino) not in seen:
            seen.add((st.st_dev, st.st_ino))
            try:
                children = sorted(os.listdir(path))
            except OSError as exc:
                h.update(f"unlistable:{exc.errno}".encode())
                return
            for child in children:
                visit(path / child, f"{name}/{child}")
        h.update(b"\0")

    for given in paths:
        visit(Path(given), Path(given).name)
    return h.hexdigest()


def _without(data: dict[str, Any], keys: frozenset[str], prefix: str = "") -> dict[str, Any]:
    out = {}
    for name, value in data.items():
        key = prefix + name
        if key in keys:
            continue
        out[name] = _without(value, keys, key + ".") if isinstance(value, dict) else value
    return out


def settings_fingerprint(opts: Options, backends: Backends) -> str:
    """Everything besides the inputs and earlier days that decides a day's files, hashed.

    Every setting but the run-only ones (:data:`RUN_ONLY`), the templates
    (packaged and the user's, by content), the glossary, the summarizer's and
    the translator's fingerprints (model files, decoding, prompts) and the
    package version.  A setting added later counts unless it is declared
    run-only: a needless rebuild is cheaper than a stale day.
    """
    from briefing.backfill.stages import translator_key
    from briefing.render import packaged_templates
    from briefing.translators.glossary import load_glossary

    translator = backends.translator
    glossary = translator.glossary if translator is not None else load_glossary(opts.translate.glossary or None)
    return make_key(
        "backfill",
        __version__,
        _without(dataclasses.asdict(opts), RUN_ONLY),
        folder_fingerprint(str(packaged_templates())),
        folder_fingerprint(str(Path(opts.templates).resolve())) if opts.templates else "",
        glossary.key,
        backends.summarizer.fingerprint,
        translator_key(translator) if translator is not None else "",
    )
