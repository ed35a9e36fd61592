"""The OpenAI-compatible client gives a server up after ``down_after`` failures in a row, in one line that
names the server, the count and the last failure's own words (not the request again)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.endpoint import Endpoint, EndpointError, EndpointOptions
from tests.openai_server import MSG, Reply, Scripted
from tests.test_editorial import free_port, silent_server


def test_the_line_a_down_server_is_given_up_with():
    with Scripted() as server:
        url = server.url  # closed when the block ends: nothing listens there any more
    ep = Endpoint(EndpointOptions(url=url, model="m", retries=5, concurrency=1), sleep=lambda s: None)
    answers = ep.chat_many([(MSG, {})] * 2)
    assert all(isinstance(a, EndpointError) for a in answers)
    host = url.removeprefix("http://")
    assert str(answers[-1]) == (
        f"{host} is down or unreachable: 3 timeouts or failed connections in a row "
        "(the last: cannot connect (ConnectError)); not asked again in this run"
    )
    assert ep.requests == 3  # down_after (3) attempts in all, then no request for the second text


@pytest.mark.parametrize(
    ("behaviour", "words"),
    [
        ("read-drop", "connected, then the connection was closed or the answer broke HTTP (RemoteProtocolError)"),
        ("garbage", "connected, then the connection was closed or the answer broke HTTP (RemoteProtocolError)"),
        ("none", "cannot connect (ConnectError)"),
    ],
)
def test_a_server_that_accepts_then_drops_is_not_said_unreachable(behaviour, words):
    """The tester's server accepted each connection and closed it: the line said "cannot connect". A
    connection closed after it was made, or an answer that is no HTTP, says so; nothing listening still
    cannot connect."""
    sock = silent_server(behaviour) if behaviour != "none" else None
    port = sock.getsockname()[1] if sock else free_port()  # "none": nothing listens there
    try:
        ep = Endpoint(
            EndpointOptions(url=f"http://127.0.0.1:{port}/v1", model="m", retries=5, concurrency=1),
            sleep=lambda s: None,
        )
        answers = ep.chat_many([(MSG, {})])
    finally:
        if sock:
            sock.close()
    assert str(answers[0]) == (
        f"127.0.0.1:{port}/v1 is down or unreachable: 3 timeouts or failed connections in a row "
        f"(the last: {words}); not asked again in this run"
    )


# -- one line for a server given up, in every command (#22 audit, defects 10 and 11) ------------------------


def _news(tmp_path, n: int = 4):
    texts = [{"id": f"t{k}", "title": f"第{k}条新闻标题", "text": f"这是第{k}条新闻的正文内容。"} for k in range(n)]
    src = tmp_path / "news.jsonl"
    src.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in texts), "utf-8")
    return src


def _build(tmp_path, src, *args: str):
    out = str(tmp_path / "out")
    return CliRunner().invoke(main, ["build", str(src), "--out", out, "--date", "2025-07-09", *args])


def test_a_summarizer_server_that_is_down_is_one_line_for_the_run_and_asked_again_next_run(tmp_path):
    with Scripted() as server:
        url = server.url  # closed when the block ends: nothing listens there any more
    src = _news(tmp_path)
    for _ in range(2):  # the second run finds no fallback in the cache: the server is asked (and said down) again
        res = _build(tmp_path, src, "--backend", "openai", "--model", "m", "--endpoint", url)
        assert res.exit_code == 1, res.output
        lines = res.stderr.splitlines()
        down = [line for line in lines if "down or unreachable" in line]
        assert len(down) == 2, down  # the moment it is given up, and one error line for the 4 stories it left
        assert (
            down[0] == f"briefing: {url.removeprefix('http://')} is down or unreachable: 3 timeouts or failed "
            "connections in a row (the last: cannot connect (ConnectError)); not asked again in this run"
        )
        assert down[1].startswith("briefing: error: 4 stories: server: ") and "(the first: " in down[1]
        assert not [line for line in lines if "fall back" in line or "summary rejected" in line]


def test_a_404_at_the_servers_root_stops_the_translator_for_the_run_in_one_line(tmp_path):
    with Scripted() as server:
        root = server.url.removesuffix("/v1")
        server.script = [Reply(404)] * 20
        args = ["--translate", "--translator-backend", "openai", "--translator-model", "m", "--endpoint", root]
        env = {"BRIEFING_OPENAI_CONCURRENCY": "1"}
        res = CliRunner(env=env).invoke(
            main, ["build", str(_news(tmp_path)), "--out", str(tmp_path / "out"), "--date", "2025-07-09", *args]
        )
        asked = len(server.chats)
    assert res.exit_code == 1, res.output
    assert asked == 1  # not once per headline and summary (8 texts)
    hinted = [line for line in res.stderr.splitlines() if f"did you mean {root}/v1?" in line]
    assert len(hinted) == 2, hinted  # the moment it is given up, and one error line for the stories
    assert hinted[1].startswith("briefing: error: 4 stories: ")


def test_models_verify_says_did_you_mean_v1_on_a_404_at_the_servers_root():
    with Scripted() as server:
        root = server.url.removesuffix("/v1")
        server.script = [Reply(404)] * 60
        env = {"BRIEFING_OPENAI_CONCURRENCY": "1"}
        res = CliRunner(env=env).invoke(main, ["models", "verify", "m", "--endpoint", root])
        under_v1 = CliRunner(env=env).invoke(main, ["models", "verify", "m", "--endpoint", server.url])
    assert res.exit_code == under_v1.exit_code == 1
    verdict = next(line for line in res.stdout.splitlines() if line.startswith("verdict"))
    assert f"HTTP 404 (scripted failure); did you mean {root}/v1?" in verdict
    verdict = next(line for line in under_v1.stdout.splitlines() if line.startswith("verdict"))
    assert "HTTP 404" in verdict and "did you mean" not in under_v1.output  # a 404 under /v1: no such hint
