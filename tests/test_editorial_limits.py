"""The editorial limits and links, each from both sides, through builds (issue #19): which earlier day a
repeat links to and what makes a repeat, the story cap when an event has several reports, the rolling
feeds' window of days, and the permalinks of stories left out of the page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.test_editorial import BASE, GAME, SHIP, SNOW, TEA, build, by_title, day_json, page

# Headlines written for these tests, each its own event.
HEADLINES = [
    "全省春耕备耕工作全面展开",
    "新建铁路跨江大桥顺利合龙",
    "城市公园新增十处口袋绿地",
    "国产大型邮轮完成首次试航",
    "多地中小学推行课后延时服务",
    "沿海港口集装箱航线再添新线",
]
SOURCES = ["甲报", "乙台", "丙网"]


def records(path: Path, rows: list[dict]) -> str:
    """A JSON Lines input of ``rows``."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return str(path)


def body(n: int) -> str:
    """A distinct text (no two share the five-character runs that would merge them as copies)."""
    words = "春夏秋冬东南西北金木水火土日月星辰山川河海风雨雷电"
    return "。".join(words[(n + i) % len(words)] + words[(3 * n + 2 * i) % len(words)] + "报道内容" for i in range(8))


def config(tmp_path: Path, text: str) -> str:
    path = tmp_path / "c.toml"
    path.write_text(text, "utf-8")
    return str(path)


# --- continuity: which day a repeat links to, and what is a repeat -------------------------------------


def test_a_repeat_links_to_the_day_it_was_first_briefed_not_the_latest(tmp_path):
    """The same page built three days running: on the third day every story repeats the first day's (its
    page and anchor), though the second day briefed it too."""
    out = tmp_path / "out"
    src = tmp_path / "p.md"
    src.write_text(page("晚间新闻", "2024-01-02", [SNOW, TEA, SHIP]), "utf-8")
    for day in ("2024-01-02", "2024-01-03", "2024-01-04"):
        assert build(str(src), "--out", str(out), "--date", day).exit_code == 0
    first = by_title(day_json(out, "2024-01-02"))
    for day in ("2024-01-03", "2024-01-04"):
        for title, item in by_title(day_json(out, day)).items():
            assert item["_briefing"]["status"] == "repeat", (day, title)
            assert item["_briefing"]["follows"] == {
                "date": "2024-01-02",
                "anchor": first[title]["_briefing"]["anchor"],
                "title": title,
            }, (day, title)
    html = (out / "2024-01-04.html").read_text("utf-8")
    assert "2024-01-03.html#" not in html and html.count('href="2024-01-02.html#') >= 3


def test_a_repeat_by_headline_and_summary_links_to_the_first_day_too(tmp_path):
    """A story published under a new id each day (same headline, same text): on the third day it repeats
    the first day's story."""
    out = tmp_path / "out"
    for n, day in enumerate(("2024-01-02", "2024-01-03", "2024-01-04")):
        rows = [{"id": f"x{n}", "title": HEADLINES[0], "text": body(0)}]
        assert build(records(tmp_path / f"{day}.jsonl", rows), "--out", str(out), "--date", day).exit_code == 0
    first = day_json(out, "2024-01-02")["items"][0]["_briefing"]
    [item] = day_json(out, "2024-01-04")["items"]
    assert item["id"] == "x2" and item["_briefing"]["status"] == "repeat"
    assert item["_briefing"]["follows"] == {"date": "2024-01-02", "anchor": first["anchor"], "title": HEADLINES[0]}


def test_a_repeat_is_the_same_id_or_the_same_headline_and_summary(tmp_path):
    """Today's stories against one earlier day: the same id (whatever the text) repeats; a new id with the
    same headline and the same text (so the same summary) repeats; a new id with the same headline and
    another summary is no repeat (it follows the event up), and neither is the same summary under another
    headline."""
    out = tmp_path / "out"
    earlier = [
        {"id": "a", "title": HEADLINES[0], "text": body(0)},
        {"id": "b", "title": HEADLINES[1], "text": body(1)},
        {"id": "c", "title": HEADLINES[2], "text": body(2)},
        {"id": "d", "title": HEADLINES[3], "text": body(3)},
    ]
    today = [
        {"id": "a", "title": HEADLINES[4], "text": body(4)},  # same id
        {"id": "b2", "title": HEADLINES[1], "text": body(1)},  # same headline and summary
        {"id": "c2", "title": HEADLINES[2], "text": body(5)},  # same headline, another summary
        {"id": "d2", "title": HEADLINES[5], "text": body(3)},  # same summary, another headline
    ]
    assert build(records(tmp_path / "d1.jsonl", earlier), "--out", str(out), "--date", "2024-01-02").exit_code == 0
    res = build(records(tmp_path / "d2.jsonl", today), "--out", str(out), "--date", "2024-01-03")
    assert res.exit_code == 0, res.output
    before = by_title(day_json(out, "2024-01-02"))
    items = by_title(day_json(out, "2024-01-03"))
    status = {t: i["_briefing"]["status"] for t, i in items.items()}
    assert status[HEADLINES[4]] == "repeat" and status[HEADLINES[1]] == "repeat"
    assert items[HEADLINES[4]]["_briefing"]["follows"]["anchor"] == before[HEADLINES[0]]["_briefing"]["anchor"]
    assert status[HEADLINES[2]] == "follow-up" and status[HEADLINES[5]] != "repeat"
    assert items[HEADLINES[2]]["_briefing"]["follows"]["title"] == HEADLINES[2]


