"""Which model folder a translator uses, what ``models pull`` fetches and ``models list`` shows, and the
catalog an installed wheel reads (issue #19: each of these survived a mutation).  No weights: the
folders hold the files the checks look at, the hub is a fake that serves a file list."""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.catalog import resolve_translator_dir
from briefing.cli import main
from briefing.errors import ModelNotFound

ROOT = Path(__file__).resolve().parent.parent
MARIAN = ("config.json", "source.spm", "target.spm", "vocab.json", "tokenizer_config.json", "model.safetensors")
CT2 = ("model.bin", "config.json", "shared_vocabulary.json")


def folder(path: Path, files: tuple[str, ...]) -> Path:
    path.mkdir(parents=True)
    for name in files:
        (path / name).write_text("{}")
    return path


def test_a_marian_folder_with_a_ct2_copy_beside_it_is_translated_by_the_copy(tmp_path):
    marian = folder(tmp_path / "opus", MARIAN)
    assert resolve_translator_dir(str(marian)) == ("marian", marian)  # no copy yet
    with pytest.raises(ModelNotFound, match="briefing models convert"):
        resolve_translator_dir(str(marian), "ct2")
    copy = folder(tmp_path / "opus-ct2", CT2)
    assert resolve_translator_dir(str(marian)) == ("ct2", copy)
    assert resolve_translator_dir(str(marian), "ct2") == ("ct2", copy)
    assert resolve_translator_dir(str(marian), "marian") == ("marian", marian)  # asked for by name: the original


@pytest.mark.parametrize("missing", ["model.bin", "config.json"])
def test_a_ct2_folder_needs_both_its_weights_and_its_config(tmp_path, missing):
    marian = folder(tmp_path / "opus", MARIAN)
    copy = folder(tmp_path / "opus-ct2", CT2)
    (copy / missing).unlink()
    assert resolve_translator_dir(str(marian)) == ("marian", marian)  # half a copy is no copy
    assert resolve_translator_dir(str(copy)) == ("marian", copy)  # and not a CTranslate2 folder itself


def test_a_ct2_folder_named_directly_is_ct2_and_refused_to_marian(tmp_path):
    copy = folder(tmp_path / "any-name", CT2)
    assert resolve_translator_dir(str(copy)) == ("ct2", copy)
    with pytest.raises(ModelNotFound, match="is a CTranslate2 folder; use --translator-backend ct2"):
        resolve_translator_dir(str(copy), "marian")


def test_models_list_says_whether_the_ct2_copy_is_there(state_home):
    def ct2() -> bool:
        rows = json.loads(CliRunner().invoke(main, ["models", "list", "--format", "json"]).stdout)
        return next(r for r in rows if r["name"] == "opus-mt-zh-en")["ct2"]

    assert ct2() is False
    copy = folder(state_home / "models" / "opus-mt-zh-en-ct2", ("model.bin",))
    assert ct2() is False
    (copy / "config.json").write_text("{}")
    assert ct2() is True


# what a model repository on the hub holds: weights in several frameworks' formats, tokenizers, configs
HUB_REPO = [
    "config.json",
    "generation_config.json",
    "tokenizer_config.json",
    "vocab.json",
    "source.spm",
    "target.spm",
    "spiece.model",
    "merges.txt",
    "model.safetensors",
    "pytorch_model.bin",
    "tokenizer.tiktoken",
    "chat_template.jinja",
    "tf_model.h5",
    "flax_model.msgpack",
    "rust_model.ot",
    "onnx/model.onnx",
    "README.md",
    ".gitattributes",
]


def test_models_pull_fetches_configs_tokenizers_and_torch_weights_only(monkeypatch, state_home):
    """The hub client filters a repository by the patterns it is given, as the real one does: what a
    torch model needs comes down, other frameworks' weights (often gigabytes) do not."""
    import huggingface_hub

    def fake_download(repo_id, revision=None, local_dir=None, allow_patterns=None):
        for name in HUB_REPO:
            if allow_patterns is None or any(fnmatch.fnmatch(name, p) for p in allow_patterns):
                (Path(local_dir) / name).parent.mkdir(parents=True, exist_ok=True)
                (Path(local_dir) / name).write_text(repo_id)
        return local_dir

    monkeypatch.setattr(huggingface_hub, "snapshot_download", fake_download)
    res = CliRunner().invoke(main, ["models", "pull", "opus-mt-zh-en"])
    assert res.exit_code == 0, res.output
    target = state_home / "models" / "opus-mt-zh-en"
    pulled = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert pulled == sorted(HUB_REPO[:12])


