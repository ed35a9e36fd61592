"""``[openai] run_deadline`` is one budget for the run, whatever the number of servers it asks.

Each endpoint counted its own from its own first chat, so a build whose summarizer and translator ask two
servers could take twice the deadline. Two local servers that list the model but never answer a chat
(before the run's client gives up on them): the summarizer's server uses up the deadline; the translator's
is then never asked, and the whole build stays within one deadline (plus its own work).
"""

from __future__ import annotations

import time

import pytest

from briefing.endpoint import Endpoint, EndpointOptions
from briefing.stopping import Deadline, RunClock
from tests.conftest import SEED
from tests.faults import DATE, cli
from tests.openai_server import MSG, Scripted

DEADLINE = 2.0


def config(tmp_path, summarizer_url: str, translator_url: str) -> str:
    cfg = tmp_path / "two-servers.toml"
    cfg.write_text(
        f'[summarize]\nbackend = "openai"\nendpoint = "{summarizer_url}"\nmodel = "m"\n\n'
        f'[translate]\nenabled = true\nbackend = "openai"\nendpoint = "{translator_url}"\nmodel = "m"\n\n'
        f"[openai]\nrun_deadline = {DEADLINE}\ntimeout = 30\nretries = 0\ndown_after = 100\n",
        "utf-8",
    )
    return str(cfg)


@pytest.mark.timeout(120)
def test_two_servers_that_never_answer_share_one_deadline(tmp_path):
    with Scripted() as summarizer_server, Scripted() as translator_server:
        summarizer_server.delay = translator_server.delay = 60.0  # no answer within the run
        started = time.monotonic()
        res = cli(
            "-q", "build", str(SEED), "--out", str(tmp_path / "out"), "--date", DATE,
            "--config", config(tmp_path, summarizer_server.url, translator_server.url),
        )  # fmt: skip
        took = time.monotonic() - started
        asked = (len(summarizer_server.chats), len(translator_server.chats))
    assert res.exit_code == 1, (res.exit_code, res.stderr[-2000:])
    assert "Traceback" not in res.output
    assert asked[0] >= 1 and asked[1] == 0, asked  # the second server: the run's deadline had passed
    lines = res.stderr.splitlines()
    assert lines and all(line.startswith("briefing: error: ") for line in lines), lines
    assert any("openai.run_deadline = 2 s" in line for line in lines), lines
    assert took < 2 * DEADLINE + 20, took  # one deadline, then the build's own work


def test_deadlines_on_one_clock_end_together_however_late_each_starts():
    """The relation underneath: a deadline started later on the same clock ends when the first one does;
    one on a clock of its own gets its whole budget from its own start."""
    clock = RunClock()
    first, later, alone = Deadline(5, "x", clock=clock), Deadline(5, "x", clock=clock), Deadline(5, "x")
    first.start()
    time.sleep(0.3)
    later.start()
    alone.start()
    assert first.until == later.until
    assert alone.until is not None and first.until is not None and alone.until - first.until >= 0.3


@pytest.mark.timeout(60)
def test_an_endpoint_on_a_spent_clock_asks_nothing():
    """Two endpoints on one clock: the first uses up the 1 s deadline on a server that never answers; the
    second is refused at once without a request, saying the run deadline has passed."""
    clock = RunClock()
    with Scripted() as slow, Scripted() as other:
        slow.delay = 30.0
        first, second = (
            Endpoint(EndpointOptions(url=s.url, model="m", run_deadline=1, timeout=20, retries=0), run=clock)
            for s in (slow, other)
        )
        started = time.monotonic()
        [answer] = first.chat_many([(MSG, {})])
        assert "run deadline" in str(answer) and time.monotonic() - started < 5
        [refused] = second.chat_many([(MSG, {})])
        asked_other = len(other.chats)
    assert asked_other == 0
    assert "run deadline (openai.run_deadline = 1 s) has passed" in str(refused), refused
