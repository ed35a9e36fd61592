"""What a reader sees, across surfaces (#22 audit): no recipient's address as another's sender, the
machine-translation credit only where English is, the same "check" and "year assumed" wording on every
surface, feeds that say when they were built, and "also reported by" naming other outlets only."""

from __future__ import annotations

import json
import re
from email import message_from_bytes
from email.policy import default
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing import wording
from briefing.cli import main
from briefing.errors import BackendError
from briefing.feeds import build_time
from briefing.render import md_escape
from briefing.translators.base import TranslationBackend, translators
from briefing.wording import (
    ALSO_REPORTED_BY,
    NO_ENGLISH_STORY,
    NO_ENGLISH_TODAY,
    RELATED_REPORTS,
    YEAR_ASSUMED,
    check_line,
    mt_credit,
    story_date,
)
from tests.golden import fake_english
from tests.pagecheck import reader_problems
from tests.test_editorial import BASE, Inbox, build, built, free_port, send, smtp_server  # noqa: F401 (built: a fixture)
from tests.test_english import ARTICLES, DATE, KNOWN, KnownEnglish

# --- mail: the sender --------------------------------------------------------------------------


def test_no_recipient_is_the_sender_of_another_recipients_mail(built):  # noqa: F811 (the fixture imported)
    """The audit's Bob got a message "From: alice@…" (the first --to was the default sender). Without a
    sender, several recipients are a usage error before connecting; one recipient alone is its own sender;
    a given sender is every message's sender."""
    out = built  # 2024-01-02's edition, built with a base URL
    res = send(out, f"127.0.0.1:{free_port()}", sender="")  # nothing listens there: never reached
    assert res.exit_code == 2, res.output
    errors = [line for line in res.output.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("briefing: error:") and "--sender" in errors[0]
    inbox = Inbox()
    with smtp_server(inbox) as server:
        alone = CliRunner().invoke(
            main, ["send", "2024-01-02", "--to", "desk@example.org", "--smtp", server, "--out", str(out)]
        )
        given = send(out, server, sender="bot@example.org")
    assert alone.exit_code == 0 and given.exit_code == 0, alone.output + given.output
    sent = [(e.mail_from, e.rcpt_tos, message_from_bytes(e.content, policy=default)) for e in inbox.messages]
    assert [(f, r) for f, r, _ in sent] == [
        ("desk@example.org", ["desk@example.org"]),
        ("bot@example.org", ["desk@example.org"]),
        ("bot@example.org", ["chief@example.org"]),
    ]
    for mail_from, rcpt, msg in sent:
        assert msg["From"] == mail_from and msg["To"] == rcpt[0]
        assert mail_from in rcpt or mail_from == "bot@example.org"  # never another recipient's address


# --- machine English: credited and checked only where it is, in one wording on every surface ------------

DAY_FILES = (f"{DATE}.html", f"{DATE}.md", f"{DATE}.email.html", f"{DATE}.email.txt")
FAILED = {
    "id": "d",
    "title": "某镇故障排查工作启动",
    "text": "全镇故障排查工作今天启动，持续一个月。",
}  # 故障: the fake fails
CREDIT_WORDS = ("英文为机器翻译", "machine translation")


class NoEnglish(TranslationBackend):
    """A translator every request fails on (a server down, refusing, or answering nonsense the checks refuse)."""

    name = "no-english"

    def translate_batch(self, sentences, decode):
        raise BackendError("no-english: translation failed")


class SomeEnglish(KnownEnglish):
    """test_english's known English (one number wrong, failing on 故障), and stand-in English for the rest."""

    name = "some-english"

    def translate_batch(self, sentences, decode):
        if any("故障" in s for s in sentences):
            raise BackendError("some-english: translation failed")
        return [KNOWN.get(s) or fake_english(s) for s in sentences]


@pytest.fixture
def fakes(monkeypatch):
    monkeypatch.setitem(translators._classes, SomeEnglish.name, SomeEnglish)
    monkeypatch.setitem(translators._classes, NoEnglish.name, NoEnglish)


def build_with(tmp_path, backend: str, rows: list[dict], *more: str, code: int = 1) -> Path:
    src = tmp_path / "news.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    out = tmp_path / "out"
    res = CliRunner(env={"BRIEFING_TRANSLATE_BACKEND": backend}).invoke(
        main, ["build", str(src), *more, "--out", str(out), "--date", DATE, "--translate", "--base-url", BASE]
    )
    assert res.exit_code == code, res.output  # 1: some English failed, and the run says so
    return out


def first_headline(text: str, titles: list[str]) -> int:
    return min(text.find(t) for t in titles if t in text)


def test_a_translator_that_gave_no_english_is_neither_credited_nor_checked(tmp_path, fakes):
    """The audit's page said "machine translation by fake-mt (0 of 6 stories)" and "Check the English" on
    every story when every answer failed; now each day file says what a day without a translator says,
    and the e-mail says it under its title, before the first story (not only in its last line)."""
    out = build_with(tmp_path, NoEnglish.name, ARTICLES)
    titles = [a["title"] for a in ARTICLES]
    for name in DAY_FILES:
        text = unescape((out / name).read_text("utf-8"))
        assert not any(w in text for w in CREDIT_WORDS), name
        assert "Check the English" not in text and "Contents in English" not in text, name
        assert NO_ENGLISH_TODAY in text, name
        assert NO_ENGLISH_STORY not in text, name  # no story is singled out when none has English
    for name in (f"{DATE}.email.html", f"{DATE}.email.txt"):
        text = (out / name).read_text("utf-8")
        assert text.find(NO_ENGLISH_TODAY) < first_headline(text, titles), name
    assert reader_problems(out, DATE) == []


def test_some_english_is_credited_and_a_story_without_english_says_so_plainly(tmp_path, fakes):
    """Among translated stories, one whose headline and summary both failed shows "no English for this
    story" and no "check the English" (it has none to check); the credit stays, near the top of the mail."""
    out = build_with(tmp_path, SomeEnglish.name, [*ARTICLES, FAILED])
    titles = [a["title"] for a in [*ARTICLES, FAILED]]
    doubts = {"b": ["numbers"], "c": ["a sentence not translated"], "d": []}  # a and c: headline English shown
    for name in DAY_FILES:
        text = unescape((out / name).read_text("utf-8"))
        assert all(w in text for w in CREDIT_WORDS) and NO_ENGLISH_TODAY not in text, name
        assert text.count("Check the English") == sum(map(len, doubts.values())), name
    html = (out / f"{DATE}.html").read_text("utf-8")
    story = html[html.find(f'id="{anchor_of(out, "d")}"') :]
    assert (
        NO_ENGLISH_STORY in story[: story.find("</article>")]
        and "Check the English" not in story[: story.find("</article>")]
    )
    assert "(2 of 4 stories)" in html  # a and b have English headline and summary
    assert "1 of 4 stories have no English" in html  # c shows its English headline
    for name in (f"{DATE}.email.html", f"{DATE}.email.txt"):
        text = (out / name).read_text("utf-8")
        assert text.find(CREDIT_WORDS[0]) < first_headline(text, titles), name
    assert reader_problems(out, DATE) == []


def anchor_of(out: Path, story_id: str) -> str:
    items = json.loads((out / f"{DATE}.json").read_text("utf-8"))["items"]
    return next(i["_briefing"]["anchor"] for i in items if i["id"] == story_id)


def test_feeds_and_index_say_check_and_year_assumed_in_the_pages_words(tmp_path, fakes):
    """The audit counted "Check the English" 2 times in the page, Markdown and e-mail and 0 times in the
    feeds and the index, and the feeds dated a story "2026-07-08 · 新华社" where the page said the year was
    assumed. Every surface now says both in the words of briefing.wording."""
    dated = tmp_path / "dated.txt"  # a dateline's month and day: its year is assumed from the build date
    dated.write_text("城市公园改造完成\n新华社北京7月8日电 城东湿地公园今天完成改造，向市民开放。\n", "utf-8")
    out = build_with(tmp_path, SomeEnglish.name, ARTICLES[:2], str(dated), code=0)
    check = check_line(["numbers"])  # story b's English lost a number
    feed = json.loads((out / "feed.json").read_text("utf-8"))
    atom = unescape((out / "feed.atom").read_text("utf-8"))
    index = unescape((out / "index.html").read_text("utf-8"))
    [b] = [i for i in feed["items"] if i["title"] == ARTICLES[1]["title"]]
    assert check in b["content_text"] and atom.count(check) == 1 and index.count(check) == 1
    [guessed] = [i for i in feed["items"] if i["title"] == "城市公园改造完成"]
    assert (
        guessed["_briefing"]["year_guessed"] is True
        and [i["_briefing"]["year_guessed"] for i in feed["items"]].count(True) == 1
    )
    assert story_date("2025-07-08", True) in guessed["content_text"] and story_date("2025-07-08", True) in atom
    for name in DAY_FILES:
        assert unescape((out / name).read_text("utf-8")).count(check) == 1, name
    assert reader_problems(out, DATE) == []


def test_summarize_credits_its_english_in_markdown_and_shows_each_english_lines_flags(tmp_path, fakes):
    """`summarize --format md` carried English with no credit; its text format showed "EN:" lines without
    what the checks found in them."""
    src = tmp_path / "news.jsonl"
    src.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES[:2]), "utf-8")
    env = {"BRIEFING_TRANSLATE_BACKEND": SomeEnglish.name}
    md = CliRunner(env=env).invoke(main, ["summarize", "--translate", "--format", "md", str(src)])
    text = CliRunner(env=env).invoke(main, ["summarize", "--translate", str(src)])
    plain = CliRunner(env=env).invoke(main, ["summarize", "--format", "md", str(src)])
    assert md.exit_code == text.exit_code == plain.exit_code == 0, md.output + text.output + plain.output
    assert (
        KNOWN[ARTICLES[0]["title"]] in md.stdout and md_escape(mt_credit("opus-mt-zh-en")) in md.stdout
    )  # by its name
    assert not any(w in plain.stdout for w in CREDIT_WORDS)  # no English, no credit
    lines = text.stdout.splitlines()
    en = [n for n, line in enumerate(lines) if line.startswith("    EN: ")]
    assert len(en) == 2 and lines[en[0] + 1].startswith("    关键词")  # story a: nothing found
    assert lines[en[1] + 1] == "    ! number mismatch in translation: 35"


