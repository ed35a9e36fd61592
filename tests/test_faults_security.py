"""#17: what a briefing publishes is safe whatever the web, an earlier day, an archive or a template says.

Every URL that reaches an output is http(s), whatever its origin (file
inputs, fetched pages and their metadata, feeds, sitemaps, earlier days'
JSON); earlier days' JSON and archive records are untrusted input, validated;
templates are read only from regular files inside their folder, and every
template failure is one line, exit 2, before anything is published.

Tests marked ``xfail(strict=True)`` fail on the code before the #17 fix for the
reason in their marker; the fix must remove the marker (a strict xfail that
passes fails the suite).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.faults import DATE, clean_text, cli, one_line_error, published, run_briefing
from tests.hostile_site import (
    SCRIPT_LINKS,
    HostileSite,
    article_page,
    day_items,
    headline,
    paragraphs,
    rss,
    sources_config,
)
from tests.linkscan import html_links, link_problem, links_of, markdown_links, scan

BASE = "https://example.org/briefing/"
DAY_BEFORE = "2025-07-08"


# -- the scanner itself must see every spelling ------------------------------------------------------


HARMLESS = {"nul-inside"}  # a browser reads &#0; as U+FFFD: "java\ufffdscript:" has no scheme, a relative link


@pytest.mark.parametrize(("name", "spelling"), SCRIPT_LINKS, ids=[n for n, _ in SCRIPT_LINKS])
def test_the_link_scan_sees_every_script_spelling(name, spelling):
    """The scan below is only as good as its reading of a link: each spelling, in an HTML attribute
    and decoded in a Markdown link, is a problem; the same place with an http link is not."""
    seen = [link_problem(v) for _, v in html_links(f'<a href="{spelling}">x</a>')]
    assert seen == [None] if name in HARMLESS else seen != [None], (name, seen)
    decoded = html.unescape(spelling)
    if name not in HARMLESS and "\\" not in decoded:  # Markdown reads a backslash as an escape
        if not any(c in decoded for c in " \t\n"):  # unbracketed targets cannot hold these
            assert [link_problem(v) for _, v in markdown_links(f"[x]({decoded})\n")] != [None], name
        assert [link_problem(v) for _, v in markdown_links(f"[x](<{decoded.strip()}>)\n")] != [None], name
    assert [link_problem(v) for _, v in html_links('<a href="https://example.org/a?b=1&amp;c=2">x</a>')] == [None]
    assert [link_problem(v) for _, v in markdown_links("[x](2025-07-08.md#s-1) <https://example.org/>\n")] == [
        None,
        None,
    ]


# -- the scan: a build fed with hostile pages, feeds, sitemaps and files --------------------------------

_NOT_XML = re.compile(r"&#(?:0|1|31);|&colon;")  # character references XML 1.0 cannot carry, HTML-only names


def _hostile_sources(site: HostileSite, tmp_path: Path) -> tuple[Path, list[str], list[Path]]:
    """Source A: article pages whose canonical link and og:url are script links; source B: a feed whose
    entries link to script links; source C: a sitemap of them; plus a JSONL and a Markdown file whose
    links are script links, and one dead link (so the run's exit code is 1 whatever else happens)."""
    pages, titles = [], []
    for n, (_, spelling) in enumerate(SCRIPT_LINKS):
        title = headline(n)
        url = site.add(f"/a/{n}.html", article_page(title, paragraphs(n), canonical=spelling, og_url=spelling))
        pages.append((title, url))
        titles.append(title)
    pages.append((headline(99), site.url("/gone.html")))  # a 404: one line, exit 1
    site.add("/a.xml", rss(pages), "application/rss+xml")
    in_xml = [(n, s) for n, (_, s) in enumerate(SCRIPT_LINKS) if not _NOT_XML.search(s)]
    site.add("/b.xml", rss([(headline(200 + n), s) for n, s in in_xml], raw=True), "application/rss+xml")
    locs = "".join(f"<url><loc>{s}</loc></url>" for _, s in in_xml)
    site.add(
        "/c.xml",
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>',
        "application/xml",
    )
    jsonl = tmp_path / "links.jsonl"
    rows = [
        {"id": f"j{n}", "title": headline(300 + n), "text": "".join(paragraphs(300 + n)), "url": html.unescape(s)}
        for n, (_, s) in enumerate(SCRIPT_LINKS)
    ]
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    md = tmp_path / "links.md"
    md.write_text(
        "".join(
            f"### {headline(400 + n)}\n\n{''.join(paragraphs(400 + n))}\n\n[查看原文]({html.unescape(s).strip()})\n\n"
            for n, (_, s) in enumerate(SCRIPT_LINKS)
        ),
        "utf-8",
    )
    config = sources_config(
        tmp_path,
        [
            {"name": "源A", "url": site.url("/a.xml"), "max_items": 100},
            {"name": "源B", "url": site.url("/b.xml"), "max_items": 100},
            {"name": "源C", "url": site.url("/c.xml"), "kind": "sitemap", "max_items": 100},
        ],
    )
    return config, titles, [jsonl, md]


@pytest.mark.timeout(120)
def test_no_output_file_carries_a_non_http_link(tmp_path):
    """Every file of a build fed with hostile pages, feeds, sitemaps and files: every href, src, link,
    URL value and Markdown link target is http(s) or a link within the briefing; no page story is lost."""
    out = tmp_path / "out"
    with HostileSite() as site:
        config, page_titles, files = _hostile_sources(site, tmp_path)
        res = cli(
            "-q", "build", "--sources", *map(str, files), "--config", str(config),
            "--out", str(out), "--date", DATE, "--base-url", BASE,
        )  # fmt: skip
    assert res.exit_code == 1, (res.stderr, res.exception)  # the dead link at least
    assert "Traceback" not in res.output
    names = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    for name in (f"{DATE}.md", f"{DATE}.html", f"{DATE}.json", f"{DATE}.email.html", f"{DATE}.email.txt"):
        assert name in names
    assert {"feed.json", "feed.atom", "index.html"} <= names
    problems = scan(out)
    assert problems == [], "\n".join(problems)
    built = {i["title"] for i in day_items(out, DATE)}
    assert set(page_titles) <= built  # a bad link costs the link, never the story
    assert all(line.startswith("briefing: error: ") for line in res.stderr.splitlines()), res.stderr


# -- earlier days' JSON is untrusted ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def first_day(tmp_path_factory) -> Path:
    """A published day (the seed, with a base URL): the earlier day the cases below doctor."""
    out = tmp_path_factory.mktemp("first") / "out"
    res = cli("-q", "build", str(SEED), "--out", str(out), "--date", DAY_BEFORE, "--base-url", BASE)
    assert res.exit_code == 0, res.stderr
    return out


def _doctor(first_day: Path, tmp_path: Path, change) -> tuple[Path, Path]:
    """A copy of the first day's folder whose day JSON ``change`` rewrote (the text it returns, or the
    document it changed in place); the folder and the doctored file."""
    out = tmp_path / "out"
    shutil.copytree(first_day, out, symlinks=True)
    doctored = out / f"{DAY_BEFORE}.json"
    data = json.loads(doctored.read_text("utf-8"))
    text = change(data)
    target = doctored.resolve()  # the published name is a link into the run folder
    target.write_text(text if isinstance(text, str) else json.dumps(data, ensure_ascii=False), "utf-8")
    return out, doctored


def _next_day(out: Path):
    return cli("-q", "build", str(SEED), "--out", str(out), "--date", DATE, "--base-url", BASE)


def _written_by_the_run(out: Path) -> list[Path]:
    """The published files except the earlier day's JSON (the doctored input itself, which no run rewrites)."""
    return [p for p in sorted(out.iterdir()) if not p.name.startswith(".") and p.name != f"{DAY_BEFORE}.json"]


def _unsafe_links(files: list[Path]) -> list[str]:
    return [f"{p.name}: {w}: {v!r}" for p in files for w, v in links_of(p) if link_problem(v)]


_CONTINUITY = re.compile(rf"^{DAY_BEFORE}\.(?:md|html)(?:#[A-Za-z0-9_-]+)?$")


def _continuity_targets(out: Path) -> list[str]:
    """Every link of today's pages that points at the earlier day."""
    found = []
    for name in (f"{DATE}.md", f"{DATE}.html"):
        found += [v for _, v in links_of(out / name) if DAY_BEFORE in v]
    return found


def _set_on_items(key: str, values: list[str], where: str = "_briefing"):
    def change(data: dict) -> None:
        for n, item in enumerate(data["items"]):
            (item[where] if where else item)[key] = values[n % len(values)]

    return change


ANCHORS = {
    "markdown-link": "x) [click](javascript:alert(1)",
    "markdown-paragraph": "x\n\n[click](javascript:alert(1))\n\n",
    "autolink": "x <javascript:alert(1)>",
    "attribute-quote": 'x" onmouseover="alert(1)',
}
EXTERNAL = [html.unescape(s) for _, s in SCRIPT_LINKS if html.unescape(s).strip()[:2] not in ("//", "\\\\")]


@pytest.mark.parametrize(
    "change",
    [
        *[pytest.param(_set_on_items("anchor", [a]), id=f"anchor-{k}") for k, a in ANCHORS.items()],
        pytest.param(_set_on_items("external_url", EXTERNAL, where=""), id="external_url-script-links"),
        pytest.param(
            _set_on_items("external_url", ["//evil.example/x", "\\\\evil.example\\x"], where=""),
            id="external_url-protocol-relative",
        ),
    ],
)
def test_doctored_links_in_an_earlier_day_are_refused(first_day, tmp_path, change):
    """One line naming the earlier day's file (exit 1, like a damaged file); nothing this run writes links
    anywhere but http(s) or within the briefing, and continuity links point at real anchors only."""
    out, doctored = _doctor(first_day, tmp_path, change)
    res = _next_day(out)
    assert _unsafe_links(_written_by_the_run(out)) == []
    assert all(_CONTINUITY.match(t) for t in _continuity_targets(out)), _continuity_targets(out)
    one_line_error(res, 1, str(doctored))


def _wrong_types(data: dict) -> None:
    items = data["items"]
    items[0]["_briefing"]["anchor"] = {"a": 1}
    items[1]["external_url"] = ["javascript:alert(1)"]
    items[2]["title"] = 5
    items[3]["_briefing"] = []
    items[4]["date_published"] = 20250708


def test_wrong_types_in_an_earlier_day_are_one_line(first_day, tmp_path):
    out, doctored = _doctor(first_day, tmp_path, _wrong_types)
    one_line_error(_next_day(out), 1, str(doctored))
    assert _unsafe_links(_written_by_the_run(out)) == []


def _illegal_text(data: dict) -> str:
    for item in data["items"]:
        item["title"] += "\r\nBcc: x\ufffe\uffff\x0b"
        item["summary"] += "\x01\x1b[31m"
    # lone surrogates can only come as JSON escapes
    return json.dumps(data, ensure_ascii=True).replace("\\u56fd", "\\ud800", 3).replace("\\u529e", "\\udfff", 3)


def test_text_of_an_earlier_day_is_sanitised(first_day, tmp_path):
    """Control characters, U+FFFE/U+FFFF and lone surrogates in an earlier day's titles are cleaned where
    they are read: the next day builds (exit 0), the feeds are valid XML and JSON, no output carries them."""
    out, _ = _doctor(first_day, tmp_path, _illegal_text)
    res = _next_day(out)
    assert res.exit_code == 0, (res.stderr, res.exception)
    assert res.stderr == ""
    clean_text(_written_by_the_run(out))
    links_of(out / "feed.atom")  # parses as XML
    titles = [e["title"] for e in json.loads((out / "feed.json").read_text("utf-8"))["items"]]
    assert any("Bcc: x" in t and "\r" not in t and "\n" not in t for t in titles), titles


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda data: '{"items": ' + "[" * 200_000 + "]" * 200_000 + "}", "earlier briefing skipped"),
        (lambda data: '{"items": [], "pad": "' + "x" * 64_000_001 + '"}', "larger than"),
        (lambda data: data.__setitem__("items", {"a": 1}), "not a briefing"),
    ],
    ids=["nested-200k", "over-64MB", "items-not-a-list"],
)
def test_an_unreadable_earlier_day_is_one_line(first_day, tmp_path, make, needle):
    """Guards what holds today: a deep, oversized or foreign earlier day is skipped with one line."""
    out, doctored = _doctor(first_day, tmp_path, make)
    one_line_error(_next_day(out), 1, str(doctored), needle)
    assert _unsafe_links(_written_by_the_run(out)) == []


