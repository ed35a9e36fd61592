"""#17: whole runs against what the code did not expect: two runs at once on a new folder, tens of
thousands of similar headlines, the ends of the calendar, deep config files, text XML cannot carry, mail
headers from untrusted text, host names no resolver takes.

None is marked xfail any more: the last two, the grouping of look-alike headlines at scale, now build
stories that form events as news does and check that those events are found.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import SEED
from tests.faults import DATE, Ran, clean_text, cli, no_crash, one_line_error, published, run_briefing
from tests.hostile_site import words

if TYPE_CHECKING:
    from click.testing import Result

    from tests.test_editorial import Inbox

NAMES = [f"{DATE}.md", f"{DATE}.html", f"{DATE}.json", f"{DATE}.email.html", f"{DATE}.email.txt", "index.html"]


# -- two runs that start together on a new output folder -------------------------------------------------


def _holds(pid: int, path: Path) -> bool:
    """Does process ``pid`` have ``path`` open (a run holds the output folder's lock with it open)?"""
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") == str(path):
                return True
        except OSError:
            continue
    return False


def _build(out: Path, home: str, **env: str):
    return lambda on_start=None: run_briefing(
        "-q", "build", str(SEED), "--out", str(out), "--date", DATE,
        env={"BRIEFING_HOME": home, **env}, timeout=60, on_start=on_start,
    )  # fmt: skip


def _complete(out: Path) -> None:
    seen = published(out)
    assert sorted(seen) == sorted(NAMES), sorted(seen)
    assert all(seen.values()) and json.loads(seen[f"{DATE}.json"])["items"]


def _refused(ran: Ran, out: Path) -> None:
    assert ran.code == 3, (ran.code, ran.stderr)
    assert ran.lines() == [ran.lines()[0]] and "another briefing run holds" in ran.lines()[0], ran.stderr
    assert str(out / ".briefing" / "lock") in ran.lines()[0]


def _interleaved(tmp_path: Path, attempt: int) -> bool:
    """Run R on a new folder, stop it right after it created the folder, let run H take the lock, then let R
    go on (it is refused).  Both outcomes are checked; True when R was stopped before it held the lock
    (the interleaving that lost everything), False when it already held it (then H waits for it)."""
    out = tmp_path / f"out-{attempt}"
    lock = out / ".briefing" / "lock"
    got: dict[str, object] = {}

    def stop_then_race(r) -> None:
        end = time.monotonic() + 30
        while not out.exists() and time.monotonic() < end:
            pass  # spin: stop R between creating the folder and locking it
        r.send_signal(signal.SIGSTOP)
        try:
            got["r_held"] = _holds(r.pid, lock)
            pids: list[int] = []
            h = threading.Thread(
                target=lambda: got.__setitem__(
                    "H",
                    _build(out, str(tmp_path / f"home-h{attempt}"), BRIEFING_BUILD_LOCK_TIMEOUT="60")(
                        lambda p: pids.append(p.pid)
                    ),
                )
            )
            h.start()
            got["h_thread"] = h
            end = time.monotonic() + 30
            while not got["r_held"] and not (pids and _holds(pids[0], lock)) and time.monotonic() < end:
                time.sleep(0.005)
            time.sleep(0.2)  # H is past taking the lock and at work
        finally:
            r.send_signal(signal.SIGCONT)

    r = _build(out, str(tmp_path / f"home-r{attempt}"))(stop_then_race)
    got["h_thread"].join()  # type: ignore[attr-defined]
    h: Ran = got["H"]  # type: ignore[assignment]
    assert h.code == 0, (h.code, h.stderr)
    if got["r_held"]:
        assert r.code == 0, (r.code, r.stderr)
    else:
        _refused(r, out)
    _complete(out)
    return not got["r_held"]


@pytest.mark.timeout(180)
def test_two_runs_on_a_new_output_folder_always_leave_a_complete_set(tmp_path):
    """Two builds with different state folders on one new output folder: the one refused by the lock says
    so in one line (exit 3) and removes nothing; the holder publishes a complete set (exit 0).  First the
    interleaving that lost everything, produced on purpose (the refused run stopped between creating the
    folder and locking it); then runs started together, whichever wins."""
    produced = False
    for attempt in range(5):
        if _interleaved(tmp_path, attempt):
            produced = True
            break
    assert produced, "the refused run always held the lock before it could be stopped: the race was never run"
    for attempt in range(3):
        out = tmp_path / f"together-{attempt}"
        results: dict[str, Ran] = {}
        runs = {k: _build(out, str(tmp_path / f"t{attempt}-{k}")) for k in ("a", "b")}
        threads = [
            threading.Thread(target=lambda k=k, run=run, into=results: into.__setitem__(k, run()))
            for k, run in runs.items()
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        codes = sorted(r.code for r in results.values())
        assert codes in ([0, 0], [0, 3]), [(r.code, r.stderr) for r in results.values()]
        for r in results.values():
            if r.code == 3:
                _refused(r, out)
        _complete(out)


@pytest.mark.timeout(120)
def test_a_run_waiting_for_the_lock_of_a_folder_removed_under_it_makes_it_anew(tmp_path):
    """A run that created the folder and published nothing removes it, under its lock, while another run
    waits for that lock: the waiting run takes a new lock on a folder made anew and publishes a complete set
    (exit 0); it does not work on in the removed folder's lock."""
    from briefing.outfolder import OutFolder

    out = tmp_path / "out"
    lock = out / ".briefing" / "lock"
    first = OutFolder(out)
    first.check([])  # this run creates the folder
    got: dict[str, Ran] = {}
    pids: list[int] = []
    waiting = threading.Thread(
        target=lambda: got.__setitem__(
            "H", _build(out, str(tmp_path / "home"), BRIEFING_BUILD_LOCK_TIMEOUT="60")(lambda p: pids.append(p.pid))
        )
    )
    with first.lock():
        waiting.start()
        # waiting: it holds the lock file open while it waits (or, were it to open it only to try, it has had
        # 20 s to get there: a run reaches its lock in a few seconds)
        end = time.monotonic() + 20
        while not (pids and _holds(pids[0], lock)) and time.monotonic() < end:
            time.sleep(0.01)
        first.forget_if_new()  # what a run that created the folder does when it published nothing
        assert not out.exists()
    waiting.join()
    assert got["H"].code == 0, got["H"].stderr
    _complete(out)


def test_only_the_lock_holder_removes_the_new_folder_it_published_nothing_into(tmp_path):
    """The removal needs the lock: without it (a run the lock refused) the folder stays, with it it goes."""
    from briefing.outfolder import OutFolder

    out = tmp_path / "out"
    run = OutFolder(out)
    run.check([])
    run.forget_if_new()
    assert (out / ".briefing" / "runs").is_dir()
    with run.lock():
        run.forget_if_new()
        assert not out.exists()
    assert not out.exists() and not list(tmp_path.iterdir())  # nothing left beside it either


# -- event grouping at scale ---------------------------------------------------------------------------------


def _stories(n: int, similar: bool, path: Path) -> Path:
    """``n`` JSONL stories with one short sentence each.  ``similar``: headlines that all look alike (slots of
    six words each, so that any two share a word about half the time) and report events of one to five
    stories each, as news does: the reports of one event name the same numbered gathering (第N届…论坛, its
    name a word of its own) with the same organiser and act, and their leads name it again; an event's
    number is in each story's id (``e{N}-s{k}``).  Otherwise: headlines that share almost no character pair
    (16 of 6,000 characters)."""
    rng = random.Random(17)
    slots = [
        ["国务院", "发改委", "财政部", "教育部", "商务部", "农业部"],
        ["召开", "部署", "研究", "推进", "印发", "发布"],
        ["经济", "科技", "文化", "交通", "环保", "医疗"],
        ["会议", "方案", "意见", "通知", "规划", "措施"],
    ]
    with open(path, "w", encoding="utf-8") as fh:
        k = event = 0
        while k < n:
            event += 1
            organiser, act, name = rng.choice(slots[0]), rng.choice(slots[1]), words(10**7 + event, 3)
            for _ in range(min(rng.randint(1, 5), n - k)):
                if similar:
                    title = f"{organiser}{act}第{event}届{name}论坛{rng.choice(slots[2])}{rng.choice(slots[3])}"
                    text = f"第{event}届{name}论坛{words(10**6 + k, 20)}。"
                else:
                    title = "".join(chr(0x4E00 + rng.randrange(6000)) for _ in range(16))
                    text = f"{words(10**6 + k, 20)}。"
                row = {"id": f"e{event}-s{k}", "title": title, "text": text, "date": "2025-07-08"}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                k += 1
    return path


def _scale(tmp_path: Path, n: int, timeout: float, max_memory_mb: int) -> tuple[Ran, Ran, Path]:
    """Build ``n`` similar and ``n`` dissimilar stories at once (two children, no cache: the state folder is a
    file), so both share the machine's load; (similar, dissimilar, the similar build's folder)."""
    (tmp_path / "no-state").write_text("a file: run without a cache")
    runs: dict[bool, Ran] = {}

    def build(similar: bool) -> None:
        src = _stories(n, similar, tmp_path / f"stories-{similar}.jsonl")
        runs[similar] = run_briefing(
            "-q", "build", str(src), "--out", str(tmp_path / f"out-{similar}"), "--date", DATE,
            env={"BRIEFING_HOME": str(tmp_path / "no-state")}, timeout=timeout, max_memory_mb=max_memory_mb,
        )  # fmt: skip

    threads = [threading.Thread(target=build, args=(s,)) for s in (True, False)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return runs[True], runs[False], tmp_path / "out-True"


def _grouped(out: Path) -> int:
    """Reports grouped under another story of their event; a report grouped under another event's fails."""
    items = json.loads((out / f"{DATE}.json").read_text("utf-8"))["items"]
    grouped = [(i["id"], i["_briefing"]["event_lead"]) for i in items if i["_briefing"]["event_lead"]]
    wrong = [(story, lead) for story, lead in grouped if story.split("-")[0] != lead.split("-")[0]]
    assert not wrong, wrong[:5]
    return len(grouped)


def _reports_beyond_the_first(path: Path) -> int:
    """How many stories of ``path`` are not the first of their event (what grouping can group)."""
    events = [json.loads(line)["id"].split("-")[0] for line in path.read_text("utf-8").splitlines()]
    return len(events) - len(set(events))


@pytest.mark.timeout(200)
def test_grouping_5000_similar_headlines_costs_about_what_5000_unrelated_ones_cost(tmp_path):
    """Near-linear grouping: 5,000 look-alike headlines build in at most 25 % + 6 s more CPU time than
    5,000 unrelated ones, in at most 150 MB more (a tenth of the issue's 50,000 in a minute within 1.5 GB),
    and their events are found: nine in ten of the reports that can be grouped are, none under another event.
    (Measured before the #17 fix on a loaded 2-core machine: 40 s of CPU and 1 GB against 9.6 s and 390 MB;
    the children are limited to 900 MB, so a quadratic build stops early with a MemoryError.)"""
    similar, unrelated, out = _scale(tmp_path, 5000, timeout=90, max_memory_mb=900)  # either uses ~400 MB fixed
    assert unrelated.code == 0, unrelated.stderr[-2000:]
    assert similar.code == 0 and not similar.timed_out, (similar.code, similar.seconds, similar.stderr[-2000:])
    assert similar.cpu <= 1.25 * unrelated.cpu + 6, (similar.cpu, unrelated.cpu)
    assert similar.peak_mb <= unrelated.peak_mb + 150, (similar.peak_mb, unrelated.peak_mb)
    assert _grouped(out) >= 0.9 * _reports_beyond_the_first(tmp_path / "stories-True.jsonl") > 2000


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_grouping_50000_similar_headlines_in_a_minute_within_1_5_gb(tmp_path):
    """The issue's bound: grouping 50,000 look-alike headlines costs under a minute (of CPU) beyond building
    50,000 unrelated ones (which took ~60 s here), the build stays within 1.5 GB, and the events are found
    (nine in ten of the reports that can be grouped are, none under another event)."""
    # each build's wall time is bounded loosely (272 s measured at load 7-8 on 2 cores); CPU time is the bound
    similar, unrelated, out = _scale(tmp_path, 50_000, timeout=800, max_memory_mb=3000)
    assert unrelated.code == 0, unrelated.stderr[-2000:]
    assert similar.code == 0 and not similar.timed_out, (similar.code, similar.seconds, similar.stderr[-2000:])
    assert similar.cpu - unrelated.cpu < 60, (similar.cpu, unrelated.cpu)
    assert similar.peak_mb < 1536, similar.peak_mb
    assert _grouped(out) >= 0.9 * _reports_beyond_the_first(tmp_path / "stories-True.jsonl") > 20_000


# -- the ends of the calendar -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "days",
    [
        ("0001-01-01", "0001-01-02"),
        ("9999-12-30", "9999-12-31"),
    ],
    ids=["year-1", "year-9999"],
)
def test_days_at_the_ends_of_the_calendar_build_with_feeds(tmp_path, days):
    """Two neighbouring days at an end of the calendar, with feeds: both build (exit 0), link each other,
    and the Atom feed holds both days' stories."""
    out = tmp_path / "out"
    for day in days:
        res = cli("-q", "build", str(SEED), "--out", str(out), "--date", day, "--base-url", "https://example.org/")
        no_crash(res)
        assert res.exit_code == 0, res.stderr
    assert f'href="{days[1]}.html"' in (out / f"{days[0]}.html").read_text("utf-8")
    assert f'href="{days[0]}.html"' in (out / f"{days[1]}.html").read_text("utf-8")
    from lxml import etree

    atom = etree.fromstring((out / "feed.atom").read_bytes())
    links = {e.get("href") for e in atom.iter("{http://www.w3.org/2005/Atom}link")}
    assert all(any(h and h.startswith(f"https://example.org/{d}.html") for h in links) for d in days), links


RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$")


@pytest.mark.parametrize(
    ("day", "offset"), [("0001-01-01", "+08:06"), ("1900-12-31", "+08:06"), ("1901-01-01", "+08:00")]
)
def test_feed_times_are_rfc_3339_whatever_the_zone_s_history(tmp_path, day, offset):
    """Asia/Shanghai kept local mean time (+08:05:43, an offset RFC 3339 cannot write) up to 1900 and
    standard time (+08:00) from 1901: each side of that change builds (exit 0), the Atom and JSON feeds
    agree, every time in them is RFC 3339, the offset in seconds rounded to the minute."""
    out = tmp_path / "out"
    res = cli("-q", "build", str(SEED), "--out", str(out), "--date", day, "--base-url", "https://example.org/")
    no_crash(res)
    assert res.exit_code == 0, res.stderr
    from lxml import etree

    atom = etree.fromstring((out / "feed.atom").read_bytes())
    ns = "{http://www.w3.org/2005/Atom}"
    in_atom = sorted(e.text for e in atom.iter(f"{ns}published"))
    in_json = sorted(e["date_published"] for e in json.loads((out / "feed.json").read_text("utf-8"))["items"])
    assert in_atom == in_json and in_json
    assert all(RFC3339.match(t) for t in in_json), in_json
    assert set(in_json) == {f"{day}T00:00:00{offset}"}


def test_story_dates_at_the_ends_of_the_calendar(tmp_path):
    """Guards what holds today: story dates of year 1 and 9999 (with far offsets) are read, never a crash."""
    src = tmp_path / "far.jsonl"
    rows = [
        {"id": f"d{n}", "title": words(500 + n, 14), "text": f"{words(600 + n, 30)}。", "date": d}
        for n, d in enumerate(["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "0001-01-01", "9999-12-31"])
    ]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    res = cli(
        "-q", "build", str(src), "--out", str(tmp_path / "out"), "--date", DATE, "--base-url", "https://example.org/"
    )
    no_crash(res)
    assert res.exit_code == 0, res.stderr
    assert len(json.loads((tmp_path / "out" / f"{DATE}.json").read_text("utf-8"))["items"]) == 4


# -- configuration files --------------------------------------------------------------------------------------

DEEP = {
    "arrays": "title = " + "[" * 100_000 + "]" * 100_000 + "\n",
    "inline-tables": "title = " + "{a = " * 50_000 + "1" + "}" * 50_000 + "\n",
}


SHALLOW = {  # the same nesting, 50 deep: read, then refused by the setting's type
    "arrays": "title = " + "[" * 50 + "]" * 50 + "\n",
    "inline-tables": "title = " + "{a = " * 50 + "1" + "}" * 50 + "\n",
}


@pytest.mark.parametrize("where", ["--config", "state-folder"])
@pytest.mark.parametrize("kind", list(DEEP))
def test_a_deeply_nested_config_is_one_line(tmp_path, state_home, kind, where):
    cfg = (tmp_path if where == "--config" else state_home) / "config.toml"
    cfg.write_text(DEEP[kind], "utf-8")
    flags = ["--config", str(cfg)] if where == "--config" else []
    res = cli("build", str(SEED), "--out", str(tmp_path / "out"), *flags)
    one_line_error(res, 2, str(cfg), "nested too deeply")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("kind", list(SHALLOW))
def test_a_config_nested_50_deep_is_read_and_checked_by_type(tmp_path, kind):
    """The other side of the limit: nesting the parser can follow is read, and the setting's check names it."""
    cfg = tmp_path / "config.toml"
    cfg.write_text(SHALLOW[kind], "utf-8")
    res = cli("build", str(SEED), "--out", str(tmp_path / "out"), "--config", str(cfg))
    line = one_line_error(res, 2, str(cfg), "title: must be a string")
    assert "nested too deeply" not in line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("nesting", "needle"), [(DEEP, "cannot read glossary"), (SHALLOW, "must be strings")])
@pytest.mark.parametrize("kind", list(DEEP))
def test_a_deeply_nested_glossary_is_one_line(tmp_path, kind, nesting, needle):
    """A user glossary is a TOML file too: nested too deeply it is one line naming it (exit 2), before any
    output; nested 50 deep it is read and refused for its values."""
    glossary = tmp_path / "glossary.toml"
    glossary.write_text(nesting[kind].replace("title = ", "terms = "), "utf-8")
    cfg = tmp_path / "config.toml"
    cfg.write_text(f"[translate]\nglossary = {json.dumps(str(glossary))}\n", "utf-8")
    res = cli("build", str(SEED), "--out", str(tmp_path / "out"), "--config", str(cfg))
    one_line_error(res, 2, str(glossary), needle)
    assert not (tmp_path / "out").exists()


def send_to_desk(out: Path) -> tuple[Result, Inbox]:
    """``briefing send DATE --out OUT`` to desk@example.org through a real SMTP server on 127.0.0.1: the
    command's result and the server's inbox."""
    from tests.test_editorial import Inbox, smtp_server

    inbox = Inbox()
    with smtp_server(inbox) as server:
        res = cli("send", DATE, "--to", "desk@example.org", "--smtp", server, "--out", str(out))
    return res, inbox


# -- text XML cannot carry, from files -------------------------------------------------------------------------


def test_text_xml_cannot_carry_is_cleaned_where_it_enters(tmp_path):
    """JSONL stories whose title, text and source carry U+FFFE, U+FFFF, control characters and lone
    surrogates (as JSON escapes): the day builds (exit 0, no line), every output is clean UTF-8 without
    them, the Atom feed parses, the stories keep the rest of their text, and the day can be sent."""
    from email import message_from_bytes
    from email.policy import default

    bad = ["\ufffe", "\uffff", "\ud800", "\udfff", "\x0b", "\x01"]
    rows = []
    for n, ch in enumerate(bad):
        title, text, source = words(700 + n, 12), f"{words(800 + n, 30)}。{words(900 + n, 20)}。", f"来源{n}"
        field = ("title", "text", "source")[n % 3]
        row = {"id": f"x{n}", "title": title, "text": text, "source": source}
        row[field] = row[field][:4] + ch + row[field][4:]
        rows.append((title, row))
    src = tmp_path / "bad.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=True) + "\n" for _, r in rows), "ascii")  # escapes kept
    out = tmp_path / "out"
    res = cli("-q", "build", str(src), "--out", str(out), "--date", DATE, "--base-url", "https://example.org/")
    no_crash(res)
    assert res.exit_code == 0 and res.stderr == "", res.stderr
    clean_text([p for p in sorted(out.iterdir()) if p.is_file()])
    from lxml import etree

    etree.fromstring((out / "feed.atom").read_bytes())
    titles = {i["title"] for i in json.loads((out / f"{DATE}.json").read_text("utf-8"))["items"]}
    for title, _ in rows:
        assert any(title[:4] in t and title[4:] in t for t in titles), (title, titles)
    sent, inbox = send_to_desk(out)
    no_crash(sent)
    assert sent.exit_code == 0, sent.stderr
    message_from_bytes(inbox.messages[0].content, policy=default).get_body(("html",)).get_content()


# -- mail headers and hosts ----------------------------------------------------------------------------------


def test_send_keeps_a_title_with_cr_lf_out_of_the_headers(built_day, tmp_path):
    """The day's JSON (untrusted, like every earlier day's) carries a title with CR/LF and a header after
    it: the message goes out (exit 0) to the --to address only, its Subject on one line, no Bcc."""
    from email import message_from_bytes
    from email.policy import default

    out = tmp_path / "out"
    shutil.copytree(built_day, out, symlinks=True)
    day = (out / f"{DATE}.json").resolve()
    data = json.loads(day.read_text("utf-8"))
    data["_briefing"]["title"] = "Desk\r\nBcc: evil@example.org\r\nX-Evil: 1"
    day.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    res, inbox = send_to_desk(out)
    no_crash(res)
    assert res.exit_code == 0, res.stderr
    [envelope] = inbox.messages
    assert envelope.rcpt_tos == ["desk@example.org"]
    msg = message_from_bytes(envelope.content, policy=default)
    assert msg["Bcc"] is None and msg["X-Evil"] is None
    assert "Desk" in msg["Subject"] and "\n" not in msg["Subject"] and "\r" not in msg["Subject"]


def test_a_title_setting_with_cr_lf_is_one_line(tmp_path):
    res = cli("-q", "build", str(SEED), "--out", str(tmp_path / "out"), "--title", "每日\r\nBcc: evil@example.org")
    one_line_error(res, 2, "title")
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def built_day(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built") / "out"
    # with a base URL: an edition without links to the web page is sent with a warning (exit 1)
    assert cli("-q", "build", str(SEED), "--out", str(out), "--date", DATE, "--base-url", "https://example.org/").exit_code == 0
    return out


LONGEST_HOST = ".".join(["a" * 63] * 3 + ["b" * 61])  # 253 characters in labels of 63: the most DNS takes


@pytest.mark.parametrize(
    "host",
    ["a" * 300, "a" * 64 + ".example", "例" * 100 + ".cn", LONGEST_HOST + "b", "a..example"],
    ids=["300", "label-64", "idn-300", "254", "empty-label"],
)
def test_an_smtp_host_no_resolver_takes_is_one_line(built_day, host, monkeypatch):
    """A host name that cannot be a host name is a usage error, like a bad port (exit 2), said before
    any connection."""

    def no_connection(*args, **kwargs):
        raise AssertionError("connected although the host name is not one")

    monkeypatch.setattr("smtplib.SMTP", no_connection)
    res = cli("send", DATE, "--to", "desk@example.org", "--smtp", f"{host}:2525", "--out", str(built_day))
    one_line_error(res, 2, "--smtp")


@pytest.mark.parametrize(
    ("server", "host"),
    [
        (f"{LONGEST_HOST}:2525", LONGEST_HOST),
        ("a" * 63 + ".example", "a" * 63 + ".example"),
        ("例" * 10 + ".cn:587", "例" * 10 + ".cn"),
        ("Mail.Example.org.", "Mail.Example.org."),
        ("[::1]:2525", "::1"),
    ],
    ids=["253", "label-63", "idn", "upper-case-dot", "ipv6"],
)
def test_an_smtp_host_at_the_limits_is_taken_as_given(server, host):
    """The other side of the limits: the longest name DNS takes, a label of 63, an IDN that encodes."""
    from briefing.mail import parse_server

    assert parse_server(server)[0] == host
