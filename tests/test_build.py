"""`briefing build`: the briefing's structure, templates, feed, safety for cron."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.state import atomic_write
from tests.conftest import SEED, needs_shared

DATE = "2025-07-09"


def build(*args: str, env: dict | None = None):
    return CliRunner(env=env).invoke(main, ["build", *args])


def html5_errors(text: str) -> list:
    import html5lib

    parser = html5lib.HTMLParser(strict=False)
    parser.parse(text)
    return parser.errors


@pytest.fixture
def seed_out(tmp_path):
    out = tmp_path / "out"
    res = build(str(SEED), "--out", str(out), "--date", DATE)
    assert res.exit_code == 0, res.output
    return out


def test_build_writes_all_formats_and_index(seed_out):
    for name in (f"{DATE}.md", f"{DATE}.html", f"{DATE}.json", "index.html"):
        assert (seed_out / name).is_file(), name
    assert not list(seed_out.glob(".*.tmp"))


def test_html_structure(seed_out):
    html = (seed_out / f"{DATE}.html").read_text("utf-8")
    assert html5_errors(html) == []
    assert '<html lang="zh-Hans">' in html and 'name="viewport"' in html
    assert "<script" not in html and "http" not in re.sub(r'href="https?://[^"]*"', "", html.split("</style>")[0])
    data = json.loads((seed_out / f"{DATE}.json").read_text("utf-8"))
    anchors = [i["_briefing"]["anchor"] for i in data["items"]]
    assert len(set(anchors)) == 6 and all(html.count(f'id="{a}"') == 1 for a in anchors)
    leads = [i for i in data["items"] if not i["_briefing"]["event_lead"]]
    assert html.count('<article class="story"') == len(leads) == 5  # six stories, one event reported twice
    assert all(i["_briefing"]["top"] for i in leads)  # fewer stories than top_stories: all on top
    assert "6 篇 stories" in html and "2 个来源 sources " in html  # 新华社 (by its datelines and bylines), unnamed
    assert 'lang="en"' in html and "dictionary glosses, not a translation" in html
    assert "score" not in html.split("</style>")[1]  # ranking stays in the JSON


def test_state_council_opinion_and_its_explainer_are_one_event(seed_out):
    data = json.loads((seed_out / f"{DATE}.json").read_text("utf-8"))
    by_title = {i["title"]: i for i in data["items"]}
    opinion = next(i for t, i in by_title.items() if t.startswith("国务院办公厅印发"))
    explainer = next(i for t, i in by_title.items() if "有新部署" in t)
    # the explainer leads: it is dated the build day, the opinion (by its dateline) the day before (recency)
    assert opinion["_briefing"]["event_lead"] == explainer["id"]
    assert explainer["_briefing"]["related_ids"] == [opinion["id"]]
    others = [i for i in data["items"] if i["id"] not in {opinion["id"], explainer["id"]}]
    assert all(not i["_briefing"]["event_lead"] and not i["_briefing"]["related_ids"] for i in others)
    html = (seed_out / f"{DATE}.html").read_text("utf-8")
    block = html[html.index(f'id="{explainer["_briefing"]["anchor"]}"') :]
    block = block[: block.index("</article>")]
    # both are 新华社's: its other report of the event is a related report, not "also reported by" 新华社
    assert explainer["_briefing"]["source_name"] == opinion["_briefing"]["source_name"] == "新华社"
    assert "相关报道 Related reports" in block and "Also reported by" not in block and opinion["title"] in block


def test_every_story_once_with_metadata(seed_out):
    data = json.loads((seed_out / f"{DATE}.json").read_text("utf-8"))
    ids = [i["id"] for i in data["items"]]
    assert len(ids) == len(set(ids)) == 6
    titles = [i["title"] for i in data["items"]]
    assert any("百团大战" in t for t in titles)
    frag = next(i for i in data["items"] if i["_briefing"]["title_derived"])
    assert frag["_briefing"]["continuation"] is True
    md = (seed_out / f"{DATE}.md").read_text("utf-8")
    for item in data["items"]:
        assert md.count(f'<a id="{item["_briefing"]["anchor"]}"></a>') == 1
    assert "(续 continued)" in md


def test_json_feed_required_fields(seed_out):
    data = json.loads((seed_out / f"{DATE}.json").read_text("utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1" and data["title"]
    for item in data["items"]:
        assert {
            "id",
            "title",
            "content_text",
            "content_html",
            "summary",
            "language",
            "date_published",
            "authors",
        } <= set(item)
        extra = item["_briefing"]
        assert item["date_published"] == f"{DATE}T00:00:00+08:00"  # the briefing's day; the story's is its own
        assert item["authors"][0]["name"]
        assert {"title_en", "summary_en", "keywords", "flags", "sources", "key_terms", "score_parts"} <= set(extra)
    dated = {i["title"][:8]: i["_briefing"] for i in data["items"]}
    opinion = next(v for k, v in dated.items() if k.startswith("国务院办公厅"))
    assert (opinion["date"], opinion["date_source"]) == ("2025-07-08", "dateline")  # 新华社北京7月8日电


def test_untrusted_text_stays_text(tmp_path):
    evil = {
        "id": "e1",
        "title": "<script>alert(1)</script>标题 {{ 7*7 }}",
        "url": "javascript:alert(1)",
        "text": "正文里有<script>alert('x')</script>和{{ config }}以及{% raw %}，还有*星号*和[链接](javascript:x)。",
    }
    src = tmp_path / "evil.jsonl"
    src.write_text(json.dumps(evil, ensure_ascii=False) + "\n", "utf-8")
    out = tmp_path / "out"
    res = build(str(src), "--out", str(out), "--date", DATE)
    assert res.exit_code == 0, res.output
    html = (out / f"{DATE}.html").read_text("utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # The title is printed as written, never evaluated ("49" alone could come from the tmp path).
    assert "&lt;/script&gt;标题 {{ 7*7 }}" in html and "标题 49" not in html and "{{ config }}" in html
    assert "javascript:alert" not in html
    md = (out / f"{DATE}.md").read_text("utf-8")
    assert "<script>" not in md and r"\<script\>" in md and r"\*星号\*" in md and r"\[链接\]" in md
    feed = json.loads((out / f"{DATE}.json").read_text("utf-8"))
    assert feed["items"][0]["title"] == evil["title"]
    assert "&lt;script&gt;" in feed["items"][0]["content_html"]


LINKS = [
    # (as written, the link the briefing carries or None): decided as a browser reads an href
    ("https://news.example/a?id=1&amp;p=2", "https://news.example/a?id=1&p=2"),
    ("HTTP://news.example/a", "HTTP://news.example/a"),
    ("  https://news.example/b\t", "https://news.example/b"),
    ("javascript:alert(1)", None),
    ("java&#115;cript:alert(1)", None),
    ("&#x6A;avascript:alert(1)", None),
    ("jav&Tab;ascript:alert(1)", None),
    (" javascript:alert(1)", None),
    ("\x01javascript:alert(1)", None),
    ("jav\tascript:alert(1)", None),
    ("data:text/html,x", None),
    ("http:///etc/passwd", None),
    ("http://news.example/\u202egnp.exe", None),
    ('http://news.example/a"onmouseover="x', None),
]


@pytest.mark.parametrize(("written", "kept"), LINKS)
def test_only_http_links_reach_the_briefing(written, kept, tmp_path):
    """The one link check, through both inputs that carry links: a JSONL url and a Markdown link line."""
    body = "新华社北京7月8日电 国务院总理主持召开国务院常务会议，研究部署有关工作。会议指出，要持续推动经济回升向好。"
    (tmp_path / "in.jsonl").write_text(json.dumps({"title": "国务院召开常务会议", "text": body, "url": written}) + "\n")
    found = {}
    for name in ("in.jsonl", "in.md"):
        if name == "in.md":
            if any(c.isspace() for c in written):
                continue  # a Markdown link holds no whitespace: it is not a link line at all
            (tmp_path / "in.md").write_text(f"# 国务院召开常务会议\n\n{body}\n\n[原文]({written})\n", "utf-8")
        res = build(str(tmp_path / name), "--out", str(tmp_path / name.replace(".", "-")), "--date", DATE)
        assert res.exit_code == 0, res.output
        [item] = json.loads((tmp_path / name.replace(".", "-") / f"{DATE}.json").read_text("utf-8"))["items"]
        found[name] = item.get("external_url")
        if kept is None:
            html = (tmp_path / name.replace(".", "-") / f"{DATE}.html").read_text("utf-8")
            assert "alert(1)" not in html and "news.example" not in html
    assert set(found.values()) == {kept}


def test_templates_override_and_extend_defaults(tmp_path):
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "briefing.html.j2").write_text(
        '{% extends "default:briefing.html.j2" %}{% block header %}<h1>Desk edition {{ briefing.date }}</h1>'
        "{% endblock %}",
        "utf-8",
    )
    (tpl / "briefing.md.j2").write_text("CUSTOM {{ briefing.stories | length }}\n", "utf-8")
    out = tmp_path / "out"
    res = build(str(SEED), "--out", str(out), "--date", DATE, "--templates", str(tpl))
    assert res.exit_code == 0, res.output
    html = (out / f"{DATE}.html").read_text("utf-8")
    assert "<h1>Desk edition 2025-07-09</h1>" in html and html.count('<article class="story"') == 5  # 6 stories, 1 event twice
    assert (out / f"{DATE}.md").read_text("utf-8") == "CUSTOM 6\n"
    (tpl / "briefing.md.j2").write_text("{{ briefing.nope }}\n", "utf-8")
    res = build(str(SEED), "--out", str(out), "--date", DATE, "--templates", str(tpl))
    assert res.exit_code == 2 and "briefing.md.j2" in res.stderr and "Traceback" not in res.output


def test_rebuild_is_byte_identical_and_uses_the_cache(tmp_path, monkeypatch):
    from briefing.summarizers import extractive

    out = tmp_path / "out"
    assert build(str(SEED), "--out", str(out), "--date", DATE).exit_code == 0
    first = {p.name: p.read_bytes() for p in out.glob("[!.]*")}
    calls = []
    original = extractive.ExtractiveSummarizer.summarize

    def counting(self, articles, budget):
        calls.append(len(articles))
        return original(self, articles, budget)

    monkeypatch.setattr(extractive.ExtractiveSummarizer, "summarize", counting)
    res = build(str(SEED), "--out", str(out), "--date", DATE)
    assert res.exit_code == 0
    assert calls == []  # nothing summarized again
    assert "summaries: 6 from the cache, 0 computed" in res.stderr
    assert {p.name: p.read_bytes() for p in out.glob("[!.]*")} == first


def test_index_lists_briefings_newest_first(tmp_path):
    out = tmp_path / "out"
    for day in ("2025-07-08", "2025-07-10", "2025-07-09"):
        assert build(str(SEED), "--out", str(out), "--date", day).exit_code == 0
    index = (out / "index.html").read_text("utf-8")
    assert re.findall(r'<a href="(\d{4}-\d{2}-\d{2})\.html">', index) == ["2025-07-10", "2025-07-09", "2025-07-08"]
    assert html5_errors(index) == []


def test_exit_codes(tmp_path):
    out = tmp_path / "out"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    res = build(str(SEED), str(bad), "--out", str(out), "--date", DATE)
    assert res.exit_code == 1 and "bad.txt" in res.stderr
    assert "bad.txt" in (out / ".briefing" / "reports" / f"{DATE}.txt").read_text("utf-8")  # the operator's report
    assert "bad.txt" not in (out / f"{DATE}.html").read_text("utf-8")  # never the reader's page
    res = build(str(bad), "--out", str(tmp_path / "none"), "--date", DATE)
    assert res.exit_code == 3 and not (tmp_path / "none").exists()
    assert build(str(SEED), "--out", str(out), "--date", "09/07/2025").exit_code == 2
    assert build(str(SEED), "--out", str(out), "--formats", "md,pdf").exit_code == 2
    assert build(str(SEED)).exit_code == 2  # no output folder
    cfg = tmp_path / "c.toml"
    cfg.write_text("titel = 'typo'\n")
    res = build(str(SEED), "--out", str(out), "--config", str(cfg))
    assert res.exit_code == 2 and "titel: unknown setting" in res.stderr


def test_config_layers(tmp_path):
    cfg = tmp_path / "c.toml"
    out = tmp_path / "from-config"
    cfg.write_text(f'title = "Config title"\nout = "{out}"\nformats = ["md"]\ninputs = ["{SEED}"]\n')
    res = build("--config", str(cfg), "--date", DATE)
    assert res.exit_code == 0, res.output
    assert [p.name for p in out.glob("[!.]*")] == [f"{DATE}.md"]
    assert "Config title" in (out / f"{DATE}.md").read_text("utf-8")
    res = build("--config", str(cfg), "--date", DATE, env={"BRIEFING_TITLE": "Env title"})
    assert "Env title" in (out / f"{DATE}.md").read_text("utf-8")
    res = build("--config", str(cfg), "--date", DATE, "--title", "Flag title", env={"BRIEFING_TITLE": "Env title"})
    assert "Flag title" in (out / f"{DATE}.md").read_text("utf-8")


def test_lock_stops_an_overlapping_run(tmp_path):
    from briefing.outfolder import OutFolder

    out = OutFolder(tmp_path / "out")
    out.check([])
    with out.lock():
        res = build(str(SEED), "--out", str(out), "--date", DATE)
    assert res.exit_code == 3 and "another briefing run holds" in res.stderr
    assert build(str(SEED), "--out", str(out), "--date", DATE).exit_code == 0


def test_atomic_write_keeps_the_old_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "b.html"
    target.write_text("old briefing", "utf-8")

    def killed(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, "new briefing " * 1000)
    assert target.read_text("utf-8") == "old briefing"
    assert list(tmp_path.iterdir()) == [target]


def test_run_killed_mid_write_leaves_previous_briefing(tmp_path):
    target = tmp_path / "2025-07-09.html"
    target.write_text("previous briefing", "utf-8")
    script = textwrap.dedent(f"""
        import os, sys, time
        from pathlib import Path
        from briefing import state
        real_fsync = os.fsync
        def slow_fsync(fd):
            print("writing", flush=True)
            time.sleep(30)
        os.fsync = slow_fsync
        state.atomic_write(Path({str(target)!r}), "new " * 100000)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    proc.kill()
    proc.wait()
    assert target.read_text("utf-8") == "previous briefing"