def test_a_follow_up_links_to_the_latest_day_that_briefed_the_event(tmp_path):
    """The event briefed on two days (the second a repeat of the first): a follow-up on the third day links
    the latest of them, and says the event was first briefed on the first."""
    from tests.test_editorial import SNOW_2

    out = tmp_path / "out"
    days = {"2024-01-02": [SNOW, TEA], "2024-01-03": [SNOW, SHIP], "2024-01-04": [SNOW_2, GAME]}
    for day, stories in days.items():
        src = tmp_path / f"{day}.md"
        src.write_text(page("晚间新闻", day, stories), "utf-8")
        assert build(str(src), "--out", str(out), "--date", day).exit_code == 0
    briefed = by_title(day_json(out, "2024-01-03"))[SNOW[0]]["_briefing"]
    follow = by_title(day_json(out, "2024-01-04"))[SNOW_2[0]]["_briefing"]
    assert follow["status"] == "follow-up" and follow["first_seen"] == "2024-01-02"
    assert follow["follows"] == {"date": "2024-01-03", "anchor": briefed["anchor"], "title": SNOW[0]}


def test_continuity_compares_the_last_continuity_days_briefings(tmp_path):
    """A story of the first of three earlier days: with continuity_days = 3 it repeats that day, with 2
    that day is not compared and the story is new (feed_days = 1: the feeds read no more days)."""
    from tests.test_editorial import DRILL, LIBRARY

    bridge = (HEADLINES[1], "新建铁路跨江大桥今天顺利合龙，预计明年通车。", "https://example.com/bridge")
    stories = {
        "2024-01-02": [SNOW, LIBRARY],
        "2024-01-03": [TEA, DRILL],
        "2024-01-04": [SHIP, GAME],
        "2024-01-05": [SNOW, bridge],
    }
    for window, want in ((3, "repeat"), (2, "new")):
        out = tmp_path / f"out{window}"
        cfg = config(tmp_path, f"[editorial]\ncontinuity_days = {window}\nfeed_days = 1\n")
        for day, day_stories in stories.items():
            src = tmp_path / f"{day}.md"
            src.write_text(page("晚间新闻", day, day_stories), "utf-8")
            assert build(str(src), "--out", str(out), "--date", day, "--config", cfg).exit_code == 0
        assert by_title(day_json(out, "2024-01-05"))[SNOW[0]]["_briefing"]["status"] == want, window


def _days_built(tmp_path: Path, name: str, days: dict[str, list[tuple[str, str, str]]]) -> Path:
    out = tmp_path / name
    for day, stories in days.items():
        src = tmp_path / f"{name}-{day}.md"
        src.write_text(page("晚间新闻", day, stories), "utf-8")
        assert build(str(src), "--out", str(out), "--date", day).exit_code == 0
    return out


def test_a_follow_up_is_of_an_event_at_most_continuity_days_old(tmp_path):
    """continuity_days = 7 (the default): an event briefed 7 days before is followed up, 8 days before it is
    new again; a day older than that in the folder does not stop a recent day from being followed up."""
    from tests.test_editorial import DRILL, SNOW_2

    for gap, want in ((7, "follow-up"), (8, "new")):
        today = f"2024-01-{2 + gap:02d}"
        out = _days_built(tmp_path, f"gap{gap}", {"2024-01-02": [SNOW, TEA], today: [SNOW_2, SHIP]})
        assert by_title(day_json(out, today))[SNOW_2[0]]["_briefing"]["status"] == want, gap
    out = _days_built(
        tmp_path, "mixed", {"2024-01-01": [GAME, DRILL], "2024-01-10": [SNOW, TEA], "2024-01-11": [SNOW_2, SHIP]}
    )
    items = by_title(day_json(out, "2024-01-11"))
    assert items[SNOW_2[0]]["_briefing"]["status"] == "follow-up"
    assert items[SNOW_2[0]]["_briefing"]["follows"]["date"] == "2024-01-10"


