"""A source's name from outside (a JSONL ``source``, an earlier day's JSON) that is an operator's detail -- a
path, a file's name, a URL, a host, an id -- never reaches a reader surface (#22 audit, defect 6)."""

from __future__ import annotations

import json
import unicodedata

import pytest

from briefing.metadata import reader_name
from tests.test_reader import BASE, build, jsonl, reader_files

# One of each kind of operator's detail, none of them a name readers know.
DETAILS = [
    "/home/editor/secret/inputs/feed.txt",
    "C:\\Users\\editor\\feeds\\wire.jsonl",
    "~/wire/today",
    "wire-export.jsonl",
    "https://intranet.example.org/wire?id=7",
    "feeds.intranet.example.org",
    "10.1.2.3:8080",
    "localhost",
    "desk@example.org",
    "000_923017acd90077f1",
]
NAMES = ["人民日报", "Reuters", "新闻联播 2024-05-20", "St. Louis Post"]  # names readers know (one with a dot)


def test_the_rule_keeps_names_and_leaves_out_operator_details():
    assert [reader_name(n) for n in NAMES] == NAMES
    assert [reader_name(n) for n in DETAILS] == [None] * len(DETAILS)


TOPICS = [
    ("港口吞吐量创新高", "今年以来港口货物吞吐量持续增长，新开通多条航线。"),
    ("新建公园向市民开放", "城东新建的湿地公园今天起向市民免费开放。"),
    ("夏粮收购全面展开", "各地夏粮收购工作全面展开，收购进度快于去年。"),
    ("图书馆延长开放时间", "市图书馆暑期延长开放时间，方便学生借阅。"),
    ("地铁新线开通试运营", "地铁五号线今天开通试运营，沿线居民出行更加便捷。"),
    ("果农喜迎丰收", "山区果园迎来丰收，果农忙着采摘销售。"),
    ("博物馆推出新展", "博物馆推出青铜器特展，展出文物两百余件。"),
    ("高速公路扩建完工", "高速公路扩建工程完工，通行能力明显提升。"),
    ("社区食堂受老人欢迎", "社区食堂开业一个月，每天为老人提供午餐。"),
    ("马拉松比赛鸣枪开跑", "城市马拉松比赛鸣枪开跑，两万名选手参赛。"),
    ("渔民开海捕捞", "休渔期结束，渔民驾船出海捕捞。"),
    ("新能源汽车销量增长", "上半年新能源汽车销量增长明显，充电设施加快建设。"),
]


def _story(n: int, source: str, credit: str | None = None) -> dict:
    title, text = TOPICS[n]
    row = {"id": f"s{n}", "title": title, "text": text}
    return row | {"source": source} | ({"credit": credit} if credit else {})


def test_operator_details_as_source_names_reach_no_reader_surface_and_are_said_once(tmp_path):
    out, day = tmp_path / "out", "2024-05-20"
    rows = [_story(n, detail) for n, detail in enumerate(DETAILS)]
    rows += [_story(len(rows), DETAILS[0], "（据东方通讯社电）"), _story(len(rows) + 1, NAMES[0])]
    src = jsonl(tmp_path / "a.jsonl", rows)
    res = build(str(src), "--out", str(out), "--date", day, "--base-url", BASE)
    assert res.exit_code == 0, res.output
    for name, text in reader_files(out, day).items():
        for detail in DETAILS:
            assert detail not in text and detail.replace("&", "&amp;") not in text, (name, detail)
    items = {
        i["title"]: i["_briefing"]["source_name"] for i in json.loads((out / f"{day}.json").read_text("utf-8"))["items"]
    }
    named = [items[row["title"]] for row in rows]
    assert named == ["未注明来源 Unnamed source"] * len(DETAILS) + ["东方通讯社", NAMES[0]]  # the credit line names one
    warned = [line for line in res.stderr.splitlines() if "not shown to readers" in line]
    assert len(warned) == 1 and warned[0].startswith(f"briefing: {src}: 11 source names not shown to readers")


def test_a_path_in_an_earlier_days_json_reaches_no_feed(tmp_path):
    out, first, second = tmp_path / "out", "2024-05-20", "2024-05-21"
    assert build(str(jsonl(tmp_path / "a.jsonl", [_story(1, NAMES[0])])), "--out", str(out), "--date", first,
                 "--base-url", BASE).exit_code == 0  # fmt: skip
    day = out / f"{first}.json"
    data = json.loads(day.read_text("utf-8"))
    data["items"][0]["_briefing"]["source_name"] = DETAILS[0]  # an earlier day's JSON is untrusted
    day.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    res = build(str(jsonl(tmp_path / "b.jsonl", [_story(2, NAMES[1])])), "--out", str(out), "--date", second,
                "--base-url", BASE)  # fmt: skip
    assert res.exit_code == 0, res.output
    feeds = {name: (out / name).read_text("utf-8") for name in ("feed.json", "feed.atom")}
    assert all(data["items"][0]["title"] in text for text in feeds.values())  # the earlier story is in the feeds
    assert not [name for name, text in feeds.items() if DETAILS[0] in text]


