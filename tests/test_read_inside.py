"""state.read_inside, the one reader of folders written by others (templates, the archive): its size limit
from both sides, and what it says when nothing has the name."""

from __future__ import annotations

import pytest

from briefing.state import Refused, read_inside


def test_a_file_of_exactly_the_limit_is_read_whole_one_byte_more_is_refused_unread(tmp_path):
    (tmp_path / "fits.txt").write_bytes(b"a" * 999 + b"z")
    (tmp_path / "over.txt").write_bytes(b"a" * 1001)
    data, st = read_inside(tmp_path, "fits.txt", 1000)
    assert data == b"a" * 999 + b"z" and st.st_size == 1000
    with pytest.raises(Refused, match="is larger than 1,000 bytes"):
        read_inside(tmp_path, "over.txt", 1000)


def test_a_missing_name_is_file_not_found_naming_the_path(tmp_path):
    with pytest.raises(FileNotFoundError) as missing:
        read_inside(tmp_path, "absent.txt", 1000)
    assert missing.value.filename == str(tmp_path.resolve() / "absent.txt")
    assert str(tmp_path.resolve() / "absent.txt") in str(missing.value)