# -- archive records are untrusted -----------------------------------------------------------------------


SECRET_TITLE = "机密文件标题不应发布"
SECRET = article_page(
    SECRET_TITLE, ["机密正文第一段不应出现在简报中，这是档案之外的文件。", "机密正文第二段同样不应出现在任何输出里。"]
)


@pytest.fixture(scope="module")
def archived_day(tmp_path_factory) -> tuple[Path, list[str]]:
    """A day fetched from a local site into an archive folder: 20 article pages and their feed."""
    tmp = tmp_path_factory.mktemp("archive")
    with HostileSite() as site:
        items = [(headline(n), site.add(f"/a/{n}.html", article_page(headline(n), paragraphs(n)))) for n in range(20)]
        site.add("/feed.xml", rss(items), "application/rss+xml")
        config = sources_config(tmp, [{"name": "源A", "url": site.url("/feed.xml"), "max_items": 100}])
        res = cli("-q", "fetch", "--config", str(config), "--archive", str(tmp / "archive"))
    assert res.exit_code == 0, res.stderr
    [day] = [p for p in (tmp / "archive").iterdir() if p.is_dir()]  # a fetch may keep its lock beside the days
    return day, [t for t, _ in items]


def _doctor_records(archived_day, tmp_path: Path, changes: list) -> tuple[Path, list[tuple[Path, dict]], list[str]]:
    """A copy of the archived day with article record n changed by ``changes[n]``; the day, each changed
    record's (path, original record), and the titles of the pages left alone."""
    day, titles = archived_day
    copy = tmp_path / "archive" / day.name
    shutil.copytree(day, copy)
    records = [p for p in sorted(copy.glob("*.json")) if p.name != "archive.json"]
    articles = [p for p in records if json.loads(p.read_text("utf-8")).get("role") == "article"]
    changed, touched = [], set()
    for path, change in zip(articles, changes, strict=False):
        record = json.loads(path.read_text("utf-8"))
        body = (copy / record["body"]).read_text("utf-8")
        touched |= {t for t in titles if t in body}
        changed.append((path, dict(record)))
        change(record, copy, tmp_path)
        path.write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    return copy, changed, [t for t in titles if t not in touched]


