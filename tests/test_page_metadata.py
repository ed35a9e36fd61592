"""Source names and dates of articles as ``briefing build`` publishes them: the page header, the dateline's
agency, the file's name, each in its turn."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from briefing.cli import main

SNOW = "### 北方多地迎来强降雪 交通部门启动应急响应\n\n受冷空气影响，北方多地今天出现强降雪天气，交通部门启动应急响应。记者在现场看到，各项工作有序进行。\n"
TEA = "### 第十届国际茶叶博览会在杭州开幕\n\n新华社杭州2023年12月30日电 第十届国际茶叶博览会今天在杭州开幕，四十多个国家和地区的展商参展，展出茶叶、茶具和茶文化产品，吸引了大量市民和游客前来参观选购。\n"


def _built(tmp_path: Path, name: str, text: str) -> dict[str, dict]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    src = tmp_path / name
    src.write_text(text, "utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["-q", "build", str(src), "--out", str(out), "--date", "2024-01-05"])
    assert res.exit_code == 0, res.output
    items = json.loads((out / "2024-01-05.json").read_text("utf-8"))["items"]
    return {i["title"][:6]: i["_briefing"] for i in items}


def test_a_page_header_names_every_article_of_the_page_and_dates_those_without_a_date(tmp_path):
    got = _built(tmp_path, "p.md", f"# 晚间新闻 — 2024年01月02日\n\n{SNOW}\n{TEA}")
    snow, tea = got["北方多地迎来"], got["第十届国际茶"]
    assert snow["source_name"] == tea["source_name"] == "晚间新闻 2024-01-02"  # the separator is not the name's
    assert (snow["date"], snow["date_source"]) == ("2024-01-02", "page")
    assert (tea["date"], tea["date_source"], tea["year_guessed"]) == ("2023-12-30", "dateline", False)


def test_without_a_page_header_an_agency_dateline_names_its_article_and_the_file_names_the_rest(tmp_path):
    got = _built(tmp_path, "晚间新闻稿.md", f"{SNOW}\n{TEA}")
    assert got["第十届国际茶"]["source_name"] == "新华社"
    assert got["北方多地迎来"]["source_name"] == "晚间新闻稿"
    assert (got["北方多地迎来"]["date"], got["北方多地迎来"]["date_source"]) == ("2024-01-05", "build")


def test_a_two_letter_page_name_is_a_name(tmp_path):
    got = _built(tmp_path, "p.md", f"# 新闻 — 2024年01月02日\n\n{SNOW}\n{TEA}")
    assert got["北方多地迎来"]["source_name"] == "新闻 2024-01-02"


def test_a_bracketed_date_dates_the_page_in_a_header_line_of_80_characters_not_in_a_longer_line_of_prose(tmp_path):
    """A header is a short line: a bracketed date (a cited document's, a report's) in a longer line near the top
    is prose and must not date every undated story of the page.  The bound is 80 characters, both sides."""
    tail = "（2024年01月02日）"
    for n, expected in ((80, ("2024-01-02", "page")), (81, ("2024-01-05", "build"))):
        line = "晚间新闻" + "各" * (n - len(tail) - 4) + tail
        assert len(line) == n
        got = _built(tmp_path / str(n), "p.md", f"# 晚间新闻\n\n{line}\n\n{SNOW}")
        (story,) = got.values()
        assert (story["date"], story["date_source"]) == expected, n
