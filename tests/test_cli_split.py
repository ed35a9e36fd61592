"""`briefing split` through click's CliRunner, the reader's bad-input handling,
and the promise that importing briefing stays light."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from briefing.cli import main
from briefing.reader import decode
from tests.conftest import SEED


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def test_split_json_on_seed():
    res = run("split", "--format", "json", str(SEED))
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert len(data["articles"]) == 6
    first = data["articles"][0]
    assert {"id", "title", "title_derived", "byline", "dateline", "credit", "continuation", "paragraphs"} <= set(first)
    assert all({"text", "reason"} <= set(r) for r in data["removed"])
    again = json.loads(run("split", "--format", "json", str(SEED)).stdout)
    assert [a["id"] for a in again["articles"]] == [a["id"] for a in data["articles"]]


def test_split_text_format_for_people():
    res = run("split", str(SEED))
    assert res.exit_code == 0
    assert res.stdout.count("\n[") + res.stdout.startswith("[") == 6
    assert "derived title" in res.stdout


def test_split_folder_and_stdin(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "p.txt").write_text(SEED.read_text("utf-8"), "utf-8")
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"id": "x1", "title": "标题", "text": "正文一句。"}, ensure_ascii=False) + "\n", "utf-8"
    )
    res = run("split", "--format", "json", str(tmp_path))
    data = json.loads(res.stdout)
    assert res.exit_code == 0
    assert data["articles"][0]["id"] == "x1"  # a.jsonl sorts before b/
    assert len(data["articles"]) == 7
    res = run("split", "--format", "json", "-", input=SEED.read_bytes())
    assert len(json.loads(res.stdout)["articles"]) == 6


def test_bad_inputs_each_get_one_line_and_the_rest_goes_on(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x7fELF\x00\x01\x02" * 50)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "好的。"}\n{not json}\n{"id": 3}\n', "utf-8")
    res = run("split", "--format", "json", str(empty), str(binary), str(bad), str(SEED), str(tmp_path / "missing.txt"))
    assert res.exit_code == 1
    errors = [line for line in res.stderr.splitlines() if line.startswith("briefing: error:")]
    assert len(errors) == 5
    assert any("empty.txt: empty input" in e for e in errors)
    assert any("bin.txt" in e and "binary" in e for e in errors)
    assert any("bad.jsonl:2: invalid JSON" in e for e in errors)
    assert any("bad.jsonl:3" in e for e in errors)
    assert any("missing.txt" in e for e in errors)
    assert "Traceback" not in res.output
    assert len(json.loads(res.stdout)["articles"]) == 7


def test_size_limit_is_clear_and_raisable(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(SEED.read_text("utf-8") * 60, "utf-8")  # about 1.6 MB
    res = run("split", "--max-mb", "1", str(big))
    assert res.exit_code == 1 and "over the 1 MB limit" in res.stderr
    assert run("split", "--max-mb", "5", str(big)).exit_code == 0
    (tmp_path / "c.toml").write_text("max_input_mb = 1\n")
    res = CliRunner(env={"BRIEFING_CONFIG": str(tmp_path / "c.toml")}).invoke(main, ["split", str(big)])
    assert res.exit_code == 1 and "limit" in res.stderr


def test_usage_error_exit_code():
    assert run("split").exit_code == 2
    assert run("split", "--format", "xml", str(SEED)).exit_code == 2


def test_decode_encodings():
    text = "新华社北京7月8日电 国务院办公厅印发意见，优化政务服务。"
    for codec in ("utf-8", "gb18030", "big5"):
        data = text.encode(codec, errors="ignore") if codec == "big5" else text.encode(codec)
        expected = data.decode(codec)
        assert decode(data, "x") == expected, codec
    assert decode(b"\xef\xbb\xbf" + text.encode(), "x") == text


CHINESE = "某市园林部门介绍，今年以来全市新建和改造公园绿地四十余处，新增城市绿地一百二十公顷。" * 40


def test_decode_a_chinese_page_with_a_few_broken_bytes():
    """A GBK page cut mid-character or badly copied: read, with those bytes replaced (it was refused whole)."""
    data = CHINESE.encode("gbk")
    broken = data[:100] + b"\xff" + data[100:2000] + b"\xff\xff" + data[2000:] + b"\xff"
    text = decode(broken, "x")
    assert text.count("\ufffd") == 4 and text.replace("\ufffd", "").count("公园绿地") == 40
    many = b"\xff".join(data[i : i + 200] for i in range(0, len(data), 200))  # one in 200 bytes: too many
    import pytest

    from briefing.errors import InputError

    with pytest.raises(InputError, match="undecodable"):
        decode(many, "x")


def test_decode_bytes_that_are_no_chinese_in_gb18030_by_charset_normalizer():
    """Shift-JIS bytes are valid GB18030 but read as no Chinese: charset-normalizer names them."""
    japanese = "東京都は今日、新しい計画を発表しました。市民の生活を支える政策が含まれています。" * 5
    korean = "서울시는 오늘 새로운 계획을 발표했습니다. 시민들의 생활을 지원하는 정책이 포함되어 있습니다." * 5
    assert decode(japanese.encode("shift_jis"), "x") == japanese
    assert decode(korean.encode("euc-kr"), "x") == korean
    assert decode(CHINESE.encode("gbk"), "x") == CHINESE  # Chinese stays with the project's own reading


def test_undecodable_bytes_named():
    import pytest

    from briefing.errors import InputError

    with pytest.raises(InputError, match="undecodable"):
        decode(b"\xff\xfe\xfd\xfc" * 10 + b"\x81", "weird.txt")


def test_import_and_help_stay_light():
    code = (
        "import sys, briefing, briefing.cli, briefing.splitter, briefing.reader;"
        "from click.testing import CliRunner; CliRunner().invoke(briefing.cli.main, ['--help']);"
        "print(sorted(m for m in ('torch','transformers','ctranslate2','jieba') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