def _escape(how: str):
    def change(record: dict, day: Path, tmp: Path) -> None:
        secret = tmp / f"secret-{how}.html"
        secret.write_text(SECRET, "utf-8")
        record["sha256"] = hashlib.sha256(secret.read_bytes()).hexdigest()
        if how == "dotdot":
            record["body"] = os.path.relpath(secret, day)
        elif how == "absolute":
            record["body"] = str(secret)
        else:  # the body file itself replaced by a link out of the archive
            (day / record["body"]).unlink()
            (day / record["body"]).symlink_to(secret)

    return change


def _each_named_once(lines: list[str], changed: list[tuple[Path, dict]], why: object = None) -> None:
    """Every error line names exactly one changed record (by its file or URL), and each record has its line."""
    assert all(line.startswith("briefing: error: ") for line in lines), (lines, why)
    assert len(lines) == len(changed), (lines, why)
    for path, record in changed:
        assert len([line for line in lines if path.name in line or record["url"] in line]) == 1, (path.name, lines)


def test_archive_body_outside_the_archive_is_refused(archived_day, tmp_path):
    """A body named by ``..``, by an absolute path, or a body file that is a link out: never read (the
    file outside is not published), one line each (exit 1), the day's other pages built."""
    day, changed, others = _doctor_records(archived_day, tmp_path, [_escape(h) for h in ("dotdot", "absolute", "link")])
    out = tmp_path / "out"
    res = cli("-q", "build", str(day), "--out", str(out), "--date", DATE)
    leaked = [p.name for p in out.glob("*") if p.is_file() and "机密" in p.read_text("utf-8")]
    assert leaked == []
    assert res.exit_code == 1, (res.stderr, res.exception)
    _each_named_once(res.stderr.splitlines(), changed, res.exception)
    assert {i["title"] for i in day_items(out, DATE)} == set(others)


