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
    "source",
    [
        "{{ " + "(" * 300 + "1" + ")" * 300 + " }}",
        "{{ " + "[" * 300 + "1" + "]" * 300 + " }}",
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    ],
    ids=["nested-brackets", "nested-lists", "macro-calls-itself"],
)
def test_a_template_too_deep_without_including_itself_is_not_said_to(tmp_path, source):
    """Brackets nested 300 deep, a macro that calls itself: Python's recursion limit, as for a template that
    includes itself, but the line said it included or extended itself; it now says every way there."""
    user = tmp_path / "tpl"
    user.mkdir()
    (user / "briefing.md.j2").write_text(source + "\n")
    one_line_error(build(tmp_path / "out", user), 2, "template briefing.md.j2: too deep", "nests brackets", "macros")


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
    labels = re.findall(r"<h3>.*?\((.*?)\)</h3>", html) + re.findall(r"<li>.*?同一标题.*? — (.*?)(?:, \d{4}.*?)?</li>", html)
    assert sorted(labels) == sorted(["&lt;img src=x onerror=alert(1)&gt;", "a:b"])


def test_links_cannot_close_their_autolink():
    from markdown_it import MarkdownIt

    from briefing.render import md_url

    link = "https://example.org/a>b<img src=x onerror=alert(2)> c"
    html = MarkdownIt("commonmark").render(f"Sources: <{md_url(link)}>\n")
    assert "<img" not in html and html.count("<a href=") == 1
    assert md_url("https://example.org/新闻?id=1&x=2#top") == "https://example.org/%E6%96%B0%E9%97%BB?id=1&x=2#top"


# -- #17: the class behind the hostile-template tests, in spellings of its own ---------------------------

AMPLIFIERS = {
    "concat-doubling": "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
    "{{ ns.s | length }}",
    "macro-doubling": "{% macro f(s, n) %}{{ f(s ~ s, n - 1) if n else s | length }}{% endmacro %}{{ f('ab', 40) }}",
    "plus-doubling": "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
    "indent": '{{ ("a\\n" * 3000000) | indent("x" * 1000, true) }}',
    "wordwrap": '{{ ("ab " * 3000000) | wordwrap(1, true, "y" * 1000) }}',
    "join": '{{ range(100000) | join("x" * 100000) }}',
    "str-format-method": '{{ "{:>900000000}".format(1) }}',
    "percent-format": '{{ "%900000000s" % "x" }}',
    "str-method": '{{ "x".ljust(900000000) }}',
    "batch-fill": "{{ [1] | batch(900000000, 0) | list | length }}",
    "replace-empty": '{{ ("a" * 5000000) | replace("", "b" * 100) }}',
    # bytes: every check above counts characters of strings, and a GB of bytes passed them all
    "bytes-repetition": "{{ ('x'.encode() * 1000000000) | length }}",
    "bytes-method": "{{ 'x'.encode().center(1000000000) | length }}",
    "escaped-bytes": "{{ ('x' | e).encode().zfill(1000000000) | length }}",
    "int-to-bytes": "{{ (1).to_bytes(1000000000, 'big') | length }}",
    # a width given as an argument in a field nested in the spec: made whole before the value was checked
    "str-format-nested-width": '{{ "{0:{1}}".format("x", 1000000000) | length }}',
    "format-map-nested-width": '{{ "{a:>{w}}".format_map({"a": "x", "w": 1000000000}) | length }}',
}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("source", list(AMPLIFIERS.values()), ids=list(AMPLIFIERS))
def test_every_way_to_grow_a_value_is_bounded(tmp_path, source):
    """Operators, filters, string methods and macros that make a value far larger than their input: one
    line naming the template (exit 2) in a child limited to 1.5 GB, which never takes much more than a
    normal build (about 350 MB), so the value was refused before it was made."""
    from tests.faults import run_briefing

    user = tmp_path / "tpl"
    user.mkdir()
    (user / "briefing.md.j2").write_text(source + "\n", "utf-8")
    ran = run_briefing(
        "-q", "build", str(SEED), "--out", str(tmp_path / "out"), "--date", DATE, "--templates", str(user),
        timeout=60, max_memory_mb=1500,
    )  # fmt: skip
    assert ran.code == 2 and not ran.timed_out, (ran.code, ran.stderr[-1500:])
    [line] = ran.lines()
    assert line.startswith("briefing: error: template briefing.md.j2"), line
    assert ran.peak_mb < 900, ran.peak_mb


