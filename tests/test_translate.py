"""Translation: the service logic on a fake backend, the real marian and ct2
backends on a tiny Marian model built here, glossary, numbers, key terms,
model management and the CLI."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from briefing.backends import BackendContext
from briefing.cache import Cache
from briefing.catalog import resolve_translator_dir
from briefing.checks import number_mismatches
from briefing.cli import main
from briefing.config import TranslateOptions
from briefing.errors import BackendError, ConfigError, ModelNotFound
from briefing.records import UNUSABLE
from briefing.translators.base import Decode, TranslationBackend
from briefing.translators.glossary import Glossary, load_glossary
from briefing.translators.keyterms import key_terms
from briefing.translators.service import EnglishTranslator


def at(model: str) -> BackendContext[TranslateOptions]:
    """The context of a translator on ``model`` (a folder here), every other setting as packaged."""
    return BackendContext(TranslateOptions(model=model))


class FakeBackend(TranslationBackend):
    """Deterministic 'translations': a table, else a tagged echo that keeps Latin tokens."""

    name = "fake"

    def __init__(self, table: dict[str, str] | None = None, loops: set[str] | None = None) -> None:
        super().__init__(at("fake-model"))
        self.table = table or {}
        self.loops = loops or set()
        self.batches: list[list[str]] = []
        self.decodes: list[Decode] = []

    def translate_batch(self, sentences, decode):
        self.batches.append(list(sentences))
        self.decodes.append(decode)
        out = []
        for s in sentences:
            if s in self.loops:
                out.append("the the the the the the the the the the the the")
            elif s in self.table:
                out.append(self.table[s])
            else:
                latin = " ".join(t for t in s.split() if t.isascii())
                out.append(f"EN({len(s)}) {latin}".strip())
        return out


def test_sentences_sorted_batched_and_reassembled_in_order():
    fake = FakeBackend({"短句。": "Short.", "这是一个比较长的句子。": "This is a longer sentence."})
    tr = EnglishTranslator(fake, Glossary(), batch_size=1)
    res = tr.translate("这是一个比较长的句子。短句。")
    assert res.text == "This is a longer sentence. Short."
    assert fake.batches == [["短句。"], ["这是一个比较长的句子。"]]  # shortest first


def test_english_passes_through_untouched():
    fake = FakeBackend()
    res = EnglishTranslator(fake, Glossary()).translate("Hello world, 2025.")
    assert res.text == "Hello world, 2025." and fake.batches == []


def test_loop_is_retried_stricter_then_marked_untranslated():
    fake = FakeBackend({"好句子。": "A good sentence."}, loops={"坏句子。"})
    res = EnglishTranslator(fake, Glossary()).translate("好句子。坏句子。")
    assert res.untranslated == ["坏句子。"]
    assert res.text == "A good sentence."
    assert fake.decodes[-1].no_repeat_ngram_size == 3 and fake.decodes[-1].repetition_penalty > 1


def test_cache_means_a_second_run_translates_nothing(tmp_path):
    with Cache(tmp_path / "c.sqlite3") as cache:
        fake = FakeBackend({"国务院印发意见。": "The State Council issued opinions."})
        first = EnglishTranslator(fake, Glossary(), cache=cache).translate("国务院印发意见。")
        fake2 = FakeBackend()
        second = EnglishTranslator(fake2, Glossary(), cache=cache).translate("国务院印发意见。")
    assert second.text == first.text and second.cached == 1 and fake2.batches == []


def test_glossary_masked_and_restored():
    fake = FakeBackend({"ZX0Q 印发意见，推进 ZX1Q 。": "The ZX0Q issued an opinion to advance ZX1Q ."})
    tr = EnglishTranslator(fake, load_glossary())
    res = tr.translate("国务院办公厅印发意见，推进高效办成一件事。")
    assert (
        res.text
        == "The General Office of the State Council issued an opinion to advance Efficiently Accomplishing One Thing ."
    )
    assert res.glossary_missing == []


def test_glossary_lost_placeholder_is_post_edited_and_checked():
    fake = FakeBackend({"ZX0Q 印发意见。": "An office issued an opinion."})
    res = EnglishTranslator(fake, load_glossary()).translate("国务院办公厅印发意见。")
    assert res.text == "An office issued an opinion. [General Office of the State Council]"


def test_glossary_files(tmp_path):
    toml = tmp_path / "g.toml"
    toml.write_text('[terms]\n"双千计划" = "Double Thousand Plan"\n"国务院" = "the State Council"\n', "utf-8")
    g = load_glossary(str(toml))
    assert g.terms["双千计划"] == "Double Thousand Plan" and g.terms["国务院"] == "the State Council"
    assert "General Office of the State Council" in g.terms.values()
    csv = tmp_path / "g.csv"
    csv.write_text("zh,en\n暖心驿站,Warm Station\n", "utf-8")
    assert load_glossary(str(csv)).terms["暖心驿站"] == "Warm Station"
    bad = tmp_path / "bad.csv"
    bad.write_text("only-one-column\n", "utf-8")
    with pytest.raises(ConfigError, match="two columns"):
        load_glossary(str(bad))
    with pytest.raises(ConfigError, match="not found"):
        load_glossary(str(tmp_path / "none.toml"))


@pytest.mark.parametrize(
    ("zh", "en", "missing"),
    [
        ("2025届高校毕业生", "2025 college graduates", []),
        ("1100余门课程", "more than 1,100 courses", []),
        ("优良率达到40%以上", "a rate above 40 percent", []),
        ("优良率达到40%以上", "a rate above 45%", ["40%"]),
        ("16.98亿户", "1.698 billion users", []),
        ("50余万人", "more than 500,000 people", []),
        ("7月8日发布", "released on July 8", []),
        ("7月8日发布", "released on 8 July", []),
        ("7月8日发布", "released on July 9", ["7月8日"]),
        ("1100余门课程", "more than 110 courses", ["1100余"]),
    ],
)
def test_number_checks(zh, en, missing):
    assert number_mismatches(zh, en) == missing


def test_key_terms_are_labelled_glosses(seed_text):
    from briefing import split

    arts = split(seed_text).articles
    terms = key_terms(arts[0], load_glossary())
    assert terms[0].source == "glossary" and terms[0].gloss == "General Office of the State Council"
    assert any(t.source == "CC-CEDICT" for t in key_terms(arts[4], load_glossary()))
    assert all(t.gloss for t in terms)


def test_no_model_fails_early_with_the_command_that_gets_it():
    with pytest.raises(ModelNotFound, match="briefing models pull opus-mt-zh-en"):
        resolve_translator_dir("opus-mt-zh-en")
    res = CliRunner().invoke(main, ["translate", "国务院印发意见。"])
    assert res.exit_code == 2 and "briefing models pull opus-mt-zh-en" in res.stderr
    assert "Traceback" not in res.output


# --- the real backends on a tiny Marian model -------------------------------------


@pytest.fixture(scope="module")
def tiny_marian(tmp_path_factory):
    pytest.importorskip("transformers")
    from tests.tiny_models import build_marian

    return build_marian(tmp_path_factory.mktemp("marian") / "model")


@pytest.fixture(scope="module")
def tiny_ct2(tiny_marian, tmp_path_factory):
    pytest.importorskip("ctranslate2")
    out = tmp_path_factory.mktemp("ct2") / "model-ct2"
    res = CliRunner().invoke(main, ["models", "convert", str(tiny_marian), "--out", str(out)])
    assert res.exit_code == 0, res.output
    return out


def test_marian_and_ct2_translate_through_the_service(tiny_marian, tiny_ct2):
    from briefing.translators.ct2 import CT2Backend
    from briefing.translators.marian import MarianBackend

    text = "国务院办公厅印发意见。2025年有1100余门课程。"
    for backend in (MarianBackend(at(str(tiny_marian))), CT2Backend(at(str(tiny_ct2)))):
        tr = EnglishTranslator(backend, load_glossary(), Decode(beam_size=2, max_new_tokens=12), batch_size=2)
        outs = backend.translate_batch(["国务院办公厅印发意见。", "课程。"], Decode(beam_size=2, max_new_tokens=8))
        assert len(outs) == 2 and all(o.strip() for o in outs)
        res = tr.translate(text)
        # the random model emits source-side pieces: nothing may pass as English, every sentence is listed
        assert res.text is None and res.untranslated == ["国务院办公厅印发意见。", "2025年有1100余门课程。"]
        assert res.number_mismatch == [] and res.glossary_missing == [] and res.failures == []
    assert json.loads((tiny_ct2 / "config.json").read_text())  # a CTranslate2 folder
    assert (tiny_ct2 / "source.spm").is_file() and (tiny_ct2 / "model.bin").is_file()


SENTENCES = [
    "国务院办公厅印发意见。",
    "教育部推出1100余门课程。",
    "课程。",
    "全市已建成社区服务站120个，覆盖居民超过50万人。",
]


@pytest.fixture(scope="module")
def sharp_marian(tmp_path_factory):
    """A tiny Marian whose random weights are large enough that its output depends on the input,
    without the forced end token (which CTranslate2 does not apply), so both paths can be compared."""
    pytest.importorskip("transformers")
    from tests.tiny_models import build_marian

    return build_marian(
        tmp_path_factory.mktemp("sharp") / "model", config={"init_std": 1.0, "forced_eos_token_id": None}
    )


def _convert(model, out, quantization: str = "float32"):
    pytest.importorskip("ctranslate2")
    from briefing.translators.ct2 import convert

    return convert(model, out, quantization)


@pytest.mark.parametrize("beam", [1, 4])
def test_marian_and_ct2_float32_give_the_same_output(sharp_marian, tmp_path, beam):
    from briefing.translators.ct2 import CT2Backend
    from briefing.translators.marian import MarianBackend

    ct2 = CT2Backend(at(str(_convert(sharp_marian, tmp_path / "ct2"))), compute_type="float32")
    decode = Decode(beam_size=beam, max_new_tokens=10)
    marian_out = MarianBackend(at(str(sharp_marian))).translate_batch(SENTENCES, decode)
    assert ct2.translate_batch(SENTENCES, decode) == marian_out
    assert len(set(marian_out)) == len(SENTENCES)  # the output depends on the input: the relation says something


def test_save_and_load_give_the_same_output(sharp_marian, tmp_path):
    from transformers import MarianMTModel, MarianTokenizer

    from briefing.translators.ct2 import CT2Backend
    from briefing.translators.marian import MarianBackend

    again = tmp_path / "saved"
    MarianMTModel.from_pretrained(sharp_marian).save_pretrained(again)
    MarianTokenizer.from_pretrained(sharp_marian).save_pretrained(again)
    decode = Decode(beam_size=2, max_new_tokens=10)
    first = MarianBackend(at(str(sharp_marian))).translate_batch(SENTENCES, decode)
    assert MarianBackend(at(str(again))).translate_batch(SENTENCES, decode) == first
    one = CT2Backend(at(str(_convert(sharp_marian, tmp_path / "a"))), compute_type="float32")
    two = CT2Backend(at(str(_convert(again, tmp_path / "b"))), compute_type="float32")
    assert one.translate_batch(SENTENCES, decode) == two.translate_batch(SENTENCES, decode) == first


def test_fixed_seed_gives_the_golden_output(sharp_marian):
    from briefing.translators.marian import MarianBackend

    out = MarianBackend(at(str(sharp_marian))).translate_batch(SENTENCES[:2], Decode(beam_size=1, max_new_tokens=10))
    assert out == ["达到达到达到达到达到达到达到达到达到达到", "仅迭参参参参迭达到仅参"]


def test_forced_length_decoding_on_both_backends(tiny_marian, tiny_ct2):
    from briefing.translators.ct2 import CT2Backend
    from briefing.translators.marian import MarianBackend

    d = Decode(beam_size=1, max_new_tokens=6, min_new_tokens=6)
    for backend in (MarianBackend(at(str(tiny_marian))), CT2Backend(at(str(tiny_ct2)))):
        assert all(o.strip() for o in backend.translate_batch(["国务院办公厅印发意见。"], d))


def test_ct2_folder_is_recognised(tiny_marian, tiny_ct2):
    assert resolve_translator_dir(str(tiny_ct2)) == ("ct2", tiny_ct2)
    assert resolve_translator_dir(str(tiny_marian)) == ("marian", tiny_marian)


def test_translate_cli_with_tiny_model(tiny_marian):
    res = CliRunner().invoke(
        main,
        ["translate", "--translator-model", str(tiny_marian), "--format", "json", "国务院办公厅印发意见。\nHello.\n"],
    )
    assert res.exit_code == 1, res.output  # a sentence left untranslated
    rows = json.loads(res.stdout)
    assert [(r["text"], r["untranslated"]) for r in rows] == [(None, ["国务院办公厅印发意见。"]), ("Hello.", [])]


def test_bad_model_folders_give_clear_errors(tmp_path, tiny_marian):
    broken = tmp_path / "broken"
    shutil.copytree(tiny_marian, broken)
    (broken / "source.spm").unlink()
    from briefing.translators.marian import MarianBackend

    with pytest.raises(BackendError, match=r"missing source\.spm"):
        MarianBackend(at(str(broken))).load()
    wrong = tmp_path / "wrong"
    shutil.copytree(tiny_marian, wrong)
    cfg = json.loads((wrong / "config.json").read_text())
    cfg["model_type"] = "mt5"
    (wrong / "config.json").write_text(json.dumps(cfg))
    res = CliRunner().invoke(main, ["translate", "--translator-model", str(wrong), "你好。"])
    assert res.exit_code == 1 and "not a Marian translation model" in res.stderr


def test_hard_inputs_do_not_hang(tiny_marian):
    from briefing.translators.marian import MarianBackend

    tr = EnglishTranslator(
        MarianBackend(at(str(tiny_marian))), Glossary(), Decode(beam_size=1, max_new_tokens=8), batch_size=32
    )
    res = tr.translate("没有标点的长句" * 700)  # 4,900 characters, no punctuation
    assert res.text is None and "".join(res.untranslated) == "没有标点的长句" * 700  # cut up, nothing lost
    assert len(res.untranslated) >= 31 and max(len(s) for s in res.untranslated) <= 160
    res = tr.translate("国务院\u0007印发🎉意见。")
    assert res.text is None and res.untranslated == [res.source]


def test_summarize_translate_adds_english(tiny_marian):
    from tests.conftest import SEED

    res = CliRunner().invoke(
        main, ["summarize", "--translate", "--translator-model", str(tiny_marian), "--format", "json", str(SEED)]
    )
    assert res.exit_code == 0, res.output  # an unusable output is flagged, not a failure of the run
    rows = json.loads(res.stdout)["articles"]
    assert len(rows) == 6
    for r in rows:
        assert (r["title_en"], r["summary_en"]) == (None, None)
        assert re.fullmatch(
            rf"\d+ sentence\(s\) left untranslated \({re.escape(UNUSABLE)}\)", r["translation_flags"][0]
        )
        assert r["translation_flags"][1:] == []


# --- model management ------------------------------------------------------------------


def test_models_list_shows_catalog_and_presence(state_home):
    res = CliRunner().invoke(main, ["models", "list", "--format", "json"])
    rows = {r["name"]: r for r in json.loads(res.stdout)}
    assert rows["opus-mt-zh-en"]["present"] is False
    assert "NC" in rows["mt5-xlsum"]["license"]
    (state_home / "models" / "opus-mt-zh-en").mkdir(parents=True)
    (state_home / "models" / "opus-mt-zh-en" / "config.json").write_text("{}")
    rows = {r["name"]: r for r in json.loads(CliRunner().invoke(main, ["models", "list", "--format", "json"]).stdout)}
    assert rows["opus-mt-zh-en"]["present"] is True
    assert "not present" in CliRunner().invoke(main, ["models", "list"]).stdout


def test_models_pull_calls_the_hub_and_reports_failure(monkeypatch, state_home):
    import huggingface_hub

    calls = []

    def fake_download(repo_id, revision=None, local_dir=None, allow_patterns=None):
        calls.append((repo_id, local_dir))
        from pathlib import Path

        Path(local_dir).mkdir(parents=True, exist_ok=True)
        return local_dir

    monkeypatch.setattr(huggingface_hub, "snapshot_download", fake_download)
    res = CliRunner().invoke(main, ["models", "pull", "opus-mt-zh-en"])
    assert res.exit_code == 0 and calls == [
        ("Helsinki-NLP/opus-mt-zh-en", str(state_home / "models" / "opus-mt-zh-en"))
    ]

    def offline(**_):
        raise OSError("network is unreachable")

    monkeypatch.setattr(huggingface_hub, "snapshot_download", offline)
    res = CliRunner().invoke(main, ["models", "pull", "opus-mt-zh-en"])
    assert res.exit_code == 1 and "cannot download Helsinki-NLP/opus-mt-zh-en: network is unreachable" in res.stderr
    assert CliRunner().invoke(main, ["models", "pull", "no-such"]).exit_code == 2


def test_cache_with_the_real_backend(tiny_marian, tmp_path):
    from briefing.translators.marian import MarianBackend

    backend = MarianBackend(at(str(tiny_marian)))
    calls = []
    real = backend.translate_batch

    def counting(sentences, decode):
        calls.append(len(sentences))
        return real(sentences, decode)

    backend.translate_batch = counting
    text = "国务院办公厅印发意见。教育部推出课程。"
    with Cache(tmp_path / "c.sqlite3") as cache:
        tr = EnglishTranslator(backend, Glossary(), Decode(beam_size=1, max_new_tokens=6), cache=cache, retry=False)
        first = tr.translate(text)
        n = len(calls)
        second = tr.translate(text)
    assert n >= 1 and len(calls) == n  # nothing translated the second time
    assert second.cached == 2 and second.text == first.text
    other = EnglishTranslator(backend, Glossary(), Decode(beam_size=2, max_new_tokens=6), retry=False)
    assert other.cache_key(text) != tr.cache_key(text)  # other decoding options are another cache key


def eval_translate(*args: str):
    return CliRunner().invoke(main, ["eval", "translate", *args])


def test_eval_translate_command(tiny_marian, tmp_path):
    (tmp_path / "src.zh").write_text("国务院办公厅印发意见。\n教育部推出课程。\n", "utf-8")
    (tmp_path / "ref.en").write_text("The General Office issued an opinion.\nThe ministry launched courses.\n", "utf-8")
    res = eval_translate(str(tmp_path / "src.zh"), str(tmp_path / "ref.en"), "--translator-model", str(tiny_marian))
    assert res.exit_code == 0, res.output
    assert "lines            2\n" in res.stdout and "untranslated     2 sentences\n" in res.stdout
    assert "BLEU             0.00  (nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:" in res.stdout
    (tmp_path / "short.en").write_text("one line\n", "utf-8")
    res = eval_translate(str(tmp_path / "src.zh"), str(tmp_path / "short.en"), "--translator-model", str(tiny_marian))
    assert res.exit_code == 1 and "aligned" in res.stderr


def test_eval_translate_unreadable_files_are_one_line_errors(tmp_path):
    (tmp_path / "bad.zh").write_bytes(b"\xff\xfe\x00\x81")
    for args in (["missing.zh", "missing.en"], [str(tmp_path / "bad.zh"), str(tmp_path / "bad.zh")]):
        res = eval_translate(*args)
        assert res.exit_code == 1 and "cannot read" in res.stderr and "Traceback" not in res.output


def test_glossary_edge_cases():
    assert Glossary().found("国务院印发意见") == [] and Glossary().mask("国务院。") == ("国务院。", [])
    g = Glossary({"国务院": "State Council", "国务院办公厅": "General Office of the State Council"})
    assert g.found("国务院办公厅和国务院") == ["国务院办公厅", "国务院"]
    masked, found = g.mask("国务院办公厅和国务院")
    assert masked == "ZX0Q 和 ZX1Q" and found == ["国务院办公厅", "国务院"]
    # an invented placeholder (ZX2Q) is dropped, runs of spaces collapse, a lost one is reported
    assert g.unmask("The ZX0Q  met  ZX2Q today", found) == (
        "The General Office of the State Council met today",
        ["国务院"],
    )
    assert g.missing("国务院开会", "the state council met") == []
    assert g.missing("国务院开会", "the cabinet met") == ["国务院"]


def test_glossary_file_formats(tmp_path):
    csv = tmp_path / "g.csv"
    csv.write_bytes("\ufeffsource,target\n# a comment\n暖心驿站,Warm Station\n\n".encode())
    assert load_glossary(str(csv)).terms["暖心驿站"] == "Warm Station"
    assert "source" not in load_glossary(str(csv)).terms and "# a comment" not in load_glossary(str(csv)).terms
    multi = tmp_path / "m.csv"
    multi.write_text('zh,en\n"一带一路","Belt and Road,\nInitiative"\n', "utf-8")  # a quoted newline stays in the cell
    assert load_glossary(str(multi)).terms["一带一路"] == "Belt and Road,\nInitiative"
    bad = tmp_path / "bad.csv"
    bad.write_text("zh,en\n暖心驿站,Warm Station\n,Empty\n", "utf-8")
    with pytest.raises(ConfigError, match=r"bad\.csv: row 2 needs two columns: zh,en"):
        load_glossary(str(bad))
    blank = tmp_path / "blank.csv"
    blank.write_text("暖心驿站,  \n", "utf-8")
    with pytest.raises(ConfigError, match="row 1 needs two columns"):
        load_glossary(str(blank))
    flat = tmp_path / "flat.toml"
    flat.write_text('"双千计划" = "Double Thousand Plan"\n', "utf-8")  # no [terms] table: the top level
    assert load_glossary(str(flat)).terms["双千计划"] == "Double Thousand Plan"
    typed = tmp_path / "typed.toml"
    typed.write_text('[terms]\n"双千计划" = 3\n', "utf-8")
    with pytest.raises(ConfigError, match=r"typed\.toml: glossary values must be strings"):
        load_glossary(str(typed))
    broken = tmp_path / "broken.toml"
    broken.write_text("[terms\n", "utf-8")
    with pytest.raises(ConfigError, match=r"broken\.toml: cannot read glossary \("):
        load_glossary(str(broken))


def test_translate_reads_files_and_stdin_within_the_input_limit(tmp_path):
    """`briefing translate FILE` and `-` obey max_input_mb like every other input:
    one line naming the input, before any model is loaded."""
    big = tmp_path / "big.txt"
    big.write_text("今天下雨。" * 1000, "utf-8")  # 15 kB
    env = {"BRIEFING_MAX_INPUT_MB": "0.01"}
    res = CliRunner(env=env).invoke(main, ["translate", str(big), "--translator-model", str(tmp_path / "none")])
    assert res.exit_code == 1
    over = "over the 0.01 MB limit (raise it with --max-mb or max_input_mb in the config)"
    assert res.stderr.strip().splitlines() == [f"briefing: error: {big}: 0.015 MB is {over}"]
    res = CliRunner(env=env).invoke(main, ["translate", "-"], input="今天下雨。" * 1000)
    assert res.exit_code == 1
    assert res.stderr.strip().splitlines() == [f"briefing: error: <stdin>: more than that was read: it is {over}"]


def test_translate_reads_folders_devices_and_blank_text_with_one_line(tmp_path):
    """A path that exists is read as an input (a folder or an empty device is one line,
    exit 1); blank text is nothing to translate, not an empty success."""
    model = ["--translator-model", str(tmp_path / "none")]
    cases = {
        str(tmp_path): f"{tmp_path}: is a folder",
        "/dev/null": "/dev/null: empty input",
        " \t\u3000 ": "nothing to translate: the text is empty",
    }
    for text, line in cases.items():
        res = CliRunner().invoke(main, ["translate", text, *model])
        assert res.exit_code == 1, text
        assert res.stderr.strip().splitlines() == [f"briefing: error: {line}"], text


def test_a_closed_stdin_is_one_line():
    """`briefing translate - <&-`: Python starts with no sys.stdin at all."""
    import subprocess
    import sys

    res = subprocess.run(
        ["bash", "-c", f'"{sys.executable}" -m briefing translate - <&-'], capture_output=True, text=True, timeout=120
    )
    assert res.returncode == 1
    assert res.stderr.strip().splitlines() == ["briefing: error: <stdin>: standard input is closed"]


DROPPED = {
    "上海今天举办了科技展览。": "A science exhibition was held today.",
    "今天举办了3场展览。": "Exhibitions were held today.",
}


class DropsNamesOrNumbers(TranslationBackend):
    """A fluent English that leaves out what its source names: a place, or a number."""

    name = "drops-names-or-numbers"

    def translate_batch(self, sentences, decode):
        return [DROPPED[s] for s in sentences]


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("上海今天举办了科技展览。", "briefing: warning: name not rendered: 上海 (Shanghai municipality)"),
        ("今天举办了3场展览。", "briefing: warning: number mismatch: 3"),
    ],
)
def test_translate_warns_of_a_name_left_out_as_of_a_number_with_the_same_exit_code(monkeypatch, text, warning):
    """#22 audit, defect 12: the English is printed, with one warning line on stderr; a missing name and a
    missing number (both flags, not refusals) end the same way."""
    from briefing.translators.base import translators

    monkeypatch.setitem(translators._classes, DropsNamesOrNumbers.name, DropsNamesOrNumbers)
    res = CliRunner().invoke(main, ["translate", text, "--translator-backend", DropsNamesOrNumbers.name])
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == DROPPED[text]
    assert res.stderr.splitlines() == [warning]
