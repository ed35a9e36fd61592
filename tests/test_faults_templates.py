"""User templates format data and nothing else; a broken one stops the run before anything is written."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import SEED
from tests.faults import DATE, cli, one_line_error, published


def build(out, templates, *more):
    return cli("-q", "build", str(SEED), "--out", str(out), "--date", DATE, "--templates", str(templates), *more)


ESCAPES = [
    '{{ lipsum.__globals__["os"].popen("touch PWNED").read() }}',
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
    "{{ briefing.__class__.__init__.__globals__ }}",
    "{{ (briefing.stories | first).article.__dict__ }}",
    "{% set x = namespace() %}{{ x.__class__.__base__.__subclasses__() }}",
    "{{ self._TemplateReference__context }}",
]


@pytest.mark.parametrize("source", ESCAPES)
def test_templates_cannot_reach_python(tmp_path, source, monkeypatch):
    monkeypatch.chdir(tmp_path)
    user = tmp_path / "tpl"
    user.mkdir()
    (user / "briefing.md.j2").write_text(source + "\n")
    res = build(tmp_path / "out", user)
    one_line_error(res, 2, "template briefing.md.j2")
    assert not (tmp_path / "PWNED").exists()
    assert published(tmp_path / "out") == {}


def test_the_sandbox_still_formats_data(tmp_path):
    user = tmp_path / "tpl"
    user.mkdir()
    (user / "briefing.md.j2").write_text(
        "{{ briefing.title | upper }}: {{ briefing.stories | length }} {{ '%05d' | format(7) }} {{ range(3) | list }}\n"
    )
    res = build(tmp_path / "out", user, "--title", "Desk")
    assert res.exit_code == 0, res.stderr
    text = (tmp_path / "out" / f"{DATE}.md").read_text("utf-8")
    assert text.startswith("DESK: ") and "00007 [0, 1, 2]" in text


def test_huge_output_from_a_template_is_refused(tmp_path):
    user = tmp_path / "tpl"
    user.mkdir()
    (user / "briefing.md.j2").write_text("{{ 'x' * 10000000000 }}\n")
    one_line_error(build(tmp_path / "out", user), 2, "template briefing.md.j2")


@pytest.mark.parametrize(
    "files",
    [
        {"briefing.md.j2": '{% include "briefing.md.j2" %}\n'},
        {"briefing.md.j2": '{% include "a.j2" %}\n', "a.j2": '{% include "briefing.md.j2" %}\n'},
        {"briefing.md.j2": '{% extends "briefing.md.j2" %}\n'},
    ],
    ids=["includes-itself", "include-loop", "extends-itself"],
)
def test_a_template_that_includes_itself_is_one_line(tmp_path, files):
    user = tmp_path / "tpl"
    user.mkdir()
    for name, text in files.items():
        (user / name).write_text(text)
    one_line_error(build(tmp_path / "out", user), 2, "includes itself")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{% for %}\n", "index.html.j2:1: Expected an expression"),
        ("{{ entries | nosuchfilter }}\n", "nosuchfilter"),
        ("{{ nosuchvariable.x }}\n", "nosuchvariable"),
    ],
    ids=["syntax", "unknown-filter", "undefined"],
)
def test_a_broken_index_fails_before_the_dated_files_are_written(tmp_path, source, message):
    out = tmp_path / "out"
    assert cli("-q", "build", str(SEED), "--out", str(out), "--date", "2025-07-08").exit_code == 0
    before = published(out)
    user = tmp_path / "tpl"
    user.mkdir()
    (user / "index.html.j2").write_text(source)
    one_line_error(build(out, user), 2, message)
    assert published(out) == before  # not even the new day's .md
    assert not (out / f"{DATE}.md").exists()


def test_missing_templates_folder_is_checked_before_any_work(tmp_path, monkeypatch):
    from tests.faults import forbid_work

    forbid_work(monkeypatch)
    one_line_error(build(tmp_path / "out", tmp_path / "nowhere"), 2, "templates folder not found")


def test_nothing_from_the_input_becomes_live_markdown(tmp_path):
    """Labels from file names, titles, sources and links are escaped; a `:` in a file name stays in the label."""
    from markdown_it import MarkdownIt

    inputs = tmp_path / "in"
    inputs.mkdir()
    names = ["<img src=x onerror=alert(1)>.jsonl", "a:b.jsonl"]
    bodies = [
        "国务院常务会议研究部署促进消费的政策措施，会议强调扩大内需。" * 3,
        "教育部召开新闻发布会介绍高校毕业生就业工作的最新进展情况。" * 3,
    ]
    for name, body in zip(names, bodies, strict=True):
        record = {
            "id": name,
            "title": "同一标题\n# 不是标题 <b>粗</b>",
            "text": body,
        }
        (inputs / name).write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    out = tmp_path / "out"
    res = cli("-q", "build", str(inputs), "--out", str(out), "--date", DATE, "--formats", "md")
    assert res.exit_code == 0, res.stderr
    md = (out / f"{DATE}.md").read_text("utf-8")
    html = MarkdownIt("commonmark").render(md)
    assert "<img" not in html and "<b>" not in html
    assert "a:b" in md and "<h1>不是标题" not in html
    # one headline from two sources is one event: the lead is a heading, the other report is listed under it
    assert len([h for h in re.findall(r"<h3>(.*?)</h3>", html) if "同一标题" in h]) == 1
    labels = re.findall(r"<h3>.*?\((.*?)\)</h3>", html) + re.findall(r"<li>.*?同一标题.*? — (.*?), \d{4}", html)
    assert sorted(labels) == sorted(["&lt;img src=x onerror=alert(1)&gt;", "a:b"])


def test_links_cannot_close_their_autolink():
    from markdown_it import MarkdownIt

    from briefing.render import md_url

    link = "https://example.org/a>b<img src=x onerror=alert(2)> c"
    html = MarkdownIt("commonmark").render(f"Sources: <{md_url(link)}>\n")
    assert "<img" not in html and html.count("<a href=") == 1
    assert md_url("https://example.org/新闻?id=1&x=2#top") == "https://example.org/%E6%96%B0%E9%97%BB?id=1&x=2#top"
