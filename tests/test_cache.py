"""The cache: keys name what produced a value, failures are never cached, a
guard's rejection is, generation errors cost one article, and the cache
commands and pruning."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest
from click.testing import CliRunner

from briefing.backends import BackendContext
from briefing.cache import DAY, Cache, folder_fingerprint, make_key
from briefing.cli import main
from briefing.config import SummarizeOptions, TranslateOptions
from briefing.errors import BackendError
from briefing.records import UNUSABLE, Article, English
from briefing.summarizers import Budget
from briefing.summarizers.base import summarizers
from briefing.summarizers.neural import NeuralSummarizer
from briefing.summarizers.service import summarize_all
from briefing.translators.base import Decode, TranslationBackend
from briefing.translators.glossary import Glossary
from briefing.translators.service import EnglishTranslator
from tests.conftest import SEED

BODY = [
    "全市已建成社区服务站120个，覆盖居民超过50万人。",
    "服务站提供就业指导和法律服务，居民满意度明显提升。",
]
GOOD = "全市已建成社区服务站120个，覆盖居民超过50万人。"


def story(title: str = "某市推进社区服务改革", body: list[str] | None = None) -> Article:
    return Article(title=title, paragraphs=list(body or BODY))


class Scripted(NeuralSummarizer):
    """A fake neural model: ``script`` maps an input text to an output or an exception."""

    name = "scripted"

    def __init__(self, script=None, default: str = GOOD, model: str = "fake") -> None:
        super().__init__(BackendContext(SummarizeOptions(model=model)), batch_size=8)
        self.script = script or {}
        self.default = default
        self.calls: list[list[str]] = []

    def load(self):
        return (lambda text, add_special_tokens=False: {"input_ids": list(text)}), None

    def generate(self, texts, budget, titles):
        self.calls.append(list(texts))
        out = []
        for t in texts:
            result = next((v for k, v in self.script.items() if k in t), self.default)
            if isinstance(result, BaseException):
                raise result
            out.append(result)
        return out


# --- keys ------------------------------------------------------------------------------


def _model_folder(path):
    path.mkdir()
    (path / "config.json").write_text('{"d_model": 32}')
    (path / "model.safetensors").write_bytes(b"\0" * 2_000_000)
    return path


def test_folder_fingerprint_follows_the_files_not_the_path(tmp_path):
    a = _model_folder(tmp_path / "a")
    first = folder_fingerprint(str(a))
    moved = a.rename(tmp_path / "moved")
    assert folder_fingerprint(str(moved)) == first
    (moved / "config.json").write_text('{"d_model": 64}')  # a re-pulled config
    assert folder_fingerprint(str(moved) + "/") != first
    b = _model_folder(tmp_path / "b")
    base = folder_fingerprint(str(b))
    (b / "model.safetensors").write_bytes(b"\1" * 2_000_001)  # re-pulled weights: size and mtime change
    folder_fingerprint.cache_clear()
    assert folder_fingerprint(str(b)) != base


def test_summary_fingerprint_names_code_version_and_model(tmp_path, monkeypatch):
    import briefing.backends as base

    one = _model_folder(tmp_path / "one")
    s = Scripted(model=str(one))
    fp = s.fingerprint
    assert Scripted(model=str(one)).fingerprint == fp
    monkeypatch.setattr(base, "__version__", "9.9.9")
    assert Scripted(model=str(one)).fingerprint != fp
    monkeypatch.undo()
    monkeypatch.setattr(Scripted, "version", 2)
    assert Scripted(model=str(one)).fingerprint != fp
    monkeypatch.undo()
    other = _model_folder(tmp_path / "other")
    (other / "config.json").write_text('{"d_model": 16}')
    assert Scripted(model=str(other)).fingerprint != fp


def test_llm_prompt_and_decoding_are_in_the_key(monkeypatch):
    from briefing.summarizers import neural

    x = BackendContext(SummarizeOptions(model="x"))
    fp = neural.LLMSummarizer(x).fingerprint
    monkeypatch.setattr(neural, "PROMPT", neural.PROMPT + "请用简洁的语言。")
    assert neural.LLMSummarizer(x).fingerprint != fp
    monkeypatch.undo()
    monkeypatch.setattr(neural.LLMSummarizer, "GENERATE", {"do_sample": False, "repetition_penalty": 1.3})
    assert neural.LLMSummarizer(x).fingerprint != fp
    seq = neural.Seq2SeqSummarizer(x).fingerprint
    monkeypatch.setattr(neural.Seq2SeqSummarizer, "GENERATE", {"num_beams": 2})
    assert neural.Seq2SeqSummarizer(x).fingerprint != seq


def test_a_new_package_version_recomputes_cached_summaries(tmp_path, monkeypatch):
    import briefing.backends as base

    with Cache(tmp_path / "c.sqlite3") as cache:
        first = Scripted()
        summarize_all([story()], first, Budget(max_chars=100), cache)
        again = Scripted()
        summarize_all([story()], again, Budget(max_chars=100), cache)
        assert again.calls == []  # same code, same model: served from the cache
        monkeypatch.setattr(base, "__version__", "0.2.0")
        upgraded = Scripted()
        summarize_all([story()], upgraded, Budget(max_chars=100), cache)
        assert len(upgraded.calls) == 1


def test_translation_key_names_model_files_decoding_and_glossary(tmp_path):
    folder = _model_folder(tmp_path / "m")
    s = "国务院印发意见。"
    key = EnglishTranslator(Echo(str(folder)), Glossary()).cache_key(s)
    assert EnglishTranslator(Echo(str(folder)), Glossary()).cache_key(s) == key
    assert EnglishTranslator(Echo(str(folder)), Glossary(), Decode(beam_size=2)).cache_key(s) != key
    assert EnglishTranslator(Echo(str(folder)), Glossary({"国务院": "State Council"})).cache_key(s) != key
    (folder / "config.json").write_text('{"d_model": 48}')
    folder_fingerprint.cache_clear()
    assert EnglishTranslator(Echo(str(folder)), Glossary()).cache_key(s) != key


def _summaries_asked(cache: Cache, art: Article, budget: Budget) -> int:
    """How many articles the extractive backend was asked for (0: all came from the cache)."""
    from briefing.summarizers.extractive import ExtractiveSummarizer

    asked: list[Article] = []

    class Counting(ExtractiveSummarizer):
        def summarize(self, articles, budget):
            asked.extend(articles)
            return super().summarize(articles, budget)

    summarize_all([art], Counting(BackendContext(SummarizeOptions())), budget, cache)
    return len(asked)


def _new_weights(monkeypatch):
    from briefing.summarizers import extractive

    weights = {k: [w * 2 for w in v] for k, v in extractive.scorer().items()}
    monkeypatch.setattr(extractive, "scorer", lambda: weights)


def _new_version(monkeypatch):
    from briefing.summarizers.extractive import ExtractiveSummarizer

    monkeypatch.setattr(ExtractiveSummarizer, "version", ExtractiveSummarizer.version + 1)


def _new_package(monkeypatch):
    import briefing.backends

    monkeypatch.setattr(briefing.backends, "__version__", "99.0.0")


# What decides a summary, each changed in turn: (article, budget, change of code or files)
SUMMARY_INGREDIENTS = {
    "body": (story(body=[*BODY, "新增的一段。"]), Budget(max_chars=100), None),
    "title": (story(title="另一个标题"), Budget(max_chars=100), None),
    "derived title": (Article(title="某市推进社区服务改革", paragraphs=list(BODY), title_derived=True),
                      Budget(max_chars=100), None),
    "subheads": (Article(title="某市推进社区服务改革", paragraphs=list(BODY), subheads=[BODY[1]]),
                 Budget(max_chars=100), None),
    "captions": (Article(title="某市推进社区服务改革", paragraphs=list(BODY), captions=[BODY[0]]),
                 Budget(max_chars=100), None),
    "max_chars": (story(), Budget(max_chars=40), None),
    "sentences": (story(), Budget(sentences=1), None),
    "keywords": (story(), Budget(max_chars=100, keywords=2), None),
    "scorer weights": (story(), Budget(max_chars=100), _new_weights),
    "backend version": (story(), Budget(max_chars=100), _new_version),
    "package version": (story(), Budget(max_chars=100), _new_package),
}


@pytest.mark.parametrize("ingredient", list(SUMMARY_INGREDIENTS))
def test_each_ingredient_of_a_summary_is_in_its_key(tmp_path, monkeypatch, ingredient):
    art, budget, change = SUMMARY_INGREDIENTS[ingredient]
    with Cache(tmp_path / "c.sqlite3") as cache:
        assert _summaries_asked(cache, story(), Budget(max_chars=100)) == 1
        assert _summaries_asked(cache, story(), Budget(max_chars=100)) == 0  # nothing changed: a hit
        if change:
            change(monkeypatch)
        assert _summaries_asked(cache, art, budget) == 1  # one ingredient changed: a miss


def test_a_hit_carries_the_asking_articles_id(tmp_path):
    with Cache(tmp_path / "c.sqlite3") as cache:
        first = Article(title="某市推进社区服务改革", paragraphs=list(BODY), id="first")
        again = Article(title="某市推进社区服务改革", paragraphs=list(BODY), id="again")
        from briefing.summarizers.extractive import ExtractiveSummarizer

        backend = ExtractiveSummarizer(BackendContext(SummarizeOptions()))
        one, _ = summarize_all([first], backend, Budget(max_chars=100), cache)
        two, _ = summarize_all([again], backend, Budget(max_chars=100), cache)
    assert (one[0].article_id, two[0].article_id) == ("first", "again") and one[0].text == two[0].text


def test_a_shorter_budget_on_the_command_line_is_not_served_the_longer_summaries(state_home):
    """#19: ``summarize PAGE --max-chars 150`` then ``--max-chars 40`` returned the cached long ones."""
    run = CliRunner()
    long = run.invoke(main, ["summarize", str(SEED), "--max-chars", "150", "--format", "json"])
    short = run.invoke(main, ["summarize", str(SEED), "--max-chars", "40", "--format", "json"])
    assert (long.exit_code, short.exit_code) == (0, 0), long.output + short.output
    longs = [a["summary"] for a in json.loads(long.stdout)["articles"]]
    shorts = [a["summary"] for a in json.loads(short.stdout)["articles"]]
    assert max(map(len, longs)) > 40 and all(0 < len(s) <= 40 for s in shorts)


