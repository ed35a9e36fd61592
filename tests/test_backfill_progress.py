"""``briefing backfill`` on a terminal: one bar per stage, redrawn in place, in the order a day passes the
stages, the last state left on the screen (issue #19)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.backfill.progress import BAR, Bars
from briefing.cli import main
from tests.test_backfill import seed_days

DAYS = ["2022-09-26", "2022-09-27", "2022-09-28"]
LINE = re.compile(r"(\w+) +\[(#*)(-*)\] +([\d,]+)/([\d,]+) (\w+)")


def frames(stream: str) -> list[list[str]]:
    """The frames drawn: each starts after a cursor-up (or at the start) and holds its cleared lines."""
    return [
        [line.removeprefix("\x1b[2K") for line in frame.splitlines() if line.startswith("\x1b[2K")]
        for frame in re.split(r"\x1b\[\d+F", stream)
    ]


def test_backfill_on_a_terminal_ends_with_every_stage_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last frame: read, summarize, publish in that order, each done of its total with a full bar; the
    summary line after it; nothing drawn with -q or off a terminal."""
    monkeypatch.setattr("briefing.cli.on_terminal", lambda: True)
    folder = seed_days(tmp_path / "days", DAYS)
    res = CliRunner().invoke(main, ["backfill", str(folder), "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.stderr
    last = frames(res.stderr)[-1]
    stages = [LINE.fullmatch(line) for line in last]
    assert all(stages), last
    assert [m.group(1) for m in stages] == ["read", "summarize", "publish"]
    for m in stages:
        assert len(m.group(2)) == BAR and m.group(3) == "" and m.group(4) == m.group(5), m.group(0)
    assert stages[0].group(5) == "3" and stages[2].group(5) == "3" and stages[2].group(6) == "days"
    assert res.stderr.splitlines()[-1].startswith("backfill (local): 3 days: 3 built")
    quiet = CliRunner().invoke(main, ["-q", "backfill", str(folder), "--out", str(tmp_path / "q")])
    assert quiet.exit_code == 0 and quiet.stderr == ""
    monkeypatch.setattr("briefing.cli.on_terminal", lambda: False)
    log = CliRunner().invoke(main, ["backfill", str(folder), "--out", str(tmp_path / "log")])
    assert log.exit_code == 0 and "\x1b" not in log.stderr


def test_bars_fill_in_proportion_and_redraw_over_the_last_frame() -> None:
    """Each redraw moves up over exactly the lines of the frame before; a bar fills done/total of its width
    (rounded down), never past full; a stage with nothing expected is empty; stages known to the run come
    in their order, others after them."""
    out = io.StringIO()
    bars = Bars(out, every=0)
    bars.expect("publish", 3, "days")
    bars.expect("other", 0, "things")
    bars.expect("read", 2, "days")
    bars.advance("read")
    bars.advance("publish")
    bars.expect("publish", 1, "days")  # adds up
    bars.advance("read", 5)  # more than expected: the bar stays full
    bars.close()
    text = out.getvalue()
    ups = [int(n) for n in re.findall(r"\x1b\[(\d+)F", text)]
    drawn = frames(text)
    assert ups == [len(frame) for frame in drawn[:-1]] and len(drawn) == 8
    assert drawn[-1] == [
        f"read       [{'#' * BAR}]       6/2 days",
        f"publish    [{'#' * (BAR // 4)}{'-' * (BAR - BAR // 4)}]       1/4 days",
        f"other      [{'-' * BAR}]       0/0 things",
    ]
    assert drawn[3][0] == f"read       [{'#' * (BAR // 2)}{'-' * (BAR // 2)}]       1/2 days"


def test_bars_redraw_at_most_every_interval_and_always_when_closed() -> None:
    """With an interval far longer than the test, only the first change is drawn, and close draws the last
    state; with no interval every change is."""
    out = io.StringIO()
    bars = Bars(out, every=3600)
    bars.expect("read", 2, "days")
    bars.advance("read")
    bars.advance("read")
    assert len(frames(out.getvalue())) == 1
    bars.close()
    assert frames(out.getvalue())[-1] == [f"read       [{'#' * BAR}]       2/2 days"]
    assert len(frames(out.getvalue())) == 2
    bars = Bars(io.StringIO(), every=0)
    for _ in range(3):
        bars.advance("read")
    assert len(frames(bars.stream.getvalue())) == 3


def test_every_frame_is_flushed_to_the_terminal() -> None:
    """A frame is pushed out when drawn (a terminal's stream is buffered): each draw ends with a flush."""

    class Screen(io.StringIO):
        def __init__(self) -> None:
            super().__init__()
            self.flushed: list[str] = []

        def flush(self) -> None:
            self.flushed.append(self.getvalue())

    screen = Screen()
    bars = Bars(screen, every=0)
    bars.expect("read", 1, "days")
    bars.advance("read")
    assert screen.flushed == [screen.getvalue()[: len(screen.flushed[0])], screen.getvalue()]