def test_a_value_just_under_the_limit_is_made(tmp_path):
    """The other side of the limit: with build.template_max_mb = 1, 900,000 characters are rendered and
    1,100,000 are refused."""
    user = tmp_path / "tpl"
    user.mkdir()
    env = {"BRIEFING_BUILD_TEMPLATE_MAX_MB": "1"}
    (user / "briefing.md.j2").write_text('{{ "x" | center(900000) }}\n', "utf-8")
    res = cli("-q", "build", str(SEED), "--out", str(tmp_path / "a"), "--date", DATE, "--templates", str(user), env=env)
    assert res.exit_code == 0, res.stderr
    assert len((tmp_path / "a" / f"{DATE}.md").read_text("utf-8")) == 900_001
    (user / "briefing.md.j2").write_text('{{ "x" | center(1100000) }}\n', "utf-8")
    res = cli("-q", "build", str(SEED), "--out", str(tmp_path / "b"), "--date", DATE, "--templates", str(user), env=env)
    one_line_error(res, 2, "template briefing.md.j2", "1,100,000")


def test_a_width_nested_in_a_format_spec_formats_within_the_limit(tmp_path):
    """The other side of the nested widths: small ones format as str.format does."""
    user = tmp_path / "tpl"
    user.mkdir()
    (user / "briefing.md.j2").write_text('{{ "{0:>{1}}|{a:.{p}f}".format("x", 5, a=1.25, p=1) }}\n', "utf-8")
    res = build(tmp_path / "a", user)
    assert res.exit_code == 0, res.stderr
    assert (tmp_path / "a" / f"{DATE}.md").read_text("utf-8") == "    x|1.2\n"


def test_a_constant_the_compiler_would_fold_is_refused_when_loading_before_any_work(tmp_path, monkeypatch):
    """Jinja calls filters on constants while compiling: the limit holds there, so a template that asks for
    400 MB in a constant is refused when it is loaded, before any input is read."""
    from tests.faults import forbid_work

    forbid_work(monkeypatch)
    user = tmp_path / "tpl"
    user.mkdir()
    (user / "briefing.md.j2").write_text('{{ "x" | center(400000000) }}\n', "utf-8")
    one_line_error(build(tmp_path / "out", user), 2, "template briefing.md.j2", "center")


@pytest.mark.timeout(60)
def test_loops_that_call_nothing_are_stopped_by_the_time_limit(tmp_path):
    """Nested loops over a list made once (no call, no filter, nothing the sandbox sees per step): stopped at
    build.template_seconds all the same, and a template within it is rendered."""
    from tests.faults import run_briefing

    user = tmp_path / "tpl"
    user.mkdir()
    (user / "briefing.md.j2").write_text(
        "{% set L = range(100000) | list %}{% for a in L %}{% for b in L %}{% endfor %}{% endfor %}\n", "utf-8"
    )
    env = {"BRIEFING_BUILD_TEMPLATE_SECONDS": "1"}
    ran = run_briefing(
        "-q", "build", str(SEED), "--out", str(tmp_path / "out"), "--date", DATE, "--templates", str(user),
        env=env, timeout=40,
    )  # fmt: skip
    assert ran.code == 2 and not ran.timed_out, (ran.code, ran.stderr[-1500:])
    [line] = ran.lines()
    assert "briefing.md.j2" in line and "longer than 1 s" in line, line
    (user / "briefing.md.j2").write_text("{% for a in range(2000) %}{% endfor %}done\n", "utf-8")
    res = build(tmp_path / "out2", user)
    assert res.exit_code == 0 and (tmp_path / "out2" / f"{DATE}.md").read_text("utf-8") == "done\n"