# Tester #22 (defect 3): more kinds of operator's detail, one of each spelling, and names readers know that
# stand on the other side of each rule (a colon with a space, a dot in an abbreviation, a percent sign, ...).
MORE_DETAILS = [
    "file:secret",  # a URL's scheme without slashes
    "http:host",
    "mailto:ed",
    "mailto:",
    "s3:bucket",
    "javascript:alert(1)",
    "BBC:World",  # a colon with no space after it reads as a scheme
    "ftp.corp.example",  # a host, any suffix length
    "intranet.internal",
    "HOST.EXAMPLE.COM.",  # a host with its final dot
    "server01.corp.lan.",
    "the wire of intranet.internal",  # a host inside a name
    "%2Fetc%2Fpasswd",  # a percent-encoded path
    "wire%20export",
    "$HOME",  # a shell's or Windows' variable
    "${WIRE_DIR}",
    "$(whoami)",
    "%APPDATA%",
]
MORE_NAMES = [
    "BBC News",
    "BBC: World",
    "新华社",
    "人民日报海外版",
    "澎湃新闻 The Paper",
    "Yahoo! News",
    "U.S. News & World Report",
    "Bloomberg L.P.",
    "Dow Jones & Co.",
    "St. Louis Post-Dispatch",
    "No.1 Daily",
    "100% News",
    "CCTV-13",
    "中央广播电视总台·央视新闻",
]


@pytest.mark.parametrize("detail", MORE_DETAILS)
def test_every_kind_of_operator_detail_is_no_name(detail):
    assert reader_name(detail) is None


@pytest.mark.parametrize("name", MORE_NAMES)
def test_names_on_the_other_side_of_each_rule_stay_names(name):
    assert reader_name(name) == name


# The format characters (Unicode category Cf) a name could carry: bidi embeddings, overrides, isolates, marks,
# zero-width characters, the soft hyphen.
FORMAT = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e",
          "\u200f", "\u061c", "\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad"]  # fmt: skip


@pytest.mark.parametrize("char", FORMAT)
def test_a_name_loses_its_format_characters(char):
    assert reader_name(f"{char}某报{char}") == "某报"
    assert reader_name(f"{char}file:secret") is None  # and is checked without them


def test_new_kinds_of_detail_and_format_characters_reach_no_reader_surface(tmp_path):
    out, day = tmp_path / "out", "2024-05-20"
    details = [d for d in MORE_DETAILS if d != "mailto:"][: len(TOPICS) - 2]
    rows = [_story(n, detail) for n, detail in enumerate(details)]
    rows += [_story(len(rows), "\u202e某报"), _story(len(rows) + 1, "Reuters")]
    rows[-1]["title"] = "\u2067" + rows[-1]["title"] + "\u202e"  # a headline with bidi controls, left open
    src = jsonl(tmp_path / "a.jsonl", rows)
    res = build(str(src), "--out", str(out), "--date", day, "--base-url", BASE)
    assert res.exit_code == 0, res.output
    files = reader_files(out, day) | {n: (out / n).read_text("utf-8") for n in ("feed.atom", "feed.json")}
    for name, text in files.items():
        for detail in details:
            assert detail not in text and detail.replace("&", "&amp;") not in text, (name, detail)
        assert not [c for c in text if unicodedata.category(c) == "Cf"], name
        assert TOPICS[len(rows) - 1][0] in text or not name.startswith(day), name  # the headline, clean
    items = json.loads((out / f"{day}.json").read_text("utf-8"))["items"]
    assert "某报" in [i["_briefing"]["source_name"] for i in items]  # the name, clean
    warned = [line for line in res.stderr.splitlines() if "not shown to readers" in line]
    assert len(warned) == 1 and warned[0].startswith(f"briefing: {src}: {len(details)} source names not shown")


# Tester #22 (defect 4): a credit line given as the source names the outlet it credits, as the same line in the
# article's credit does.
CREDIT_LINES = [
    ("（据东方通讯社电）", "东方通讯社"),
    ("(据东方通讯社电)", "东方通讯社"),
    ("据东方通讯社报道", "东方通讯社"),
    ("据东湖日报消息", "东湖日报"),
    ("来源：东湖日报", "东湖日报"),
    ("（来源：东湖日报）", "东湖日报"),
    ("转自东湖日报", "东湖日报"),
    ("据东方通讯社北京12月4日电", "东方通讯社"),
]


@pytest.mark.parametrize(("line", "outlet"), CREDIT_LINES)
def test_a_credit_line_as_the_source_is_the_outlet_it_credits_as_in_the_text(tmp_path, line, outlet):
    out, day = tmp_path / "out", "2024-05-20"
    rows = [_story(0, line), _story(1, "", line) | {"source": None}]  # the same line as source, and as credit
    src = jsonl(tmp_path / "a.jsonl", rows)
    res = build(str(src), "--out", str(out), "--date", day, "--base-url", BASE)
    assert res.exit_code == 0, res.output
    items = json.loads((out / f"{day}.json").read_text("utf-8"))["items"]
    assert [i["_briefing"]["source_name"] for i in items] == [outlet, outlet]
    assert "not shown to readers" not in res.stderr


@pytest.mark.parametrize("unit", ["a_", "a.", "a-", "a._", "_.a"])
def test_a_long_hostile_name_is_checked_in_linear_time(unit):
    """A name from an earlier day's JSON is only size-capped by the file: runs of label characters and
    separators must not make the check quadratic (the lookbehind once let a match start after every _)."""
    import time

    from briefing.metadata import _OPERATOR_DETAIL

    start = time.process_time()
    _OPERATOR_DETAIL.search(unit * 50_000 + "!")
    assert time.process_time() - start < 0.5


def test_a_name_longer_than_any_outlets_is_not_shown():
    from briefing.metadata import NAME_CHARS

    assert reader_name("某" * NAME_CHARS) == "某" * NAME_CHARS
    assert reader_name("某" * (NAME_CHARS + 1)) is None
