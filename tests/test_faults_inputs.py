"""Hostile inputs: each bad one costs only itself, in one line, never a hang.

Every build case feeds the seed page beside the bad input and checks the exit
code, that stderr holds exactly one line naming the bad input (no traceback),
and that the seed's stories are in the written briefing.  Cases that used to
hang (backtracking regexes, quadratic HTML parsing, FIFOs, devices) run under
a timeout.
"""

from __future__ import annotations

import errno
import json
import os
import threading
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing import reader
from briefing.cli import main
from briefing.patterns import BYLINE_RE, CONTINUATION_END_RE, CONTINUATION_START_RE
from briefing.reader import ReadOptions, display_name, heading, hide_stray_lt, html_blocks, parse, read_inputs
from briefing.splitter import REJOIN_MAX, split_document
from tests.conftest import SEED
from tests.faults import DATE, one_line_error

SEED_TITLE = "探访百团大战纪念馆"  # one of the seed's six stories
BODY = "今天上午，有关部门召开专题会议，研究部署下一阶段的重点工作。会议要求，各单位要抓好落实，确保各项任务按期完成。"

BODY2 = "另据介绍，城市公园将在本周末延长开放时间，方便市民游览。园方提醒游客注意安全，文明游园。"
BODY3 = "第三则消息称，图书馆新增了自助借还设备，读者办理业务更加便捷。馆方还延长了周末的开放时间。"


def build(tmp_path: Path, *inputs: str | Path, extra: tuple[str, ...] = ()):
    """``briefing -q build SEED *inputs``: only problem lines reach stderr."""
    out = tmp_path / "out"
    args = ["-q", "build", str(SEED), *map(str, inputs), "--out", str(out), "--date", DATE, *extra]
    return CliRunner().invoke(main, args), out


def one_problem(res, out: Path, code: int, *needles: str) -> str:
    """One error line holding ``needles``, exit ``code``, and the seed's stories written all the same."""
    line = one_line_error(res, code, *needles)
    assert SEED_TITLE in (out / f"{DATE}.md").read_text("utf-8")
    return line


def clean(res, out: Path) -> dict:
    """The run succeeded without a word on stderr; the JSON Feed it wrote."""
    assert res.exit_code == 0, res.output
    assert res.stderr == ""
    assert SEED_TITLE in (out / f"{DATE}.md").read_text("utf-8")
    return json.loads((out / f"{DATE}.json").read_text("utf-8"))


def page(title: str) -> str:
    return f"{title}\n\n{BODY}\n"


# --- inputs that hung -----------------------------------------------------------------


@pytest.mark.timeout(5)
def test_heading_followed_by_thousands_of_spaces_is_linear():
    line = "## 标题" + " " * 200_000 + "尾 ##"
    assert heading(line) == (2, "标题" + " " * 200_000 + "尾")
    assert heading("# " + " " * 200_000 + "#" * 3) == (1, "")
    assert heading("#######  not a heading") is None


@pytest.mark.timeout(60)
def test_build_with_headings_padded_by_spaces(tmp_path):
    md = tmp_path / "pad.md"
    md.write_text(f"## 会议一{' ' * 6000}x\n\n{BODY}\n\n## 会议二{' ' * 6000}\n\n{BODY2}\n", "utf-8")
    res, out = build(tmp_path, md)
    titles = [i["title"] for i in clean(res, out)["items"]]
    assert any(t.startswith("会议一") for t in titles) and "会议二" in titles


@pytest.mark.timeout(10)
def test_three_megabytes_of_lt_parse_in_seconds():
    blocks = html_blocks("<p>" + "<" * 3_000_000 + "</p><p>正文。</p>")
    assert [len(b.text) for b in blocks] == [3_000_000, 3]
    blocks = html_blocks("<p>" + "<a" * 1_000_000 + "</p>")  # "<" + letter with no ">" before the next "<"
    assert blocks[0].text == "<a" * 1_000_000


def test_stray_lt_kept_as_text_and_tags_still_parsed():
    html = '<p>a < b, c<d</p><p title="x>y">2 &lt; 3</p><!-- <p>hidden</p> --><h2>标题</h2>'
    assert [b.text for b in html_blocks(html)] == ["a < b, c<d", "2 < 3", "标题"]
    assert hide_stray_lt("<<<") == reader._LT * 3


@pytest.mark.timeout(60)
def test_build_with_three_megabytes_of_lt(tmp_path):
    html = tmp_path / "lt.html"
    html.write_text(f"<h2>尖括号</h2><p>{BODY}" + "<" * 3_000_000 + "</p>", "utf-8")
    res, out = build(tmp_path, html)
    assert "尖括号" in [i["title"] for i in clean(res, out)["items"]]


@pytest.mark.timeout(10)
def test_marker_patterns_do_not_backtrack_on_long_spaces():
    em = "\u2003" * 30_000  # em spaces survive normalization
    assert not CONTINUATION_START_RE.match("（转" + em + "x")
    assert not CONTINUATION_END_RE.search("正文" + em + "（转" + em + "x")
    assert not BYLINE_RE.match("记者" + em + "：" + em + "x")
    assert CONTINUATION_END_RE.search("正文（转第 3 版）") and BYLINE_RE.match("记者 张三")