# --- failures are not cached; rejections are --------------------------------------------


def test_backend_failure_fallback_is_not_cached(tmp_path):
    with Cache(tmp_path / "c.sqlite3") as cache:
        broken = Scripted({"服务站": RuntimeError("CUDA out of memory")})
        out, errors = summarize_all([story()], broken, Budget(max_chars=100), cache)
        assert out[0].extractive is True and "CUDA out of memory" in out[0].fallback
        assert len(errors) == 1 and "CUDA out of memory" in errors[0]
        healthy = Scripted()
        out, errors = summarize_all([story()], healthy, Budget(max_chars=100), cache)
    assert len(healthy.calls) == 1  # asked again: the fallback was not stored as its answer
    assert out[0].text == GOOD and out[0].extractive is False and errors == []


def test_guard_rejection_is_cached_with_its_reason(tmp_path):
    with Cache(tmp_path / "c.sqlite3") as cache:
        wrong = Scripted(default="全市已建成社区服务站150个。")  # 150: not in the article
        first, _ = summarize_all([story()], wrong, Budget(max_chars=100), cache)
        assert first[0].extractive is True and "150" in first[0].fallback
        again = Scripted(default="全市已建成社区服务站150个。")
        second, errors = summarize_all([story()], again, Budget(max_chars=100), cache)
    assert again.calls == [] and second[0] == first[0] and errors == []