HUGE_NUMBERS = {
    "power-of-a-power": "{{ (((10 ** 1000) ** 1000) ** 30) is number }}",
    "squared-in-a-loop": "{% set ns = namespace(x=10 ** 1000) %}{% for i in range(14) %}{% set ns.x = ns.x * ns.x %}"
    "{% endfor %}{{ ns.x is number }}",
    "product-in-a-macro": "{% macro f(x, n) %}{{ f(x * x, n - 1) if n else x is number }}{% endmacro %}{{ f(7, 40) }}",
}


@pytest.mark.timeout(90)
@pytest.mark.parametrize("source", list(HUGE_NUMBERS.values()), ids=list(HUGE_NUMBERS))
def test_a_number_too_large_to_compute_in_time_is_refused_before_it_is_made(tmp_path, source):
    """A product or power of numbers is one call of C that no time limit interrupts (the first ran for
    minutes under a 1 s limit): a number of more digits than Python writes (4,300) is refused before it is
    computed, one line naming the template, well within the time a build takes."""
    from tests.faults import run_briefing

    user = tmp_path / "tpl"
    user.mkdir()
    (user / "briefing.md.j2").write_text(source + "\n", "utf-8")
    ran = run_briefing(
        "-q", "build", str(SEED), "--out", str(tmp_path / "out"), "--date", DATE, "--templates", str(user),
        env={"BRIEFING_BUILD_TEMPLATE_SECONDS": "1"}, timeout=60,
    )  # fmt: skip
    assert ran.code == 2 and not ran.timed_out, (ran.code, ran.stderr[-1500:])
    [line] = ran.lines()
    assert line.startswith("briefing: error: template briefing.md.j2") and "digits is not made" in line, line


def test_a_number_of_4000_digits_is_made_one_of_5000_is_not(tmp_path):
    """The other side of the bound on numbers: 10**4000 (a product of four 10**1000) is rendered digit for
    digit; one factor more is refused."""
    user = tmp_path / "tpl"
    user.mkdir()
    four = "(10 ** 1000) * (10 ** 1000) * (10 ** 1000) * (10 ** 1000)"
    (user / "briefing.md.j2").write_text("{{ " + four + " }}\n", "utf-8")
    res = build(tmp_path / "a", user)
    assert res.exit_code == 0, res.stderr
    assert (tmp_path / "a" / f"{DATE}.md").read_text("utf-8") == "1" + "0" * 4000 + "\n"
    (user / "briefing.md.j2").write_text("{{ " + four + " * (10 ** 1000) }}\n", "utf-8")
    one_line_error(build(tmp_path / "b", user), 2, "template briefing.md.j2", "digits is not made")


def test_a_missing_include_is_one_printable_line_saying_it_is_not_found(tmp_path):
    """An include of a name that is nowhere: one line naming it and saying it is not found (it said only the
    name), and the name, the template's own text, with its control characters escaped: ESC ] 0; ... BEL would
    set the operator's terminal title, ESC [2J clear the screen."""
    user = tmp_path / "tpl"
    user.mkdir()
    (user / "briefing.md.j2").write_text('{% include "\x1b[2J\x1b]0;owned\x07x.j2" %}\n', "utf-8")
    res = build(tmp_path / "out", user)
    one_line_error(res, 2, "template briefing.md.j2: ", "\\x1b[2J\\x1b]0;owned\\x07x.j2 (included or imported) not found")
    assert not re.search("[\x00-\x08\x0e-\x1f\x7f-\x9f]", res.stderr), repr(res.stderr)


def test_placeholder_text_is_not_offered(tmp_path):
    user = tmp_path / "tpl"
    user.mkdir()
    (user / "briefing.md.j2").write_text("{{ lipsum(100000) }}\n", "utf-8")
    one_line_error(build(tmp_path / "out", user), 2, "template briefing.md.j2", "lipsum")


@pytest.mark.parametrize("kind", ["fifo", "too-large", "not-utf8", "dangling-link", "loop-link"])
def test_template_files_that_are_not_plain_templates_are_refused(tmp_path, kind):
    """A pipe (never opened to block), a file over 1 MB, bytes that are not UTF-8, a link to nothing or to
    itself: one line naming it (exit 2), nothing published; the packaged template is never used instead."""
    import os

    user = tmp_path / "tpl"
    user.mkdir()
    path = user / "briefing.md.j2"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "too-large":
        path.write_text("x" * 1_000_001, "utf-8")
    elif kind == "not-utf8":
        path.write_bytes(b"\xff\xfe{{ 1 }}\n")
    elif kind == "dangling-link":
        path.symlink_to(tmp_path / "nothing.j2")
    else:
        path.symlink_to(path)
    out = tmp_path / "out"
    one_line_error(build(out, user), 2, "briefing.md.j2")
    assert published(out) == {}


