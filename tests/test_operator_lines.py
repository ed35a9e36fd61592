"""What the operator reads (issue #19): the run report says what the day's JSON and stderr say, line for
line; a ledger that cannot be read is one warning; an earlier day's refused values are summed up in one
line, the first two named and the rest counted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.report import NO_TRANSLATOR
from tests.conftest import SEED
from tests.test_editorial import GAME, SHIP, SNOW, TEA, page


def report_of(out: Path, date: str) -> list[str]:
    return (out / ".briefing" / "reports" / f"{date}.txt").read_text("utf-8").split("\n")


def test_the_report_says_what_the_json_and_stderr_say(tmp_path):
    """No translator, two stories cut by the cap, an input that fails: the report's header, its counts, its
    problems (the error lines of stderr, in order) and the stories left out (the JSON's cut ones with their
    reasons), each section after one empty line, the file ending in one newline."""
    src = tmp_path / "p.md"
    src.write_text(page("晚间新闻", "2024-01-02", [SNOW, TEA, SHIP, GAME]), "utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    cfg = tmp_path / "c.toml"
    cfg.write_text("[editorial]\nmax_stories = 2\ntop_stories = 1\n", "utf-8")
    out = tmp_path / "out"
    args = ["build", str(src), str(bad), "--out", str(out), "--date", "2024-01-03", "--config", str(cfg)]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 1, res.output
    data = json.loads((out / "2024-01-03.json").read_text("utf-8"))
    errors = [
        line.removeprefix("briefing: error: ")
        for line in res.stderr.splitlines()
        if line.startswith("briefing: error: ")
    ]
    cut = [i for i in data["items"] if i["_briefing"]["cut"]]
    assert len(errors) == 2 and len(cut) == 2
    assert report_of(out, "2024-01-03") == [
        f"briefing report for 2024-01-03 ({data['_briefing']['generator']})",
        "stories: 2 shown, 2 left out",
        NO_TRANSLATOR,
        "",
        "problems (2):",
        *(f"- {e}" for e in errors),
        "",
        "left out of the page (in the JSON) (2):",
        *(f"- «{i['title']}»: {i['_briefing']['cut_reason']}" for i in cut),
        "",
    ]


def test_the_report_of_a_translated_day_names_the_model_and_where_it_ran(tmp_path, monkeypatch):
    """A local translator (the fake of test_english): "English: 2 of 3 stories by MODEL on this machine",
    then each story's flags with its anchor, as the JSON has them; nothing left out, so no such section."""
    from briefing.translators.base import translators
    from tests.test_english import ARTICLES, KnownEnglish

    monkeypatch.setitem(translators._classes, KnownEnglish.name, KnownEnglish)
    src = tmp_path / "news.jsonl"
    src.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES) + "\n", "utf-8")
    out = tmp_path / "out"
    res = CliRunner(env={"BRIEFING_TRANSLATE_BACKEND": "known-english"}).invoke(
        main, ["build", str(src), "--out", str(out), "--date", "2025-07-09", "--translate"]
    )
    assert res.exit_code == 1, res.output
    data = json.loads((out / "2025-07-09.json").read_text("utf-8"))
    flags = [(i["title"], i["_briefing"]["anchor"], f) for i in data["items"] for f in i["_briefing"]["flags"]]
    errors = [
        line.removeprefix("briefing: error: ")
        for line in res.stderr.splitlines()
        if line.startswith("briefing: error: ")
    ]
    model = data["_briefing"]["english"]["model"]
    assert model and len(flags) == 2 and len(errors) == 1
    assert report_of(out, "2025-07-09") == [
        f"briefing report for 2025-07-09 ({data['_briefing']['generator']})",
        "stories: 3 shown, 0 left out",
        f"English: 2 of 3 stories by {model} on this machine",
        "",
        "problems (1):",
        f"- {errors[0]}",
        "",
        "flags (2):",
        *(f"- «{title}» (#{anchor}): {flag}" for title, anchor, flag in flags),
        "",
    ]


def test_a_ledger_that_cannot_be_read_is_one_warning(tmp_path):
    """The backfill ledger is a folder: one warning naming it and why (every day is built again), then the
    run stops when it cannot record a day (exit 3)."""
    from tests.test_backfill import seed_days

    folder = seed_days(tmp_path / "days", ["2022-09-26", "2022-09-27"])
    out = tmp_path / "out"
    first = CliRunner().invoke(main, ["backfill", str(folder), "--out", str(out), "--to", "2022-09-26"])
    assert first.exit_code == 0, first.stderr
    ledger = out / ".briefing" / "backfill.jsonl"
    ledger.unlink()
    ledger.mkdir()
    res = CliRunner().invoke(main, ["backfill", str(folder), "--out", str(out)])
    assert res.exit_code == 3, res.stderr
    assert res.stderr.splitlines() == [
        f"briefing: warning: {ledger} cannot be read (Is a directory): every day is built again",
        f"briefing: error: cannot record the finished days in {ledger} (Is a directory)",
    ]


@pytest.fixture(scope="module")
def earlier_day(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("earlier") / "out"
    res = CliRunner().invoke(main, ["-q", "build", str(SEED), "--out", str(out), "--date", "2025-07-08"])
    assert res.exit_code == 0, res.stderr
    return out


@pytest.mark.parametrize("wrong", [1, 2, 3, 4])
def test_an_earlier_days_refused_values_are_one_line_naming_two(earlier_day, tmp_path, wrong):
    """``wrong`` values of the wrong type in the earlier day: one line naming the first two and counting the
    rest ("and N more" only when there are more than two)."""
    out = tmp_path / "out"
    shutil.copytree(earlier_day, out, symlinks=True)
    path = out / "2025-07-08.json"
    data = json.loads(path.read_text("utf-8"))
    assert len(data["items"]) >= 4
    for item in data["items"][:wrong]:
        item["_briefing"]["title_en"] = 5
    path.resolve().write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    res = CliRunner().invoke(main, ["-q", "build", str(SEED), "--out", str(out), "--date", "2025-07-09"])
    assert res.exit_code == 1, res.stderr
    [line] = res.stderr.splitlines()
    named = [f"items[{n}]._briefing.title_en must be text, not a number" for n in range(min(wrong, 2))]
    more = f"; and {wrong - 2} more" if wrong > 2 else ""
    assert line == (
        f"briefing: error: {path}: earlier briefing read without {wrong} value(s) it should not hold: "
        + "; ".join(named)
        + more
    )
