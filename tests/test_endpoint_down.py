"""The OpenAI-compatible client gives a server up after ``down_after`` failures in a row, in one line that
names the server, the count and the last failure's own words (not the request again)."""

from __future__ import annotations

from briefing.endpoint import Endpoint, EndpointError, EndpointOptions
from tests.openai_server import MSG, Scripted


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