def test_a_link_inside_the_folder_is_followed(tmp_path):
    """The rule is where a link leads, not that it is one: a link to a file inside the folder is read."""
    user = tmp_path / "tpl"
    (user / "parts").mkdir(parents=True)
    (user / "parts" / "real.j2").write_text("inside {{ briefing.title }}\n", "utf-8")
    (user / "briefing.md.j2").symlink_to(user / "parts" / "real.j2")
    res = build(tmp_path / "out", user, "--title", "Desk")
    assert res.exit_code == 0, res.stderr
    assert (tmp_path / "out" / f"{DATE}.md").read_text("utf-8") == "inside Desk\n"


def test_the_limits_bound_a_folder_of_templates_not_the_packaged_ones_alone(tmp_path):
    """The limits are for templates from someone else: with limits far below what the seed's day makes
    (1,000 characters, 1 ms), the packaged templates alone build it whole (a day of many stories must
    never fail on them), and the same packaged templates reached through a templates folder, empty, are
    refused in one line."""
    env = {"BRIEFING_BUILD_TEMPLATE_MAX_MB": "0.001", "BRIEFING_BUILD_TEMPLATE_SECONDS": "0.001"}
    alone = cli("-q", "build", str(SEED), "--out", str(tmp_path / "a"), "--date", DATE, env=env)
    assert alone.exit_code == 0, alone.stderr
    assert len((tmp_path / "a" / f"{DATE}.md").read_text("utf-8")) > 1000
    empty = tmp_path / "tpl"
    empty.mkdir()
    res = cli("-q", "build", str(SEED), "--out", str(tmp_path / "b"), "--date", DATE, "--templates", str(empty), env=env)
    one_line_error(res, 2, "template ")
    assert published(tmp_path / "b") == {}


# -- #19: the sandbox is the immutable one: a template reads the data and never changes it ---------------

CHANGES = [
    "{% for s in briefing.stories %}{{ s.article.paragraphs.clear() }}{% endfor %}",
    "{% for s in briefing.stories %}{{ s.article.links.append('javascript:alert(1)') }}{% endfor %}",
    "{% for s in briefing.stories %}{{ s.summary.keywords.pop() }}{% endfor %}",
    "{% for s in briefing.stories %}{{ s.score_parts.update(coverage=99) }}{% endfor %}",
]


@pytest.mark.parametrize("source", CHANGES, ids=["list.clear", "list.append", "list.pop", "dict.update"])
def test_a_template_cannot_change_the_data_it_is_given(tmp_path, source):
    """A list or dict method that changes the data (the story's paragraphs, links, keywords, score parts)
    is refused: one line naming the template, exit 2, nothing published; the same loop that only reads the
    data builds."""
    user = tmp_path / "tpl"
    user.mkdir()
    (user / "briefing.md.j2").write_text(source + "\n", "utf-8")
    out = tmp_path / "out"
    one_line_error(build(out, user), 2, "template briefing.md.j2", "unsafe")
    assert published(out) == {}
    reading = "{% for s in briefing.stories %}{{ s.article.paragraphs | length }} {{ s.article.links | length }} "
    (user / "briefing.md.j2").write_text(reading + "{% endfor %}\n", "utf-8")
    res = build(tmp_path / "read", user)
    assert res.exit_code == 0, res.stderr


def test_the_data_a_refused_template_tried_to_change_is_as_it_was(tmp_path):
    """The library's render: the list and the dict handed to a template that empties them are unchanged
    after the refusal."""
    from briefing.errors import ConfigError
    from briefing.render import render

    user = tmp_path / "tpl"
    user.mkdir()
    (user / "t.j2").write_text("{{ items.clear() }}{{ items.append(9) }}{{ parts.clear() }}{{ items | length }}\n")
    items, parts = [1, 2, 3], {"a": 1}
    with pytest.raises(ConfigError, match=r"template t\.j2"):
        render("t.j2", str(user), items=items, parts=parts)
    assert items == [1, 2, 3] and parts == {"a": 1}
    (user / "t.j2").write_text("{{ items | sum }} {{ parts.a }}\n")
    assert render("t.j2", str(user), items=items, parts=parts) == "6 1\n"