def test_a_generation_error_costs_only_its_article():
    arts = [story("甲市推进改革"), story("乙市推进改革", ["乙市出现故障词，需要处理。", *BODY]), story("丙市推进改革")]
    s = Scripted({"故障词": ValueError("tokenizer: index out of range")})
    out, errors = summarize_all(arts, s, Budget(max_chars=100))
    assert [o.extractive for o in out] == [False, True, False]
    assert out[1].fallback == "backend failed: generation failed (ValueError: tokenizer: index out of range)"
    assert errors == [
        "article: «乙市推进改革»: scripted backend failed: generation failed "
        "(ValueError: tokenizer: index out of range); extractive used"
    ]
    assert len(s.calls[0]) == 3 and [len(c) for c in s.calls[1:]] == [1, 1, 1]  # the batch, then one by one


class FailingSummarizer(Scripted):
    """Registered (for one test) so that ``build --backend failing-test`` finds it."""

    name = "failing-test"

    def __init__(self, context) -> None:
        super().__init__({"高校毕业生": MemoryError()}, model="fake")


def test_build_finishes_with_exit_1_and_lists_the_failure(tmp_path, monkeypatch):
    monkeypatch.setitem(summarizers._classes, FailingSummarizer.name, FailingSummarizer)
    out = tmp_path / "out"
    res = CliRunner().invoke(
        main, ["build", str(SEED), "--out", str(out), "--date", "2025-07-09", "--backend", "failing-test"]
    )
    assert res.exit_code == 1, res.output
    feed = json.loads((out / "2025-07-09.json").read_text("utf-8"))
    failed = [i for i in feed["items"] if (i["_briefing"]["summary_fallback"] or "").startswith("backend failed")]
    assert len(failed) == 1 and "高校毕业生" in failed[0]["content_text"]
    assert feed["_briefing"]["failures"] == [
        f"{SEED}: «{failed[0]['title']}»: failing-test backend failed: generation failed (MemoryError); extractive used"
    ]
    assert "generation failed (MemoryError)" in res.stderr
    assert "generation failed (MemoryError)" in (out / ".briefing" / "reports" / "2025-07-09.txt").read_text("utf-8")
    assert "MemoryError" not in (out / "2025-07-09.html").read_text("utf-8")  # the operator's, not the reader's


