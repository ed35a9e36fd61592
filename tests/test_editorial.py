"""The briefing as an editor would make it: top stories, events across sources and
days, story dates and source names, feeds, navigation, the e-mail edition."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from tests.conftest import ROOT, SEED, needs_shared

PAIRS = ROOT / "tests" / "data" / "event_pairs.jsonl"
BASE = "https://news.example.org/daily/"

# Headlines written for these tests: (title, first paragraph, original URL).
SNOW = (
    "北方多地迎来强降雪 交通部门启动应急响应",
    "受冷空气影响，北方多地今天出现强降雪天气，交通部门启动应急响应。",
    "https://example.com/snow",
)
SNOW_2 = (
    "北方强降雪持续 交通部门全力保障道路畅通",
    "北方多地强降雪持续，交通部门连夜除雪，保障道路畅通。",
    "https://example.com/snow2",
)
TEA = (
    "第十届国际茶叶博览会在杭州开幕",
    "第十届国际茶叶博览会今天在杭州开幕，四十多个国家和地区的展商参展。",
    "https://example.com/tea",
)
SHIP = (
    "我国造船完工量同比增长两成",
    "工业和信息化部发布数据，前五个月我国造船完工量同比增长两成。",
    "https://example.com/ship",
)
GAME = (
    "全国青少年足球联赛总决赛收官",
    "全国青少年足球联赛总决赛今天在昆明收官，上海队夺得冠军。",
    "https://example.com/game",
)


def page(name: str, day: str, stories: list[tuple[str, str, str]]) -> str:
    """A transcript page: a header with the programme and date, then one ### section per story."""
    parts = [f"# 《{name}》 ({day.replace('-', '')})", ""]
    for title, lead, url in stories:
        parts += [
            f"### {title}",
            "",
            f"央视网消息（{name}）：{lead}",
            "",
            "记者在现场看到，各项工作有序进行。",
            "",
            f"[查看原文]({url})",
            "",
        ]
    return "\n".join(parts)


def build(*args: str, env: dict | None = None):
    return CliRunner(env=env).invoke(main, ["build", *args])


def day_json(out: Path, day: str) -> dict:
    return json.loads((out / f"{day}.json").read_text("utf-8"))


def by_title(data: dict) -> dict[str, dict]:
    return {i["title"]: i for i in data["items"]}


# --- the labelled pair set and the event method ---------------------------------


def test_pair_set_is_large_enough_and_split_in_two_parts():
    rows = [json.loads(line) for line in PAIRS.read_text("utf-8").splitlines()]
    same = [r for r in rows if r["same"]]
    assert len(same) >= 50 and len(rows) - len(same) >= 300
    parts = {r["part"] for r in rows}
    assert parts == {"tune", "test"}
    for part in parts:
        assert any(r["same"] for r in rows if r["part"] == part) and any(
            not r["same"] for r in rows if r["part"] == part
        )
    assert (ROOT / "tests" / "data" / "event_pairs.md").is_file()
    for r in rows:  # references only: no text of the research sets is copied
        for side in (r["a"], r["b"]):
            assert side["set"] in {"xwlb_headline_train", "xwlb_pages", "seeds"}
            assert set(side) <= {"set", "id", "file", "title"}


@pytest.mark.shared
def test_distinct_stories_of_one_page_stay_apart():
    from briefing.config import Options, load_options
    from briefing.events import Report, group_events, lead_text
    from briefing.pipeline import read_and_split

    pages = needs_shared("data", "xwlb_pages")
    rows = [json.loads(line) for line in PAIRS.read_text("utf-8").splitlines()]
    page_rows = [r for r in rows if r["a"].get("file") and r["a"].get("file") == r["b"].get("file")]
    apart = {(r["a"]["title"], r["b"]["title"]) for r in page_rows if not r["same"]}
    together = {(r["a"]["title"], r["b"]["title"]) for r in page_rows if r["same"]}
    assert len(apart) >= 50
    checked = grouped = 0
    for path in sorted(pages.glob("*.txt")):
        arts = read_and_split([str(path)], Options()).split.articles
        reports = [Report(a.title, lead_text(a.paragraphs), a.date, a.id) for a in arts]
        groups = group_events(reports, load_options().editorial.event_threshold)
        group_of = {arts[i].title: n for n, g in enumerate(groups) for i in g}
        for a, b in apart:
            if a in group_of and b in group_of:
                checked += 1
                assert group_of[a] != group_of[b], (a, b)
        grouped += sum(1 for a, b in together if a in group_of and b in group_of and group_of[a] == group_of[b])
    assert checked >= 50 and grouped >= 3


