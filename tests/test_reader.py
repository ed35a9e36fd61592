"""What a reader sees (#22): honest feed dates, the machine-translation credit on every surface carrying
English, no operator details on reader files, the top list, dates and names, the e-mail edition."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.translators.base import TranslationBackend, translators

BASE = "https://news.example.org/daily/"
# Stories written for these tests: one is years older than the day it is briefed on.
OLD = {"id": "old", "title": "旧闻重提的水利工程", "text": "这项水利工程于三年前竣工，今年汛期首次全面运行。", "date": "2022-09-24"}
NEW = {"id": "new", "title": "新建公园向市民开放", "text": "城东新建的湿地公园今天起向市民免费开放。"}
LATER = {"id": "later", "title": "夏粮收购工作全面展开", "text": "各地夏粮收购工作全面展开，收购进度快于去年。"}


def build(*args: str, env: dict | None = None):
    return CliRunner(env=env).invoke(main, ["build", *args])


def jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


# --- feeds: an entry is dated by the briefing that carried it ------------------------------------


def test_feed_entries_are_published_on_their_briefings_day_and_the_feed_moves_with_each_day(tmp_path):
    import feedparser

    out = tmp_path / "out"
    day1, day2 = "2024-05-20", "2024-05-21"
    at1, at2 = {"SOURCE_DATE_EPOCH": "1716210000"}, {"SOURCE_DATE_EPOCH": "1716300000"}  # the builds' times
    assert build(str(jsonl(tmp_path / "a.jsonl", [OLD, NEW])), "--out", str(out), "--date", day1, "--base-url", BASE, env=at1).exit_code == 0
    first = feedparser.parse((out / "feed.atom").read_bytes())
    assert first.feed.updated == "2024-05-20T21:00:00+08:00"  # the build's time
    assert build(str(jsonl(tmp_path / "b.jsonl", [LATER])), "--out", str(out), "--date", day2, "--base-url", BASE, env=at2).exit_code == 0
    feed = json.loads((out / "feed.json").read_text("utf-8"))
    atom = feedparser.parse((out / "feed.atom").read_bytes())
    assert atom.feed.updated == "2024-05-21T22:00:00+08:00"  # the later day's build moved it
    briefed = {i["title"]: i["url"].removeprefix(BASE)[:10] for i in feed["items"]}
    assert briefed == {OLD["title"]: day1, NEW["title"]: day1, LATER["title"]: day2}
    for item in feed["items"]:
        assert item["date_published"] == f"{briefed[item['title']]}T00:00:00+08:00"
        assert item["_briefing"]["briefing_date"] == briefed[item["title"]]
    for entry in atom.entries:
        assert entry.published == entry.updated == f"{briefed[entry.title]}T00:00:00+08:00"
    old = next(i for i in feed["items"] if i["title"] == OLD["title"])
    assert old["_briefing"]["story_date"] == OLD["date"] and OLD["date"] in old["content_text"]  # its own date, told
    assert "2022" not in atom.entries[[e.title for e in atom.entries].index(OLD["title"])].published
    day_item = next(i for i in json.loads((out / f"{day1}.json").read_text("utf-8"))["items"] if i["id"] == "old")
    assert day_item["date_published"] == f"{day1}T00:00:00+08:00" and day_item["_briefing"]["date"] == OLD["date"]


# --- the machine-translation credit: on every surface that carries English ----------------------

WORDS = {OLD["title"]: "Old water project", OLD["text"]: "The water project was finished three years ago.",
         NEW["title"]: "New park opens", NEW["text"]: "The new wetland park in the east of the city opens today."}
MODEL_DIR, HOST = "/srv/secret-models/zh-en-test", "127.0.0.1:8123/v1"
CREDIT = "英文为机器翻译（zh-en-test） · English: machine translation by zh-en-test"
READER_FILES = ("{d}.html", "{d}.md", "{d}.email.html", "{d}.email.txt", "feed.json", "feed.atom", "index.html")


class Served(TranslationBackend):
    """Known English, reported as a model in a local folder served at a local port (as an endpoint does)."""

    name = "served-english"

    def translate_batch(self, sentences, decode):
        return [WORDS[s] for s in sentences]

    @property
    def described(self) -> tuple[str, str]:
        return MODEL_DIR, HOST


@pytest.fixture
def served_english(monkeypatch):
    monkeypatch.setitem(translators._classes, Served.name, Served)
    return {"BRIEFING_TRANSLATE_BACKEND": Served.name}


def reader_files(out: Path, day: str) -> dict[str, str]:
    return {n.format(d=day): (out / n.format(d=day)).read_text("utf-8") for n in READER_FILES}


def test_every_surface_with_english_credits_the_machine_translation_by_the_models_name(tmp_path, served_english):
    out, day = tmp_path / "out", "2024-05-20"
    src = jsonl(tmp_path / "a.jsonl", [OLD, NEW])
    res = build(str(src), "--out", str(out), "--date", day, "--base-url", BASE, "--translate", env=served_english)
    assert res.exit_code == 0, res.output
    files = reader_files(out, day)
    for name, text in files.items():
        assert WORDS[NEW["title"]] in text, name  # it carries English ...
        assert CREDIT in text.replace("&nbsp;", " "), name  # ... and says whose machine English it is
        assert "secret-models" not in text and "127.0.0.1" not in text and "8123" not in text, name
    feed = json.loads(files["feed.json"])
    assert all(CREDIT in i["content_text"] for i in feed["items"])
    assert json.loads((out / f"{day}.json").read_text("utf-8"))["_briefing"]["english"]["endpoint_host"] == HOST


LABEL = re.compile(r"(?<![\w/.-])([A-Z][a-z]+):(?=\s)")  # "English: …" on a line; not "https:", not "12:30"


def test_no_line_of_a_reader_file_says_a_label_twice(tmp_path, served_english):
    """The header said "English: 2 of 2 stories · 英文为机器翻译（…） · English: machine translation by …"; now
    the credit says "English:" once and the count follows it. No line of any reader file repeats a label."""
    out, day = tmp_path / "out", "2024-05-20"
    src = jsonl(tmp_path / "a.jsonl", [OLD, NEW])
    res = build(str(src), "--out", str(out), "--date", day, "--base-url", BASE, "--translate", env=served_english)
    assert res.exit_code == 0, res.output
    for name, text in reader_files(out, day).items():
        for line in text.splitlines():
            labels = LABEL.findall(line)
            assert len(labels) == len(set(labels)), (name, line)
    for name in (f"{day}.md", f"{day}.html"):
        header = re.sub(r"<[^>]*>", "", (out / name).read_text("utf-8"))
        assert f"{CREDIT} (2 of 2 stories)" in header, name


def test_without_english_no_surface_claims_a_translation(tmp_path):
    out, day = tmp_path / "out", "2024-05-20"
    assert build(str(jsonl(tmp_path / "a.jsonl", [OLD, NEW])), "--out", str(out), "--date", day, "--base-url", BASE).exit_code == 0
    for name, text in reader_files(out, day).items():
        assert "machine translation" not in text and "机器翻译" not in text, name
    for name in (f"{day}.html", f"{day}.md", f"{day}.email.html", f"{day}.email.txt"):
        text = (out / name).read_text("utf-8")
        assert "English summaries are not available today" in text, name  # a plain note, no command
        assert "briefing models pull" not in text and "endpoint" not in text, name


# --- reader files show reader things: the operator's details go to stderr, the JSON and the report --

NUM = {"id": "num", "title": "全市新建学校12所", "text": "今年全市新建学校12所，新增学位一万个。"}
NUM2 = {"id": "num2", "title": "新增公交线路8条", "text": "本月新增公交线路8条，方便市民出行。"}
WORDS |= {NUM["title"]: "City builds 12 new schools", NUM["text"]: "The city built 21 new schools this year.",
          NUM2["title"]: "Eight new bus routes", NUM2["text"]: "This month 9 new bus routes were added."}
LATER_EN = {LATER["title"]: "Summer grain purchases under way",
            LATER["text"]: "Summer grain purchases are under way everywhere, faster than last year."}
WORDS |= LATER_EN
CHECK = "请对照中文核对 Check the English against the Chinese (numbers)"
OPERATOR = ("secret-inputs", "empty.txt", "in the JSON", "Problems in this run", "number mismatch", "127.0.0.1",
            "secret-models", "briefing models pull", "extractive fallback", ".briefing")


def test_operator_details_go_to_the_report_and_the_json_never_to_reader_files(tmp_path, served_english):
    out, day = tmp_path / "out", "2024-05-20"
    empty = tmp_path / "secret-inputs" / "empty.txt"
    empty.parent.mkdir()
    empty.write_text("", "utf-8")
    cfg = tmp_path / "c.toml"
    cfg.write_text("[editorial]\nmax_stories = 4\ntop_stories = 2\n", "utf-8")
    src = jsonl(tmp_path / "a.jsonl", [OLD, NEW, LATER, NUM, NUM2])
    res = build(str(src), str(empty), "--out", str(out), "--date", day, "--base-url", BASE, "--translate",
                "--config", str(cfg), env=served_english)
    assert res.exit_code == 1, res.output  # the empty input
    assert "empty.txt" in res.stderr
    data = json.loads((out / f"{day}.json").read_text("utf-8"))
    shown = [i for i in data["items"] if not i["_briefing"]["cut"]]
    cut = [i for i in data["items"] if i["_briefing"]["cut"]]
    flagged = [i for i in shown if i["_briefing"]["flags"]]
    assert len(cut) == 1 and flagged and {i["id"] for i in flagged} <= {"num", "num2"}
    assert all(i["_briefing"]["flags"][0].startswith("number mismatch in translation: ") for i in flagged)
    for name, text in reader_files(out, day).items():
        assert str(tmp_path) not in text, name
        for detail in OPERATOR:
            assert detail not in text, (name, detail)
        assert cut[0]["title"] not in text, name
    for name in (f"{day}.html", f"{day}.md", f"{day}.email.html", f"{day}.email.txt"):
        assert reader_files(out, day)[name].count(CHECK) == len(flagged), name  # one plain line per story
    report = (out / ".briefing" / "reports" / f"{day}.txt").read_text("utf-8")
    for detail in (str(empty), *(i["_briefing"]["flags"][0] for i in flagged), MODEL_DIR, HOST, cut[0]["title"]):
        assert detail in report, detail
    assert str(out / ".briefing" / "reports" / f"{day}.txt") in res.stderr  # the run says where it is


def test_without_a_translator_the_report_says_what_would_give_english(tmp_path):
    out, day = tmp_path / "out", "2024-05-20"
    assert build(str(jsonl(tmp_path / "a.jsonl", [NEW])), "--out", str(out), "--date", day).exit_code == 0
    report = (out / ".briefing" / "reports" / f"{day}.txt").read_text("utf-8")
    assert "briefing models pull opus-mt-zh-en" in report and "translate.endpoint" in report


# --- the page: top headlines first, English under its headline, statuses and dates as they are -----

def _main(html: str) -> str:
    return html.split("<main>", 1)[1].split("</main>", 1)[0]


def test_the_page_opens_with_a_numbered_list_of_the_top_headlines_their_english_under_each(tmp_path, served_english):
    out, day = tmp_path / "out", "2024-05-20"
    res = build(str(jsonl(tmp_path / "a.jsonl", [OLD, NEW])), "--out", str(out), "--date", day, "--translate", env=served_english)
    assert res.exit_code == 0, res.output
    html = _main((out / f"{day}.html").read_text("utf-8"))
    top = [i for i in json.loads((out / f"{day}.json").read_text("utf-8"))["items"] if i["_briefing"]["top"]]
    assert len(top) == 2
    listing = html.split('<ol class="toplist"', 1)[1].split("</ol>", 1)[0]
    assert html.index('<ol class="toplist"') < html.index('<article class="story"')  # before the full stories
    expected = "".join(
        f'<li><a href="#{i["_briefing"]["anchor"]}" lang="zh-Hans">{i["title"]}</a>'
        f'<span class="en" lang="en">{i["_briefing"]["title_en"]}</span></li>'
        for i in top
    )
    assert re.sub(r">\s+<", "><", listing.split(">", 1)[1]).strip() == expected
    for item in top:  # the English headline right under the Chinese one, before the summary
        after = html.split(f'<h3 lang="zh-Hans">{item["title"]}</h3>', 1)[1]
        assert re.match(rf'\s*<p class="en en-title" lang="en">{re.escape(item["_briefing"]["title_en"])}</p>', after)


SNOW = ("北方多地迎来强降雪 交通部门启动应急响应", "受冷空气影响，北方多地今天出现强降雪天气，交通部门启动应急响应。")
SNOW_2 = ("北方强降雪持续 交通部门全力保障道路畅通", "北方多地强降雪持续，交通部门连夜除雪，保障道路畅通。")
TEA = ("第十届国际茶叶博览会在杭州开幕", "第十届国际茶叶博览会今天在杭州开幕，四十多个国家和地区的展商参展。")
SHIP = ("我国造船完工量同比增长两成", "工业和信息化部发布数据，前五个月我国造船完工量同比增长两成。")
GAME = ("全国青少年足球联赛总决赛收官", "全国青少年足球联赛总决赛今天在昆明收官，上海队夺得冠军。")
WIRE = ("博览会闭幕", "新华社杭州12月30日电 第十届国际茶叶博览会今天闭幕，成交额创新高。")


def transcript(path: Path, day: str, stories: list[tuple[str, str]]) -> Path:
    """A broadcast transcript page: a header with the programme and date, one ### section per story."""
    parts = [f"# 《晚间新闻》 ({day.replace('-', '')})", ""]
    for title, lead in stories:
        parts += [f"### {title}", "", f"央视网消息（晚间新闻）：{lead}", "", "记者在现场看到，各项工作有序进行。", ""]
    path.write_text("\n".join(parts), "utf-8")
    return path