# --- translation: failures, rejections ---------------------------------------------------


class Echo(TranslationBackend):
    """English from a table; sentences holding a key of ``fail`` raise, those in ``loops`` loop."""

    name = "echo"

    def __init__(self, model_dir: str = "fake-model", table=None, fail=(), loops=()) -> None:
        super().__init__(BackendContext(TranslateOptions(model=model_dir)))
        self.table = table or {}
        self.fail = set(fail)
        self.loops = set(loops)
        self.calls: list[list[str]] = []
        self.decodes: list[Decode] = []

    def translate_batch(self, sentences, decode):
        self.calls.append(list(sentences))
        self.decodes.append(decode)
        if any(f in s for s in sentences for f in self.fail):
            raise BackendError("echo: translation failed (RuntimeError: CUDA error)")
        return ["the the the the the the the the the" if s in self.loops else self.table[s] for s in sentences]


TABLE = {"国务院印发意见。": "The State Council issued opinions.", "教育部推出课程。": "The ministry launched courses."}


def _translations_asked(cache: Cache, sentence: str = "国务院印发意见。", glossary=None, decode=None, retry=True,
                        model: str = "fake-model") -> int:
    """How many sentences the backend was asked for (0: all came from the cache)."""
    backend = Echo(model, table={"国务院印发意见。": "The State Council issued opinions.", "教育部推出课程。": "Courses."})
    EnglishTranslator(backend, glossary or Glossary(), decode or Decode(), cache=cache, retry=retry).translate(sentence)
    return sum(map(len, backend.calls))


# What decides a sentence's English, each changed in turn (keyword arguments of _translations_asked, or a change)
TRANSLATION_INGREDIENTS = {
    "sentence": ({"sentence": "教育部推出课程。"}, None),
    "glossary": ({"glossary": Glossary({"教育部": "Ministry of Education"})}, None),  # a term of other sentences
    "decoding": ({"decode": Decode(beam_size=2)}, None),
    "retry": ({"retry": False}, None),
    "model": ({"model": "another-model"}, None),
    "backend version": ({}, lambda mp: mp.setattr(Echo, "version", Echo.version + 1)),
    "package version": ({}, _new_package),
}


@pytest.mark.parametrize("ingredient", list(TRANSLATION_INGREDIENTS))
def test_each_ingredient_of_a_translation_is_in_its_key(tmp_path, monkeypatch, ingredient):
    changed, change = TRANSLATION_INGREDIENTS[ingredient]
    with Cache(tmp_path / "c.sqlite3") as cache:
        assert _translations_asked(cache) == 1
        assert _translations_asked(cache) == 0  # nothing changed: a hit
        if change:
            change(monkeypatch)
        assert _translations_asked(cache, **changed) == 1  # one ingredient changed: a miss


def test_translator_failure_costs_one_sentence_and_is_not_cached(tmp_path):
    with Cache(tmp_path / "c.sqlite3") as cache:
        sick = Echo(table=TABLE, fail={"教育部"})
        res = EnglishTranslator(sick, Glossary(), cache=cache).translate("国务院印发意见。教育部推出课程。")
        assert res.text == "The State Council issued opinions."
        assert res.untranslated == ["教育部推出课程。"]
        assert res.failures == ["echo: translation failed (RuntimeError: CUDA error)"]
        assert sick.calls == [["国务院印发意见。", "教育部推出课程。"], ["国务院印发意见。"], ["教育部推出课程。"]]
        healthy = Echo(table=TABLE)
        res = EnglishTranslator(healthy, Glossary(), cache=cache).translate("国务院印发意见。教育部推出课程。")
    assert healthy.calls == [["教育部推出课程。"]]  # only the failed sentence is asked again
    assert res.text == "The State Council issued opinions. The ministry launched courses." and res.cached == 1