def test_reports_of_one_event_group_and_others_do_not():
    from briefing.events import Report, group_events

    stories = [SNOW, TEA, SNOW_2, SHIP, GAME]
    groups = group_events([Report(t, lead) for t, lead, _ in stories], 0.25)
    assert sorted(map(sorted, groups)) == [[0, 2], [1], [3], [4]]
    dates = ["2024-01-02", None, "2024-02-20", None, None]
    apart = group_events([Report(t, lead, d) for (t, lead, _), d in zip(stories, dates, strict=True)], 0.25)
    assert [0] in apart and [2] in apart  # weeks apart: not one event


# --- editorial: top stories, cap, sections --------------------------------------


def test_top_stories_then_compact_sections_in_configured_order(tmp_path):
    src = tmp_path / "p.md"
    src.write_text(page("晚间新闻", "2024-01-02", [SNOW, TEA, SHIP, GAME]), "utf-8")
    cfg = tmp_path / "c.toml"
    order = ["other", "world", "science", "society", "economy", "politics"]
    cfg.write_text(f"[editorial]\ntop_stories = 1\nsections = {json.dumps(order)}\n", "utf-8")
    out = tmp_path / "out"
    res = build(str(src), "--out", str(out), "--date", "2024-01-03", "--config", str(cfg))
    assert res.exit_code == 0, res.output
    data = day_json(out, "2024-01-03")
    tops = [i for i in data["items"] if i["_briefing"]["top"]]
    assert [t["title"] for t in tops] == [SNOW[0]]  # first on its page: the top story
    html = (out / "2024-01-03.html").read_text("utf-8")
    keys = re.findall(r'<section id="sec-(\w+)"', html)
    assert len(keys) >= 2 and keys == [k for k in order if k in keys]  # the configured order, empty ones left out
    assert html.index('id="top-stories"') < html.index(f'id="sec-{keys[0]}"')
    assert html.count('<article class="story"') == 1 and html.count('<li class="brief"') == 3
    md = (out / "2024-01-03.md").read_text("utf-8")
    contents = md[md.index("\n## 目录 Contents") : md.index("\n## 要闻 Top stories")]
    titles = {
        "other": "其他",
        "world": "国际",
        "science": "科教文卫",
        "society": "社会",
        "economy": "经济",
        "politics": "时政",
    }
    assert re.findall(r"(?m)^### (\S+)", contents) == ["要闻", *(titles[k] for k in keys)]


def test_cap_flags_what_is_cut_and_keeps_it_in_the_json(tmp_path):
    src = tmp_path / "p.md"
    src.write_text(page("晚间新闻", "2024-01-02", [SNOW, TEA, SHIP, GAME]), "utf-8")
    cfg = tmp_path / "c.toml"
    cfg.write_text("[editorial]\nmax_stories = 2\ntop_stories = 1\n", "utf-8")
    out = tmp_path / "out"
    assert build(str(src), "--out", str(out), "--date", "2024-01-03", "--config", str(cfg)).exit_code == 0
    items = day_json(out, "2024-01-03")["items"]
    assert len(items) == 4
    cut = [i for i in items if i["_briefing"]["cut"]]
    assert len(cut) == 2 and {i["_briefing"]["cut_reason"] for i in cut} == {"cap"}
    html = (out / "2024-01-03.html").read_text("utf-8")
    assert all(i["title"] not in html for i in cut) and "in the JSON" not in html
    report = (out / ".briefing" / "reports" / "2024-01-03.txt").read_text("utf-8")
    assert "left out of the page (in the JSON) (2):" in report and all(i["title"] in report for i in cut)
    assert all("score_parts" in i["_briefing"] and i["_briefing"]["score_parts"] for i in items)


def _pages_of_days(tmp_path: Path, days: dict[str, list[tuple[str, str, str]]]) -> list[str]:
    paths = []
    for n, (day, stories) in enumerate(days.items()):
        src = tmp_path / f"p{n}.md"
        src.write_text(page("晚间新闻", day, stories), "utf-8")
        paths.append(str(src))
    return paths


