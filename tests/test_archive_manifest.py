"""An archive day whose manifest is of another format, or no table at all, is one line and not read."""

from __future__ import annotations

import json

import pytest

from briefing.web.store import FORMAT, MANIFEST, load_day


@pytest.mark.parametrize("manifest", [{"format": FORMAT + 1, "runs": []}, {"runs": []}, [FORMAT], "1"])
def test_a_manifest_of_another_format_or_shape_is_one_line(tmp_path, manifest):
    (tmp_path / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    read = load_day(tmp_path, 1_000_000)
    assert read.failures == [f"{tmp_path / MANIFEST}: not an archive manifest of format {FORMAT}; folder not read"]
    assert read.articles == []


def test_a_manifest_of_this_format_is_read(tmp_path):
    (tmp_path / MANIFEST).write_text(json.dumps({"format": FORMAT, "runs": [{"failures": [], "notes": []}]}), "utf-8")
    read = load_day(tmp_path, 1_000_000)
    assert not any("not an archive manifest" in f for f in read.failures)
