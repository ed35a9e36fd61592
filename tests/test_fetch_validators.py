"""#17: ETag and Last-Modified come from servers: only what can be sent back as it came is kept, and a
damaged store costs full downloads, never a run."""

from __future__ import annotations

import sqlite3

import pytest

from briefing.web.fetcher import MAX_VALIDATOR, ValidatorStore

URL = "https://example.org/a.html"


def stored(tmp_path, etag, last_modified) -> dict[str, str]:
    store = ValidatorStore(tmp_path / "fetch.sqlite3")
    store.put(URL, etag, last_modified)
    store.close()
    again = ValidatorStore(tmp_path / "fetch.sqlite3")  # what a later run reads
    try:
        return again.get(URL)
    finally:
        again.close()


def test_validators_up_to_the_bound_are_kept_one_character_more_is_not(tmp_path):
    longest = '"' + "a" * (MAX_VALIDATOR - 2) + '"'
    assert stored(tmp_path / "1", longest, None) == {"If-None-Match": longest}
    assert stored(tmp_path / "2", longest + "b", None) == {}


BAD = ['"café"', '"例"', '"a\r\nX-Evil: 1"', '"tab\there"', '"nul\x00"', "", '"\x7f"']


@pytest.mark.parametrize("bad", BAD)
def test_a_validator_that_could_not_be_sent_back_is_dropped_the_other_kept(tmp_path, bad):
    when = "Tue, 08 Jul 2025 01:00:00 GMT"
    assert stored(tmp_path / "e", bad, when) == {"If-Modified-Since": when}
    assert stored(tmp_path / "l", '"v1"', bad) == {"If-None-Match": '"v1"'}


@pytest.mark.parametrize("bad", [*BAD, b"\xff\xfe", b'"v1"'])
def test_a_damaged_stored_validator_is_not_sent(tmp_path, bad):
    """A row another version, a hand edit or a damaged file left (text that cannot be sent, bytes): that
    validator is skipped, the good one of the same row still sent."""
    path = tmp_path / "fetch.sqlite3"
    ValidatorStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO validators VALUES (?, ?, ?, ?)", (URL, bad, "Tue, 08 Jul 2025 01:00:00 GMT", "x"))
    store = ValidatorStore(path)
    try:
        assert store.get(URL) == {"If-Modified-Since": "Tue, 08 Jul 2025 01:00:00 GMT"}
    finally:
        store.close()