# --- the story cap when an event has several reports ---------------------------------------------------


def _event_day(tmp_path: Path) -> list[str]:
    """One event reported by three sources (one headline, three texts), then three other stories."""
    paths = []
    for n, source in enumerate(SOURCES):
        rows = [{"id": f"e{n}", "title": HEADLINES[0], "text": body(n), "source": source}]
        if n == 0:
            rows += [{"id": f"o{k}", "title": HEADLINES[k], "text": body(10 + k), "source": source} for k in (1, 2, 3)]
        paths.append(records(tmp_path / f"s{n}.jsonl", rows))
    return paths


def _shown_and_cut(tmp_path: Path, max_stories: int) -> tuple[list[str], dict[str, str]]:
    out = tmp_path / f"out{max_stories}"
    cfg = config(tmp_path, f"[editorial]\nmax_stories = {max_stories}\ntop_stories = 1\n")
    res = build(*_event_day(tmp_path), "--out", str(out), "--date", "2024-01-03", "--config", cfg)
    assert res.exit_code == 0, res.output
    items = day_json(out, "2024-01-03")["items"]
    assert len(items) == 6 and len({i["title"] for i in items if i["id"].startswith("e")}) == 1
    shown = [i["id"] for i in items if not i["_briefing"]["cut"]]
    cut = {i["id"]: i["_briefing"]["cut_reason"] for i in items if i["_briefing"]["cut"]}
    return shown, cut


@pytest.mark.parametrize("max_stories", [2, 3, 4, 5, 6])
def test_the_story_cap_shows_every_events_lead_before_an_events_other_reports(tmp_path, max_stories):
    """max_stories counts every story on the page, an event's other reports too, and distinct events come
    first: the day has four events (one of three reports, three of one), so a cap under four shows that
    many leads and no second report, four shows the four leads, and each place above four goes to one more
    report of the event; everything left out is cut as "cap"."""
    shown, cut = _shown_and_cut(tmp_path, max_stories)
    leads = [s for s in shown if s.startswith("o")] + [s for s in shown if s.startswith("e")][:1]
    reports = [s for s in shown if s.startswith("e")][1:]
    assert len(shown) == max_stories
    assert len(leads) == min(max_stories, 4) and len(reports) == max(0, max_stories - 4)
    assert len(cut) == 6 - max_stories and set(cut.values()) <= {"cap"}


def test_a_cap_of_one_shows_the_lead_alone(tmp_path):
    """The lower edge: with max_stories = 1 the event's lead is the page; its two other reports are cut."""
    shown, cut = _shown_and_cut(tmp_path, 1)
    assert len(shown) == 1 and shown[0].startswith("e")
    assert len(cut) == 5 and set(cut.values()) == {"cap"}
    html = (tmp_path / "out1" / "2024-01-03.html").read_text("utf-8")
    assert html.count(HEADLINES[0]) >= 1 and all(HEADLINES[k] not in html for k in (1, 2, 3))


@pytest.mark.parametrize("max_stories", [1, 2, 4, 5, 6])
def test_the_headers_source_count_counts_the_sources_of_the_stories_shown(tmp_path, max_stories):
    """The tester's header said 6 sources with 2 visible: it counted the outlets of stories cut by the cap.
    The page's, the Markdown's and the day JSON's counts are those of the stories shown (an event's other
    reports on the page included); under the cap the day has fewer than all three."""
    shown, _ = _shown_and_cut(tmp_path, max_stories)
    out = tmp_path / f"out{max_stories}"
    items = day_json(out, "2024-01-03")["items"]
    on_page = {src for i in items if not i["_briefing"]["cut"] for src in i["_briefing"]["sources"]}
    every = {src for i in items for src in i["_briefing"]["sources"]}
    assert every == set(SOURCES) and (on_page == every) == (max_stories == 6)
    for name in ("2024-01-03.html", "2024-01-03.md"):
        counts = re.findall(r"(\d+) 个来源", (out / name).read_text("utf-8"))
        assert counts == [str(len(on_page))], (name, counts, on_page)
    description = day_json(out, "2024-01-03")["description"]
    assert description == f"{len(shown)} stories from {len(on_page)} sources"


# --- the rolling feeds' window -------------------------------------------------------------------------

