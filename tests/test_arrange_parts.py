"""Ranking and merging as the JSON and -v show them (issue #19): a story's score is the sum of its parts, and a
copy merged into a story is said on a debug line naming both."""

from __future__ import annotations

import json
import math

from tests.test_editorial import GAME, SHIP, SNOW, TEA, build, page


def test_a_storys_score_is_the_sum_of_its_parts(tmp_path):
    """Every story of the day JSON: ``score`` is the sum of ``score_parts`` (each part rounded to three
    decimals, the sum to four), and the parts are fractions, not whole numbers."""
    src = tmp_path / "p.md"
    src.write_text(page("晚间新闻", "2024-01-02", [SNOW, TEA, SHIP, GAME]), "utf-8")
    out = tmp_path / "out"
    assert build(str(src), "--out", str(out), "--date", "2024-01-03").exit_code == 0
    items = json.loads((out / "2024-01-03.json").read_text("utf-8"))["items"]
    assert len(items) == 4
    for item in items:
        parts, score = item["_briefing"]["score_parts"], item["_briefing"]["score"]
        assert {"coverage", "reports", "position", "length", "recency"} <= set(parts)
        assert all(round(v, 3) == v for v in parts.values())
        assert math.isclose(sum(parts.values()), score, abs_tol=0.003), (parts, score)
        assert any(v != round(v) for v in parts.values()), parts


def test_a_merged_copy_is_one_debug_line_naming_both_headlines(tmp_path):
    """Two inputs with one text under two headlines: one story, and with -v one line "merged «copy» with
    «kept»"; without -v no such line."""
    text = "。".join(f"第{n}段报道内容说明工作进展情况和下一步安排" for n in range(12)) + "。"
    rows = [
        {"id": "a", "title": "某市推进老旧小区改造", "text": text},
        {"id": "b", "title": "老旧小区改造加快", "text": text},
    ]
    paths = []
    for n, row in enumerate(rows):
        path = tmp_path / f"{n}.jsonl"
        path.write_text(json.dumps(row, ensure_ascii=False) + "\n", "utf-8")
        paths.append(str(path))
    from click.testing import CliRunner

    from briefing.cli import main

    res = CliRunner().invoke(main, ["-v", "build", *paths, "--out", str(tmp_path / "out"), "--date", "2024-01-03"])
    assert res.exit_code == 0, res.stderr
    items = json.loads((tmp_path / "out" / "2024-01-03.json").read_text("utf-8"))["items"]
    assert len(items) == 1 and items[0]["_briefing"]["merged_ids"] == ["b"]
    merged = [line for line in res.stderr.splitlines() if "merged «" in line]
    assert merged == ["briefing: merged «老旧小区改造加快» with «某市推进老旧小区改造»"]
    assert "Logging error" not in res.stderr
    quiet = CliRunner().invoke(main, ["build", *paths, "--out", str(tmp_path / "o2"), "--date", "2024-01-03"])
    assert quiet.exit_code == 0 and "merged «" not in quiet.stderr
