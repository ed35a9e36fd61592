"""#17, the classes behind the hostile-input tests, beyond their examples: what text from outside may carry,
which links may reach an output, how an outside value shows in a log line.

Each test guards a class (every code point, every scheme, every spelling a
browser reads) by a relation that must hold, not by the examples of
``tests/hostile_site.py``.
"""

from __future__ import annotations

import html
import json
import shutil
import string
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.history import parse_day
from briefing.textnorm import normalize
from briefing.untrusted import clean_line, clean_text, shown, visible
from briefing.urls import read_link, safe_link, url_problem
from tests.conftest import SEED
from tests.faults import NOT_TEXT, cli, one_line_error
from tests.linkscan import link_problem

# -- text ---------------------------------------------------------------------------------------------


def _never_in_output(c: str) -> bool:
    """The rule, written out: C0 controls but TAB, LF, CR; DEL and C1; U+FFFE, U+FFFF; surrogates."""
    n = ord(c)
    return (n < 0x20 and c not in "\t\n\r") or 0x7F <= n <= 0x9F or n in (0xFFFE, 0xFFFF) or 0xD800 <= n <= 0xDFFF


def test_clean_text_drops_exactly_the_class_over_every_code_point():
    every = "".join(map(chr, range(0x110000)))
    kept = clean_text(every)
    assert kept == "".join(c for c in every if not _never_in_output(c))
    assert NOT_TEXT.search(kept) is None  # the fault tests' own definition agrees
    kept.encode("utf-8")  # strict: no lone surrogate left


def test_clean_line_and_normalize_drop_every_format_character_and_keep_the_rest():
    """What a reader is shown loses exactly the format characters (Cf: bidi overrides, zero-width ...) besides
    what no output carries; clean_text keeps them (a link with one is refused, not changed)."""
    every = "".join(chr(n) for n in range(0x110000) if not _never_in_output(chr(n)) and not chr(n).isspace())
    shown = "".join(c for c in every if unicodedata.category(c) != "Cf")
    assert clean_line(every) == shown and visible(every) == shown
    assert normalize(every).replace(" ", "") == normalize(shown).replace(" ", "")
    assert clean_text(every) == every


@given(st.text())
def test_clean_line_is_one_clean_line_and_idempotent(text):
    line = clean_line(text)
    assert len(line.splitlines()) <= 1 and line == line.strip()
    assert NOT_TEXT.search(line) is None
    assert clean_line(line) == line and clean_text(line) == line


@given(st.text(max_size=400))
def test_shown_is_one_bounded_line_and_plain_text_is_left_as_it_is(text):
    out = shown(text)
    assert len(out.splitlines()) <= 1 and NOT_TEXT.search(out) is None
    assert len(out) < 1200  # a repr of 160 characters, escaped, and the notes
    if text.isprintable() and len(text) <= 160:
        assert out == text


# -- links --------------------------------------------------------------------------------------------

SCHEMES = ["javascript", "vbscript", "livescript", "data", "file", "ftp", "blob", "about", "chrome", "mailto",
           "jar", "ws", "view-source", "intent", "x-custom+1.0"]  # fmt: skip


def _spellings(scheme: str, rest: str = "x", around: bool = True) -> list[str]:
    """Ways an HTML attribute or a decoded JSON value can spell ``scheme:`` so a browser still reads it
    (``around``: with whitespace and controls inside and in front, which a browser drops)."""
    colon = [":", "&#58;", "&#x3a;", "&#X3A;", "&colon;", "&#0000058;"]
    first = scheme[0]
    heads = [scheme, scheme.upper(), scheme.title(), f"&#{ord(first)};{scheme[1:]}", f"&#x{ord(first):x};{scheme[1:]}"]
    if around:
        heads += [scheme[:2] + ws + scheme[2:] for ws in ("\t", "\n", "\r", "&#9;", "&#10;", "&Tab;", "&NewLine;")]
        heads += [pre + scheme for pre in (" ", "\x00", "\x1f", "\x0c", "&#32;", "&#1;", "\u3000", "\ufeff")]
    return [h + c + rest for h in heads for c in colon]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_spelling_of_another_scheme_passes_the_link_check(scheme):
    """Every spelling of every scheme that is not http(s) is refused, as written and decoded; the same
    spellings of https are taken (so what is refused is the scheme, not entities or case)."""
    for spelling in _spellings(scheme):
        assert safe_link(spelling) is None, spelling
        assert safe_link(html.unescape(spelling)) is None, spelling
    for spelling in _spellings("https", "//example.org/x", around=False):
        assert safe_link(spelling) == "https://example.org/x".replace("https", html.unescape(spelling)[:5]), spelling


