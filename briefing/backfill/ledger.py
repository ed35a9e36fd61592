"""The record of finished days in an output folder: what a resumed backfill skips, checked by content.

One JSON line per finished day in ``OUT/.briefing/backfill.jsonl``: the digest
of its inputs, the fingerprint of the settings and models, a digest of the
earlier days it was compared with, and the SHA-256 of each of its published
files.  A day is skipped only when all of these still hold: the same inputs,
settings and earlier days, and every one of its files published with the
recorded bytes.  A page re-linked by a later day is recorded again with its
new bytes.  The file lives in the output folder because it describes that
folder: a copy of the folder carries it, a new folder starts without it.

The file is untrusted like the rest of the folder: a damaged or foreign line
is skipped (that day is built again), and the file is read up to a size limit.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import asdict, dataclass, field
from typing import Any

from briefing.cache import make_key
from briefing.config import Options
from briefing.errors import PublishError
from briefing.history import day_files
from briefing.outfolder import OutFolder
from briefing.state import atomic_write

log = logging.getLogger("briefing")
LEDGER = "backfill.jsonl"
MAX_LEDGER_BYTES = 64_000_000


@dataclass(frozen=True)
class DayRecord:
    """A finished day: the digests that decided it and its published files' digests."""

    date: str
    inputs: str
    settings: str
    earlier: str
    files: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, raw: Any) -> DayRecord | None:
        """A record from one line's JSON, or None when it is not one of ours."""
        if not isinstance(raw, dict):
            return None
        date, inputs, settings, earlier, files = (
            raw.get(k) for k in ("date", "inputs", "settings", "earlier", "files")
        )
        if not (isinstance(date, str) and isinstance(inputs, str) and isinstance(settings, str)):
            return None
        if not isinstance(earlier, str) or not isinstance(files, dict):
            return None
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
            return None
        return cls(date, inputs, settings, earlier, files)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def earlier_key(out: OutFolder, day: str, opts: Options) -> str:
    """The earlier days that shape ``day``'s files, by content: the briefings it is compared with
    (continuity) and the one its page links back to."""
    from briefing.publish import navigation

    ed = opts.editorial
    files = day_files(out.path)
    window = [(d, p) for d, p in files if d < day][-max(ed.continuity_days, ed.feed_days) :]
    parts = []
    for d, path in window:
        try:
            parts.append((d, digest(path.read_bytes())))
        except OSError as exc:
            parts.append((d, f"unreadable:{exc.errno}"))
    return make_key(parts, navigation(out.path, day, opts.formats, opts.base_url, [d for d, _ in files]).prev)


def _line(record: DayRecord) -> str:
    return json.dumps(asdict(record), ensure_ascii=False, sort_keys=True) + "\n"


class Ledger:
    """The finished days of one output folder."""

    def __init__(self, out: OutFolder) -> None:
        self.out = out
        self.path = out.meta / LEDGER
        self.days: dict[str, DayRecord] = {}
        self.damaged = 0
        self.lines = 0  # lines in the file: a day is appended again whenever its files change

    def load(self) -> Ledger:
        """Read the records (the last one of a day wins); a damaged line or file means that day is built again."""
        self.days, self.damaged, self.lines = {}, 0, 0
        try:
            if self.path.stat().st_size > MAX_LEDGER_BYTES:
                log.warning(
                    "warning: %s is larger than %d MB: every day is built again", self.path, MAX_LEDGER_BYTES // 10**6
                )
                return self
            text = self.path.read_bytes().decode("utf-8", "replace")
        except FileNotFoundError:
            return self
        except OSError as exc:
            log.warning("warning: %s cannot be read (%s): every day is built again", self.path, exc.strerror)
            return self
        for line in text.splitlines():
            self.lines += 1
            try:
                record = DayRecord.parse(json.loads(line))
            except (ValueError, RecursionError):
                record = None
            if record is None:
                self.damaged += 1
                continue
            self.days[record.date] = record
        return self

    def intact(self, record: DayRecord) -> bool:
        """Whether every file of the day is published with the bytes recorded."""
        if not record.files:
            return False
        for name, expected in record.files.items():
            if not name.startswith(record.date):
                return False  # not a dated file of that day: a foreign record
            try:
                if digest((self.out.path / name).read_bytes()) != expected:
                    return False
            except OSError:
                return False
        return True

    def finished(self, date: str, inputs: str, settings: str, earlier: str | None = None) -> bool:
        """Whether ``date`` is done: same inputs and settings (and earlier days, when given), files intact."""
        record = self.days.get(date)
        if record is None or record.inputs != inputs or record.settings != settings:
            return False
        return (earlier is None or record.earlier == earlier) and self.intact(record)

    def record(self, records: list[DayRecord]) -> None:
        """Append records and sync them to disk (a run killed after this keeps them)."""
        if not records:
            return
        lines = "".join(map(_line, records))
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
            try:
                os.write(fd, lines.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:  # the output folder's disk: every later day would fail alike
            raise PublishError(f"cannot record the finished days in {self.path} ({exc.strerror})") from None
        for r in records:
            self.days[r.date] = r
        self.lines += len(records)

    @property
    def wasteful(self) -> bool:
        """Whether the file holds damaged lines, or over twice as many lines as days."""
        return self.damaged > 0 or self.lines > 2 * len(self.days)

    def compact(self) -> None:
        """Rewrite the file with one line per day (it only grows otherwise)."""
        atomic_write(self.path, "".join(_line(r) for _, r in sorted(self.days.items())))
        self.damaged, self.lines = 0, len(self.days)


def day_files_of(date: str, files: dict[str, bytes]) -> dict[str, str]:
    """The digests of the dated files of ``date`` among a publication's files."""
    return {name: digest(data) for name, data in files.items() if name.startswith(date + ".")}


def relinked(records: dict[str, DayRecord], date: str, files: dict[str, bytes]) -> list[DayRecord]:
    """Records of other finished days whose pages a publication of ``date`` rewrote, with their new digests."""
    out = []
    for other in sorted({name[:10] for name in files} - {date}):
        record = records.get(other)
        fresh = day_files_of(other, files)
        if record is not None and any(record.files.get(name) != d for name, d in fresh.items()):
            out.append(
                DayRecord(record.date, record.inputs, record.settings, record.earlier, {**record.files, **fresh})
            )
    return out