def test_a_repeats_status_shows_in_its_compact_entry_and_there_is_one_back_to_top_at_the_end(tmp_path):
    out = tmp_path / "out"
    cfg = tmp_path / "c.toml"
    cfg.write_text("[editorial]\ntop_stories = 1\n", "utf-8")
    stories = [SNOW, TEA, SHIP, GAME]
    for day in ("2024-01-02", "2024-01-03"):  # the same stories again: repeats
        src = transcript(tmp_path / f"{day}.md", "2024-01-02", stories)
        assert build(str(src), "--out", str(out), "--date", day, "--config", str(cfg)).exit_code == 0
    html = _main((out / "2024-01-03.html").read_text("utf-8"))
    briefs = re.findall(r'<li class="brief".*?<details>', html, re.S)
    assert len(briefs) == 3
    for brief in briefs:  # seen before opening it
        assert '<span class="status" lang="en">已报道 Briefed 2024-01-02</span>' in brief
    md = (out / "2024-01-03.md").read_text("utf-8")
    assert md.count("**已报道 Briefed 2024-01-02** · ") == 3  # each brief, before its summary
    page = (out / "2024-01-03.html").read_text("utf-8")
    sections = page.count('<section id="sec-')
    assert sections >= 1 and page.count("Back to top") == sections  # one per section but the last, one in the footer
    assert not re.search(r"Back to top</a></p>\s*</section>\s*</main>\s*<footer[^>]*><p class=\"totop\"", page)