@pytest.mark.timeout(30)
def test_fifo_without_writer_is_given_up(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "IDLE_TIMEOUT", 1.0)
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    res, out = build(tmp_path, fifo)
    one_problem(res, out, 1, "feed.txt", "no data for 1 s")


@pytest.mark.timeout(30)
def test_fifo_with_a_writer_is_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "w", encoding="utf-8") as f:
            f.write(page("管道来稿"))

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    res, out = build(tmp_path, fifo)
    writer.join(5)
    assert "管道来稿" in [i["title"] for i in clean(res, out)["items"]]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_read_with_a_cap(tmp_path, device):
    res, out = build(tmp_path, device, extra=("--max-mb", "1"))
    one_problem(res, out, 1, device, "over the 1 MB limit")


def test_small_limit_is_not_rounded_to_zero(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(page("稍长的稿件") * 5, "utf-8")
    opts = ReadOptions(max_bytes=100)
    docs, errors = read_inputs([str(big)], opts)
    assert docs == [] and len(errors) == 1
    message = errors[0].message
    assert "over the 100 bytes limit" in message and "0 MB" not in message


# --- one input used to kill the whole build ------------------------------------------


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"text": "正文。", "n": ' + "7" * 5000 + "}", "number too long"),
    ],
    ids=["nested-100k", "5000-digits"],
)
def test_jsonl_line_that_breaks_the_parser_is_one_failure(tmp_path, line, needle):
    jsonl = tmp_path / "feed.jsonl"
    good = json.dumps({"id": "ok", "title": "好记录", "text": BODY}, ensure_ascii=False)
    jsonl.write_text(good + "\n" + line + "\n", "utf-8")
    res, out = build(tmp_path, jsonl)
    one_problem(res, out, 1, "feed.jsonl:2", needle)
    assert "好记录" in (out / f"{DATE}.md").read_text("utf-8")


def test_file_name_not_utf8_is_read_and_named_escaped(tmp_path):
    good = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.txt"))
    good.write_text(page("怪名来稿"), "utf-8")
    bad = Path(os.fsdecode(bytes(tmp_path) + b"/bad\xff.txt"))
    bad.write_bytes(b"\x00\x01binary")
    res, out = build(tmp_path, good, bad)
    one_problem(res, out, 1, "bad\\xff.txt", "binary")
    data = json.loads((out / f"{DATE}.json").read_text("utf-8"))
    item = next(i for i in data["items"] if i["title"] == "怪名来稿")
    assert "caf\\xe9" in item["_briefing"]["sources"][0] and "caf\\xe9.txt" in display_name(good)


def test_newline_in_file_name_keeps_the_error_on_one_line(tmp_path):
    bad = tmp_path / "two\nlines.txt"
    bad.write_bytes(b"\x00\x01binary")
    res, out = build(tmp_path, bad)
    one_problem(res, out, 1, '"', "two\\nlines.txt")


def _deny(monkeypatch, blocked: Path, call: str) -> None:
    """Make ``os.<call>`` fail with EACCES under ``blocked`` (root ignores chmod)."""
    real = getattr(os, call)

    def fake(path, *args, **kwargs):
        p = os.fspath(path)
        if isinstance(p, str) and (p == str(blocked) if call == "scandir" else p.startswith(str(blocked) + os.sep)):
            raise PermissionError(errno.EACCES, "Permission denied", p)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, call, fake)


@pytest.mark.parametrize(
    ("mode", "call", "needle"),
    [(0o300, "scandir", "cannot be read"), (0o600, "stat", "listed but not entered")],
    ids=["unreadable", "listable-not-enterable"],
)
def test_subfolder_denied_is_one_failure(tmp_path, monkeypatch, mode, call, needle):
    folder = tmp_path / "news"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "a.txt").write_text(page("锁住的稿件"), "utf-8")
    (folder / "open.txt").write_text(page("开放的稿件"), "utf-8")
    if os.geteuid() == 0:
        _deny(monkeypatch, folder / "locked", call)
    else:
        (folder / "locked").chmod(mode)
    try:
        res, out = build(tmp_path, folder)
    finally:
        (folder / "locked").chmod(0o755)
    one_problem(res, out, 1, "locked", needle)
    md = (out / f"{DATE}.md").read_text("utf-8")
    assert "开放的稿件" in md and "锁住的稿件" not in md


# --- JSONL records --------------------------------------------------------------------


def test_jsonl_line_separators_inside_strings_do_not_split_records(tmp_path):
    jsonl = tmp_path / "seps.jsonl"
    records = [
        {"id": f"r{n}", "title": f"分隔符{n}", "text": f"第一段。{sep}{body}"}
        for n, (sep, body) in enumerate(zip("\u2028\u2029\x85", [BODY, BODY2, BODY3], strict=True))
    ]
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", "utf-8")
    assert "\u2028" in jsonl.read_text("utf-8")  # raw, as JSON allows
    res, out = build(tmp_path, jsonl)
    titles = {i["title"] for i in clean(res, out)["items"]}
    assert {"分隔符0", "分隔符1", "分隔符2"} <= titles


