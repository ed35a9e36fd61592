"""``briefing send`` through a real SMTP server on 127.0.0.1: a server written ``[HOST]:PORT``, and a server that
refuses some recipients but not all."""

from __future__ import annotations

import pytest

from tests.test_editorial import BASE, SNOW, TEA, Inbox, build, page, send, smtp_server


@pytest.fixture
def edition(tmp_path):
    out = tmp_path / "out"
    src = tmp_path / "p.md"
    src.write_text(page("晚间新闻", "2024-01-02", [SNOW, TEA]), "utf-8")
    assert build(str(src), "--out", str(out), "--date", "2024-01-02", "--base-url", BASE).exit_code == 0
    return out


def test_a_server_in_brackets_with_its_port_is_reached(edition):
    inbox = Inbox()
    with smtp_server(inbox) as server:  # 127.0.0.1:PORT
        host, port = server.split(":")
        res = send(edition, f"[{host}]:{port}")
    assert res.exit_code == 0, res.output
    assert [e.rcpt_tos for e in inbox.messages] == [["desk@example.org"], ["chief@example.org"]]


def test_a_server_refusing_one_recipient_of_two_is_named_with_that_recipient(edition):
    class RefuseChief(Inbox):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.startswith("chief@"):
                return "550 no such user here"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    inbox = RefuseChief()
    with smtp_server(inbox) as server:
        res = send(edition, server)
    assert res.exit_code == 3, res.output
    assert [e.rcpt_tos for e in inbox.messages] == [["desk@example.org"]]  # the other one still went out
    [line] = [x for x in res.output.splitlines() if x.startswith("briefing: error:")]
    assert line == f"briefing: error: SMTP server {server} refused some recipients: chief@example.org"
