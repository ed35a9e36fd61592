"""tests.pagecheck's output-folder rule (#22 tester 8): the folder is resolved before it is looked for in
the reader files, so a relative folder (``.`` is in every file) flags only a file that shows its path."""

from __future__ import annotations

from pathlib import Path

from tests.pagecheck import reader_problems
from tests.test_editorial import built  # noqa: F401 (a fixture: 2024-01-02's files, built with a base URL)

DAY = "2024-01-02"
FLAG = f"{DAY}.email.txt: shows the output folder's path"


def test_a_relative_output_folder_flags_only_the_file_showing_its_path(built, monkeypatch):  # noqa: F811
    out = built
    monkeypatch.chdir(out)
    given = [Path("."), out, Path("..") / out.name]  # relative, absolute, relative through its parent
    assert [reader_problems(g, DAY) for g in given] == [[], [], []]
    email = out / f"{DAY}.email.txt"
    email.write_text(email.read_text("utf-8") + f"\n{out.resolve()}\n", "utf-8")
    for g in given:
        problems = [p for p in reader_problems(g, DAY) if "output folder" in p]
        assert problems == [FLAG], (g, problems)