def _set(field: str, value):
    def change(record: dict, day: Path, tmp: Path) -> None:
        record[field] = value

    return change


RECORD_TYPES = [
    ("order", "x"),
    ("order", [0]),
    ("entry", []),
    ("entry", {"title": 5}),
    ("headers", "x"),
    ("headers", {"content-type": 5}),
    ("status", "200"),
    ("role", 7),
    ("canonical", 5),
    ("url", None),
    ("section", 5),
    ("fetched_at", "garbage"),
    ("fetched_at", 5),
    ("source", ["x"]),
    ("body", 5),
    ("body", None),
    ("canonical", "javascript:alert(1)"),  # it becomes the story's link: the one link check
    ("fetched_at", "2025-07-09T08:00:00"),  # no UTC offset: this tool always writes one
    ("status", True),  # a bool is not a number
]


def test_archive_records_of_the_wrong_type_are_one_line_each(archived_day, tmp_path):
    """Nineteen records, each with one field of a wrong type or value: one line per record naming it
    (exit 1); the day's other pages are built."""
    day, changed, others = _doctor_records(archived_day, tmp_path, [_set(f, v) for f, v in RECORD_TYPES])
    assert len(changed) == len(RECORD_TYPES) and others
    out = tmp_path / "out"
    res = cli("-q", "build", str(day), "--out", str(out), "--date", DATE)
    assert res.exit_code == 1, (res.stderr, res.exception)
    _each_named_once(res.stderr.splitlines(), changed, res.exception)
    assert {i["title"] for i in day_items(out, DATE)} == set(others)