def test_translate_without_model_fails_early(tmp_path):
    res = build(str(SEED), "--out", str(tmp_path / "o"), "--date", DATE, "--translate")
    assert res.exit_code == 2 and "briefing models pull opus-mt-zh-en" in res.stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.neural
def test_build_with_tiny_translator(tmp_path):
    pytest.importorskip("transformers")
    from tests.tiny_models import build_marian

    model = build_marian(tmp_path / "marian")
    out = tmp_path / "out"
    res = build(str(SEED), "--out", str(out), "--date", DATE, "--translate", "--translator-model", str(model))
    feed = json.loads((out / f"{DATE}.json").read_text("utf-8"))
    assert all("translation_model" in i["_briefing"] for i in feed["items"])
    assert feed["_briefing"]["translated"] is True
    # random weights: a story whose English loops falls back to key terms, flagged, not a failure of the run
    failed = [i for i in feed["items"] if i["_briefing"]["english_failure"]]
    assert res.exit_code == 0, res.output
    assert all(i["_briefing"]["key_terms"] for i in failed)
    assert all(any("left untranslated" in f for f in i["_briefing"]["flags"]) for i in failed)
    english = feed["_briefing"]["english"]
    assert (english["stories"], english["of"]) == (len(feed["items"]) - len(failed), len(feed["items"]))
    assert html5_errors((out / f"{DATE}.html").read_text("utf-8")) == []