def test_the_operators_the_sandbox_checks_give_their_values_within_the_limits(tmp_path):
    """``*``, ``**``, ``+`` and ``%`` go through the sandbox's checks and give Python's results; each limit from
    both sides (build.template_max_mb = 1: a repetition of 900,000 is made, 1,100,000 refused, either
    operand order; an exponent of 1000 is made, 1001 refused)."""
    from briefing.errors import ConfigError
    from briefing.render import Limits, render

    user = tmp_path / "tpl"
    user.mkdir()
    limits = Limits(seconds=30, max_chars=1_000_000)
    cases = {
        "{{ 6 * 7 }} {{ 'a' + 'b' }} {{ '%03d|%s' % (5, 'x') }} {{ 2 ** 3 }} {{ [1] * 2 }}": "42 ab 005|x 8 [1, 1]",
        "{{ ('x' * 900000) | length }} {{ (900000 * 'y') | length }}": "900000 900000",
        "{{ (2 ** 1000) % 7 }} {{ (2 ** -1000) < 1 }}": f"{2**1000 % 7} True",
    }
    for source, want in cases.items():
        (user / "t.j2").write_text(source, "utf-8")
        assert render("t.j2", str(user), limits) == want, source
    refused = {
        "{{ 'x' * 1100000 }}": "a repetition would make 1,100,000",
        "{{ 1100000 * 'x' }}": "a repetition would make 1,100,000",
        "{{ [0] * 1100000 }}": "a repetition would make 1,100,000",
        "{{ 2 ** 1001 }}": "an exponent above 1000",
        "{{ 2 ** -1001 }}": "an exponent above 1000",
        "{{ '%1100000s' % 'x' }}": "a format width",
    }
    for source, words in refused.items():
        (user / "t.j2").write_text(source, "utf-8")
        with pytest.raises(ConfigError, match=r"template t\.j2") as err:
            render("t.j2", str(user), limits)
        assert words in str(err.value), (source, str(err.value))


def test_the_markdown_filters_make_nothing_of_none_and_escape_the_rest(tmp_path):
    """``md``, ``md_label`` and ``md_url`` on a missing value (none) print nothing, not "None"; ``md_label``
    makes one line of any whitespace; ``md`` escapes Markdown syntax and a list marker at a line's start."""
    from briefing.render import render

    user = tmp_path / "tpl"
    user.mkdir()
    (user / "t.j2").write_text(
        "[{{ none | md }}|{{ none | md_label }}|{{ none | md_url }}]"
        "[{{ ' a\\n\\n\\tb*c ' | md_label }}]"
        "[{{ '- x\\n + y\\n# z <b>' | md }}]",
        "utf-8",
    )
    assert render("t.j2", str(user)) == "[||][a b\\*c][\\- x\n \\+ y\n\\# z \\<b\\>]"