def test_a_dateline_is_not_a_byline_and_a_related_report_does_not_repeat_its_date(tmp_path):
    out = tmp_path / "out"
    page = transcript(tmp_path / "p.md", "2024-01-02", [SNOW, SNOW_2, TEA])
    wire = tmp_path / "wire.txt"
    wire.write_text(f"{WIRE[0]}\n\n{WIRE[1]}\n", "utf-8")
    assert build(str(page), str(wire), "--out", str(out), "--date", "2024-01-03").exit_code == 0
    data = json.loads((out / "2024-01-03.json").read_text("utf-8"))
    fair = next(i for i in data["items"] if i["title"] == WIRE[0])
    assert fair["_briefing"]["dateline"] == "新华社杭州12月30日电" and fair["authors"][0]["name"] != "新华社杭州12月30日电"
    for name in ("2024-01-03.html", "2024-01-03.md"):
        text = (out / name).read_text("utf-8")
        shown = re.sub(r'<div class="full".*?</div>|<details><summary>全文.*?</details>', "", text, flags=re.S)
        assert "新华社杭州12月30日电" not in shown.replace(WIRE[1], ""), name  # not as a byline or meta line
        assert "晚间新闻 2024-01-02, 2024-01-02" not in text, name
    assert any(i["_briefing"]["related_ids"] for i in data["items"])  # the snow reports are one event