def test_every_surface_credits_machine_english_through_one_function(tmp_path, fakes, monkeypatch):
    """The credit was composed in four places (the day's files, the summarize Markdown, the feeds, the
    index), each deciding on its own when English shows and how the model is named; now
    briefing.wording.english_credit decides for all. Its words and the model's name changed, every surface
    that credits says the new ones and none says the old."""
    monkeypatch.setattr(wording, "mt_credit", lambda model: f"MT credit of {model}")
    monkeypatch.setattr(wording, "model_name", lambda model: f"model {model.upper()}")
    said = "MT credit of model OPUS"  # opus-mt-zh-en, upper-cased (Markdown may escape what follows)
    out = build_with(tmp_path, SomeEnglish.name, ARTICLES[:2], code=0)
    for name in (*DAY_FILES, "feed.json", "feed.atom", "index.html"):
        text = unescape((out / name).read_text("utf-8"))
        assert said in text and not any(w in text for w in CREDIT_WORDS), name
    src = tmp_path / "news.jsonl"
    md = CliRunner(env={"BRIEFING_TRANSLATE_BACKEND": SomeEnglish.name}).invoke(
        main, ["summarize", "--translate", "--format", "md", str(src)]
    )
    assert md.exit_code == 0 and said in md.stdout and not any(w in md.stdout for w in CREDIT_WORDS), md.output