def test_rejection_of_a_working_translator_is_cached(tmp_path):
    with Cache(tmp_path / "c.sqlite3") as cache:
        first = Echo(table=TABLE, loops={"教育部推出课程。"})
        res = EnglishTranslator(first, Glossary(), cache=cache).translate("教育部推出课程。")
        assert res.text is None and res.untranslated == ["教育部推出课程。"] and res.failures == []
        assert len(first.calls) == 2  # the stricter retry looped too
        again = Echo(table=TABLE, loops={"教育部推出课程。"})
        res = EnglishTranslator(again, Glossary(), cache=cache).translate("教育部推出课程。")
        translator = EnglishTranslator(again, Glossary(), cache=cache)
        assert cache.get("translation", translator.cache_key("教育部推出课程。")) == {"rejected": UNUSABLE}
    assert again.calls == [] and res.untranslated == ["教育部推出课程。"] and res.cached == 1


class Stricter(Echo):
    """Loops under the normal decoding, gives the table's English under the stricter one."""

    def translate_batch(self, sentences, decode):
        out = super().translate_batch(sentences, decode)
        return ["the the the the the the the the the" if decode.repetition_penalty == 1.0 else o for o in out]


def test_a_loop_the_stricter_retry_fixes_is_kept():
    res = EnglishTranslator(Stricter(table=TABLE), Glossary()).translate("教育部推出课程。")
    assert res.text == "The ministry launched courses." and res.untranslated == []


def test_without_retry_the_output_is_taken_as_is():
    looping = Echo(table=TABLE, loops={"教育部推出课程。"})
    res = EnglishTranslator(looping, Glossary(), retry=False).translate("教育部推出课程。")
    assert res.text == "the the the the the the the the the" and len(looping.calls) == 1


def test_decoding_and_model_are_part_of_the_translation_key(tmp_path):
    with Cache(tmp_path / "c.sqlite3") as cache:
        EnglishTranslator(Echo(table=TABLE), Glossary(), Decode(beam_size=4), cache=cache).translate("教育部推出课程。")
        beam2 = Echo(table=TABLE)
        EnglishTranslator(beam2, Glossary(), Decode(beam_size=2), cache=cache).translate("教育部推出课程。")
        other = Echo("other-model", table=TABLE)
        EnglishTranslator(other, Glossary(), Decode(beam_size=4), cache=cache).translate("教育部推出课程。")
    assert beam2.calls == [["教育部推出课程。"]] and other.calls == [["教育部推出课程。"]]


def test_mixed_texts_keep_every_sentence_in_place(tmp_path):
    sick = Echo(table=TABLE, fail={"教育部"})
    tr = EnglishTranslator(sick, Glossary(), Decode(beam_size=3))
    (res,) = tr.translate_all(["教育部推出课程。Hello there! 国务院印发意见。"])
    assert res.source == "教育部推出课程。Hello there! 国务院印发意见。" and res.model == "echo:fake-model"
    assert res.text == "Hello there! The State Council issued opinions."
    assert res.untranslated == ["教育部推出课程。"] and res.failures == [
        "echo: translation failed (RuntimeError: CUDA error)"
    ]
    assert {d.beam_size for d in sick.decodes} == {3}  # the retries one by one decode as configured
    assert tr.translate("").text == "" and tr.translate("").untranslated == []


def test_long_sentences_are_cut_for_the_model_and_cached_counts_add_up(tmp_path):
    clause = "国务院办公厅印发关于健全重点事项常态化推进机制的意见"
    long = "，".join(f"{n}{clause}" for n in "一二三四五六七八九十甲乙") + "。"
    table = {}

    class Any(Echo):
        def translate_batch(self, sentences, decode):
            self.calls.append(list(sentences))
            return [f"Part {len(s)} of it." for s in sentences]

    with Cache(tmp_path / "c.sqlite3") as cache:
        first = Any(table=table)
        res = EnglishTranslator(first, Glossary(), cache=cache).translate(long)
        sent = [s for call in first.calls for s in call]
        assert len(sent) >= 2 and max(len(s) for s in sent) <= 160
        assert "".join(sorted(sent, key=long.index)) == long  # cut up (and sorted by length), nothing lost
        again = EnglishTranslator(Any(table=table), Glossary(), cache=cache).translate(long)
    assert again.cached == len(sent) and again.text == res.text