LIBRARY = (
    "某地图书馆推出夜间开放服务",
    "某地图书馆今天起推出夜间开放服务，读者可在晚间借阅图书。",
    "https://example.com/lib",
)
DRILL = ("全省中小学开展消防安全演练", "全省中小学今天开展消防安全演练，师生有序疏散。", "https://example.com/fire")


def test_a_story_older_than_max_age_days_is_cut_never_a_top_story(tmp_path):
    """Measured from the day's newest story: 7 days before it stays, 8 days is cut "old" (kept in the JSON)."""
    days = {"2024-01-02": [SNOW, TEA], "2023-12-26": [SHIP, LIBRARY], "2023-12-25": [GAME, DRILL]}
    paths = _pages_of_days(tmp_path, days)
    cfg = tmp_path / "c.toml"
    cfg.write_text("[editorial]\ntop_stories = 100\nmax_age_days = 7\n", "utf-8")
    out = tmp_path / "out"
    assert build(*paths, "--out", str(out), "--date", "2024-01-03", "--config", str(cfg)).exit_code == 0
    items = by_title(day_json(out, "2024-01-03"))
    old = items[GAME[0]]["_briefing"]
    assert (old["cut"], old["cut_reason"], old["top"]) == (True, "old", False)
    assert sorted(t for t, i in items.items() if i["_briefing"]["cut"]) == sorted([GAME[0], DRILL[0]])
    assert items[SHIP[0]]["_briefing"]["top"] and not items[SHIP[0]]["_briefing"]["cut"]  # exactly 7 days: kept
    assert GAME[0] not in (out / "2024-01-03.html").read_text("utf-8")
    cfg.write_text("[editorial]\ntop_stories = 100\nmax_age_days = 0\n", "utf-8")  # no limit
    assert build(*paths, "--out", str(tmp_path / "all"), "--date", "2024-01-03", "--config", str(cfg)).exit_code == 0
    assert not any(i["_briefing"]["cut"] for i in day_json(tmp_path / "all", "2024-01-03")["items"])


def test_an_earlier_days_page_built_today_keeps_its_stories(tmp_path):
    """The age is measured from the newest story, not the build date: a page of 2020 built in 2024 is whole."""
    paths = _pages_of_days(tmp_path, {"2020-03-01": [SNOW, TEA]})
    out = tmp_path / "out"
    assert build(*paths, "--out", str(out), "--date", "2024-01-03").exit_code == 0
    assert not any(i["_briefing"]["cut"] for i in day_json(out, "2024-01-03")["items"])