MARKED = ("index.html", "feed.json", "feed.atom", f"{DATE}.html", f"{DATE}.md", f"{DATE}.email.html")


def test_every_surface_marks_a_line_to_check_with_one_mark(tmp_path, fakes, monkeypatch):
    """The mark before a check line was written in feeds.py and six templates; now it is
    briefing.wording.CHECK_MARK (the ``flagged`` filter): changed there, every surface that marks one
    (the text e-mail says "!") shows the new mark and none the old, the summarize Markdown's flags too."""
    monkeypatch.setattr(wording, "CHECK_MARK", "[to check]")
    out = build_with(tmp_path, SomeEnglish.name, ARTICLES[:2], code=0)
    marked = f"[to check] {check_line(['numbers'])}"  # story b's English lost a number
    for name in MARKED:
        text = unescape((out / name).read_text("utf-8"))
        assert text.count(marked) == 1 and "⚠" not in text, name
    md = CliRunner(env={"BRIEFING_TRANSLATE_BACKEND": SomeEnglish.name}).invoke(
        main, ["summarize", "--translate", "--format", "md", str(tmp_path / "news.jsonl")]
    )
    assert md.exit_code == 0 and "> [to check] number mismatch" in md.stdout and "⚠" not in md.stdout, md.output


def test_a_template_that_writes_the_mark_itself_still_makes_the_same_page(tmp_path, fakes):
    """Templates are the user's to override: one written before the ``flagged`` filter, with the mark
    itself (the packaged templates as they were), makes every file as the packaged templates do."""
    folder = tmp_path / "templates"
    folder.mkdir()
    packaged = Path(__file__).resolve().parent.parent / "templates"
    for name in ("_story.html.j2", "_brief.html.j2", "email.html.j2", "index.html.j2", "_story.md.j2"):
        text = (packaged / name).read_text("utf-8")
        old = re.sub(r"\{\{ ([\w.]+)( \| md_label)? \| flagged \}\}", r"⚠ {{ \1\2 }}", text)
        assert old != text and "flagged" not in old, name
        (folder / name).write_text(old, "utf-8")
    (folder / "briefing.md.j2").write_text(
        '{% extends "default:briefing.md.j2" %}', "utf-8"
    )  # extending the packaged one, as the README shows
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    ours = build_with(tmp_path / "a", SomeEnglish.name, ARTICLES[:2], code=0)
    theirs = build_with(tmp_path / "b", SomeEnglish.name, ARTICLES[:2], "--templates", str(folder), code=0)
    for name in ("index.html", *DAY_FILES):  # the files templates make
        assert (theirs / name).read_bytes() == (ours / name).read_bytes(), name


