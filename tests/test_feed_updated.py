"""The published ``feed.atom``'s times are untrusted (tester #22, defects 1 and 2): an ``updated`` of the
feed or of an entry that is no RFC 3339 date-time with a zone, or lies before 1970 or more than a day after
the build, is damaged -- one warning line naming the file, the build's time used instead, the new day
published; never a traceback.  ``SOURCE_DATE_EPOCH=0`` is 1970-01-01T00:00:00Z; empty is unset."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from briefing.cli import main
from briefing.config import load_options
from briefing.errors import ConfigError
from briefing.feeds import atom_bytes, atom_document, build_time, updated_atom
from briefing.history import Day, PastItem

BASE = "https://news.example.org/daily/"
ATOM = "{http://www.w3.org/2005/Atom}"
TZ = "Asia/Shanghai"
ONE = {"id": "one", "title": "新建公园向市民开放", "text": "城东新建的湿地公园今天起向市民免费开放。"}
TWO = {"id": "two", "title": "夏粮收购工作全面展开", "text": "各地夏粮收购工作全面展开，收购进度快于去年。"}
T1, T2 = 1716260000, 1716350000  # the two builds' times (2024-05-21, 2024-05-22)
LATEST = dt.datetime.fromtimestamp(T2, dt.UTC) + dt.timedelta(days=1)  # the last time the second build keeps


def build(tmp: Path, out: Path, rows: list[dict], date: str, epoch: str | None) -> tuple[int, str]:
    src = tmp / f"{date}.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    res = CliRunner(env={"SOURCE_DATE_EPOCH": epoch}).invoke(
        main, ["build", str(src), "--out", str(out), "--date", date, "--base-url", BASE]
    )
    return res.exit_code, res.output


def atom(out: Path) -> etree._Element:
    return etree.fromstring((out / "feed.atom").read_bytes())


def entries(out: Path) -> dict[str, str]:
    return {e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}updated") for e in atom(out).iterfind(f"{ATOM}entry")}


def first_day(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    code, output = build(tmp_path, out, [ONE], "2024-05-21", str(T1))
    assert code == 0, output
    return out


def put_updated(out: Path, where: str, value: str) -> None:
    """The published feed with ``value`` as its own (``feed``) or its entry's ``updated``."""
    text = (out / "feed.atom").read_text("utf-8")
    head, entry = text.split("<entry>", 1)
    if where == "feed":
        head, n = re.subn(r"<updated>[^<]*</updated>", f"<updated>{value}</updated>", head, count=1)
    else:
        entry, n = re.subn(r"<updated>[^<]*</updated>", f"<updated>{value}</updated>", entry, count=1)
    assert n == 1
    (out / "feed.atom").write_text(f"{head}<entry>{entry}", "utf-8")


def iso(when: dt.datetime) -> str:
    return when.isoformat().replace("+00:00", "Z")


DAMAGED = [
    "2024-05-21",  # a date alone
    "20240521T000000",  # basic format
    "2024-05-21 00:00",  # no seconds, no zone
    "2024-05-21T00:00:00",  # no zone
    "2024-05-21T00:00:00.5",  # no zone, a fraction
    "2024-W21-2",  # a week date
    "2024-142",  # an ordinal date
    "2024-05-21T00:00:00+0800",  # an offset without its colon
    "2024-05-21T24:00:00Z",  # hour 24
    "2024-02-30T00:00:00Z",  # no such day
    "9999-12-31T23:59:59+08:00",  # far after the build
    "0001-01-01T00:00:00+00:00",  # far before 1970
    "1969-12-31T23:59:59Z",  # a second before 1970
    iso(LATEST + dt.timedelta(seconds=1)),  # a second after the build's day
    "",
    "soon",
    "2024-05-21T00:00:00Z" + "0" * 5000,
]


@pytest.mark.parametrize("where", ["feed", "entry"])
@pytest.mark.parametrize("value", DAMAGED, ids=lambda v: v[:30] or "empty")
def test_a_damaged_published_updated_is_one_warning_and_the_build_time(tmp_path, where, value):
    out = first_day(tmp_path)
    put_updated(out, where, value)
    code, output = build(tmp_path, out, [TWO], "2024-05-22", str(T2))
    assert code == 0, output
    lines = [line for line in output.splitlines() if line.strip()]
    warnings = [line for line in lines if "warning" in line]
    assert len(warnings) == 1, output
    assert str(out / "feed.atom") in warnings[0] and "Traceback" not in output
    now = build_time(T2, TZ)
    assert entries(out)[TWO["title"]] == "2024-05-22T00:00:00+08:00"  # the new day is published
    assert (out / "2024-05-22.html").is_file()
    assert atom(out).findtext(f"{ATOM}updated") == now  # the feed changed: the build's time
    if where == "entry":
        assert entries(out)[ONE["title"]] == now  # the damaged entry's time: the build's


