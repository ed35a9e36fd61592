"""Data flows one way: each stage returns new records and leaves the ones it was given as they were."""

from __future__ import annotations

import copy
import dataclasses
import json

import pytest

from briefing.arrange import arrange, merge_duplicates
from briefing.config import EditorialOptions, Options, TranslateOptions
from briefing.history import Day, PastItem
from briefing.pipeline import gloss, read_and_split, summarize
from briefing.records import Article, Story
from briefing.translators.base import TranslationBackend, translators
from tests.conftest import SEED

DATE = "2025-07-09"


class Numbered(TranslationBackend):
    """A fake translator: English that names the sentence's length."""

    name = "numbered-english"

    def translate_batch(self, sentences, decode):
        return [f"Sentence of {len(s)} characters." for s in sentences]


@pytest.fixture
def numbered(monkeypatch):
    monkeypatch.setitem(translators._classes, Numbered.name, Numbered)


def _copy(story: Story, paragraphs: list[str], source: str) -> Story:
    """Another outlet's copy of ``story`` with the given body."""
    article = Article(story.article.title, paragraphs, source=source, date=story.article.date)
    return dataclasses.replace(story, article=article, sources=(source,))


def test_each_stage_returns_new_stories_and_leaves_its_input_as_it_was():
    opts = Options(editorial=EditorialOptions(max_stories=3, top_stories=1))
    stage = read_and_split([str(SEED)], opts, DATE)
    before = copy.deepcopy(stage)
    summarized = summarize(stage, opts, None)
    assert stage == before and not stage.stories and summarized.stories

    first, second, *rest = summarized.stories
    shorter = _copy(first, first.article.paragraphs[:1], "outlet-a")  # merged into the first story
    longer = _copy(second, [*second.article.paragraphs, "另据报道，相关工作正在推进。"], "outlet-b")  # takes over
    stories = [first, second, *rest, shorter, longer]
    before = copy.deepcopy(stories)
    merged = merge_duplicates(stories, opts.build.dedupe_threshold)
    assert stories == before
    assert merged[0].merged == (shorter.article,) and merged[0].sources == (*first.sources, "outlet-a")
    assert merged[1].article is longer.article and merged[1].merged == (second.article,)

    earlier = [Day("2025-07-08", items=(PastItem(id=merged[2].article.id, title=merged[2].article.title),))]
    before = copy.deepcopy(merged)
    arranged = arrange(merged, opts.editorial, earlier)
    assert merged == before
    assert all(s.anchor and s.score for s in [*arranged.stories, *arranged.cut])  # every story arranged anew
    assert [s.top for s in arranged.stories] == [True] + [False] * (len(arranged.stories) - 1)
    assert {s.cut for s in arranged.cut} == {"cap"} and len(arranged.stories) == 3
    assert "repeat" in {s.continuity.status for s in [*arranged.stories, *arranged.cut]}
    # the seed has two reports of one event: with room for three stories the second one is cut, naming its lead
    assert [s.event_lead for s in arranged.cut if s.event_lead] and not any(s.related for s in arranged.stories)

    before = copy.deepcopy(arranged)
    glossed = gloss(arranged.stories, "")
    assert arranged == before
    assert [g.article for g in glossed] == [s.article for s in arranged.stories] and all(g.key_terms for g in glossed)


def test_a_story_cannot_be_changed_after_its_stage():
    opts = Options()
    stage = summarize(read_and_split([str(SEED)], opts, DATE), opts, None)
    arranged = arrange(stage.stories, opts.editorial)
    lead = arranged.top[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        lead.score = 0.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        stage.stories = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        arranged.top[0] = lead  # type: ignore[index]
    with pytest.raises(AttributeError):
        lead.sources.append("elsewhere")  # type: ignore[attr-defined]


def test_a_lead_holds_the_new_versions_of_its_other_reports(numbered):
    from briefing import build_briefing

    opts = Options(translate=TranslateOptions(enabled=True, backend=Numbered.name))
    b = build_briefing([str(SEED)], opts, date=DATE)
    related = [r for lead in b.leads for r in lead.related]
    assert related  # the seed has two reports of one event
    assert all(s.english.ok for s in b.stories) and all(r.english.ok for r in related)
    assert all((s.english.title_en or "").startswith("Sentence of") for s in b.stories)

    arranged = b.map(lambda s: dataclasses.replace(s, tag="mapped"))
    assert all(s.tag == "mapped" for s in [*arranged.stories, *arranged.cut])
    assert [s.article.id for s in arranged.stories] == [s.article.id for s in b.stories]


def _build(*args: str) -> int:
    from click.testing import CliRunner

    from briefing.cli import main

    return CliRunner().invoke(main, ["-q", "build", str(SEED), *args]).exit_code


def test_a_build_reads_each_earlier_day_once(tmp_path, monkeypatch):
    from briefing import history

    out = tmp_path / "out"
    days = ["2025-07-07", "2025-07-08", "2025-07-09", "2025-07-10"]
    for day in days:
        assert _build("--out", str(out), "--date", day, "--base-url", "https://example.org/b/") == 0
    reads: list[str] = []
    real = history.read_day
    monkeypatch.setattr(history, "read_day", lambda path: (reads.append(path.name), real(path))[1])
    # a rebuild of an older day: continuity, the feeds (earlier and later days), day links and the index
    assert _build("--out", str(out), "--date", "2025-07-08", "--base-url", "https://example.org/b/") == 0
    assert sorted(reads) == [f"{d}.json" for d in days if d != "2025-07-08"]
    feed = json.loads((out / "feed.json").read_text("utf-8"))
    assert {i["url"].split("#")[0].rsplit("/", 1)[1] for i in feed["items"]} == {f"{d}.html" for d in days}
    index = (out / "index.html").read_text("utf-8")
    assert all(f'href="{d}.html"' in index for d in days)


def test_days_built_one_after_another_in_one_process_parse_each_earlier_day_once(tmp_path, monkeypatch):
    """read_history reads what a run needs; a process that publishes day after day (a backfill)
    parses each published day once, however many later days read it again."""
    from briefing import history

    parsed: list[str] = []
    real = history.parse_day
    monkeypatch.setattr(history, "parse_day", lambda date, *a, **k: (parsed.append(date), real(date, *a, **k))[1])
    days = ["2025-07-07", "2025-07-08", "2025-07-09", "2025-07-10"]
    for day in days:
        assert _build("--out", str(tmp_path / "out"), "--date", day) == 0
    assert sorted(parsed) == days[:-1]  # each earlier day is read by every later run: 3 + 2 + 1 reads


def test_the_options_given_are_never_changed(tmp_path):
    from briefing import build_briefing
    from briefing.publish import run_build

    opts = Options(out=str(tmp_path / "out"), base_url="https://example.org/b")  # no trailing slash
    before = copy.deepcopy(opts)
    result = run_build([str(SEED)], opts, DATE)
    assert opts == before
    feed = json.loads((tmp_path / "out" / "feed.json").read_text("utf-8"))
    assert feed["feed_url"] == "https://example.org/b/feed.json"  # the base URL was normalised, on a copy
    assert result.briefing.stories
    build_briefing([str(SEED)], opts, date=DATE)
    assert opts == before