def test_lost_glossary_terms_are_all_added():
    g = Glossary({"国务院": "State Council", "教育部": "Ministry of Education"})
    echo = Echo(table={"ZX0Q 和 ZX1Q 开会。": "Two bodies met."})
    res = EnglishTranslator(echo, g).translate("国务院和教育部开会。")
    assert res.text == "Two bodies met. [State Council; Ministry of Education]"


def test_unusable_outputs():
    from briefing.translators.guard import MT_CHINESE, english_problem

    def unusable(text: str) -> bool:
        return english_problem(text, MT_CHINESE) is not None

    assert unusable("") and unusable("   ")
    assert unusable("国务院印发意见") and not unusable("The State Council (国务院) met on Monday in Beijing.")
    assert unusable("data data data") and not unusable("data, data and more data")
    assert not unusable("The State Council met.")


@pytest.mark.parametrize(
    ("english", "share", "shown"),
    [
        ("Met 张三李四王五 in Beijing ok", 6 / 20, True),  # a term copied through: still an English sentence
        ("Met 张三李四王五赵 in Beijing okay", 7 / 23, False),  # mostly an echo of the source
    ],
)
def test_how_much_chinese_an_mt_output_may_keep(english, share, shown):
    from briefing.textnorm import cjk_ratio

    assert cjk_ratio(english) == pytest.approx(share)
    res = EnglishTranslator(Echo(table={"张三李四王五在北京开会。": english}), Glossary()).translate(
        "张三李四王五在北京开会。"
    )
    assert res.text == (english if shown else None)
    assert res.untranslated == ([] if shown else ["张三李四王五在北京开会。"])


def test_story_flags_say_why_a_sentence_is_untranslated():
    sick = EnglishTranslator(Echo(table=TABLE, fail={"教育部"}), Glossary())
    title, body = sick.translate_all(["国务院印发意见。", "教育部推出课程。"])
    failed = English(title, body)
    assert failed.title_en == "The State Council issued opinions." and failed.summary_en is None
    assert failed.flags == ["1 sentence(s) left untranslated (echo: translation failed (RuntimeError: CUDA error))"]
    looping = EnglishTranslator(Echo(table=TABLE, loops={"教育部推出课程。"}), Glossary())
    rejected = English(*looping.translate_all(["国务院印发意见。", "教育部推出课程。"]))
    assert rejected.flags == [f"1 sentence(s) left untranslated ({UNUSABLE})"]
    assert rejected.summary.failures == []


# --- stats, clear, pruning ------------------------------------------------------------------


def _age(path, kind: str, days: float) -> None:
    db = sqlite3.connect(path)
    db.execute("UPDATE entries SET used = ? WHERE kind = ?", (time.time() - days * DAY, kind))
    db.commit()
    db.close()


def test_cache_stats_and_clear(state_home):
    with Cache() as cache:
        cache.put("summary", "a", {"text": "一"}, "extractive")
        cache.put("summary", "b", {"text": "二"}, "extractive")
        cache.put("translation", "c", {"text": "one"}, "ct2:/models/opus")
    res = CliRunner().invoke(main, ["cache", "stats", "--format", "json"])
    assert res.exit_code == 0
    rows = [(r["kind"], r["producer"], r["entries"]) for r in json.loads(res.stdout)["rows"]]
    assert rows == [("summary", "extractive", 2), ("translation", "ct2:/models/opus", 1)]
    text = CliRunner().invoke(main, ["cache", "stats"]).stdout
    assert "3 entries" in text and "ct2:/models/opus" in text
    _age(state_home / "cache.sqlite3", "summary", 40)
    res = CliRunner().invoke(main, ["cache", "clear", "--older-than", "30"])
    assert res.exit_code == 0 and res.stdout == "2 cache entries removed\n"
    res = CliRunner().invoke(main, ["cache", "clear"])
    assert res.exit_code == 0 and res.stdout == "1 cache entries removed\n"
    assert json.loads(CliRunner().invoke(main, ["cache", "stats", "--format", "json"]).stdout)["rows"] == []
    assert CliRunner().invoke(main, ["cache", "clear", "--older-than", "-1"]).exit_code == 2