def test_unknown_section_in_config_is_one_line(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[editorial]\nsections = ["politics", "sport"]\n', "utf-8")
    res = build(str(SEED), "--out", str(tmp_path / "out"), "--date", "2024-01-03", "--config", str(cfg))
    assert res.exit_code == 2 and "editorial.sections[1]: must be one of" in res.output and "'sport'" in res.output
    assert "Traceback" not in res.output and not (tmp_path / "out").exists()


# --- dates and sources -----------------------------------------------------------


def test_story_dates_and_source_names(tmp_path):
    src = tmp_path / "secret-folder" / "p.md"
    src.parent.mkdir()
    src.write_text(page("晚间新闻", "2024-01-02", [SNOW, TEA]), "utf-8")
    agency = tmp_path / "agency.txt"
    agency.write_text("博览会闭幕\n\n新华社杭州12月30日电 第十届国际茶叶博览会今天闭幕，成交额创新高。\n", "utf-8")
    lines = tmp_path / "wire.jsonl"
    lines.write_text(
        json.dumps(
            {
                "title": "港口吞吐量创新高",
                "text": "今年港口货物吞吐量创新高。",
                "date": "2023-12-31T08:00:00+08:00",
                "source": "经济日报",
            },
            ensure_ascii=False,
        )
        + "\n",
        "utf-8",
    )
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[[inputs]]\npath = "{agency}"\nname = "新华社"\n', "utf-8")
    out = tmp_path / "out"
    res = build(str(src), str(agency), str(lines), "--out", str(out), "--date", "2024-01-05", "--config", str(cfg))
    assert res.exit_code == 0, res.output
    items = by_title(day_json(out, "2024-01-05"))
    snow = items[SNOW[0]]["_briefing"]
    assert (snow["date"], snow["date_source"], snow["source_name"]) == ("2024-01-02", "page", "晚间新闻 2024-01-02")
    assert items[SNOW[0]]["date_published"] == "2024-01-05T00:00:00+08:00"  # briefed that day
    fair = items["博览会闭幕"]["_briefing"]
    assert (fair["date"], fair["date_source"], fair["source_name"]) == ("2023-12-30", "dateline", "新华社")
    port = items["港口吞吐量创新高"]["_briefing"]
    assert (port["date"], port["date_source"], port["source_name"]) == ("2023-12-31", "article", "经济日报")
    for name in ("2024-01-05.html", "2024-01-05.md", "2024-01-05.json", "2024-01-05.email.html"):
        text = (out / name).read_text("utf-8")
        assert str(tmp_path) not in text and "secret-folder" not in text, name
    html = (out / "2024-01-05.html").read_text("utf-8")
    assert '<time datetime="2024-01-02">' in html and "晚间新闻 2024-01-02" in html


def test_bad_inputs_entry_is_one_line(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[[inputs]]\nname = "人民日报"\n', "utf-8")
    res = build(str(SEED), "--out", str(tmp_path / "out"), "--config", str(cfg))
    assert res.exit_code == 2 and "inputs[0].path: is required" in res.output and "Traceback" not in res.output


# --- continuity across days -------------------------------------------------------


def test_follow_up_links_the_day_the_event_was_briefed(tmp_path):
    out = tmp_path / "out"
    d1, d2 = tmp_path / "d1.md", tmp_path / "d2.md"
    d1.write_text(page("晚间新闻", "2024-01-02", [SNOW, TEA]), "utf-8")
    d2.write_text(page("晚间新闻", "2024-01-03", [SNOW_2, SHIP]), "utf-8")
    assert build(str(d1), "--out", str(out), "--date", "2024-01-02").exit_code == 0
    assert build(str(d2), "--out", str(out), "--date", "2024-01-03").exit_code == 0
    first = by_title(day_json(out, "2024-01-02"))
    items = by_title(day_json(out, "2024-01-03"))
    follow = items[SNOW_2[0]]["_briefing"]
    assert follow["status"] == "follow-up" and follow["first_seen"] == "2024-01-02"
    assert follow["follows"] == {
        "date": "2024-01-02",
        "anchor": first[SNOW[0]]["_briefing"]["anchor"],
        "title": SNOW[0],
    }
    assert items[SHIP[0]]["_briefing"]["status"] == "new"
    html = (out / "2024-01-03.html").read_text("utf-8")
    assert f'href="2024-01-02.html#{follow["follows"]["anchor"]}"' in html and "Follow-up" in html


def test_a_week_of_daily_builds_does_not_reannounce_a_story(tmp_path):
    out = tmp_path / "out"
    src = tmp_path / "p.md"
    src.write_text(page("晚间新闻", "2024-01-02", [SNOW, TEA, SHIP]), "utf-8")
    for day in range(2, 9):
        assert build(str(src), "--out", str(out), "--date", f"2024-01-0{day}").exit_code == 0
    assert {i["_briefing"]["status"] for i in day_json(out, "2024-01-02")["items"]} == {"new"}
    for day in range(3, 9):
        items = day_json(out, f"2024-01-0{day}")["items"]
        assert {i["_briefing"]["status"] for i in items} == {"repeat"}
        assert {i["_briefing"]["first_seen"] for i in items} == {"2024-01-02"}


def test_drop_repeats_leaves_a_day_with_zero_stories_that_still_works(tmp_path):
    out = tmp_path / "out"
    src = tmp_path / "p.md"
    src.write_text(page("晚间新闻", "2024-01-02", [SNOW, TEA]), "utf-8")
    cfg = tmp_path / "c.toml"
    cfg.write_text("[editorial]\ndrop_repeats = true\n", "utf-8")
    for day in ("2024-01-02", "2024-01-03"):
        res = build(str(src), "--out", str(out), "--date", day, "--config", str(cfg), "--base-url", BASE)
        assert res.exit_code == 0, res.output
    data = day_json(out, "2024-01-03")
    assert {i["_briefing"]["cut_reason"] for i in data["items"]} == {"repeat"}
    html = (out / "2024-01-03.html").read_text("utf-8")
    assert "No stories today" in html and "0 篇 stories" in html
    assert "No stories today" in (out / "2024-01-03.email.html").read_text("utf-8")
    assert "0 篇 stories" in (out / "2024-01-03.md").read_text("utf-8")
    feed = json.loads((out / "feed.json").read_text("utf-8"))
    assert {i["url"].split("#")[0] for i in feed["items"]} == {BASE + "2024-01-02.html"}


def test_corrupt_earlier_day_is_skipped_with_one_line(tmp_path):
    out = tmp_path / "out"
    src = tmp_path / "p.md"
    src.write_text(page("晚间新闻", "2024-01-02", [SNOW, TEA]), "utf-8")
    assert build(str(src), "--out", str(out), "--date", "2024-01-02").exit_code == 0
    (out / "2024-01-02.json").write_text('{"items": [', "utf-8")
    res = build(str(src), "--out", str(out), "--date", "2024-01-03")
    assert res.exit_code == 1
    lines = [line for line in res.output.splitlines() if "2024-01-02.json" in line]
    assert len(lines) == 1 and "invalid JSON" in lines[0] and "Traceback" not in res.output
    assert {i["_briefing"]["status"] for i in day_json(out, "2024-01-03")["items"]} == {"new"}  # that day ignored


def test_older_json_layout_is_read_for_what_it_has(tmp_path):
    """Missing fields are empty (values of a wrong type are refused with one line: test_faults_security)."""
    out = tmp_path / "out"
    out.mkdir()
    src = tmp_path / "p.md"
    src.write_text(page("晚间新闻", "2024-01-03", [SNOW_2, SHIP]), "utf-8")
    old = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "old",
        "items": [{"id": "x1", "title": SNOW[0]}],
    }
    (out / "2024-01-02.json").write_text(json.dumps(old, ensure_ascii=False), "utf-8")
    (out / "2024-01-02.html").write_text("<!DOCTYPE html><title>old</title>", "utf-8")
    res = build(str(src), "--out", str(out), "--date", "2024-01-03", "--base-url", BASE)
    assert res.exit_code == 0, res.output
    follow = by_title(day_json(out, "2024-01-03"))[SNOW_2[0]]["_briefing"]
    assert (
        follow["status"] == "follow-up"
        and follow["follows"]["date"] == "2024-01-02"
        and follow["follows"]["anchor"] == ""
    )
    index = (out / "index.html").read_text("utf-8")
    assert "2024-01-02" in index and "1 篇 story" in index  # the old day's one readable story
    assert (out / "2024-01-02.html").read_text("utf-8") == "<!DOCTYPE html><title>old</title>"  # not ours: untouched


# --- feeds and navigation ----------------------------------------------------------


def test_rolling_feeds_validate_and_link_permalinks(tmp_path):
    import feedparser

    out = tmp_path / "out"
    d1, d2 = tmp_path / "d1.md", tmp_path / "d2.md"
    d1.write_text(page("晚间新闻", "2024-01-02", [SNOW, TEA]), "utf-8")
    d2.write_text(page("晚间新闻", "2024-01-03", [SHIP, GAME]), "utf-8")
    for src, day in ((d1, "2024-01-02"), (d2, "2024-01-03")):
        res = build(str(src), "--out", str(out), "--date", day, "--base-url", BASE.rstrip("/"))
        assert res.exit_code == 0, res.output
    feed = json.loads((out / "feed.json").read_text("utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1" and feed["title"]
    assert feed["home_page_url"] == BASE + "index.html" and feed["feed_url"] == BASE + "feed.json"
    assert [i["title"] for i in feed["items"]] == [SHIP[0], GAME[0], SNOW[0], TEA[0]]  # newest day first
    day2 = by_title(day_json(out, "2024-01-03"))
    for item in feed["items"]:
        assert set(item) >= {"id", "url", "title", "content_text", "date_published"}
        assert re.fullmatch(re.escape(BASE) + r"\d{4}-\d{2}-\d{2}\.html#s-[\w-]+", item["url"])
    ship = feed["items"][0]
    assert ship["url"] == BASE + "2024-01-03.html#" + day2[SHIP[0]]["_briefing"]["anchor"]
    assert ship["external_url"] == SHIP[2] and ship["date_published"] == "2024-01-03T00:00:00+08:00"
    atom = feedparser.parse((out / "feed.atom").read_bytes())
    assert not atom.bozo, atom.get("bozo_exception")
    assert [e.title for e in atom.entries] == [i["title"] for i in feed["items"]]
    assert atom.entries[0].link == ship["url"] and any(link.href == SHIP[2] for link in atom.entries[0].links)
    assert atom.feed.links and any(link.rel == "self" and link.href == BASE + "feed.atom" for link in atom.feed.links)
    for name in ("2024-01-02.html", "2024-01-03.html", "index.html"):
        html = (out / name).read_text("utf-8")
        assert 'rel="alternate" type="application/feed+json"' in html and 'type="application/atom+xml"' in html, name


@pytest.mark.parametrize("url", ["news.example.org", "ftp://example.org/", "/var/www/", "https://", "https://a b/"])
def test_base_url_must_be_absolute_http(tmp_path, url):
    res = build(str(SEED), "--out", str(tmp_path / "out"), "--base-url", url)
    assert res.exit_code == 2 and "base_url: must be an absolute http(s) URL" in res.output
    assert "Traceback" not in res.output and not (tmp_path / "out").exists()


def test_day_pages_link_index_neighbours_and_formats(tmp_path):
    out = tmp_path / "out"
    d1, d2 = tmp_path / "d1.md", tmp_path / "d2.md"
    d1.write_text(page("晚间新闻", "2024-01-02", [SNOW]), "utf-8")
    d2.write_text(page("晚间新闻", "2024-01-03", [SHIP, GAME]), "utf-8")
    assert build(str(d1), "--out", str(out), "--date", "2024-01-02").exit_code == 0
    assert build(str(d2), "--out", str(out), "--date", "2024-01-03").exit_code == 0
    first, second = (out / "2024-01-02.html").read_text("utf-8"), (out / "2024-01-03.html").read_text("utf-8")
    assert 'href="2024-01-03.html" rel="next"' in first  # the earlier page learnt of the next day
    assert 'href="2024-01-02.html" rel="prev"' in second and 'rel="next"' not in second
    for html, day in ((first, "2024-01-02"), (second, "2024-01-03")):
        assert 'href="index.html"' in html and f'href="{day}.md"' in html and f'href="{day}.json"' in html
    md = (out / "2024-01-03.md").read_text("utf-8")
    assert "[← 2024-01-02](2024-01-02.md)" in md and "(index.html)" in md
    index = (out / "index.html").read_text("utf-8")
    assert index.index("2024-01-03") < index.index("2024-01-02")
    assert "1 篇 story" in index and "2 篇 stories" in index and "2 期简报 briefings" in index
    assert SNOW[0] in index and SHIP[0] in index  # top headlines per day


# --- the e-mail edition and `briefing send` ----------------------------------------


def test_email_edition_is_inline_small_and_plain(tmp_path):
    out = tmp_path / "out"
    src = tmp_path / "p.md"
    src.write_text(page("晚间新闻", "2024-01-02", [SNOW, TEA, SHIP]), "utf-8")
    assert build(str(src), "--out", str(out), "--date", "2024-01-02", "--base-url", BASE).exit_code == 0
    html = (out / "2024-01-02.email.html").read_text("utf-8")
    for banned in ("<details", "<script", "<img", "<style", "@font-face", 'rel="stylesheet"', "<link"):
        assert banned not in html, banned
    assert 'style="' in html and len(html.encode()) < 100_000
    assert f'href="{BASE}2024-01-02.html#' in html  # stories link to the web page
    text = (out / "2024-01-02.email.txt").read_text("utf-8")
    assert SNOW[0] in text and TEA[0] in text and "<" not in text


def test_two_thousand_stories_in_one_day(tmp_path):
    import random

    rng = random.Random(7)
    pool = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"

    def words(n: int) -> str:
        return "".join(rng.choice(pool) for _ in range(n))

    rows = [
        {"title": words(14), "text": f"{words(60)}。\n{words(50)}。", "url": f"https://example.com/{n}"}
        for n in range(2000)
    ]
    src = tmp_path / "many.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    out = tmp_path / "out"
    res = build(str(src), "--out", str(out), "--date", "2024-01-02", "--base-url", BASE)
    assert res.exit_code == 0, res.output
    data = day_json(out, "2024-01-02")
    assert len(data["items"]) == 2000
    assert sum(not i["_briefing"]["cut"] for i in data["items"]) == 60  # the default cap
    assert len((out / "2024-01-02.html").read_bytes()) < 300_000
    assert len((out / "2024-01-02.email.html").read_bytes()) < 100_000


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def built(tmp_path):
    out = tmp_path / "out"
    src = tmp_path / "p.md"
    src.write_text(page("晚间新闻", "2024-01-02", [SNOW, TEA]), "utf-8")
    assert build(str(src), "--out", str(out), "--date", "2024-01-02", "--base-url", BASE).exit_code == 0
    return out


def send(out: Path, server: str, *extra: str, env: dict | None = None, sender: str = "bot@example.org"):
    """``briefing send`` of 2024-01-02 to two recipients (from ``sender``; "": none given)."""
    args = [
        "send",
        "2024-01-02",
        "--to",
        "desk@example.org",
        "--to",
        "chief@example.org",
        "--smtp",
        server,
        "--out",
        str(out),
    ]
    return CliRunner(env=env).invoke(main, [*args, *(["--sender", sender] if sender else []), *extra])


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def smtp_server(handler) -> Iterator[str]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 for the ``with`` block, handing messages to ``handler``;
    gives its HOST:PORT and stops it at the end of the block, whatever happens in it."""
    from aiosmtpd.controller import Controller

    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        controller.stop()


def test_send_delivers_a_multipart_message(built):
    from email import message_from_bytes
    from email.policy import default

    inbox = Inbox()
    with smtp_server(inbox) as server:
        res = send(built, server)
    assert res.exit_code == 0, res.output
    # one message per recipient: no recipient sees another's address
    assert [e.rcpt_tos for e in inbox.messages] == [["desk@example.org"], ["chief@example.org"]]
    for envelope, to in zip(inbox.messages, ("desk@example.org", "chief@example.org"), strict=True):
        assert envelope.mail_from == "bot@example.org"
        msg = message_from_bytes(envelope.content, policy=default)
        assert msg["To"] == to and msg["Cc"] is None and msg["Bcc"] is None
        assert msg.get_content_type() == "multipart/alternative" and "2024-01-02" in msg["Subject"]
        assert msg["List-Unsubscribe"] is None  # none configured
        plain, html = msg.get_body(("plain",)), msg.get_body(("html",))
        assert SNOW[0] in plain.get_content() and SNOW[0] in html.get_content()
        page = (built / "2024-01-02.email.html").read_text("utf-8").strip()
        assert html.get_content().replace("\r\n", "\n").strip() == page


@pytest.mark.parametrize("where", ["mailto:leave@example.org", "https://news.example.org/leave?list=daily"])
def test_send_says_where_to_unsubscribe_from_the_config(built, tmp_path, where):
    from email import message_from_bytes
    from email.policy import default

    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[mail]\nlist_unsubscribe = "{where}"\n', "utf-8")
    inbox = Inbox()
    with smtp_server(inbox) as server:
        res = send(built, server, "--config", str(cfg))
    assert res.exit_code == 0, res.output
    assert len(inbox.messages) == 2
    for envelope in inbox.messages:
        assert message_from_bytes(envelope.content, policy=default)["List-Unsubscribe"] == f"<{where}>"


@pytest.mark.parametrize(
    "bad", ["leave@example.org", "mailto:a@b, mailto:c@d", "javascript:alert(1)", "https://x/\nBcc: e@f"]
)
def test_a_list_unsubscribe_that_is_no_address_or_url_is_one_line_before_connecting(built, tmp_path, bad):
    cfg = tmp_path / "c.toml"
    cfg.write_text(f"[mail]\nlist_unsubscribe = {json.dumps(bad)}\n", "utf-8")
    res = send(built, f"127.0.0.1:{free_port()}", "--config", str(cfg))  # nothing listens: never reached
    assert res.exit_code == 2 and "mail.list_unsubscribe: must be" in res.output and "Traceback" not in res.output


def test_send_warns_when_the_edition_was_built_without_a_base_url(tmp_path):
    out = tmp_path / "out"
    src = tmp_path / "p.md"
    src.write_text(page("晚间新闻", "2024-01-02", [SNOW, TEA]), "utf-8")
    assert build(str(src), "--out", str(out), "--date", "2024-01-02").exit_code == 0
    inbox = Inbox()
    with smtp_server(inbox) as server:
        res = send(out, server)
    assert res.exit_code == 1 and len(inbox.messages) == 2  # sent, and said
    errors = [line for line in res.stderr.splitlines() if line.startswith("briefing: error:")]
    assert len(errors) == 1 and "built without base_url" in errors[0]


def test_send_refused_by_the_server(built):
    class Refuse(Inbox):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            return "550 no such user here"

    with smtp_server(Refuse()) as server:
        res = send(built, server)
    assert res.exit_code == 3 and "refused every recipient" in res.output and "Traceback" not in res.output
    assert (built / "2024-01-02.email.html").is_file()


def _read_request(conn) -> None:
    """Read one HTTP request whole (headers, then a Content-Length body), so that a close after it is a plain
    close: bytes left unread make the kernel reset the connection, which the client sees as another error."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        (int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")),
        0,
    )
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return
        body += chunk