@given(st.text(min_size=1, max_size=60))
def test_whatever_passes_the_link_check_is_http_for_a_browser(text):
    """The link check and the scan (a browser's reading) agree: nothing the check lets through is a
    foreign scheme or protocol-relative link, whatever the text."""
    for candidate in (text, "http://example.org/" + text, text + ":x", "&#" + text):
        link = safe_link(candidate)
        if link is not None:
            assert link_problem(link) is None and link.lower().startswith(("http://", "https://")), candidate
            assert link == link.strip() and not any(c in link for c in "<>\"'"), candidate


HOSTS_REFUSED = [
    "http://" + "a" * 64 + ".example/",  # a label over 63
    "http://" + ".".join(["abcdefghij"] * 25) + ".example/",  # over 253 in all
    "http://例" * 1 + "子" * 70 + ".cn/",  # an IDN label that encodes past 63
    "http://a..b.example/",  # an empty label
    "http://xn--a-.example/",  # an A-label that is no punycode
    "http://xn--.example/",
    "http://-a\u200b.example/",  # a zero-width space: invisible
    "http://a%00b.example/",
    "http://exa mple.org/",
    "http://[::1:/",
    "http://[1.2.3]/",
    "http://example.org:65536/",
    "http://example.org:-1/",
    "http://example.org:80a/",
    "http://example.org/" + "a" * 8000,
]


@pytest.mark.parametrize("url", HOSTS_REFUSED, ids=range(len(HOSTS_REFUSED)))
def test_links_no_client_could_open_are_refused_with_a_reason(url):
    assert url_problem(url) and safe_link(url) is None and read_link(url)[1]


@pytest.mark.parametrize(
    "url",
    ["http://例子.cn/新闻", "https://xn--fsqu00a.xn--3lr804guic/", "http://a_b.example:8080/x?y=1#z", "http://[::1]/",
     "http://127.0.0.1:65535/", "https://EXAMPLE.org./a", "http://example.org/" + "a" * 7900],
)  # fmt: skip
def test_links_a_client_opens_are_taken(url):
    assert url_problem(url) is None and safe_link(url) == url


# -- earlier days --------------------------------------------------------------------------------------


def _day(**fields) -> dict:
    item = {"id": "a1", "title": "标题", "summary": "摘要", "_briefing": {"anchor": "s-a1", "top": True}}
    for key, value in fields.items():
        target = item["_briefing"] if key.startswith("_") else item
        target[key.lstrip("_")] = value
    return {"items": [item]}


@pytest.mark.parametrize(
    ("fields", "kept"),
    [
        ({"_status": "new<script>"}, True),
        ({"_first_seen": "2025-07-08T00:00:00\n"}, True),
        ({"_title_en": ["x"]}, True),
        ({"_top": "yes"}, True),
        ({"_source_name": {"a": 1}}, True),
        ({"_external_url": " JAVASCRIPT&#58;x"}, True),
        ({"external_url": "http://exa mple.org/"}, True),
        ({"_anchor": "s-1#x"}, False),
        ({"_anchor": 7}, False),
        ({"title": None, "_anchor": "s-1"}, False),
        ({"id": True}, True),
    ],
    ids=lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else str(v),
)
def test_each_value_an_earlier_day_should_not_hold_is_refused(fields, kept):
    """One refusal per bad value (a missing title is not one: an older layout may lack it); the story is
    kept without the value, unless its title or anchor is refused."""
    refused: list[str] = []
    day = parse_day("2025-07-08", _day(**fields), refused)
    assert len(refused) == (0 if fields.get("title", "") is None else 1), refused
    assert (len(day.items) == 1) == kept
    if kept:
        item = day.items[0]
        assert item.status in ("new", "follow-up", "repeat") and item.title == "标题"
        assert item.external_url == "" and item.anchor == "s-a1"