# --- duplicates across inputs ------------------------------------------------------------


def test_same_story_from_two_outlets_is_merged(tmp_path, seed_text):
    from briefing import split

    arts = split(seed_text).articles
    jobs = next(a for a in arts if "——" in a.title)
    # another outlet's edit of the same story: new headline and byline, trimmed, a paragraph dropped
    edited = [p[: int(len(p) * 0.85)] + "。" for i, p in enumerate(jobs.paragraphs) if i % 4 != 1]
    other = tmp_path / "other-outlet.txt"
    other.write_text("多地多部门出台举措促进高校毕业生就业\n\n本报记者 李明\n\n" + "\n\n".join(edited), "utf-8")
    out = tmp_path / "out"
    res = build(str(SEED), str(other), "--out", str(out), "--date", DATE, "--formats", "json")
    assert res.exit_code == 0, res.output
    items = json.loads((out / f"{DATE}.json").read_text("utf-8"))["items"]
    assert len(items) == 6
    merged = next(i for i in items if "毕业生" in i["title"])
    assert len(merged["_briefing"]["sources"]) == 2 and merged["_briefing"]["merged_ids"]


def test_related_but_different_stories_are_not_merged(seed_text):
    from briefing import split
    from briefing.arrange import _shingles, containment
    from briefing.config import BuildOptions

    arts = split(seed_text).articles
    # the State Council's opinion and the explainer about it: same event, different stories
    assert containment(_shingles(arts[0]), _shingles(arts[1])) < BuildOptions().dedupe_threshold


