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


# -- a link swapped in between the check and the open (time of check, time of use) ------------------------

SECRET = b"outside the folder: never to be read"


@pytest.fixture
def swap_after_resolve(monkeypatch):
    """``arm(path, swap)``: the first strict resolve of ``path`` returns, then ``swap()`` runs, as if another
    process changed the folder between read_inside's check and its open."""
    from pathlib import Path

    original = Path.resolve
    armed: dict = {}

    def resolve(self, strict=False):
        found = original(self, strict=strict)
        if strict and armed and found == armed["path"]:
            armed.pop("swap")()
            armed.clear()
        return found

    def arm(path, swap):
        armed.update(path=path.resolve(), swap=swap)

    monkeypatch.setattr(Path, "resolve", resolve)
    yield arm
    assert not armed, "the swap never happened: no test"


def swap_for_link(inside, outside):
    def swap():
        inside.rename(inside.with_name(inside.name + ".old"))
        inside.symlink_to(outside)

    return swap


def folders(tmp_path):
    root, out = tmp_path / "tpl", tmp_path / "elsewhere"
    (root / "parts").mkdir(parents=True)
    (out / "parts").mkdir(parents=True)
    (root / "parts" / "page.j2").write_text("inside\n")
    (out / "parts" / "page.j2").write_bytes(SECRET)
    return root, out


def test_a_folder_swapped_for_a_link_out_after_the_check_is_refused(tmp_path, swap_after_resolve):
    root, out = folders(tmp_path)
    swap_after_resolve(root / "parts" / "page.j2", swap_for_link(root / "parts", out / "parts"))
    with pytest.raises(Refused, match="changed into a link while it was opened"):
        read_inside(root, "parts/page.j2", 1000)


def test_a_file_swapped_for_a_link_out_after_the_check_is_refused(tmp_path, swap_after_resolve):
    root, out = folders(tmp_path)
    page = root / "parts" / "page.j2"
    swap_after_resolve(page, swap_for_link(page, out / "parts" / "page.j2"))
    with pytest.raises(Refused, match="changed into a link while it was opened"):
        read_inside(root, "parts/page.j2", 1000)


def test_without_a_swap_links_inside_the_folder_are_still_followed(tmp_path):
    root, out = folders(tmp_path)
    (root / "alias").symlink_to(root / "parts")
    (root / "page-link.j2").symlink_to(root / "parts" / "page.j2")
    assert read_inside(root, "alias/page.j2", 1000)[0] == b"inside\n"
    assert read_inside(root, "page-link.j2", 1000)[0] == b"inside\n"
    (root / "out-link.j2").symlink_to(out / "parts" / "page.j2")
    with pytest.raises(Refused, match="leads out of its folder"):
        read_inside(root, "out-link.j2", 1000)


def test_a_build_whose_template_folder_is_swapped_for_a_link_out_says_so_in_one_line(tmp_path, swap_after_resolve):
    """Through `briefing build --templates`: the template's folder becomes a link out between the check and
    the open; one line naming the template (exit 2), nothing of the outside file in the output."""
    from tests.conftest import SEED
    from tests.faults import DATE, cli, one_line_error, published

    root, out = folders(tmp_path)
    (root / "briefing.md.j2").write_text('{% include "parts/page.j2" %}\n')
    (out / "parts" / "page.j2").write_text("{{ 'LEAKED' }}\n")
    swap_after_resolve(root / "parts" / "page.j2", swap_for_link(root / "parts", out / "parts"))
    res = cli("-q", "build", str(SEED), "--out", str(tmp_path / "out"), "--date", DATE, "--templates", str(root))
    one_line_error(res, 2, "template briefing.md.j2", "changed into a link while it was opened")
    assert "LEAKED" not in res.output and published(tmp_path / "out") == {}


# -- what is not a regular file is refused before it is opened ------------------------------------------


def test_a_pipe_in_the_folder_is_refused_without_being_opened(tmp_path):
    """Opening a named pipe to read, even without blocking, releases a writer waiting to open its other end
    (as opening a device can rewind a tape or start a watchdog): it is refused from its status, never
    opened. A writer blocked in open() proves which: it stays blocked."""
    import os
    import threading
    import time

    fifo = tmp_path / "briefing.md.j2"
    os.mkfifo(fifo)
    opened = threading.Event()

    def writer() -> None:
        fd = os.open(fifo, os.O_WRONLY)  # blocks until a reader opens the pipe
        opened.set()
        os.close(fd)

    waiting = threading.Thread(target=writer, daemon=True)
    waiting.start()
    time.sleep(0.3)  # the writer is in open() by then
    try:
        with pytest.raises(Refused, match="is not a regular file"):
            read_inside(tmp_path, "briefing.md.j2", 1000)
        assert not opened.wait(0.5), "the pipe was opened"
    finally:
        release = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # let the writer finish
        waiting.join(5)
        os.close(release)
    assert opened.is_set()  # the writer was waiting all along: the test could see an open


def test_a_folder_where_a_file_is_named_is_refused_as_no_regular_file(tmp_path):
    (tmp_path / "briefing.md.j2").mkdir()
    with pytest.raises(Refused, match="is not a regular file"):
        read_inside(tmp_path, "briefing.md.j2", 1000)