def test_a_doctored_earlier_day_with_every_variant_is_one_line(tmp_path):
    """Through the CLI: an earlier day with each kind of bad value at once is one line naming its file,
    and the next day builds (exit 1)."""
    out = tmp_path / "out"
    assert cli("-q", "build", str(SEED), "--out", str(out), "--date", "2025-07-08").exit_code == 0
    path = (out / "2025-07-08.json").resolve()
    data = json.loads(path.read_text("utf-8"))
    bad = [("status", "x"), ("first_seen", 5), ("anchor", "a b"), ("external_url", "data:,x"), ("top", 1)]
    for item, (key, value) in zip(data["items"], bad, strict=False):
        item["_briefing"][key] = value
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    res = cli("-q", "build", str(SEED), "--out", str(out), "--date", "2025-07-09")
    one_line_error(res, 1, str(out / "2025-07-08.json"), "5 value(s)")


@pytest.mark.parametrize("title", ["每日\n要闻", "每日\x85要闻", "每日\u2028要闻", "每日\x1b[31m", "每日\ufffe"])
def test_title_settings_with_a_line_break_or_control_character_are_one_line(tmp_path, title):
    res = cli("-q", "build", str(SEED), "--out", str(tmp_path / "out"), "--title", title)
    one_line_error(res, 2, "title")
    assert not (tmp_path / "out").exists()


def test_a_day_json_title_never_reaches_a_mail_header_unclean(tmp_path):
    """Every line break and control character the class holds, in the title an earlier day's JSON gives
    the subject: the message is built (never a ValueError from the header) with a one-line subject."""
    from briefing.mail import message, read_edition

    out = tmp_path / "out"
    assert cli("-q", "build", str(SEED), "--out", str(out), "--date", "2025-07-09").exit_code == 0
    path = (out / "2025-07-09.json").resolve()
    data = json.loads(path.read_text("utf-8"))
    data["_briefing"]["title"] = "A" + "".join(chr(c) for c in range(0x20)) + "\x85\u2028\u2029B" + string.whitespace
    path.write_text(json.dumps(data), "utf-8")
    msg = message(read_edition(out, "2025-07-09"), "2025-07-09", "desk@example.org", "desk@example.org")
    assert msg["Subject"].startswith("A") and "B" in msg["Subject"]
    assert not any(c in str(msg["Subject"]) for c in "\r\n\x85\u2028\u2029\x00")
    shutil.rmtree(out)


# -- outside values in log lines: shown() --------------------------------------------------------------------


def test_an_outside_value_is_shown_as_it_is_when_short_and_printable_else_quoted_cut_and_counted():
    from briefing.untrusted import SHOWN_MAX

    assert shown("正常的值 ok") == "正常的值 ok" and shown(404) == "404"
    assert shown("x" * SHOWN_MAX) == "x" * SHOWN_MAX  # the limit itself: as it is
    longer = "x" * (SHOWN_MAX + 5)  # one side over: quoted, cut, and how much was cut
    assert shown(longer) == repr("x" * SHOWN_MAX) + "…(+5 characters)"
    assert shown("a\x1bb") == "'ab' (1 control character left out)"
    assert shown("a\x1b\x07b\nc") == "'ab c' (2 control characters left out)"  # a line break never starts a line
    assert (
        shown("\x00" * 3 + "y" * 200, limit=10) == repr("y" * 10) + "…(+190 characters) (3 control characters left out)"
    )