def test_seed_and_xwlb_pages_build_one_valid_briefing(tmp_path):
    pages = needs_shared("data", "xwlb_pages")
    out = tmp_path / "out"
    cfg = tmp_path / "c.toml"  # pages of several years in one day: none left out as old, so the cap is what cuts
    cfg.write_text("[editorial]\nmax_age_days = 0\n", "utf-8")
    res = build(str(SEED), str(pages), "--out", str(out), "--date", DATE, "--config", str(cfg))
    assert res.exit_code == 0, res.output
    html = (out / f"{DATE}.html").read_text("utf-8")
    assert html5_errors(html) == []
    from briefing.reader import read_inputs
    from briefing.splitter import split_documents

    expected = len(split_documents(read_inputs([str(SEED), str(pages)])[0]).articles)
    assert expected > 6 + sum(len(re.findall(r"(?m)^### ", p.read_text("utf-8"))) for p in pages.glob("*.txt")) - 10
    items = json.loads((out / f"{DATE}.json").read_text("utf-8"))["items"]
    assert len(items) == len({i["id"] for i in items}) == expected  # every story once, none merged wrongly
    shown = [i for i in items if not i["_briefing"]["cut"]]
    assert len(shown) == 60 and all(i["_briefing"]["cut_reason"] == "cap" for i in items if i not in shown)
    assert all(html.count(f'id="{i["_briefing"]["anchor"]}"') == 1 for i in shown)
    assert not any(f'id="{i["_briefing"]["anchor"]}"' in html for i in items if i not in shown)
    assert html.count('<article class="story"') == 8  # the top stories; the rest compact, by section
    assert html.count('<section id="sec-') >= 3
    assert len(Path(out / f"{DATE}.md").read_text("utf-8")) > 10_000