def silent_server(behaviour: str):
    """A TCP server on 127.0.0.1 that accepts and then says nothing ("silent"), or drops the connection at
    once ("drop"), or after reading the request ("read-drop"), or answers it with no HTTP ("garbage")."""
    import socket
    import threading

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)

    def serve() -> None:
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            if behaviour == "drop":
                conn.close()
            elif behaviour in ("read-drop", "garbage"):
                _read_request(conn)  # the whole request: closing with bytes unread would reset, not close
                if behaviour == "garbage":
                    conn.sendall(b"no HTTP at all\r\n\r\n")
                conn.close()
            else:
                threading.Timer(5, conn.close).start()

    threading.Thread(target=serve, daemon=True).start()
    return sock


@pytest.mark.parametrize(("behaviour", "words"), [("drop", "dropped the connection"), ("silent", "did not answer")])
def test_send_when_the_server_drops_or_times_out(built, tmp_path, behaviour, words):
    sock = silent_server(behaviour)
    cfg = tmp_path / "c.toml"
    cfg.write_text("[mail]\ntimeout = 0.5\n", "utf-8")
    try:
        res = send(built, f"127.0.0.1:{sock.getsockname()[1]}", "--config", str(cfg))
    finally:
        sock.close()
    assert res.exit_code == 3 and words in res.output and "Traceback" not in res.output
    assert len([line for line in res.output.splitlines() if line.strip()]) == 1


