"""A JSONL item's dateline, credit and date are read as a page's are, an unread date is said, and a story whose
only date is the build date shows no date to readers (#22 audit, defect 7)."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from briefing.cli import main
from tests.test_reader import BASE, build, jsonl, reader_files

# Stories written for these tests, each opening with a dateline (and a reporter), one closing with a credit.
STORIES = [
    (
        "东湖举办花市",
        "东方通讯社东湖7月8日电（记者甲乙丙）东湖市今天举办迎春花市，市民纷纷前往选购鲜花。\n花市持续多日，吸引了众多游客。",
    ),
    ("西岭开通新线", "本报讯（记者丁戊）西岭市今天开通地铁新线，沿线居民出行更加便捷。\n新线全长二十公里。"),
    ("南山果农丰收", "南山县的果园今年迎来丰收，果农忙着采摘销售。\n收购商纷纷上门。\n（据东方通讯社电）"),
]
FIELDS = ("title", "paragraphs", "dateline", "byline", "credit", "date", "date_source", "year_guessed", "source_name")


def _split(path) -> list[dict]:
    res = CliRunner().invoke(main, ["split", str(path), "--format", "json"])
    assert res.exit_code == 0, res.output
    return [{k: a[k] for k in FIELDS} for a in json.loads(res.stdout)["articles"]]


def test_a_jsonl_item_without_metadata_fields_reads_as_the_same_story_on_a_page(tmp_path):
    for n, (title, text) in enumerate(STORIES):
        page = tmp_path / f"页面{n}.txt"
        page.write_text(f"{title}\n\n{text}\n", "utf-8")
        item = jsonl(tmp_path / f"条目{n}.jsonl", [{"id": "x", "title": title, "text": text, "source": "东方通讯社"}])
        (from_page,), (from_item,) = _split(page), _split(item)
        from_page["source_name"] = "东方通讯社"  # the one difference: the item names its source
        assert from_item == from_page, title
    assert from_page["credit"] and from_page["credit"] not in " ".join(from_page["paragraphs"])


def test_a_jsonl_date_without_a_year_is_read_as_a_datelines_and_an_unread_one_is_said_once(tmp_path):
    rows = [
        {"id": "a", "title": "东湖举办花市", "text": "东湖市今天举办迎春花市。", "date": "7月8日"},
        {"id": "b", "title": "西岭开通新线", "text": "西岭市今天开通地铁新线。", "date": "12-01"},
        {"id": "c", "title": "北川举办论坛", "text": "北川今天举办论坛。", "date": "2024-12-01"},
    ]
    src = jsonl(tmp_path / "items.jsonl", rows)
    res = CliRunner().invoke(main, ["split", str(src), "--format", "json"])  # split's build date is today
    assert res.exit_code == 0, res.output
    got = {a["title"]: (a["date"], a["date_source"], a["year_guessed"]) for a in json.loads(res.stdout)["articles"]}
    today = got["西岭开通新线"][0]
    year = int(today[:4]) if f"{today[:4]}-07-08" <= today else int(today[:4]) - 1  # never after the build date
    assert got == {
        "东湖举办花市": (f"{year}-07-08", "article", True),  # its month and day, the year assumed (and marked)
        "西岭开通新线": (today, "build", False),  # unread: dated as if it gave none, and said
        "北川举办论坛": ("2024-12-01", "article", False),
    }
    said = [line for line in res.stderr.splitlines() if "not read" in line]
    assert said == [
        f"briefing: {src}:2: «西岭开通新线»: date '12-01' not read (a year, month and day are needed); "
        "the story is dated as if it gave none"
    ]


def test_a_story_dated_only_by_the_build_shows_no_date_to_readers(tmp_path):
    out, day = tmp_path / "out", "2024-05-20"
    dated = {
        "id": "d",
        "title": "东湖举办花市",
        "text": "东湖市今天举办迎春花市，市民纷纷前往选购鲜花。",
        "date": "2024-05-19",
    }
    undated = {"id": "u", "title": "西岭开通新线", "text": "西岭市今天开通地铁新线，沿线居民出行更加便捷。"}
    res = build(str(jsonl(tmp_path / "a.jsonl", [dated, undated])), "--out", str(out), "--date", day,
                "--base-url", BASE)  # fmt: skip
    assert res.exit_code == 0, res.output
    items = {i["title"]: i["_briefing"] for i in json.loads((out / f"{day}.json").read_text("utf-8"))["items"]}
    assert (items["西岭开通新线"]["date"], items["西岭开通新线"]["date_source"]) == (day, "build")  # the JSON says so
    files = reader_files(out, day)
    html, md, mail = files[f"{day}.html"], files[f"{day}.md"], files[f"{day}.email.txt"]
    assert '<time datetime="2024-05-19">' in html and f'<time datetime="{day}">' not in html
    for text in (md, mail):
        assert "2024-05-19 · " in text and f"{day} · " not in text
    feed = {i["title"]: i for i in json.loads(files["feed.json"])["items"]}
    assert feed["东湖举办花市"]["_briefing"]["story_date"] == "2024-05-19"
    assert feed["西岭开通新线"]["_briefing"]["story_date"] is None
    assert not re.search(rf"{day}\D", feed["西岭开通新线"]["content_text"] + "\n")
    atom = files["feed.atom"]
    assert "2024-05-19 · " in atom and f"{day} · " not in atom


# Tester #22 (defect 5): one margin after the build date for every kind of date a story gives. A month and day
# (a JSONL date, a dateline) is the latest day of that month and day within the margin: this year's when it is
# the day after the build date, last year's the day after that; across a new year, next year's.
MARGIN = [
    ("2026-12-05", "12月5日", "2026-12-05"),
    ("2026-12-05", "12月6日", "2026-12-06"),  # the margin's last day
    ("2026-12-05", "12月7日", "2025-12-07"),  # beyond it: a year back
    ("2026-12-31", "1月1日", "2027-01-01"),  # the day after, in the next year
    ("2026-12-31", "1月2日", "2026-01-02"),
    ("2027-01-01", "12月31日", "2026-12-31"),
]


@pytest.mark.parametrize(("day", "month_day", "expected"), MARGIN)
def test_a_month_and_day_is_dated_by_one_margin_as_a_jsonl_date_and_as_a_dateline(tmp_path, day, month_day, expected):
    rows = [
        {"id": "a", "title": "东湖举办花市", "text": "东湖市今天举办迎春花市。", "date": month_day},
        {"id": "b", "title": "西岭开通新线", "text": f"东方通讯社西岭{month_day}电 西岭市今天开通地铁新线。"},
    ]
    out = tmp_path / "out"
    res = build(str(jsonl(tmp_path / "items.jsonl", rows)), "--out", str(out), "--date", day, "--base-url", BASE)
    assert res.exit_code == 0, res.output
    items = json.loads((out / f"{day}.json").read_text("utf-8"))["items"]
    got = {i["id"]: (i["_briefing"]["date"], i["_briefing"]["date_source"]) for i in items}
    assert got == {"a": (expected, "article"), "b": (expected, "dateline")}
    assert "not read" not in res.stderr


def _dated(tmp_path, date, text="东湖市今天举办迎春花市。") -> tuple[object, list[str], dict]:
    """A one-story build of 2026-12-05 whose story gives ``date``: the result, its 'not read' lines, its item."""
    out, day = tmp_path / "out", "2026-12-05"
    src = jsonl(tmp_path / "items.jsonl", [{"id": "a", "title": "东湖举办花市", "text": text, "date": date}])
    res = build(str(src), "--out", str(out), "--date", day, "--base-url", BASE)
    said = [line for line in res.stderr.splitlines() if "not read" in line]
    items = json.loads((out / f"{day}.json").read_text("utf-8"))["items"] if res.exit_code == 0 else [{}]
    return res, said, items[0]


# Tester #22 (minor): a JSONL date that is no string, one beyond the margin, one with an impossible time, each
# get the one line an unread date gets, and the story is dated as if it gave none.
UNREAD = [
    (-1, "not a string"),
    (1.5, "not a string"),
    (True, "not a string"),
    ([], "not a string"),
    ({"y": {"m": [12]}}, "not a string"),
    (20261205, "not a string"),
    (10**20, "not a string"),
    ("2026-12-07", "more than 1 day after the build date"),
    ("2099-01-01T00:00:00+08:00", "more than 1 day after the build date"),
    ("2026年12月7日", "more than 1 day after the build date"),
    ("2026-12-04T25:00:00Z", "an impossible day or time"),
    ("2026-12-04 24:00", "an impossible day or time"),
    ("2026-12-04T23:60:00+08:00", "an impossible day or time"),
    ("2026/12/32 10:00", "an impossible day or time"),
    ("2026年12月4日 25:00", "an impossible day or time"),
    ("2026-12-04T09:30:00+15:00", "an impossible day or time"),  # an offset no place has
    ("2026-12-04 09:30 -12:01", "an impossible day or time"),
    ("2026-12-04T09:30:00+08:00:30", "an impossible day or time"),
]


@pytest.mark.parametrize(("date", "why"), UNREAD)
def test_an_unread_jsonl_date_of_any_kind_is_said_once_and_dated_as_none(tmp_path, date, why):
    res, said, item = _dated(tmp_path, date)
    assert res.exit_code == 0, res.output
    assert len(said) == 1 and f"not read ({why}" in said[0], res.stderr
    assert (item["_briefing"]["date"], item["_briefing"]["date_source"]) == ("2026-12-05", "build")


READ = [
    ("2026-12-06", "2026-12-06"),  # the other side of the margin
    ("2026-12-06T23:59:59+08:00", "2026-12-06"),
    ("2026-12-04T23:59:59Z", "2026-12-04"),  # the other side of an impossible time
    ("2026-12-04 00:00", "2026-12-04"),
    ("2026-12-04T09:30:00+14:00", "2026-12-04"),  # the other side of an impossible offset
    ("2026-12-04 09:30 -12:00", "2026-12-04"),
    ("2026/12/31 10:00", None),  # a possible day beyond the margin: said as one in the future
]


@pytest.mark.parametrize(("date", "day"), READ)
def test_a_possible_jsonl_date_within_the_margin_is_read(tmp_path, date, day):
    res, said, item = _dated(tmp_path, date)
    assert res.exit_code == 0, res.output
    if day is None:
        assert len(said) == 1 and "after the build date" in said[0], res.stderr
        return
    assert not said, res.stderr
    assert (item["_briefing"]["date"], item["_briefing"]["date_source"]) == (day, "article")


# Tester #22 (minor): a dateline whose year no news has still names its agency; its date is none.
@pytest.mark.parametrize(
    ("year", "dated"), [("0年", None), ("999年", None), ("2026年", "2026-12-04"), ("", "2026-12-04")]
)
def test_a_dateline_with_any_year_names_its_agency(tmp_path, year, dated):
    res, said, item = _dated(tmp_path, None, f"东方通讯社北京{year}12月4日电 东湖市今天举办迎春花市。")
    assert res.exit_code == 0 and not said, res.output
    assert item["_briefing"]["source_name"] == "东方通讯社"
    assert item["_briefing"]["dateline"] == f"东方通讯社北京{year}12月4日电"
    date = (item["_briefing"]["date"], item["_briefing"]["date_source"])
    assert date == ((dated, "dateline") if dated else ("2026-12-05", "build"))
