"""``[editorial] continuity_days = 0`` compares no earlier briefing: a story briefed the day before is new."""

from __future__ import annotations

from tests.test_editorial import SNOW, TEA, build, by_title, day_json, page


def test_continuity_days_zero_compares_no_earlier_day_and_one_compares_the_day_before(tmp_path):
    for window, want in ((0, "new"), (1, "repeat")):
        out = tmp_path / f"out{window}"
        cfg = tmp_path / f"c{window}.toml"
        cfg.write_text(f"[editorial]\ncontinuity_days = {window}\n", "utf-8")
        for day in ("2024-01-02", "2024-01-03"):
            src = tmp_path / f"{day}.md"
            src.write_text(page("晚间新闻", day, [SNOW, TEA]), "utf-8")
            assert build(str(src), "--out", str(out), "--date", day, "--config", str(cfg)).exit_code == 0
        status = {t: i["_briefing"]["status"] for t, i in by_title(day_json(out, "2024-01-03")).items()}
        assert status == {SNOW[0]: want, TEA[0]: want}, window
