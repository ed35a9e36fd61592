"""What ``briefing fetch`` reads by its Content-Type: text, HTML, XML and ``+json`` types are archived, a
binary type is one line naming the URL and the type."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from briefing.cli import main
from tests.hostile_site import HostileSite, sources_config


@pytest.mark.parametrize(
    ("ctype", "archived"),
    [
        ("application/feed+json", True),
        ("application/ld+json; charset=utf-8", True),
        ("application/rss+xml", True),
        ("text/plain; charset=utf-8", True),
        ("application/json", False),
        ("image/png", False),
    ],
)
def test_what_is_archived_by_its_content_type(tmp_path, ctype, archived):
    body = b'{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": []}'
    with HostileSite() as site:
        url = site.add("/x", body, ctype=ctype)
        config = sources_config(tmp_path, [])
        res = CliRunner().invoke(main, ["fetch", "--config", str(config), "--archive", str(tmp_path / "a"), url])
    errors = [line for line in res.stderr.splitlines() if line.startswith("briefing: error: ")]
    kept = [p for d in (tmp_path / "a").iterdir() if d.is_dir() for p in d.iterdir() if p.read_bytes() == body]
    if archived:
        assert res.exit_code == 0 and errors == [] and len(kept) == 1, res.stderr
    else:
        base = ctype.split(";")[0]
        assert res.exit_code == 3 and kept == [], res.stderr
        assert errors == [
            f"briefing: error: {url}: is {base}, not a web page, feed or sitemap; not read",
            "briefing: error: nothing could be fetched (1 problems)",
        ]
