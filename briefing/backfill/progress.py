"""Progress of a backfill: one bar per stage on a terminal, nothing in a log."""

from __future__ import annotations

import time
from typing import Protocol, TextIO

BAR = 24
ORDER = ("read", "summarize", "translate", "publish")  # the stages in the order a day passes them


class Progress(Protocol):
    """What a backfill tells about its stages as it goes."""

    def expect(self, stage: str, total: int, unit: str) -> None:
        """``stage`` has ``total`` more ``unit`` to do (adds up when called again)."""

    def advance(self, stage: str, done: int = 1) -> None:
        """``done`` more of ``stage`` are finished."""

    def close(self) -> None:
        """The run is over: the last state stays on the screen."""


class NoProgress:
    """For logs, pipes and libraries: nothing is drawn."""

    def expect(self, stage: str, total: int, unit: str) -> None:
        return None

    def advance(self, stage: str, done: int = 1) -> None:
        return None

    def close(self) -> None:
        return None


class Bars:
    """One line per stage, redrawn in place (at most every ``every`` seconds) on a terminal."""

    def __init__(self, stream: TextIO, every: float = 0.2) -> None:
        self.stream = stream
        self.every = every
        self.stages: dict[str, list[int]] = {}  # stage -> [done, total]
        self.units: dict[str, str] = {}
        self._drawn = 0
        self._last = 0.0

    def expect(self, stage: str, total: int, unit: str) -> None:
        self.stages.setdefault(stage, [0, 0])[1] += total
        self.units[stage] = unit
        self._draw()

    def advance(self, stage: str, done: int = 1) -> None:
        self.stages.setdefault(stage, [0, 0])[0] += done
        self._draw()

    def close(self) -> None:
        self._draw(force=True)

    def line(self, stage: str) -> str:
        done, total = self.stages[stage]
        filled = BAR * min(done, total) // total if total else 0
        unit = self.units.get(stage, "")
        return f"{stage:<10} [{'#' * filled}{'-' * (BAR - filled)}] {done:>7,}/{total:,} {unit}"

    def _draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < self.every:
            return
        self._last = now
        up = f"\x1b[{self._drawn}F" if self._drawn else ""
        stages = sorted(self.stages, key=lambda s: ORDER.index(s) if s in ORDER else len(ORDER))
        self.stream.write(up + "".join(f"\x1b[2K{self.line(s)}\n" for s in stages))
        self.stream.flush()
        self._drawn = len(self.stages)
