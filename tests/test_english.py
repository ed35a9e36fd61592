"""English end to end through a fake translator that returns known English.

Whatever the pipeline does between the backend and the page, the English the
backend gave must arrive exactly, in every format; a number the backend got
wrong must be flagged; a sentence the backend failed on must be marked
untranslated with the reason, and the run must say so in its exit code.
"""

from __future__ import annotations

import json
from html import escape

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.errors import BackendError
from briefing.render import md_escape
from briefing.translators.base import TranslationBackend, translators

DATE = "2025-07-09"
KNOWN = {
    "某市新建社区服务站": "City builds community service stations",
    "全市已建成社区服务站120个，覆盖居民超过50万人。": (
        "The city has built 120 community service stations, covering more than 500,000 residents."
    ),
    "某县医院扩建完工": "County hospital expansion completed",
    "全县共有医院35家，床位增加到2000张。": "The county has 53 hospitals, and beds rose to 2000.",  # 35 -> 53
    "某区开通夜间公交线路": "District opens night bus routes",
    "新开通的夜间公交线路将于下月试运行，沿途设站故障排查点。": "never returned: the backend fails on this one",
}
FAILURE = "known-english: translation failed (RuntimeError: CUDA error: device-side assert triggered)"
ARTICLES = [
    {"id": "a", "title": "某市新建社区服务站", "text": "全市已建成社区服务站120个，覆盖居民超过50万人。"},
    {"id": "b", "title": "某县医院扩建完工", "text": "全县共有医院35家，床位增加到2000张。"},
    {"id": "c", "title": "某区开通夜间公交线路", "text": "新开通的夜间公交线路将于下月试运行，沿途设站故障排查点。"},
]


class KnownEnglish(TranslationBackend):
    """Returns the English of ``KNOWN``; fails (as a CUDA error would) on sentences with 故障."""

    name = "known-english"

    def translate_batch(self, sentences, decode):
        if any("故障" in s for s in sentences):
            raise BackendError(FAILURE)
        return [KNOWN[s] for s in sentences]


@pytest.fixture(autouse=True)
def known_english(monkeypatch):
    """The fake is findable by name for this module's tests only (the registry is global)."""
    monkeypatch.setitem(translators._classes, KnownEnglish.name, KnownEnglish)


@pytest.fixture
def built(tmp_path):
    src = tmp_path / "news.jsonl"
    src.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES) + "\n", "utf-8")
    out = tmp_path / "out"
    res = CliRunner(env={"BRIEFING_TRANSLATE_BACKEND": "known-english"}).invoke(
        main, ["build", str(src), "--out", str(out), "--date", DATE, "--translate"]
    )
    return res, out


def _items(out) -> dict[str, dict]:
    return {i["id"]: i for i in json.loads((out / f"{DATE}.json").read_text("utf-8"))["items"]}


def test_known_english_arrives_exactly_in_json(built):
    res, out = built
    assert res.exit_code == 1, res.output  # one sentence failed: the run says so
    items = _items(out)
    assert [items[k]["summary"] for k in "abc"] == [a["text"] for a in ARTICLES]  # one-sentence bodies
    a, b, c = (items[k]["_briefing"] for k in "abc")
    assert (a["title_en"], a["summary_en"]) == (KNOWN["某市新建社区服务站"], KNOWN[ARTICLES[0]["text"]])
    assert a["flags"] == []
    assert (b["title_en"], b["summary_en"]) == (KNOWN["某县医院扩建完工"], KNOWN[ARTICLES[1]["text"]])
    assert b["flags"] == ["number mismatch in translation: 35"]
    assert (c["title_en"], c["summary_en"]) == (KNOWN["某区开通夜间公交线路"], None)
    assert c["flags"] == [f"1 sentence(s) left untranslated ({FAILURE})"]


def test_the_failure_is_listed_on_stderr_in_the_json_and_the_report_never_on_the_page(built):
    res, out = built
    line = f"«某区开通夜间公交线路»: {FAILURE}"
    assert res.exit_code == 1
    assert line in res.stderr
    feed = json.loads((out / f"{DATE}.json").read_text("utf-8"))
    assert [f for f in feed["_briefing"]["failures"] if line in f] and len(feed["_briefing"]["failures"]) == 1
    assert line in (out / ".briefing" / "reports" / f"{DATE}.txt").read_text("utf-8")
    for name in (f"{DATE}.html", f"{DATE}.md", f"{DATE}.email.html", f"{DATE}.email.txt"):
        assert "CUDA" not in (out / name).read_text("utf-8"), name


def test_known_english_arrives_exactly_in_markdown(built):
    res, out = built
    assert res.exit_code == 1
    md = (out / f"{DATE}.md").read_text("utf-8")
    for title in ("某市新建社区服务站", "某县医院扩建完工", "某区开通夜间公交线路"):
        assert f"\n*{KNOWN[title]}*\n" in md
    assert f"\n{KNOWN[ARTICLES[0]['text']]}\n" in md
    assert f"\n{KNOWN[ARTICLES[1]['text']]}\n" in md
    # readers are told what to check, in plain words; the reasons are in the JSON (above) and the report
    assert md.count("> ⚠ 请对照中文核对 Check the English against the Chinese (numbers)\n") == 1
    assert md.count(f"> ⚠ {md_escape('请对照中文核对 Check the English against the Chinese (a sentence not translated)')}\n") == 1
    assert "CUDA" not in md
    assert KNOWN[ARTICLES[2]["text"]] not in md