def test_repeated_jsonl_ids_give_unique_feed_ids(tmp_path):
    jsonl = tmp_path / "dup.jsonl"
    texts = [
        BODY,
        "另一则消息说，城市公园将在本周末延长开放时间，方便市民游览。",
        "第三则消息称，图书馆新增了自助借还设备，读者办理业务更加便捷。",
    ]
    records = [{"id": "same", "title": f"同号{n}", "text": t} for n, t in enumerate(texts)]
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", "utf-8")
    res, out = build(tmp_path, jsonl)
    ids = [i["id"] for i in clean(res, out)["items"]]
    assert len(ids) == len(set(ids))
    assert sorted(i for i in ids if i.startswith("same")) == ["same", "same-2", "same-3"]


# --- encodings ------------------------------------------------------------------------


@pytest.mark.parametrize(("codec", "flag"), [("utf-16", ()), ("utf-16-le", ("--encoding", "utf-16-le"))])
def test_utf16_is_read(tmp_path, codec, flag):
    f = tmp_path / "wide.txt"
    f.write_bytes(page("双字节来稿").encode(codec))  # "utf-16" writes a BOM, "utf-16-le" none
    assert f.read_bytes().startswith(b"\xff\xfe") == (codec == "utf-16")
    if not flag:
        res, out = build(tmp_path, f)
        assert "双字节来稿" in [i["title"] for i in clean(res, out)["items"]]
        return
    # --encoding applies to every input, so this build reads the UTF-16 file alone
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["-q", "build", str(f), "--out", str(out), "--date", DATE, *flag])
    assert res.exit_code == 0 and res.stderr == ""
    assert "双字节来稿" in (out / f"{DATE}.md").read_text("utf-8")


@pytest.mark.parametrize("name", ["no-such-codec", "rot13"])
def test_unknown_encoding_is_a_usage_error(tmp_path, name):
    res, out = build(tmp_path, extra=("--encoding", name))
    one_line_error(res, 2, "encoding", name)
    assert not out.exists()


# --- named, never skipped in silence ---------------------------------------------------


def test_symlinked_subfolder_is_followed_once(tmp_path):
    folder, elsewhere = tmp_path / "news", tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    (elsewhere / "a.txt").write_text(page("链接来稿"), "utf-8")
    (folder / "linked").symlink_to(elsewhere)
    (folder / "again").symlink_to(elsewhere)  # the same folder twice: read once
    res, out = build(tmp_path, folder)
    data = clean(res, out)
    assert [i["title"] for i in data["items"]].count("链接来稿") == 1


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda f: (f / "loop").symlink_to(f), "symbolic link loop"),
        (lambda f: (f / "gone.txt").symlink_to(f / "missing.txt"), "dangling symbolic link"),
        (lambda f: (f / "self.txt").symlink_to(f / "self.txt"), "symbolic link loop"),
        (lambda f: os.mkfifo(f / "pipe.txt"), "not a regular file"),
        (lambda f: (f / "furniture.txt").write_text("责任编辑：张三\n第3版\n", "utf-8"), "no article with text"),
    ],
    ids=["folder-loop", "dangling", "self-link", "fifo-in-folder", "no-article"],
)
def test_folder_entries_skipped_are_named(tmp_path, make, needle):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "ok.txt").write_text(page("正常来稿"), "utf-8")
    make(folder)
    res, out = build(tmp_path, folder)
    one_problem(res, out, 1, needle)
    assert "正常来稿" in (out / f"{DATE}.md").read_text("utf-8")
    assert needle in (out / ".briefing" / "reports" / f"{DATE}.txt").read_text("utf-8")  # in the run's report
    assert needle not in (out / f"{DATE}.html").read_text("utf-8")  # not on the reader's page


# --- memory ---------------------------------------------------------------------------


@pytest.mark.timeout(30)
def test_unpunctuated_lines_are_not_rejoined_into_one_giant_paragraph():
    line = "没有标点的文字" * 20
    result = split_document(parse("\n".join([line] * 20_000), "long.txt", ".txt", []))  # 2.8 million characters
    assert result.articles
    assert max(len(p) for a in result.articles for p in a.paragraphs) <= REJOIN_MAX


@pytest.mark.timeout(60)
def test_keywords_of_unpunctuated_text_stay_small_in_memory():
    from briefing.records import Article
    from briefing.summarizers.keywords import keywords

    keywords(Article("热身", ["热身文字。"]))  # jieba's dictionary is loaded outside the measurement
    text = ("没有标点的长文本里有很多词语" * 5_000)[:60_000]
    tracemalloc.start()
    try:
        keywords(Article("无标点", [text]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * len(text.encode("utf-8")), peak  # one jieba block for the whole text: ~100x