def test_an_installed_wheel_reads_the_catalog_packaged_inside_it(tmp_path):
    """A wheel has no models/ folder: pyproject puts the catalog at briefing/_catalog.toml, and that
    is the one read (here a copy of the package with a catalog of its own, outside the checkout)."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "briefing", site / "briefing", ignore=shutil.ignore_patterns("__pycache__"))
    (site / "briefing" / "_catalog.toml").write_text(
        '[[model]]\nname = "only-in-the-wheel"\nhub_id = "x/y"\ntask = "translation"\nbackend = "marian"\n'
        'license = "MIT"\nsize_mb = 1\n',
        "utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(site)}
    code = "import briefing.catalog as c; print(c.__file__); print([e.name for e in c.entries()])"
    # -P: the working folder (the checkout, whose briefing/ would come first) is not put on the path
    out = subprocess.run(
        [sys.executable, "-P", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True
    ).stdout.splitlines()
    assert out == [str(site / "briefing" / "catalog.py"), "['only-in-the-wheel']"]


def test_the_catalog_packaged_in_the_package_wins_over_the_checkouts(tmp_path, monkeypatch):
    """The same in this process (where mutation testing's trace sees it; issue #19: a mutant that looked
    for another file name, and so read the checkout's models/catalog.toml, survived): a package folder
    holding _catalog.toml is read, not the checkout's catalog."""
    from briefing import catalog

    (tmp_path / "_catalog.toml").write_text(
        '[[model]]\nname = "only-in-the-wheel"\nhub_id = "x/y"\ntask = "translation"\nbackend = "marian"\n'
        'license = "MIT"\nsize_mb = 1\n',
        "utf-8",
    )
    real = catalog.resources.files
    monkeypatch.setattr(
        catalog.resources, "files", lambda package: tmp_path if package == "briefing" else real(package)
    )
    catalog.entries.cache_clear()
    try:
        assert [e.name for e in catalog.entries()] == ["only-in-the-wheel"]
    finally:
        catalog.entries.cache_clear()


def test_a_model_folder_transformers_cannot_load_is_one_line_with_the_first_line_of_its_reason(tmp_path):
    """The reason in parentheses is the first line of what transformers said (its messages run on for lines)."""
    transformers = pytest.importorskip("transformers")
    from tests.conftest import SEED

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text("{}")
    with pytest.raises((OSError, ValueError)) as said:
        transformers.AutoTokenizer.from_pretrained(str(broken))
    first = str(said.value).splitlines()[0]
    res = CliRunner().invoke(main, ["summarize", "--backend", "seq2seq", "--model", str(broken), str(SEED)])
    assert res.exit_code == 1
    assert f"briefing: error: {broken}: not a usable summarization model folder ({first})" in res.stderr.splitlines()


def test_a_hub_model_in_the_local_cache_is_identified_by_its_snapshots_files(tmp_path, monkeypatch):
    """A model named by hub id is read from the local Hugging Face cache: its identity (in every cache key of
    its output) is the snapshot's files, so a re-pulled revision is another model; one not in the cache is
    named by its id alone."""
    constants = pytest.importorskip("huggingface_hub.constants")
    from briefing.cache import make_key
    from briefing.hf import model_identity

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path))
    repo = tmp_path / "models--someorg--tiny-model"
    (repo / "refs").mkdir(parents=True)

    def revision(rev: str, config: str) -> str:
        (repo / "snapshots" / rev).mkdir(parents=True)
        (repo / "snapshots" / rev / "config.json").write_text(config)
        (repo / "refs" / "main").write_text(rev)
        return model_identity("someorg/tiny-model")

    first = revision("1111111", '{"d_model": 32}')
    assert first == revision("2222222", '{"d_model": 32}')  # the same files: the same model
    second = revision("3333333", '{"d_model": 64}')
    absent = model_identity("someorg/not-pulled")
    assert len({first, second, absent}) == 3 and absent == make_key("hub id", "someorg/not-pulled")