@pytest.mark.timeout(60)
def test_archive_body_naming_a_device_is_refused(archived_day, tmp_path):
    """``"body": "/dev/zero"``: refused as outside the archive, in one line, never read (the build runs in
    a child process limited to 1 GB, so a missing check costs a MemoryError there, not this machine)."""
    day, changed, others = _doctor_records(archived_day, tmp_path, [_set("body", "/dev/zero")])
    out = tmp_path / "out"
    ran = run_briefing("-q", "build", str(day), "--out", str(out), "--date", DATE, timeout=40, max_memory_mb=1000)
    assert ran.code == 1 and not ran.timed_out, (ran.code, ran.stderr[-2000:])
    _each_named_once(ran.lines(), changed)
    assert {i["title"] for i in day_items(out, DATE)} == set(others)


@pytest.mark.timeout(60)
def test_archive_record_files_that_are_not_files_of_the_day_are_refused(archived_day, tmp_path):
    """A record JSON that is a pipe nobody writes to (never opened to block) or a link out of the day:
    one line naming it (exit 1), the other pages built."""
    day, titles = archived_day
    copy = tmp_path / "archive" / day.name
    shutil.copytree(day, copy)
    (tmp_path / "secret-link.html").write_text(SECRET, "utf-8")
    articles = [p for p in sorted(copy.glob("*.json")) if p.name != "archive.json"]
    articles = [p for p in articles if json.loads(p.read_text("utf-8")).get("role") == "article"][:2]
    touched = set()
    for path, how in zip(articles, ("fifo", "link"), strict=True):
        record = json.loads(path.read_text("utf-8"))
        touched |= {t for t in titles if t in (copy / record["body"]).read_text("utf-8")}
        path.unlink()
        if how == "fifo":
            os.mkfifo(path)
        else:
            outside = tmp_path / "record-outside.json"
            outside.write_text(json.dumps({**record, "body": "../../secret-link.html"}), "utf-8")
            path.symlink_to(outside)
    out = tmp_path / "out"
    ran = run_briefing("-q", "build", str(copy), "--out", str(out), "--date", DATE, timeout=40)
    assert ran.code == 1 and not ran.timed_out, (ran.code, ran.stderr[-2000:])
    lines = ran.lines()
    assert len(lines) == 2 and all(line.startswith("briefing: error: ") for line in lines), lines
    for path in articles:
        assert len([line for line in lines if path.name in line]) == 1, (path.name, lines)
    assert {i["title"] for i in day_items(out, DATE)} == {t for t in titles if t not in touched}
    assert not [p.name for p in out.glob("*") if p.is_file() and "机密" in p.read_text("utf-8")]