def test_a_hit_refreshes_last_use(tmp_path):
    path = tmp_path / "c.sqlite3"
    with Cache(path) as cache:
        cache.put("summary", "k", {"text": "一"})
    _age(path, "summary", 40)
    with Cache(path) as cache:
        assert cache.get("summary", "k") == {"text": "一"}
    with Cache(path) as cache:
        assert cache.prune(30) == 0 and cache.get("summary", "k") == {"text": "一"}


def test_build_prunes_entries_unused_for_the_configured_days(tmp_path, state_home):
    with Cache() as cache:
        cache.put("translation", "old", {"text": "stale"}, "marian:/gone")
    _age(state_home / "cache.sqlite3", "translation", 10)
    args = ["build", str(SEED), "--out", str(tmp_path / "out"), "--date", "2025-07-09"]
    res = CliRunner(env={"BRIEFING_BUILD_CACHE_DAYS": "20"}).invoke(main, args)
    assert res.exit_code == 0
    with Cache() as cache:
        assert cache.get("translation", "old") == {"text": "stale"}  # 10 days < 20: kept
    _age(state_home / "cache.sqlite3", "translation", 10)
    res = CliRunner(env={"BRIEFING_BUILD_CACHE_DAYS": "7"}).invoke(main, args)
    assert res.exit_code == 0 and "1 entries unused for 7 days pruned" in res.stderr
    with Cache() as cache:
        assert cache.get("translation", "old") is None
        assert [r.kind for r in cache.stats()] == ["summary"]  # this build's own entries stay


def test_legacy_cache_table_is_dropped(tmp_path):
    path = tmp_path / "c.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE kv (kind TEXT, key TEXT, value TEXT, PRIMARY KEY (kind, key))")
    db.execute("INSERT INTO kv VALUES ('summary', 'k', '\"old\"')")
    db.commit()
    db.close()
    with Cache(path) as cache:
        assert cache.stats() == []
    tables = sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    assert tables == [("entries",)]


@pytest.mark.parametrize("days", ["-1", "nan"])
def test_bad_cache_days_is_a_config_error(tmp_path, days):
    res = CliRunner(env={"BRIEFING_BUILD_CACHE_DAYS": days}).invoke(
        main, ["build", str(SEED), "--out", str(tmp_path / "o"), "--date", "2025-07-09"]
    )
    assert res.exit_code == 2 and "build.cache_days" in res.stderr


# --- the store itself -----------------------------------------------------------------------


def test_keys_are_stable_across_runs_and_blind_to_dict_order():
    # a key computed by another process, another day: the cache file outlives the run
    key = make_key("摘要", {"b": 1, "a": [2, "国务院"]}, 3.5)
    assert key == "6ee8759349b431d53566cde5e7e8568f028cdd5543ac5164aed46cd02cd7aeb5"
    assert make_key("摘要", {"a": [2, "国务院"], "b": 1}, 3.5) == key
    assert make_key("摘要", {"a": [2, "国务院"], "b": 1}, 3.6) != key


def test_hits_and_misses_are_counted_per_stage(tmp_path):
    with Cache(tmp_path / "deep" / "er" / "c.sqlite3") as cache:  # missing folders are made
        cache.put("summary", "k", {"text": "一"})
        assert cache.get("summary", "k") == {"text": "一"}
        assert cache.get("summary", "k") == {"text": "一"}
        assert cache.get("summary", "other") is None
        assert cache.get("translation", "k") is None
        assert cache.hits == {"summary": 2}
        assert cache.misses == {"summary": 1, "translation": 1}


def test_stats_count_stored_utf8_bytes_and_default_producer(tmp_path):
    with Cache(tmp_path / "c.sqlite3") as cache:
        cache.put("summary", "k", {"text": "一"})
        cache.put("summary", "j", {"text": "二"})
        (row,) = cache.stats()
    # '{"text": "一"}' is 15 bytes in UTF-8 (an escaped \\u4e00 would be 20), plus a 1-character key; twice
    assert (row.kind, row.producer, row.entries, row.bytes) == ("summary", "", 2, 32)
    assert time.time() - 5 < row.last_used <= time.time()