# --- fidelity of machine English: one English for everything is refused; known names must be rendered ---

EXPO = {"id": "expo", "title": "上海举办国际科技展览", "text": "国际科技展览今天在上海开幕，吸引大批市民参观。"}
RAIL = {"id": "rail", "title": "俄罗斯与哈萨克斯坦开通新铁路", "text": "俄罗斯与哈萨克斯坦之间的新铁路今天正式通车。"}
ALWAYS = "Beijing held a science and technology exhibition today."


class Always(TranslationBackend):
    """A server that answers every request with one fluent sentence, whatever it was asked."""

    name = "always-the-same"

    def translate_batch(self, sentences, decode):
        return [ALWAYS for _ in sentences]


def test_one_english_for_every_text_is_refused_and_said_once(tmp_path, monkeypatch):
    monkeypatch.setitem(translators._classes, Always.name, Always)
    out, day = tmp_path / "out", "2024-05-20"
    src = jsonl(tmp_path / "a.jsonl", [OLD, NEW, LATER, EXPO, RAIL])
    res = build(str(src), "--out", str(out), "--date", day, "--translate", env={"BRIEFING_TRANSLATE_BACKEND": Always.name})
    assert res.exit_code == 1, res.output
    items = json.loads((out / f"{day}.json").read_text("utf-8"))["items"]
    assert [i["_briefing"]["title_en"] for i in items] == [None] * 5  # refused, every one
    assert all("the same English was given for a different text" in i["_briefing"]["english_failure"] for i in items)
    assert all(i["_briefing"]["key_terms"] or i["id"] in {"old", "new", "later"} for i in items)  # key terms instead
    errors = [line for line in res.stderr.splitlines() if line.startswith("briefing: error:")]
    assert len(errors) == 1 and errors[0].startswith("briefing: error: 5 stories: ")
    for name in (f"{day}.html", f"{day}.md", f"{day}.email.html", f"{day}.email.txt"):
        assert ALWAYS not in (out / name).read_text("utf-8"), name


