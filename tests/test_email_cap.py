"""The e-mail edition's size cap (``[mail] max_kb``), through ``briefing build``, from both sides."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from click.testing import CliRunner

from briefing.cli import main

DAY = "2024-01-02"
BASE = "https://news.example.org/daily/"
MORE = re.compile(r"(\d+) more stor(?:y|ies) on the web page")


def _day(tmp_path: Path, n: int = 60) -> Path:
    rng = random.Random(5)
    pool = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"

    def words(k: int) -> str:
        return "".join(rng.choice(pool) for _ in range(k))

    rows = [
        {"title": f"{words(12)}{i:03d}", "text": f"{words(60)}。\n{words(50)}。", "url": f"https://example.com/{i}"}
        for i in range(n)
    ]
    src = tmp_path / "day.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    return src


def _build(tmp_path: Path, src: Path, max_kb: int) -> tuple[bytes, str]:
    out = tmp_path / f"out-{max_kb}"
    config = tmp_path / f"config-{max_kb}.toml"
    config.write_text(f"[mail]\nmax_kb = {max_kb}\n", "utf-8")
    args = ["build", str(src), "--config", str(config), "--out", str(out), "--date", DAY, "--base-url", BASE]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    html = (out / f"{DAY}.email.html").read_bytes()
    text = (out / f"{DAY}.email.txt").read_text("utf-8")
    return html, text


def _headlines(html: bytes) -> int:
    return len(re.findall(r"<li[ >]", html.decode("utf-8")))


def test_the_email_edition_stays_under_max_kb_and_says_how_many_stories_it_left_out(tmp_path):
    src = _day(tmp_path)
    full, full_text = _build(tmp_path, src, 100000)
    briefs = _headlines(full)
    assert briefs >= 20 and not MORE.search(full.decode()) and not MORE.search(full_text)
    size = len(full)
    assert size > 15_000  # the whole edition is over the smallest cap below

    # a cap just above the whole edition keeps every headline
    kept, _ = _build(tmp_path, src, size // 1000 + 1)
    assert kept == full

    # a cap just under it leaves headlines out, from the end, and says how many
    cut, cut_text = _build(tmp_path, src, size // 1000)
    assert len(cut) < (size // 1000) * 1000
    left = _headlines(cut)
    assert 0 < left < briefs
    more = MORE.search(cut.decode())
    assert more and int(more.group(1)) == briefs - left
    text_more = MORE.search(cut_text)
    assert text_more and int(text_more.group(1)) == briefs - left  # the plain text says the same

    # the smallest cap: far under the whole edition, still under the cap
    small, _ = _build(tmp_path, src, 10)
    assert len(small) < 10_000
    assert _headlines(small) < left
