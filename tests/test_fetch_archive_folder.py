"""An archive folder ``briefing fetch`` cannot create is one line naming it, exit 2, before any request."""

from __future__ import annotations

import re

from click.testing import CliRunner

from briefing.cli import main
from tests.hostile_site import HostileSite, sources_config


def test_an_archive_under_a_file_is_one_line_naming_the_folder_and_nothing_is_asked(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    with HostileSite() as site:
        url = site.add("/x.html", "<html><body><p>正文。</p></body></html>")
        config = sources_config(tmp_path, [])
        res = CliRunner().invoke(main, ["fetch", "--config", str(config), "--archive", str(blocker / "archive"), url])
        asked = len(site.requests)
    assert res.exit_code == 2, res.output
    [line] = [x for x in res.stderr.splitlines() if x.strip()]
    folder = re.escape(str(blocker / "archive"))  # ARCHIVE/<today>
    assert re.fullmatch(
        rf"briefing: error: {folder}/\d{{4}}-\d\d-\d\d: cannot create the archive folder \(Not a directory\)", line
    ), line
    assert asked == 0