DAYS = {  # two stories a day (a page of one story takes the page's header into its headline)
    "2024-01-02": [SNOW, TEA],
    "2024-01-03": [SHIP, GAME],
    "2024-01-04": [TEA, SNOW],
    "2024-01-05": [GAME, SHIP],
}


def _feed_days(out: Path) -> tuple[list[str], list[str]]:
    """The briefing days of feed.json's entries and of feed.atom's, in order."""
    import feedparser

    feed = json.loads((out / "feed.json").read_text("utf-8"))
    json_days = [i["_briefing"]["briefing_date"] for i in feed["items"]]
    atom = feedparser.parse((out / "feed.atom").read_bytes())
    assert not atom.bozo, atom.get("bozo_exception")
    atom_days = [re.search(r"(\d{4}-\d{2}-\d{2})\.html", e.link).group(1) for e in atom.entries]
    return json_days, atom_days


def _build_days(tmp_path: Path, order: list[str], feed_days: int) -> Path:
    out = tmp_path / f"out-{feed_days}-{order[-1]}"
    cfg = config(tmp_path, f"[editorial]\nfeed_days = {feed_days}\n")
    for day in order:
        src = tmp_path / f"{day}.md"
        src.write_text(page("晚间新闻", day, DAYS[day]), "utf-8")
        res = build(str(src), "--out", str(out), "--date", day, "--config", cfg, "--base-url", BASE)
        assert res.exit_code == 0, res.output
    return out


def test_the_feeds_hold_the_last_feed_days_briefings_newest_first(tmp_path):
    """Four days built in order: with feed_days = 3 the feeds hold the last three days (the oldest day left
    out), newest first; with feed_days = 4 all four."""
    days = sorted(DAYS)
    json_days, atom_days = _feed_days(_build_days(tmp_path, days, 3))
    assert json_days == atom_days == [d for d in ["2024-01-05", "2024-01-04", "2024-01-03"] for _ in (1, 2)]
    json_days, atom_days = _feed_days(_build_days(tmp_path, days, 4))
    assert (
        json_days == atom_days == [d for d in ["2024-01-05", "2024-01-04", "2024-01-03", "2024-01-02"] for _ in (1, 2)]
    )


def test_an_earlier_day_rebuilt_last_does_not_push_a_later_day_out_of_the_feeds(tmp_path):
    """The window is the newest days, not the ones built last: building 2024-01-02 after the three later
    days leaves it out of a two-day feed (the two newest stay); in a four-day feed it is the last entry."""
    order = ["2024-01-03", "2024-01-04", "2024-01-05", "2024-01-02"]
    json_days, atom_days = _feed_days(_build_days(tmp_path, order, 2))
    assert json_days == atom_days == [d for d in ["2024-01-05", "2024-01-04"] for _ in (1, 2)]
    json_days, atom_days = _feed_days(_build_days(tmp_path, order, 4))
    assert (
        json_days == atom_days == [d for d in ["2024-01-05", "2024-01-04", "2024-01-03", "2024-01-02"] for _ in (1, 2)]
    )


# --- permalinks of stories left out of the page --------------------------------------------------------


def test_only_stories_on_the_page_have_a_permalink(tmp_path):
    """In the day's JSON a story on the page has its permalink (the page at its anchor, which the page
    has); a story cut by the cap has no ``url``, and its anchor is on no page."""
    src = tmp_path / "p.md"
    src.write_text(page("晚间新闻", "2024-01-02", [SNOW, TEA, SHIP, GAME]), "utf-8")
    cfg = config(tmp_path, "[editorial]\nmax_stories = 2\ntop_stories = 1\n")
    out = tmp_path / "out"
    res = build(str(src), "--out", str(out), "--date", "2024-01-02", "--config", cfg, "--base-url", BASE)
    assert res.exit_code == 0, res.output
    items = day_json(out, "2024-01-02")["items"]
    html = (out / "2024-01-02.html").read_text("utf-8")
    shown = [i for i in items if not i["_briefing"]["cut"]]
    cut = [i for i in items if i["_briefing"]["cut"]]
    assert len(shown) == 2 and len(cut) == 2
    for item in shown:
        anchor = item["_briefing"]["anchor"]
        assert item["url"] == f"{BASE}2024-01-02.html#{anchor}" and f'id="{anchor}"' in html
    for item in cut:
        assert "url" not in item and f'id="{item["_briefing"]["anchor"]}"' not in html
    feed = json.loads((out / "feed.json").read_text("utf-8"))
    assert sorted(i["url"] for i in feed["items"]) == sorted(i["url"] for i in shown if i["_briefing"]["top"])