# --- "also reported by": other outlets; the same outlet's other reports are related reports ----------

EVENT = [  # one event (one counterpart in every headline): two reports of one outlet, one of another
    {
        "id": "talks",
        "source": "晚间新闻",
        "title": "总理同比利时首相会谈",
        "text": "国务院总理今天在北京同比利时首相举行会谈。双方同意深化务实合作。",
    },
    {
        "id": "meets",
        "source": "晚间新闻",
        "title": "委员长会见比利时首相",
        "text": "全国人大常委会委员长今天在北京会见比利时首相。双方就议会交往交换意见。",
    },
    {
        "id": "paper",
        "source": "每日新报",
        "title": "主席会见比利时首相",
        "text": "国家主席今天在北京会见比利时首相。双方回顾了两国关系发展历程。",
    },
]


def related_blocks(out: Path) -> dict[str, list[tuple[str, list[str]]]]:
    """Each format's lists of a lead's other reports: (label, the reports' ids) in order."""
    items = {i["_briefing"]["anchor"]: i["id"] for i in json.loads((out / f"{DATE}.json").read_text("utf-8"))["items"]}
    html = (out / f"{DATE}.html").read_text("utf-8")
    md = (out / f"{DATE}.md").read_text("utf-8")
    found = {
        "html": re.findall(r'<p class="meta" lang="en">([^<]*):</p>\s*<ul class="related">(.*?)</ul>', html, re.S),
        "md": re.findall(r"\n([^\n]*):\n\n((?:- <a id=[^\n]*\n)+)", md),
    }
    return {
        fmt: [(unescape(label), [items[a] for a in re.findall(r'id="([^"]+)"', block)]) for label, block in blocks]
        for fmt, blocks in found.items()
    }


