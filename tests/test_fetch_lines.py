"""What ``briefing fetch`` prints (issue #19): on a terminal one line per source as it finishes, then the
summary line, all on stderr; in a log (not a terminal) the summary only; with -q nothing."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from briefing.cli import main
from tests.hostile_site import HostileSite, article_page, headline, paragraphs, rss, sources_config


@pytest.fixture
def two_sources(tmp_path):
    with HostileSite() as site:
        items = [(headline(k), site.add(f"/a/{k}.html", article_page(headline(k), paragraphs(k)))) for k in range(2)]
        site.add("/a.xml", rss(items), "application/rss+xml")
        site.add("/b.xml", rss(items[:1]), "application/rss+xml")
        cfg = sources_config(
            tmp_path, [{"name": "源A", "url": site.url("/a.xml")}, {"name": "源B", "url": site.url("/b.xml")}]
        )
        yield lambda n, *flags: CliRunner().invoke(
            main, [*flags, "fetch", "--config", str(cfg), "--archive", str(tmp_path / f"archive{n}")]
        )


SOURCE = re.compile(r"(源[AB]): \d+ fetched, \d+ not modified, (?:\d+ left alone, )?\d+ failed")
SUMMARY = re.compile(r"fetch: 2 sources, \d+ pages fetched, .* -> .+")


def test_fetch_on_a_terminal_prints_a_line_per_source_then_the_summary(two_sources, monkeypatch):
    monkeypatch.setattr("briefing.cli.on_terminal", lambda: True)
    res = two_sources(1)
    assert res.exit_code == 0, res.stderr
    assert res.stdout == ""
    *sources, summary = res.stderr.splitlines()
    assert sorted(SOURCE.fullmatch(line).group(1) for line in sources) == ["源A", "源B"], sources
    assert SUMMARY.fullmatch(summary), summary
    quiet = two_sources(2, "-q")
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == ""


def test_fetch_in_a_log_prints_the_summary_only(two_sources, monkeypatch):
    monkeypatch.setattr("briefing.cli.on_terminal", lambda: False)
    res = two_sources(1)
    assert res.exit_code == 0, res.stderr
    assert res.stdout == "" and len(res.stderr.splitlines()) == 1 and SUMMARY.fullmatch(res.stderr.strip())
