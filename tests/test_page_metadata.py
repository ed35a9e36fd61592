"""Source names and dates of articles as ``briefing build`` publishes them: the page header, the dateline's
agency, the file's name, each in its turn."""

from __future__ import annotations

import json
import re
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


def _published(out: Path) -> str:
    """Every file the build published (not the state folder), as one text."""
    return "\n".join(f.read_text("utf-8") for f in sorted(out.iterdir()) if f.is_file())


def test_a_header_date_past_the_build_dates_margin_dates_nothing_and_shows_in_no_name(tmp_path):
    """A page header's date more than a day after the build date (2024-01-05) is not the page's date, and its
    text is in no source name and no published file: the name is the header's words alone. One day after
    (the zones' margin) is still the page's date and in its name. Both sides, and both header forms (a
    heading with its date, a bracketed date)."""
    cases = (
        ("# 晚间新闻 — 2024年01月06日", ("晚间新闻 2024-01-06", "2024-01-06", "page"), None),
        ("# 晚间新闻 — 2024年01月07日", ("晚间新闻", "2024-01-05", "build"), ("2024", "01", "07")),
        ("晚间新闻（20991221）", ("晚间新闻", "2024-01-05", "build"), ("2099", "12", "21")),
    )
    for n, (header, expected, refused) in enumerate(cases):
        got = _built(tmp_path / str(n), "p.md", f"{header}\n\n{SNOW}\n{TEA}")
        story = got["北方多地迎来"]
        assert (story["source_name"], story["date"], story["date_source"]) == expected, header
        if refused:
            y, m, d = refused
            shown = re.findall(rf"{y}\D{{0,3}}0?{int(m)}\D{{0,3}}0?{int(d)}", _published(tmp_path / str(n) / "out"))
            assert shown == [], (header, shown)


def test_a_dateline_year_past_the_build_dates_margin_does_not_date_its_story(tmp_path):
    """A dateline's own year makes its date; one more than a day after the build date (2024-01-05) is refused
    like every other date, and the story is dated as if the dateline had none; one day after is its date."""
    for n, (day, expected) in enumerate(
        (("2024年1月6日", ("2024-01-06", "dateline")), ("2099年12月30日", ("2024-01-05", "build")))
    ):
        tea = TEA.replace("2023年12月30日", day)
        got = _built(tmp_path / str(n), "p.md", tea)
        (story,) = got.values()
        assert (story["date"], story["date_source"]) == expected, day


CREDITED = "### 东部沿海港口吞吐量创新高 航线网络持续扩展\n\n今年以来，东部沿海港口货物吞吐量持续增长，新开通多条国际航线，港口服务能力明显提升。\n\n{}\n"


def test_a_credit_line_crediting_a_report_names_the_source_of_an_otherwise_unnamed_story(tmp_path):
    """#22 audit, defect 8: （据某社电）, 据…报道, 来源：… name the source; a credit that names no one (据了解,
    据外媒报道, 来源：本报) leaves the story unnamed, as a story with no credit is."""
    cases = {
        "（据东方通讯社电）": "东方通讯社",
        "据南山日报报道": "南山日报",
        "(据西江新闻网消息)": "西江新闻网",
        "（据东方通讯社北京7月8日电）": "东方通讯社",
        "（来源：北岭广播电视台）": "北岭广播电视台",
        "据外媒报道": "未注明来源 Unnamed source",
        "来源：本报": "未注明来源 Unnamed source",
        "": "未注明来源 Unnamed source",
    }
    for n, (credit, name) in enumerate(cases.items()):
        got = _built(tmp_path / str(n), "000_923017acd90077f1.md", CREDITED.format(credit))  # an id, not a name
        (story,) = got.values()
        assert story["source_name"] == name, credit
        assert (story["credit"] is not None) == bool(credit), credit  # read as the credit line, not as text