def test_the_same_text_twice_may_have_the_same_english(tmp_path, served_english):
    out, day = tmp_path / "out", "2024-05-20"
    twin = {"id": "twin", "title": NEW["title"], "text": "湿地公园每天早上六点开门，晚上十点关门。"}  # one headline twice
    WORDS[twin["text"]] = "The wetland park opens at six in the morning and closes at ten at night."
    res = build(str(jsonl(tmp_path / "a.jsonl", [NEW, twin])), "--out", str(out), "--date", day, "--translate",
                env=served_english)
    assert res.exit_code == 0, res.output
    items = json.loads((out / f"{day}.json").read_text("utf-8"))["items"]
    assert [i["_briefing"]["title_en"] for i in items] == [WORDS[NEW["title"]]] * 2


NAMED = {EXPO["title"]: "Beijing holds international science and technology exhibition",  # 上海 left out
         EXPO["text"]: "The exhibition opened today in Beijing, drawing many citizens.",
         RAIL["title"]: "Russia and Kazakhstan open a new railway",
         RAIL["text"]: "The new Russian-Kazakh railway opened to traffic today."}


class Named(TranslationBackend):
    name = "named-english"

    def translate_batch(self, sentences, decode):
        return [NAMED[s] for s in sentences]


def test_a_name_with_a_known_english_form_left_out_is_one_check_line_with_details_in_the_json(tmp_path, monkeypatch):
    monkeypatch.setitem(translators._classes, Named.name, Named)
    out, day = tmp_path / "out", "2024-05-20"
    src = jsonl(tmp_path / "a.jsonl", [EXPO, RAIL])
    res = build(str(src), "--out", str(out), "--date", day, "--translate", env={"BRIEFING_TRANSLATE_BACKEND": Named.name})
    assert res.exit_code == 0, res.output
    flags = {i["id"]: i["_briefing"]["flags"] for i in json.loads((out / f"{day}.json").read_text("utf-8"))["items"]}
    assert len(flags["expo"]) == 1 and flags["expo"][0].startswith("name not rendered: 上海 (Shanghai")
    assert flags["rail"] == []  # Russia, Kazakh(stan): rendered, also as adjectives
    html = (out / f"{day}.html").read_text("utf-8")
    assert html.count("请对照中文核对 Check the English against the Chinese (names and terms)") == 1
    assert "name not rendered" not in html and "name not rendered: 上海" in (out / ".briefing" / "reports" / f"{day}.txt").read_text("utf-8")


