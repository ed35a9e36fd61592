"""A summary an OpenAI-compatible server did not give is never cached: its extractive fallback is shown for
the run, and the next run asks the server again (also when a failed batch was retried article by article).
A server's failure is one line for the run, whether or not the story's first answer was refused before it."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from click.testing import CliRunner

from briefing.backends import BackendContext
from briefing.cache import Cache
from briefing.cli import main
from briefing.config import OpenAIOptions, SummarizeOptions
from briefing.errors import BackendError
from briefing.records import Article
from briefing.summarizers import openai_compat
from briefing.summarizers.base import Budget
from briefing.summarizers.openai_compat import OpenAISummarizer
from briefing.summarizers.service import summarize_all
from tests.openai_server import Reply, Scripted

STORIES = [  # two stories no event joins: each shown on its own
    ("甲市推进社区改革", "甲市出台社区改革方案，涉及社区服务站120个。"),
    ("乙省运动会开幕", "乙省第十届运动会在省体育中心开幕，八千名运动员参加比赛。"),
]
ENV = {"BRIEFING_OPENAI_CONCURRENCY": "1", "BRIEFING_OPENAI_RETRIES": "0"}  # the script is consumed in story order


def answer(payload: dict[str, Any]) -> str:
    """The server's summary of the story it is asked for: its headline and words no extract has."""
    user = next(m["content"] for m in payload["messages"] if m["role"] == "user")
    title = re.search(r"标题：(.*)", user)
    return f"{title.group(1) if title else ''}，服务器所写的摘要。"


def build(tmp_path, url: str) -> tuple[int, str, list[str]]:
    """One build of STORIES summarized on ``url`` (the same state folder each time): its exit code, stderr,
    and the summaries shown."""
    src = tmp_path / "news.jsonl"
    rows = [{"id": f"t{n}", "title": t, "text": x} for n, (t, x) in enumerate(STORIES)]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    out = tmp_path / "out"
    args = ["build", str(src), "--out", str(out), "--date", "2025-07-09"]
    res = CliRunner(env=ENV).invoke(main, [*args, "--backend", "openai", "--model", "m", "--endpoint", url])
    items = json.loads((out / "2025-07-09.json").read_text("utf-8"))["items"]
    return res.exit_code, res.stderr, [i["summary"] for i in sorted(items, key=lambda i: i["id"])]


@pytest.mark.timeout(120)
def test_a_summary_the_server_did_not_give_is_asked_again_by_the_next_build(tmp_path):
    with Scripted() as server:
        server.responder = answer
        server.script = [Reply(500)] * len(STORIES)  # the first build: no answer at all
        first = build(tmp_path, server.url)
        asked_first = len(server.chats)
        second = build(tmp_path, server.url)
        asked_second = len(server.chats) - asked_first
    assert first[0] == 1 and asked_first == len(STORIES), first[1]
    assert first[2] == [text for _, text in STORIES]  # the extractive fallback, shown for that build only
    assert second[0] == 0 and asked_second == len(STORIES), second[1]
    assert second[2] == [f"{title}，服务器所写的摘要。" for title, _ in STORIES]


@pytest.mark.timeout(120)
def test_a_server_failure_after_a_refused_answer_is_the_same_line_as_without(tmp_path):
    """The first story's answer is refused (not Chinese) and its stricter retry meets HTTP 500, as the second
    story's only request does: one failure, one line for both stories (" (retried)" made it two)."""
    with Scripted() as server:
        server.script = [Reply(content="An English answer."), Reply(500), Reply(500)]
        code, stderr, summaries = build(tmp_path, server.url)
    assert code == 1
    assert summaries == [text for _, text in STORIES]
    failed = [line for line in stderr.splitlines() if "HTTP 500" in line]
    assert len(failed) == 1, failed
    assert failed[0].startswith("briefing: error: 2 stories: server: ") and "(retried)" not in failed[0]


@pytest.mark.timeout(120)
def test_a_fallback_is_not_cached_when_a_failed_batch_is_retried_article_by_article(tmp_path, monkeypatch):
    """The batch call raises (here: reading the answered story's keywords fails, standing for any
    BackendError inside a call), so the service asks article by article: the first story's server fails
    again, the second raises again. The first story's fallback must not be cached: a later run asks the
    server and shows its answer. (Each call forgot the one before, so the first story's fallback was
    cached as the server's answer.)"""
    arts = [Article(t, [x], id=f"t{n}", source=f"{n}.txt") for n, (t, x) in enumerate(STORIES)]
    real = openai_compat.keywords

    def keywords(art: Article, k: int) -> list[str]:
        if art.id == "t1" and broken:
            raise BackendError("keywords failed")
        return real(art, k)

    monkeypatch.setattr(openai_compat, "keywords", keywords)
    budget = Budget(max_chars=100)
    with Scripted() as server, Cache(tmp_path / "c.sqlite3") as cache:
        server.responder = answer
        server.script = [Reply(500), Reply(), Reply(500), Reply()]  # the batch, then each story alone
        opts = SummarizeOptions(backend="openai", model="m", endpoint=server.url)

        def run() -> tuple[list[str], list[str]]:
            summarizer = OpenAISummarizer(BackendContext(opts, OpenAIOptions(concurrency=1, retries=0)))
            try:
                summaries, errors = summarize_all(arts, summarizer, budget, cache)
            finally:
                summarizer.close()
            return [s.text for s in summaries], errors

        broken = True
        first, errors = run()
        broken = False
        second, _ = run()
    assert first == [text for _, text in STORIES]  # both fell back: the first unanswered, the second raised
    assert second == [f"{title}，服务器所写的摘要。" for title, _ in STORIES]
    unanswered = [e for e in errors if "HTTP 500" in e]  # the first story once, though asked twice
    assert len(unanswered) == 1 and unanswered[0].startswith(f"0.txt: «{STORIES[0][0]}»: server: "), errors