def test_send_nothing_listening_and_bad_arguments(built):
    res = send(built, f"127.0.0.1:{free_port()}")  # nothing listens there
    assert res.exit_code == 3 and "SMTP server 127.0.0.1" in res.output
    assert send(built, "127.0.0.1:99999").exit_code == 2
    res = CliRunner().invoke(
        main, ["send", "2024-01-09", "--to", "a@example.org", "--smtp", "127.0.0.1", "--out", str(built)]
    )
    assert res.exit_code == 2 and "no e-mail edition for 2024-01-09" in res.output


def test_login_needs_tls(built):
    with smtp_server(Inbox()) as server:
        res = send(built, server, env={"BRIEFING_SMTP_USER": "u", "BRIEFING_SMTP_PASSWORD": "p"})
    assert res.exit_code == 3 and "offers no STARTTLS" in res.output


# --- page quality --------------------------------------------------------------------


def build_wide_page(tmp_path: Path) -> Path:
    """Build a day whose one story carries a 300-character URL; the output folder."""
    out = tmp_path / "out"
    long_url = "https://example.com/" + "a" * 300
    src = tmp_path / "p.md"
    src.write_text(page("晚间新闻", "2024-01-02", [SNOW, TEA, (SHIP[0], SHIP[1] + long_url, long_url), GAME]), "utf-8")
    cfg = tmp_path / "c.toml"
    cfg.write_text("[editorial]\ntop_stories = 2\n", "utf-8")
    assert build(str(src), "--out", str(out), "--date", "2024-01-02", "--config", str(cfg)).exit_code == 0
    return out


def test_page_has_dark_mode_back_to_top_and_wrapping(tmp_path):
    out = build_wide_page(tmp_path)
    html = (out / "2024-01-02.html").read_text("utf-8")
    assert "@media (prefers-color-scheme:dark)" in html and 'name="color-scheme"' in html
    assert 'href="#top"' in html and 'id="top"' in html
    assert "overflow-wrap:anywhere" in html


def test_chromium_check_at_both_widths_and_schemes(tmp_path):
    from tests.pagecheck import check_page, chromium

    if chromium() is None:
        pytest.skip("no chromium on this machine")
    out = build_wide_page(tmp_path)
    for name in ("2024-01-02.html", "index.html"):
        results = check_page(out / name, tmp_path / "shots")
        for r in results:
            assert r.scroll_width <= r.width, r  # no horizontal overflow
        by_scheme = {(r.width, r.scheme): r for r in results}
        assert by_scheme[(390, "dark")].background != by_scheme[(390, "light")].background
        assert by_scheme[(390, "dark")].dark_matches and not by_scheme[(390, "light")].dark_matches
    from tests.pagecheck import reader_problems

    assert reader_problems(out, "2024-01-02") == []  # top list, credit when English, no operator details