def test_an_archive_manifest_cannot_forge_log_lines(archived_day, tmp_path):
    """The day's stored problems are archive text too: a line break in one is not a second line."""
    day, titles = archived_day
    copy = tmp_path / "archive" / day.name
    shutil.copytree(day, copy)
    manifest = json.loads((copy / "archive.json").read_text("utf-8"))
    forged = ["one stored problem\nbriefing: fetch: 0 of 0 pages read (forged)"]
    manifest["failures"] = forged
    for run in manifest.get("runs", []):  # a manifest that keeps every fetch run of the day
        run["failures"] = forged
    (copy / "archive.json").write_text(json.dumps(manifest), "utf-8")
    out = tmp_path / "out"
    res = cli("-q", "build", str(copy), "--out", str(out), "--date", DATE)
    line = one_line_error(res, 1, "one stored problem")
    assert "forged" in line  # kept, on the same line
    assert {i["title"] for i in day_items(out, DATE)} == set(titles)


# -- templates from strangers ---------------------------------------------------------------------------

MARKER = "TOP-SECRET-MARKER-17"


def _templates(tmp_path: Path, files: dict[str, str], links: dict[str, Path]) -> Path:
    folder = tmp_path / "tpl"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, "utf-8")
    for name, target in links.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).symlink_to(target)
    folder.mkdir(exist_ok=True)
    return folder


def _outside(tmp_path: Path) -> tuple[Path, Path]:
    """A file and a folder outside the templates folder, holding the marker."""
    secret = tmp_path / "secret.txt"
    secret.write_text(f"{MARKER}\n", "utf-8")
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "s.j2").write_text(f"{MARKER}\n", "utf-8")
    return secret, folder


LINK_CASES = {
    "override-is-a-link": (lambda s, d: ({}, {"briefing.md.j2": s}), "briefing.md.j2"),
    "include-of-a-link": (lambda s, d: ({"briefing.md.j2": '{% include "x.j2" %}\n'}, {"x.j2": s}), "x.j2"),
    "folder-link": (lambda s, d: ({"briefing.md.j2": '{% include "sub/s.j2" %}\n'}, {"sub": d}), "sub/s.j2"),
    "html-partial-link": (lambda s, d: ({}, {"_story.html.j2": s}), "_story.html.j2"),
}


@pytest.mark.parametrize("case", list(LINK_CASES))
def test_a_template_link_out_of_the_folder_is_refused(tmp_path, case):
    make, name = LINK_CASES[case]
    files, links = make(*_outside(tmp_path))
    out = tmp_path / "out"
    res = cli(
        "-q",
        "build",
        str(SEED),
        "--out",
        str(out),
        "--date",
        DATE,
        "--templates",
        str(_templates(tmp_path, files, links)),
    )
    assert not [n for n, data in published(out).items() if MARKER.encode() in data]
    one_line_error(res, 2, name)
    assert published(out) == {}