def test_also_reported_by_names_other_outlets_and_the_same_outlets_reports_are_related(tmp_path):
    """The audit's 2024-01-12 page: "同一事件 Also reported by 新闻联播:" under a 新闻联播 story, listing
    two more 新闻联播 stories (and the Markdown said "Also reported:"). Other outlets' reports are "also
    reported by" them; the lead's own outlet's are "related reports"; HTML and Markdown say the same."""
    src = tmp_path / "event.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in EVENT), "utf-8")
    out = tmp_path / "out"
    res = build(str(src), "--out", str(out), "--date", DATE)
    assert res.exit_code == 0, res.output
    day = json.loads((out / f"{DATE}.json").read_text("utf-8"))
    [lead] = [i for i in day["items"] if i["_briefing"]["related_ids"]]
    assert sorted([lead["id"], *lead["_briefing"]["related_ids"]]) == sorted(r["id"] for r in EVENT)  # one event
    outlet = {r["id"]: r["source"] for r in EVENT}
    mine = outlet[lead["id"]]
    other = [i for i in lead["_briefing"]["related_ids"] if outlet[i] != mine]
    same = [i for i in lead["_briefing"]["related_ids"] if outlet[i] == mine]
    outlets = "、".join(dict.fromkeys(outlet[i] for i in other))
    want = [(f"{ALSO_REPORTED_BY} {outlets}", other)] * bool(other) + [(RELATED_REPORTS, same)] * bool(same)
    assert other and same  # both kinds are there to tell apart
    blocks = related_blocks(out)
    assert blocks["html"] == blocks["md"] == want
    assert all(mine not in label for label, _ in want if label.startswith(ALSO_REPORTED_BY))


# --- the feed's updated: the time of the build that changed it ------------------------------------

ONE = {"id": "one", "title": "新建公园向市民开放", "text": "城东新建的湿地公园今天起向市民免费开放。"}
TWO = {"id": "two", "title": "夏粮收购工作全面展开", "text": "各地夏粮收购工作全面展开，收购进度快于去年。"}


ATOM = "{http://www.w3.org/2005/Atom}"


def feed_updated(out: Path) -> str:
    from lxml import etree

    return etree.fromstring((out / "feed.atom").read_bytes()).findtext(f"{ATOM}updated")


def entries_updated(out: Path) -> dict[str, str]:
    """Each Atom entry's updated, by its title."""
    from lxml import etree

    root = etree.fromstring((out / "feed.atom").read_bytes())
    return {e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}updated") for e in root.iterfind(f"{ATOM}entry")}