def test_known_english_arrives_exactly_in_html(built):
    res, out = built
    assert res.exit_code == 1
    html = (out / f"{DATE}.html").read_text("utf-8")
    for title in ("某市新建社区服务站", "某县医院扩建完工", "某区开通夜间公交线路"):
        assert f'<p class="en en-title" lang="en">{escape(KNOWN[title])}</p>' in html
    for body in (ARTICLES[0]["text"], ARTICLES[1]["text"]):
        assert f'<p class="en" lang="en">{escape(KNOWN[body])}</p>' in html
    assert html.count('<p class="en" lang="en">') == 2  # none for the failed summary
    check = '<p class="flag" lang="en">⚠ 请对照中文核对 Check the English against the Chinese ({})</p>'
    assert html.count(check.format("numbers")) == html.count(check.format("a sentence not translated")) == 1
    assert html.count('<p class="flag"') == 2 and "CUDA" not in html


def test_summarize_and_translate_commands_carry_the_same_english(tmp_path):
    src = tmp_path / "news.jsonl"
    src.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES[:2]) + "\n", "utf-8")
    env = {"BRIEFING_TRANSLATE_BACKEND": "known-english"}
    res = CliRunner(env=env).invoke(main, ["summarize", "--translate", "--format", "json", str(src)])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)["articles"]
    assert [(r["title_en"], r["summary_en"]) for r in rows] == [
        (KNOWN[a["title"]], KNOWN[a["text"]]) for a in ARTICLES[:2]
    ]
    res = CliRunner().invoke(main, ["translate", "--translator-backend", "known-english", ARTICLES[1]["text"]])
    assert res.exit_code == 0
    assert res.stdout == KNOWN[ARTICLES[1]["text"]] + "\n"
    assert "number mismatch: 35" in res.stderr
    res = CliRunner().invoke(main, ["translate", "--translator-backend", "known-english", ARTICLES[2]["text"]])
    assert res.exit_code == 1 and res.stdout == "[untranslated]\n"
    assert f"briefing: warning: translator failed: {FAILURE}\n" in res.stderr


def test_eval_translate_scores_the_backends_english_with_sacrebleu(tmp_path):
    src, ref = tmp_path / "src.zh", tmp_path / "ref.en"
    src.write_text(f"{ARTICLES[0]['text']}\n{ARTICLES[1]['text']}\n", "utf-8")
    ref.write_text(
        "The city has built 120 community service centres, serving more than 500,000 residents.\n"
        "The county has 35 hospitals, and the number of beds rose to 2,000.\n",
        "utf-8",
    )
    res = CliRunner().invoke(main, ["eval", "translate", str(src), str(ref), "--translator-backend", "known-english"])
    assert res.exit_code == 0, res.output
    # sacreBLEU's numbers for KNOWN's English against these references (13a tokenization, exp smoothing)
    assert "BLEU             46.75  (nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:" in res.stdout
    assert "chrF             73.72  (nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:" in res.stdout
    assert "number mismatch  1 lines\n" in res.stdout


def test_a_rebuild_reports_the_cache_and_writes_the_same_files(built, tmp_path):
    res, out = built
    assert res.exit_code == 1
    names = (f"{DATE}.md", f"{DATE}.html", f"{DATE}.email.html", f"{DATE}.email.txt", f"{DATE}.json", "index.html")
    written = ", ".join(str(out / n) for n in names)
    assert f"3 stories -> {written}" in res.stderr
    assert "summaries: 0 from the cache, 3 computed" in res.stderr
    assert "translations: 0 from the cache, 6 computed" in res.stderr
    first = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    again = CliRunner(env={"BRIEFING_TRANSLATE_BACKEND": "known-english"}).invoke(
        main, ["build", str(tmp_path / "news.jsonl"), "--out", str(out), "--date", DATE, "--translate"]
    )
    assert again.exit_code == 1  # the failed sentence was not cached: it fails again, and says so
    assert "summaries: 3 from the cache, 0 computed" in again.stderr
    assert "translations: 5 from the cache, 1 computed" in again.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == first
    feed = (out / f"{DATE}.json").read_text("utf-8")
    assert feed.startswith('{\n  "version": ') and '"title": "某市新建社区服务站"' in feed  # indented, UTF-8
    index = (out / "index.html").read_text("utf-8")
    assert f'href="{DATE}.md"' in index and f'href="{DATE}.json"' in index
    assert "每日要闻 Daily Briefing" in index


def test_the_feed_names_the_translation_model(built):
    res, out = built
    assert res.exit_code == 1
    assert {i["_briefing"]["translation_model"] for i in _items(out).values()} == {"known-english:opus-mt-zh-en"}