@pytest.mark.parametrize("where", ["feed", "entry"])
@pytest.mark.parametrize(
    "when",
    [dt.datetime(1970, 1, 1, tzinfo=dt.UTC), LATEST, dt.datetime(2024, 5, 21, 9, 30, 15, 500000, tzinfo=dt.UTC)],
    ids=["1970", "a day after the build", "a fraction"],
)
def test_a_published_updated_in_range_with_a_zone_is_kept(tmp_path, where, when):
    """The other side of the limits: 1970-01-01T00:00:00Z and exactly a day after the build are kept."""
    out = first_day(tmp_path)
    put_updated(out, where, iso(when))
    code, output = build(tmp_path, out, [TWO], "2024-05-22", str(T2))
    assert code == 0, output
    assert "warning" not in output, output
    if where == "entry":
        assert dt.datetime.fromisoformat(entries(out)[ONE["title"]]) == when  # unchanged: kept as published
    else:  # the feed changed (a new day): the build's time
        assert atom(out).findtext(f"{ATOM}updated") == build_time(T2, TZ)


# --- SOURCE_DATE_EPOCH: 0 is 1970, empty is unset ---------------------------------------------------


def feed_time(tmp_path: Path, epoch: str | None, rows: list[dict] = [ONE]) -> tuple[str, str]:  # noqa: B006
    out = tmp_path / "out"
    code, output = build(tmp_path, out, rows, "2024-05-21", epoch)
    assert code == 0, output
    return atom(out).findtext(f"{ATOM}updated"), output


@pytest.mark.parametrize("epoch", ["0", "1", "4102444800"])
def test_source_date_epoch_zero_and_up_is_that_time_and_reproducible(tmp_path, epoch):
    """0 was taken for "now" (two builds gave two times): it is 1970-01-01T00:00:00Z, so two builds of the same
    news write the same feed; an entry dated after such a build is no damage."""
    first, output = feed_time(tmp_path, epoch)
    assert dt.datetime.fromisoformat(first) == dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    second, again = feed_time(tmp_path, epoch, [ONE, TWO])  # the same day, other news: updated at that time
    assert second == first and "warning" not in output + again, output + again


@pytest.mark.parametrize("epoch", [None, "", "  "])
def test_source_date_epoch_unset_or_empty_is_now(tmp_path, epoch):
    start = dt.datetime.now(dt.UTC).replace(microsecond=0)
    when, _ = feed_time(tmp_path, epoch)
    assert start <= dt.datetime.fromisoformat(when) <= dt.datetime.now(dt.UTC)


@pytest.mark.parametrize("epoch", ["-1", "-2", "4102444801", "abc", "1e9", "0x10", "1700000000.5"])
def test_source_date_epoch_out_of_range_or_no_whole_number_is_one_error(tmp_path, epoch):
    code, output = build(tmp_path, tmp_path / "out", [ONE], "2024-05-21", epoch)
    assert code == 2, output
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("briefing: error:") and "SOURCE_DATE_EPOCH" in lines[0], output


# --- one rendering a build: the feed kept or updated from the same document ---------------------------


def days_of(*dates: str) -> list[Day]:
    return [Day(d, "简报", (PastItem(f"s{d}", f"{d} 新闻", "摘要。", "a1", top=True),)) for d in dates]


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC", "America/St_Johns"])
@pytest.mark.parametrize("epoch", [T2, 2000000000, 4102444800])  # after the published feed
def test_a_changed_feed_is_rendered_once_and_written_as_a_fresh_rendering_is(monkeypatch, zone, epoch):
    """The build rendered the feed twice when it changed: as published (to compare) and again at the
    build's time. Now it is rendered once; the feed then written is byte for byte the one a fresh
    rendering at the build's time makes, and a feed that did not change keeps its bytes."""
    from feedgen.feed import FeedGenerator

    earlier, now = days_of("2024-05-20"), build_time(epoch, zone)
    published = atom_bytes(atom_document(earlier, "简报", BASE, 7, zone, build_time(T1, zone)))
    later = days_of("2024-05-20", "2024-05-21")
    rendered = []
    atom_str = FeedGenerator.atom_str
    monkeypatch.setattr(FeedGenerator, "atom_str", lambda fg, **kw: rendered.append(1) or atom_str(fg, **kw))
    written = updated_atom(later, "简报", BASE, 7, zone, now, published)
    kept = updated_atom(earlier, "简报", BASE, 7, zone, now, published)
    assert len(rendered) == 2  # one each
    assert written == atom_bytes(atom_document(later, "简报", BASE, 7, zone, now)) != published
    assert etree.fromstring(written).findtext(f"{ATOM}updated") == now
    assert kept == published


# --- SOURCE_DATE_EPOCH is read as reproducible builds say; the setting itself is read as every setting --


@pytest.mark.parametrize("text", ["", "  "])
def test_an_empty_source_date_epoch_leaves_the_configured_time(tmp_path, monkeypatch, text):
    config = tmp_path / "config.toml"
    config.write_text(f"[build]\nsource_date_epoch = {T1}\n", "utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", text)
    assert load_options(str(config)).build.source_date_epoch == T1  # unset: the file's time
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert load_options(str(config)).build.source_date_epoch == 0  # set: the variable wins


def test_minus_one_is_the_settings_own_value_never_the_variables(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("[build]\nsource_date_epoch = -1\n", "utf-8")
    assert load_options(str(config)).build.source_date_epoch == -1  # now
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "-1")
    with pytest.raises(ConfigError) as refused:
        load_options(str(config))
    assert str(refused.value) == "$SOURCE_DATE_EPOCH: build.source_date_epoch: must be at least 0, not -1"
