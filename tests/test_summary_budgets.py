"""Summary budgets at their edges, through the CLI (issue #19: each of these survived a mutation)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from briefing.cli import main
from briefing.summarizers.extractive import ELLIPSIS

TITLE = "国务院办公厅印发关于健全重点事项常态化推进机制的意见部署"


def summarize(tmp_path, *args: str, **row: str) -> dict:
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "x", **row}, ensure_ascii=False), "utf-8")
    res = CliRunner().invoke(main, ["summarize", "--format", "json", *args, str(src)])
    assert res.exit_code == 0, res.output
    (out,) = json.loads(res.stdout)["articles"]
    return out


def test_a_headline_repeated_after_a_short_clause_leaves_the_clause_cut_to_the_budget(tmp_path):
    """The one sentence mostly repeats the shown headline: only its first clause says more.  That clause
    and its "…" (12 characters) is the summary when 12 fit, and is cut to the budget when fewer do."""
    clause = "全市各部门今天集中学习"
    row = {"title": TITLE, "text": f"{clause}，{TITLE}。"}
    for limit in (12, 13, 40):
        assert summarize(tmp_path, "--max-chars", str(limit), **row)["summary"] == clause + ELLIPSIS
    for limit in (10, 11):
        out = summarize(tmp_path, "--max-chars", str(limit), **row)
        assert len(out["summary"]) <= limit and out["trimmed"] is True
        assert out["summary"].endswith(ELLIPSIS) and clause.startswith(out["summary"].removesuffix(ELLIPSIS))