# --- dates and names as a reader needs them ---------------------------------------------------------


def test_a_year_taken_from_the_build_date_is_said_and_a_year_from_the_page_is_not(tmp_path):
    out = tmp_path / "out"
    wire = tmp_path / "wire.txt"  # no page date: the year of 12月30日 is the build date's, or the one before
    wire.write_text(f"{WIRE[0]}\n\n{WIRE[1]}\n", "utf-8")
    paged = tmp_path / "p.md"  # a page dated 2024-01-02: the year of 12月31日 is the page's
    port = "### 港口吞吐量创新高\n\n新华社天津12月31日电 今年港口货物吞吐量创新高。\n"
    paged.write_text(transcript(paged, "2024-01-02", [GAME]).read_text("utf-8") + "\n" + port, "utf-8")
    assert build(str(wire), str(paged), "--out", str(out), "--date", "2024-01-05").exit_code == 0
    items = {i["title"]: i["_briefing"] for i in json.loads((out / "2024-01-05.json").read_text("utf-8"))["items"]}
    fair, port = items[WIRE[0]], items["港口吞吐量创新高"]
    assert (fair["date"], fair["date_source"], fair["year_guessed"]) == ("2023-12-30", "dateline", True)
    assert (port["date"], port["date_source"], port["year_guessed"]) == ("2023-12-31", "dateline", False)  # the page's
    html = (out / "2024-01-05.html").read_text("utf-8")
    assert html.count("年份推定 year assumed") == 1
    assert re.search(r'<time datetime="2023-12-30">2023-12-30</time> <span class="label" lang="en">年份推定 year assumed', html)
    for name in ("2024-01-05.md", "2024-01-05.email.html", "2024-01-05.email.txt"):
        assert (out / name).read_text("utf-8").count("2023-12-30 (年份推定 year assumed)") == 1, name


