"""A JSONL item's dateline, credit and date are read as a page's are, an unread date is said, and a story whose
only date is the build date shows no date to readers (#22 audit, defect 7)."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from briefing.cli import main
from tests.test_reader import BASE, build, jsonl, reader_files

# Stories written for these tests, each opening with a dateline (and a reporter), one closing with a credit.
STORIES = [
    (
        "东湖举办花市",
        "东方通讯社东湖7月8日电（记者甲乙丙）东湖市今天举办迎春花市，市民纷纷前往选购鲜花。\n花市持续多日，吸引了众多游客。",
    ),
    ("西岭开通新线", "本报讯（记者丁戊）西岭市今天开通地铁新线，沿线居民出行更加便捷。\n新线全长二十公里。"),
    ("南山果农丰收", "南山县的果园今年迎来丰收，果农忙着采摘销售。\n收购商纷纷上门。\n（据东方通讯社电）"),
]
FIELDS = ("title", "paragraphs", "dateline", "byline", "credit", "date", "date_source", "year_guessed", "source_name")


def _split(path) -> list[dict]:
    res = CliRunner().invoke(main, ["split", str(path), "--format", "json"])
    assert res.exit_code == 0, res.output
    return [{k: a[k] for k in FIELDS} for a in json.loads(res.stdout)["articles"]]


def test_a_jsonl_item_without_metadata_fields_reads_as_the_same_story_on_a_page(tmp_path):
    for n, (title, text) in enumerate(STORIES):
        page = tmp_path / f"页面{n}.txt"
        page.write_text(f"{title}\n\n{text}\n", "utf-8")
        item = jsonl(tmp_path / f"条目{n}.jsonl", [{"id": "x", "title": title, "text": text, "source": "东方通讯社"}])
        (from_page,), (from_item,) = _split(page), _split(item)
        from_page["source_name"] = "东方通讯社"  # the one difference: the item names its source
        assert from_item == from_page, title
    assert from_page["credit"] and from_page["credit"] not in " ".join(from_page["paragraphs"])


def test_a_jsonl_date_without_a_year_is_read_as_a_datelines_and_an_unread_one_is_said_once(tmp_path):
    rows = [
        {"id": "a", "title": "东湖举办花市", "text": "东湖市今天举办迎春花市。", "date": "7月8日"},
        {"id": "b", "title": "西岭开通新线", "text": "西岭市今天开通地铁新线。", "date": "12-01"},
        {"id": "c", "title": "北川举办论坛", "text": "北川今天举办论坛。", "date": "2024-12-01"},
    ]
    src = jsonl(tmp_path / "items.jsonl", rows)
    res = CliRunner().invoke(main, ["split", str(src), "--format", "json"])  # split's build date is today
    assert res.exit_code == 0, res.output
    got = {a["title"]: (a["date"], a["date_source"], a["year_guessed"]) for a in json.loads(res.stdout)["articles"]}
    today = got["西岭开通新线"][0]
    year = int(today[:4]) if f"{today[:4]}-07-08" <= today else int(today[:4]) - 1  # never after the build date
    assert got == {
        "东湖举办花市": (f"{year}-07-08", "article", True),  # its month and day, the year assumed (and marked)
        "西岭开通新线": (today, "build", False),  # unread: dated as if it gave none, and said
        "北川举办论坛": ("2024-12-01", "article", False),
    }
    said = [line for line in res.stderr.splitlines() if "not read" in line]
    assert said == [
        f"briefing: {src}:2: «西岭开通新线»: date '12-01' not read (a year, month and day are needed); "
        "the story is dated as if it gave none"
    ]


def test_a_story_dated_only_by_the_build_shows_no_date_to_readers(tmp_path):
    out, day = tmp_path / "out", "2024-05-20"
    dated = {
        "id": "d",
        "title": "东湖举办花市",
        "text": "东湖市今天举办迎春花市，市民纷纷前往选购鲜花。",
        "date": "2024-05-19",
    }
    undated = {"id": "u", "title": "西岭开通新线", "text": "西岭市今天开通地铁新线，沿线居民出行更加便捷。"}
    res = build(str(jsonl(tmp_path / "a.jsonl", [dated, undated])), "--out", str(out), "--date", day,
                "--base-url", BASE)  # fmt: skip
    assert res.exit_code == 0, res.output
    items = {i["title"]: i["_briefing"] for i in json.loads((out / f"{day}.json").read_text("utf-8"))["items"]}
    assert (items["西岭开通新线"]["date"], items["西岭开通新线"]["date_source"]) == (day, "build")  # the JSON says so
    files = reader_files(out, day)
    html, md, mail = files[f"{day}.html"], files[f"{day}.md"], files[f"{day}.email.txt"]
    assert '<time datetime="2024-05-19">' in html and f'<time datetime="{day}">' not in html
    for text in (md, mail):
        assert "2024-05-19 · " in text and f"{day} · " not in text
    feed = {i["title"]: i for i in json.loads(files["feed.json"])["items"]}
    assert feed["东湖举办花市"]["_briefing"]["story_date"] == "2024-05-19"
    assert feed["西岭开通新线"]["_briefing"]["story_date"] is None
    assert not re.search(rf"{day}\D", feed["西岭开通新线"]["content_text"] + "\n")
    atom = files["feed.atom"]
    assert "2024-05-19 · " in atom and f"{day} · " not in atom
