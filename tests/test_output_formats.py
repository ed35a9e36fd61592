"""The one-off commands' text for people says what their JSON says (issue #19): ``split``, ``cache stats``
and ``models list`` in both formats, compared entry by entry."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from briefing.cli import main
from tests.conftest import SEED


def run(*args: str):
    res = CliRunner().invoke(main, list(args))
    assert res.exit_code == 0, (res.output, res.exception)
    return res.stdout


def test_split_text_says_what_the_json_says():
    """Each article's number, headline, flags (continuation, derived title), metadata line and paragraphs."""
    data = json.loads(run("split", "--format", "json", str(SEED)))["articles"]
    text = run("split", str(SEED))
    entries = text.split("\n\n")
    assert len([e for e in entries if e.strip()]) == len(data) >= 2
    assert any(a["title_derived"] for a in data) and any(a["dateline"] or a["credit"] for a in data)
    for n, (entry, art) in enumerate(zip(entries, data, strict=False), 1):
        lines = entry.strip("\n").splitlines()
        flags = [f for f, on in (("continuation", art["continuation"]), ("derived title", art["title_derived"])) if on]
        assert lines[0] == f"[{n}] {art['title']}" + (f"  ({', '.join(flags)})" if flags else "")
        meta = [f"{k}: {art[k]}" for k in ("dateline", "byline", "credit") if art[k]]
        body = lines[2:] if meta else lines[1:]
        if meta:
            assert lines[1] == "    " + " | ".join(meta)
        assert body == [f"    {p}" for p in art["paragraphs"]]


def test_cache_stats_text_says_what_the_json_says(state_home):
    """Each row's stage, entries, size in kB (one decimal) and model, and the totals line."""
    from briefing.cache import Cache

    with Cache() as cache:
        for n in range(7):
            cache.put("summary", f"s{n}", {"text": "一" * (300 * n)}, "extractive")
        cache.put("translation", "t", {"text": "x" * 200_000}, "ct2:/models/opus")
    data = json.loads(run("cache", "stats", "--format", "json"))
    lines = run("cache", "stats").splitlines()
    rows = data["rows"]
    assert lines[0] == data["path"] and len(lines) == 2 + len(rows) + 1
    for line, row in zip(lines[2:], rows, strict=False):
        kind, entries, size, unit, *_, producer = line.split()
        assert (kind, int(entries), float(size), unit, producer) == (
            row["kind"],
            row["entries"],
            round(row["bytes"] / 1024, 1),
            "kB",
            row["producer"],
        )
    total = sum(r["bytes"] for r in rows)
    assert total > 200_000  # enough for kB of 1,000 or 1,025 bytes to differ in the first decimal
    assert lines[-1] == f"{sum(r['entries'] for r in rows)} entries, {total / 1024:.1f} kB"


def test_models_list_text_says_what_the_json_says(state_home):
    """Per catalog model: present (with its size) or not, and CTranslate2 ready when a converted copy is
    there; one model of each kind is laid out in the state folder."""
    models = state_home / "models"
    (models / "opus-mt-zh-en").mkdir(parents=True)
    (models / "opus-mt-zh-en" / "config.json").write_text("{}" + " " * 300_000)
    (models / "opus-mt-zh-en-ct2").mkdir()
    for name in ("model.bin", "config.json"):
        (models / "opus-mt-zh-en-ct2" / name).write_text("{}")
    rows = json.loads(run("models", "list", "--format", "json"))
    text = run("models", "list").splitlines()
    assert len(text) == 2 * len(rows)
    opus = next(r for r in rows if r["name"] == "opus-mt-zh-en")
    assert opus["present"] and opus["ct2"] and opus["local_mb"] == 0.3 and any(not r["present"] for r in rows)
    for n, row in enumerate(rows):
        head, state = text[2 * n], text[2 * n + 1]
        assert head.split()[0] == row["name"] and f"~{row['size_mb']} MB" in head and row["license"] in head
        want = f"present ({row['local_mb']} MB)" if row["present"] else "not present"
        want += ", CTranslate2 ready" if row["ct2"] else ""
        assert re.fullmatch(rf"\s+{re.escape(row['hub_id'])} - {re.escape(want)}", state), (state, want)


def test_settings_doc_rewrites_a_drifted_copy_to_what_the_checks_expect(tmp_path):
    """``python -m briefing.settings_doc`` (its ``write``) on a copy of the package whose defaults.toml and
    README table have drifted: afterwards both are what the drift checks compare with, the README's text
    around the table is kept, and a second run changes nothing."""
    from briefing import settings_doc
    from tests.conftest import ROOT

    package = tmp_path / "briefing"
    package.mkdir()
    (package / "defaults.toml").write_text("# stale\ntitle = 'old'\n", "utf-8")
    readme = (ROOT / "README.md").read_text("utf-8")
    start = readme.index(settings_doc.README_START) + len(settings_doc.README_START)
    drifted = readme[:start] + "| stale | table |\n" + readme[readme.index(settings_doc.README_END) :]
    (tmp_path / "README.md").write_text(drifted, "utf-8")
    settings_doc.write(package)
    assert (package / "defaults.toml").read_text("utf-8") == settings_doc.defaults_toml()
    assert (tmp_path / "README.md").read_text("utf-8") == readme == settings_doc.readme_with_table(drifted)
    settings_doc.write(package)
    assert (tmp_path / "README.md").read_text("utf-8") == readme