def test_a_source_is_named_by_its_agency_or_its_file_never_by_an_id(tmp_path):
    out = tmp_path / "out"
    by_id = tmp_path / "000_923017acd90077f1.txt"
    by_id.write_text(f"{WIRE[0]}\n\n{WIRE[1]}\n", "utf-8")
    undated = tmp_path / "2f9c0e41d7a3b5c8.txt"
    undated.write_text(f"{SHIP[0]}\n\n{SHIP[1]}\n", "utf-8")
    named = tmp_path / "晚报.txt"
    named.write_text(f"{GAME[0]}\n\n{GAME[1]}\n", "utf-8")
    assert build(str(by_id), str(undated), str(named), "--out", str(out), "--date", "2024-01-05").exit_code == 0
    sources = {i["title"]: i["_briefing"]["source_name"] for i in json.loads((out / "2024-01-05.json").read_text("utf-8"))["items"]}
    assert sources[WIRE[0]] == "新华社"  # the agency of its dateline
    assert sources[GAME[0]] == "晚报"  # a file's name when it is a name
    assert sources[SHIP[0]] == "未注明来源 Unnamed source"
    for name, text in reader_files_of(out, "2024-01-05").items():
        assert "923017acd90077f1" not in text and "2f9c0e41d7a3b5c8" not in text, name


def reader_files_of(out: Path, day: str) -> dict[str, str]:
    names = (f"{day}.html", f"{day}.md", f"{day}.email.html", f"{day}.email.txt", "index.html")
    return {n: (out / n).read_text("utf-8") for n in names}


# --- the page checker reads the reader files too -----------------------------------------------------


def test_the_page_checker_passes_a_translated_day_and_finds_each_kind_of_fault(tmp_path, served_english):
    from tests.pagecheck import reader_problems

    out, day = tmp_path / "out", "2024-05-20"
    empty = tmp_path / "empty.txt"
    empty.write_text("", "utf-8")
    src = jsonl(tmp_path / "a.jsonl", [OLD, NEW, NUM])
    res = build(str(src), str(empty), "--out", str(out), "--date", day, "--base-url", BASE, "--translate", env=served_english)
    assert res.exit_code == 1, res.output  # the empty input: a problem the reader files must not show
    assert reader_problems(out, day) == []
    page = (out / f"{day}.html").resolve()  # (published names are links into the run's folder)
    text = page.read_text("utf-8")
    faults = {
        "no numbered list": re.sub(r'<ol class="toplist".*?</ol>', "", text, flags=re.S),
        "without the machine-translation credit": text.replace("英文为机器翻译", "英文"),
        "an operator's detail": text.replace("</footer>", f"<p>{MODEL_DIR} at {HOST}</p></footer>"),
    }
    for problem, doctored in faults.items():
        page.write_text(doctored, "utf-8")
        assert any(problem in p for p in reader_problems(out, day)), problem
    page.write_text(text, "utf-8")
    mail = (out / f"{day}.email.txt").resolve()
    mail.write_text(mail.read_text("utf-8") + f"\nbriefing models pull opus-mt-zh-en\n{out}\n", "utf-8")
    assert {p.split(":")[0] for p in reader_problems(out, day)} == {f"{day}.email.txt"}


@pytest.mark.timeout(10)
def test_an_html_comment_never_closed_is_text_and_what_follows_is_read():
    from briefing.reader import html_blocks

    assert [b.text for b in html_blocks("<p>正文一。</p><!-- 未闭合的注释 <p>正文二。</p>")] == [
        "正文一。",
        "<!-- 未闭合的注释",
        "正文二。",
    ]
    closed = "<p>正文一。</p><!-- 注释 --><p>正文二。</p>"  # the other side: a closed comment is no text
    assert [b.text for b in html_blocks(closed)] == ["正文一。", "正文二。"]
