"""An archived record's fields read by type (web/store.parse_record): each numeric limit from both sides."""

from __future__ import annotations

import pytest

from briefing.web.store import ROLES, parse_record


def _record(**change) -> dict:
    rec = {
        "url": "https://news.example.org/a/1.html",
        "canonical": "https://news.example.org/a/1.html",
        "final_url": "https://news.example.org/a/1.html",
        "status": 200,
        "headers": {"content-type": "text/html; charset=utf-8"},
        "fetched_at": "2025-07-09T08:00:00+00:00",
        "source": "源A",
        "role": ROLES[0],
        "order": [0, 0],
        "body": "0123456789abcdef.html",
        "sha256": "ab" * 32,
        "run": 1,
    }
    rec.update(change)
    return rec


def test_a_whole_record_is_read():
    rec = parse_record(_record())
    assert (rec.status, rec.run, rec.order, rec.body) == (200, 1, [0, 0], "0123456789abcdef.html")


@pytest.mark.parametrize("status", [100, 599])
def test_a_status_at_either_end_of_the_range_is_read(status):
    assert parse_record(_record(status=status)).status == status


@pytest.mark.parametrize("status", [99, 600])
def test_a_status_just_outside_the_range_is_refused(status):
    with pytest.raises(ValueError, match=rf"status must be an HTTP status \(100 to 599\), not {status}"):
        parse_record(_record(status=status))


def test_run_from_one_a_run_of_zero_or_a_boolean_is_refused():
    assert parse_record(_record(run=1)).run == 1 and parse_record(_record(run=7)).run == 7
    for bad in (0, True, "1"):
        with pytest.raises(ValueError, match="run must be a whole number from 1"):
            parse_record(_record(run=bad))


def test_a_checksum_must_be_64_hexadecimal_digits():
    assert parse_record(_record(sha256="0f" * 32)).sha256 == "0f" * 32
    for bad in ("ab" * 31, "ab" * 32 + "0", "zz" * 32):
        with pytest.raises(ValueError, match="sha256 must be 64 hexadecimal digits"):
            parse_record(_record(sha256=bad))
