"""A JSONL record's byline, dateline and credit reach the article (cleaned to one line), as a page's do."""

from __future__ import annotations

import json

from click.testing import CliRunner

from briefing.cli import main


def test_byline_dateline_and_credit_of_a_jsonl_record_reach_the_built_story(tmp_path):
    row = {
        "title": "第十届国际茶叶博览会在杭州开幕",
        "text": "第十届国际茶叶博览会今天在杭州开幕，四十多个国家和地区的展商参展。",
        "byline": "记者 王某\n李某",
        "dateline": "新华社杭州7月8日电",
        "credit": "新华社发",
    }
    src = tmp_path / "day.jsonl"
    src.write_text(json.dumps(row, ensure_ascii=False) + "\n", "utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["-q", "build", str(src), "--out", str(out), "--date", "2025-07-09"])
    assert res.exit_code == 0, res.output
    [item] = json.loads((out / "2025-07-09.json").read_text("utf-8"))["items"]
    meta = item["_briefing"]
    assert (meta["byline"], meta["dateline"], meta["credit"]) == ("记者 王某 李某", "新华社杭州7月8日电", "新华社发")
    assert (meta["date"], meta["date_source"]) == ("2025-07-08", "dateline")