def test_a_prompt_template_link_is_refused_before_any_request(tmp_path):
    from tests.openai_server import Scripted

    secret, _ = _outside(tmp_path)
    folder = _templates(tmp_path, {}, {"prompts/translate.j2": secret})
    out = tmp_path / "out"
    with Scripted() as server:
        res = cli(
            "-q", "build", str(SEED), "--out", str(out), "--date", DATE, "--templates", str(folder),
            "--translate", "--translator-backend", "openai", "--endpoint", server.url, "--translator-model", "m",
        )  # fmt: skip
        sent = json.dumps(server.requests, ensure_ascii=False)
    assert MARKER not in sent
    one_line_error(res, 2, "translate.j2")
    assert server.chats == [] and published(out) == {}


NON_JINJA = {
    "zero-division": "{{ 1 / 0 }}",
    "format-type": "{{ '%d' | format('x') }}",
    "float-overflow": "{{ (1e308 * 10) | int }}",
    "truncate-negative": "{{ 'x' | truncate(-5, leeway=-10) }}",
    "loop-over-int": "{% for x in 5 %}{% endfor %}",
}


TEMPLATE_FAILURES = [("briefing.md.j2", k) for k in NON_JINJA] + [("index.html.j2", "zero-division")]


@pytest.mark.parametrize(("template", "kind"), TEMPLATE_FAILURES, ids=[f"{t}-{k}" for t, k in TEMPLATE_FAILURES])
def test_every_template_failure_is_one_line_before_publishing(first_day, tmp_path, template, kind):
    """The previous day's set stays exactly as it was."""
    source = NON_JINJA[kind]
    out = tmp_path / "out"
    shutil.copytree(first_day, out, symlinks=True)
    before = published(out)
    folder = _templates(tmp_path, {template: source + "\n"}, {})
    res = cli("-q", "build", str(SEED), "--out", str(out), "--date", DATE, "--templates", str(folder))
    one_line_error(res, 2, f"template {template}")
    assert published(out) == before


HUGE = {
    "center": '{{ "x" | center(400000000) }}',
    "replace-chain": '{{ ("a" * 4000000) | replace("a", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") }}',
}


@pytest.mark.timeout(90)
@pytest.mark.parametrize("source", list(HUGE.values()), ids=list(HUGE))
def test_huge_template_output_is_refused_in_bounded_memory(tmp_path, source):
    """400 MB from one filter call, or without end from two loops: one line, exit 2, nothing published,
    the process never near the size asked for (a child limited to 1.5 GB; a build takes ~350 MB)."""
    folder = _templates(tmp_path, {"briefing.md.j2": source + "\n"}, {})
    out = tmp_path / "out"
    ran = run_briefing(
        "-q", "build", str(SEED), "--out", str(out), "--date", DATE, "--templates", str(folder),
        timeout=60, max_memory_mb=1500,
    )  # fmt: skip
    assert ran.code == 2 and not ran.timed_out and len(ran.lines()) == 1, (ran.code, ran.seconds, ran.stderr[-2000:])
    [line] = ran.lines()
    assert line.startswith("briefing: error: ") and "briefing.md.j2" in line, line
    assert [p.name for p in out.glob("[!.]*")] == []  # names only: a file here could be 400 MB
    assert ran.peak_mb < 800, ran.peak_mb


@pytest.mark.timeout(60)
def test_slow_template_is_stopped_within_seconds(tmp_path):
    """Two nested loops that output nothing (hours of work): stopped by a render-time limit, one line,
    exit 2, nothing published, the whole build within 15 s of CPU time (the limit counts the template's
    CPU time, so on a loaded machine the wall clock may run longer; a default limit must stay well under
    that, or this test must set the limit's setting)."""
    source = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}\n"
    folder = _templates(tmp_path, {"briefing.md.j2": source}, {})
    out = tmp_path / "out"
    ran = run_briefing(
        "-q", "build", str(SEED), "--out", str(out), "--date", DATE, "--templates", str(folder), timeout=50
    )
    assert ran.code == 2 and not ran.timed_out and ran.cpu < 15, (ran.code, ran.cpu, ran.stderr[-2000:])
    assert len(ran.lines()) == 1, ran.stderr[-2000:]
    [line] = ran.lines()
    assert line.startswith("briefing: error: ") and "briefing.md.j2" in line, line
    assert published(out) == {}
