"""Backfill paths the other backfill tests leave to the tiny models or to Ray (issue #19): a day whose reading
raises is read again when it is built; a backfill with a translator writes what day-by-day builds write."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from tests.conftest import SEED
from tests.test_backfill import published, seed_days, summary


def test_a_day_whose_reading_raises_is_built_here_and_the_batch_goes_on(tmp_path: Path, monkeypatch) -> None:
    from briefing.backfill import stages

    days = seed_days(tmp_path / "days", ["2025-07-01", "2025-07-02", "2025-07-03"])
    reference = tmp_path / "reference"
    assert CliRunner().invoke(main, ["backfill", str(days), "--out", str(reference)]).exit_code == 0
    real = stages.read_and_split

    def read_and_split(paths, opts, date=None):
        if date == "2025-07-02":
            raise RuntimeError("an unreadable page")
        return real(paths, opts, date)

    monkeypatch.setattr(stages, "read_and_split", read_and_split)
    res = CliRunner().invoke(main, ["backfill", str(days), "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.stderr
    assert "briefing: 2025-07-02: read failed: RuntimeError: an unreadable page; building the day here" in res.stderr
    assert summary(res.stderr)["built"] == 3
    assert published(tmp_path / "out") == published(reference)


CALLS: list[list[str]] = []


@pytest.fixture
def known_english(monkeypatch):
    """The fake translator of test_english, logging each batch it is given."""
    from briefing.translators.base import translators
    from tests.test_english import KnownEnglish

    class Logged(KnownEnglish):
        def translate_batch(self, sentences, decode):
            CALLS.append(list(sentences))
            return super().translate_batch(sentences, decode)

    CALLS.clear()
    monkeypatch.setitem(translators._classes, KnownEnglish.name, Logged)
    monkeypatch.setenv("BRIEFING_TRANSLATE_BACKEND", "known-english")


def test_a_translated_backfill_writes_what_day_by_day_builds_write(tmp_path: Path, known_english) -> None:
    """Two days of records the fake translator knows: the backfill translates both days in one batch (then
    publishes from the cache, no warning), and two builds in date order write the same bytes, English included."""
    from tests.test_english import ARTICLES, KNOWN

    days = tmp_path / "days"
    days.mkdir()
    for day, rows in (("2025-07-01", ARTICLES[:1]), ("2025-07-02", ARTICLES[1:2])):
        (days / f"{day}.jsonl").write_text(json.dumps(rows[0], ensure_ascii=False) + "\n", "utf-8")
    res = CliRunner().invoke(main, ["backfill", str(days), "--out", str(tmp_path / "back"), "--translate"])
    assert res.exit_code == 0, res.stderr
    assert "warning" not in res.stderr and len(CALLS) == 1 and len(CALLS[0]) == 4, (res.stderr, CALLS)
    for day in ("2025-07-01", "2025-07-02"):
        one = CliRunner().invoke(
            main, ["build", str(days / f"{day}.jsonl"), "--out", str(tmp_path / "built"), "--date", day, "--translate"]
        )
        assert one.exit_code == 0, one.stderr
    assert published(tmp_path / "back") == published(tmp_path / "built")
    item = json.loads((tmp_path / "back" / "2025-07-02.json").read_text("utf-8"))["items"][0]["_briefing"]
    assert (item["title_en"], item["summary_en"]) == (KNOWN[ARTICLES[1]["title"]], KNOWN[ARTICLES[1]["text"]])


@pytest.mark.parametrize("terminal", [True, False])
def test_on_ray_bars_are_asked_of_ray_data_on_a_terminal_only(tmp_path: Path, monkeypatch, terminal) -> None:
    """``--engine ray`` on a terminal asks Ray Data for its bars; in a log it does not.  The engine is a
    stand-in that records how it was made and stops the run (one line, exit 2)."""
    from briefing.backfill import ray_engine
    from briefing.errors import ConfigError

    made: list[tuple[bool, bool]] = []

    class Recorded:
        def __init__(self, opts, verbose=False, progress_bars=False):
            made.append((verbose, progress_bars))
            raise ConfigError("stand-in engine: stopped")

    monkeypatch.setattr(ray_engine, "RayEngine", Recorded)
    monkeypatch.setattr("briefing.cli.on_terminal", lambda: terminal)
    days = seed_days(tmp_path / "days", ["2025-07-01"])
    res = CliRunner().invoke(main, ["backfill", str(days), "--out", str(tmp_path / "out"), "--engine", "ray"])
    assert res.exit_code == 2 and res.stderr == "briefing: error: stand-in engine: stopped\n"
    assert made == [(False, terminal)]


def test_a_workers_stages_are_built_from_the_options_it_is_given(known_english) -> None:
    """What a Ray worker builds for itself (``Summarize.loaded``, ``Translate.loaded``): the summarizer and the
    translator the options name, with the options' translation setting; the same fingerprints this machine's
    backends have, so their results are found here."""
    import dataclasses

    from briefing.backfill.stages import Summarize, Translate, translator_key
    from briefing.config import load_options
    from briefing.pipeline import Backends

    opts = load_options()
    opts = dataclasses.replace(opts, translate=dataclasses.replace(opts.translate, enabled=True))
    summarize = Summarize.loaded(opts)
    here = Backends.summarizer_for(opts)
    assert summarize.opts is opts and summarize.translating is True
    assert summarize.summarizer.fingerprint == here.fingerprint
    translate = Translate.loaded(opts)
    assert translator_key(translate.translator) == translator_key(Backends.translator_for(opts, None))
    assert translate.translator.backend.name == "known-english"


def test_dated_files_given_one_by_one_are_their_days(tmp_path: Path) -> None:
    # found by mutation testing (#19): every test gave folders; a day's files named on the command line are its inputs
    days = seed_days(tmp_path / "days", ["2025-07-01", "2025-07-02"])
    shutil.copy(days / "2025-07-02.txt", days / "2025-07-02-b.txt")
    given = [str(days / n) for n in ("2025-07-01.txt", "2025-07-02-b.txt", "2025-07-02.txt")]  # the folder's order
    one_by_one = CliRunner().invoke(main, ["backfill", *given, "--out", str(tmp_path / "files")])
    assert one_by_one.exit_code == 0, one_by_one.stderr
    as_folder = CliRunner().invoke(main, ["backfill", str(days), "--out", str(tmp_path / "folder")])
    assert as_folder.exit_code == 0, as_folder.stderr
    assert summary(one_by_one.stderr)["built"] == 2
    assert published(tmp_path / "files") == published(tmp_path / "folder")


def test_a_second_backfill_of_the_same_days_takes_every_summary_from_the_cache(tmp_path: Path, monkeypatch) -> None:
    # found by mutation testing (#19): the local engine summarizing without the run's cache still wrote the same
    # bytes, but summarized every article again (a server's requests, a model's minutes) on every later run
    from briefing.summarizers.extractive import ExtractiveSummarizer

    calls: list[int] = []
    original = ExtractiveSummarizer.summarize

    def counted(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ExtractiveSummarizer, "summarize", counted)
    days = seed_days(tmp_path / "days", ["2025-07-01", "2025-07-02"])
    first = CliRunner().invoke(main, ["backfill", str(days), "--out", str(tmp_path / "first")])
    assert first.exit_code == 0, first.stderr
    assert calls, "the first backfill summarized nothing"
    del calls[:]
    again = CliRunner().invoke(main, ["backfill", str(days), "--out", str(tmp_path / "again")])
    assert again.exit_code == 0, again.stderr
    assert calls == []
    assert published(tmp_path / "again") == published(tmp_path / "first")


def test_a_day_folder_linking_to_itself_is_read_once_and_each_link_is_one_line(tmp_path: Path) -> None:
    # found by mutation testing (#19): the inputs' digest follows a folder once; without that, two links back
    # to the day's own folder are 2**40 folders to list (until the kernel's link limit) and the run never ends
    day = tmp_path / "days" / "2025-07-01"
    day.mkdir(parents=True)
    shutil.copy(SEED, day / "page.txt")
    for name in ("again", "once-more"):
        (day / name).symlink_to(day, target_is_directory=True)
    cmd = [sys.executable, "-m", "briefing", "backfill", str(tmp_path / "days"), "--out", str(tmp_path / "out")]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr  # each link is a failed input, one line each; the page is built
    assert done.stderr.count("symbolic link loop") == 2, done.stderr
    assert summary(done.stderr)["built"] == 1