# each filter or string method that can make much more than it is given, just under and just over a limit of
# 1,000 characters: the value is made, or refused BEFORE it is made (the line names the filter and what it
# would have made, not the finished value)
GROWERS = [
    ('{{ "x" | center(1000) | length }}', '{{ "x" | center(1001) }}', "center would make 1,001"),
    ('{{ "x".ljust(1000) | length }}', '{{ "x".rjust(1001) }}', "rjust would make 1,001"),
    ('{{ "1".zfill(1000) | length }}', '{{ "1".zfill(width=1001) }}', "zfill would make 1,001"),
    ('{{ "\\t\\t".expandtabs(499) | length }}', '{{ "\\t\\t".expandtabs(500) }}', "expandtabs would make 1,002"),
    ('{{ "a\\na" | indent(498, true) | length }}', '{{ "a\\na" | indent(499, true) }}', "indent would make 1,001"),
    ('{{ "a\\na" | indent(" " * 498, true) | length }}', '{{ "a\\na" | indent(" " * 499, true) }}', "indent would make 1,001"),
    ('{{ ("a" * 10) | replace("a", "b" * 100) | length }}', '{{ ("a" * 10) | replace("a", "b" * 101) }}', "replace would make 1,010"),
    ('{{ ("a" * 10) | replace("a", "b" * 200, 4) | length }}', '{{ ("a" * 10) | replace("a", "b" * 200, 5) }}', "replace would make 1,005"),
    ('{{ ("a" * 9) | replace("", "b" * 99) | length }}', '{{ ("a" * 9) | replace("", "b" * 100) }}', "replace would make 1,009"),
    ('{{ ["ab", "cd"] | join("x" * 498) | length }}', '{{ ["ab", "cd"] | join("x" * 499) }}', "join would make 1,002"),
    ('{{ ("x" * 320) | urlize | length }}', '{{ ("x" * 321) | urlize }}', "urlize would make 1,003"),
    ('{{ [1] | slice(1000) | list | length }}', '{{ [1] | slice(1001) | list }}', "slice would make 1,001"),
    ('{{ [1] | batch(1000) | list | length }}', '{{ [1] | batch(linecount=1001) | list }}', "batch would make 1,001"),
    ('{{ ("ab " * 10) | wordwrap(1, true, "y" * 10) | length }}', '{{ ("ab " * 10) | wordwrap(1, true, "y" * 32) }}', "wordwrap would make 1,022"),
    ('{{ "www.a.com" | urlize(none, false, "x" * 280) | length }}', '{{ "www.a.com" | urlize(none, false, "x" * 285) }}', "urlize would make 1,002"),
    ('{{ range(10) | join("x" * 84) | length }}', '{{ range(10) | join("x" * 85) }}', "join would make 1,010"),
    ('{{ range(10) | map("string") | join("x" * 99) | length }}', '{{ range(10) | map("string") | join("x" * 100) }}', "join would make 1,010"),
    ('{{ ("x" * 99).join(range(10) | map("string")) | length }}', '{{ ("x" * 100).join(range(10) | map("string")) }}', "join would make 1,010"),
    ('{{ ("%*d" % (1000, 1)) | length }}', '{{ "%*d" % (1001, 1) }}', "a format width would make 1,001"),
]


@pytest.mark.parametrize(("under", "over", "words"), GROWERS, ids=[w.split(" would")[0] + str(n) for n, (_, _, w) in enumerate(GROWERS)])
def test_a_growing_filter_is_refused_before_it_runs_and_made_just_under(tmp_path, under, over, words):
    from briefing.errors import ConfigError
    from briefing.render import Limits, render

    user = tmp_path / "tpl"
    user.mkdir()
    limits = Limits(seconds=30, max_chars=1000)
    (user / "t.j2").write_text(under, "utf-8")
    assert 0 < int(render("t.j2", str(user), limits)) <= 1000
    (user / "t.j2").write_text(over, "utf-8")
    with pytest.raises(ConfigError) as refused:
        render("t.j2", str(user), limits)
    assert str(refused.value).startswith(f"template t.j2: {words} characters, over the limit of 1,000"), refused.value


def test_a_numbered_line_in_article_text_stays_text_without_a_visible_backslash():
    """"1. " or "2) " opening a line of article text would start an ordered list: the ``md`` filter escapes its
    "." or ")" (a backslash before the digit is not an escape in CommonMark and would show); the reader sees
    the line as written, in a paragraph, not a list."""
    from markdown_it import MarkdownIt

    from briefing.render import md_escape

    text = "1. 第一条措施\n2) 第二条措施\n  10. 第十条\n- 一项\n2024.5 亿元"
    escaped = md_escape(text)
    assert escaped == "1\\. 第一条措施\n2\\) 第二条措施\n  10\\. 第十条\n\\- 一项\n2024.5 亿元"
    html = MarkdownIt("commonmark").render(escaped)
    assert "<ol" not in html and "<ul" not in html and "\\" not in html
    assert html == "<p>1. 第一条措施\n2) 第二条措施\n10. 第十条\n- 一项\n2024.5 亿元</p>\n"