def test_the_feeds_updated_moves_with_each_build_that_changes_it_and_only_then(tmp_path):
    """The audit's feed said updated 2026-12-05T00:00 after a same-day rebuild that dropped a story and
    after an earlier day was backfilled: it was the newest briefing's midnight. Now it is the time of the
    build that changed the feed (injected as SOURCE_DATE_EPOCH); a rerun that changes nothing keeps it."""
    import datetime as dt

    out = tmp_path / "out"
    day, earlier = "2024-05-21", "2024-05-18"

    def at(epoch: int, rows: list[dict], date: str = day) -> str:
        src = tmp_path / f"{epoch}.jsonl"
        src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
        res = CliRunner(env={"SOURCE_DATE_EPOCH": str(epoch) if epoch else None}).invoke(
            main, ["build", str(src), "--out", str(out), "--date", date, "--base-url", BASE]
        )
        assert res.exit_code == 0, res.output
        return feed_updated(out)

    t1, t2, t3, t4 = 1716260000, 1716270000, 1716280000, 1716290000
    assert at(t1, [ONE, TWO]) == build_time(t1, "Asia/Shanghai")
    before = (out / "feed.atom").read_bytes()
    assert at(t2, [ONE, TWO]) == build_time(t1, "Asia/Shanghai")  # nothing changed: the same bytes
    assert (out / "feed.atom").read_bytes() == before
    assert at(t3, [ONE]) == build_time(t3, "Asia/Shanghai")  # the same day rebuilt without a story
    assert entries_updated(out) == {ONE["title"]: f"{day}T00:00:00+08:00"}  # its entry as it was
    changed = {**ONE, "text": ONE["text"] + "公园增设夜间开放时段。"}
    assert at(t3 + 1, [changed]) == build_time(t3 + 1, "Asia/Shanghai")  # the same story, other news
    assert entries_updated(out) == {ONE["title"]: build_time(t3 + 1, "Asia/Shanghai")}  # so is its entry
    assert at(t4, [TWO], earlier) == build_time(t4, "Asia/Shanghai")  # an earlier day backfilled
    start = dt.datetime.now(dt.UTC).replace(microsecond=0)
    now = dt.datetime.fromisoformat(at(0, [ONE, TWO], earlier))  # no time given: the build's own clock
    assert start <= now <= dt.datetime.now(dt.UTC)
    for damaged in (b"<feed", b'<feed xmlns="http://www.w3.org/2005/Atom"><updated>soon</updated></feed>'):
        (out / "feed.atom").write_bytes(damaged)  # the published feed is untrusted: rewritten, never a crash
        assert at(t4, [ONE, TWO], earlier) == build_time(t4, "Asia/Shanghai")


# --- the page checker: each wording rule it adds can fail ---------------------------------------------


def test_the_page_checker_finds_each_wording_defect_it_looks_for(tmp_path, fakes):
    """tests.pagecheck's reader rules, on reader files changed back to what the audit saw: a day without
    English that credits or asks to check it, or says nothing; a feed without a story's check line or its
    assumed year."""
    for part in ("none", "some"):
        (tmp_path / part).mkdir()
    none = build_with(tmp_path / "none", NoEnglish.name, ARTICLES)
    assert reader_problems(none, DATE) == []
    email = none / f"{DATE}.email.txt"
    email.write_text(email.read_text("utf-8") + "\n⚠ 请对照中文核对 Check the English against the Chinese (numbers)\n")
    md = none / f"{DATE}.md"
    md.write_text(md.read_text("utf-8").replace(NO_ENGLISH_TODAY, "英文为机器翻译（x） · English: machine translation"))
    assert sorted(reader_problems(none, DATE)) == [
        f"{DATE}.email.txt: credits or asks to check machine English, but the day has none",
        f"{DATE}.md: credits or asks to check machine English, but the day has none",
        f"{DATE}.md: no English, and no note saying so",
    ]
    dated = tmp_path / "dated.txt"
    dated.write_text("城市公园改造完成\n新华社北京7月8日电 城东湿地公园今天完成改造，向市民开放。\n", "utf-8")
    some = build_with(tmp_path / "some", SomeEnglish.name, ARTICLES[:2], str(dated), code=0)
    assert reader_problems(some, DATE) == []
    atom, feed = some / "feed.atom", some / "feed.json"
    atom.write_text(atom.read_text("utf-8").replace(check_line(["numbers"]), ""), "utf-8")
    feed.write_text(feed.read_text("utf-8").replace(f" ({YEAR_ASSUMED})", ""), "utf-8")
    assert sorted(reader_problems(some, DATE)) == [
        f"feed.atom: no {check_line(['numbers'])!r} for {ARTICLES[1]['title']!r}",
        "feed.json: the year of '城市公园改造完成' is assumed and not marked",
    ]
