"""The CTranslate2 backend around its translator (issue #19: these survived a mutation): the threads it
is given, the device and compute type it asks for, and the special tokens left out of the English.  The
translator is a fake that records how it was made and answers scripted tokens; the tokenizers are real
sentencepiece models trained here."""

from __future__ import annotations

import os
from types import SimpleNamespace
from typing import ClassVar

import pytest

from briefing.backends import BackendContext
from briefing.config import TranslateOptions
from briefing.translators.base import Decode

pytest.importorskip("ctranslate2")
pytest.importorskip("sentencepiece")

ENGLISH = "The State Council issued guidelines on efficient government services."


@pytest.fixture(scope="module")
def ct2_folder(tmp_path_factory):
    from tests.tiny_models import ENGLISH as LINES
    from tests.tiny_models import seed_lines, train_spm

    folder = tmp_path_factory.mktemp("ct2") / "model-ct2"
    folder.mkdir()
    train_spm(seed_lines(), folder / "source.spm", 1200)
    train_spm(LINES * 4, folder / "target.spm", 150)
    (folder / "model.bin").write_bytes(b"weights")
    (folder / "config.json").write_text("{}")
    return folder


class FakeTranslator:
    """Stands for ctranslate2.Translator: remembers its arguments, answers ``hypothesis`` for each input."""

    made: ClassVar[list[dict]] = []
    hypothesis: ClassVar[list[str]] = []

    def __init__(self, model_path, **kwargs):
        FakeTranslator.made.append(kwargs)

    def translate_batch(self, batch, **kwargs):
        return [SimpleNamespace(hypotheses=[list(self.hypothesis)]) for _ in batch]


@pytest.fixture
def backend(ct2_folder, monkeypatch):
    import ctranslate2

    from briefing.translators.ct2 import CT2Backend

    FakeTranslator.made = []
    monkeypatch.setattr(ctranslate2, "Translator", FakeTranslator)
    return lambda **kw: CT2Backend(BackendContext(TranslateOptions(model=str(ct2_folder))), **kw)


def test_the_threads_asked_for_are_the_translators_workers(backend, monkeypatch):
    """Given threads: that many workers of one thread each; none given: one per core, at most four."""
    for cores, threads, workers in ((8, 1, 1), (8, 3, 3), (8, 0, 4), (3, 0, 3), (None, 0, 1)):
        monkeypatch.setattr(os, "cpu_count", lambda cores=cores: cores)
        backend(threads=threads).load()
        made = FakeTranslator.made[-1]
        assert (made["inter_threads"], made["intra_threads"]) == (workers, 1), (cores, threads)
    assert [m["device"] for m in FakeTranslator.made] == ["cpu"] * 5  # no GPU here: auto is the CPU
    assert {m["compute_type"] for m in FakeTranslator.made} == {"int8"}


def test_end_padding_and_unknown_tokens_never_reach_the_english(backend, ct2_folder):
    import sentencepiece as spm

    pieces = spm.SentencePieceProcessor(model_file=str(ct2_folder / "target.spm")).encode(ENGLISH, out_type=str)
    FakeTranslator.hypothesis = ["<pad>", *pieces[:3], "<unk>", *pieces[3:], "</s>", "<pad>"]
    assert backend().translate_batch(["国务院印发意见。", "教育部推出课程。"], Decode()) == [ENGLISH, ENGLISH]


def test_named_by_its_marian_original_the_ct2_backend_uses_the_copy_beside_it(backend, ct2_folder):
    """``--translator-backend ct2 --translator-model FOLDER``: FOLDER-ct2 is what it loads."""
    from briefing.translators.ct2 import CT2Backend

    original = ct2_folder.parent / "model"
    original.mkdir(exist_ok=True)
    (original / "config.json").write_text("{}")
    assert backend().model_dir == str(ct2_folder)
    assert CT2Backend(BackendContext(TranslateOptions(model=str(original)))).model_dir == str(ct2_folder)
