"""``briefing send`` through a real SMTP server on 127.0.0.1: a server written ``[HOST]:PORT``, and a server that
refuses some recipients but not all."""

from __future__ import annotations

import json

import pytest

from tests.test_editorial import BASE, SNOW, TEA, Inbox, build, free_port, page, send, smtp_server


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


# --- the sender and the recipients: one plain address each (#22 tester 6) ----------------------------

NOT_ONE_PLAIN_ADDRESS = [
    "a@x.example, evil@y.example",  # a list: a recipient again the sender of another's mail
    "a@x.example;evil@y.example",
    "notanaddress",
    "@x.example",
    "a@",
    "a@b@x.example",
    "a@x.example\x01b",  # control characters (Cc)
    "a@x.example\x7f",
    "a@x.example\u202e",  # bidi controls (Cf)
    "\u2066a@x.example\u2069",
    "a\u200b@x.example",  # a zero-width space (Cf)
    "g:a@x.example;",  # group syntax
    "g:a@x.example",
    "Desk <desk@x.example>",  # a display name
    "<desk@x.example>",
    '"a b"@x.example',  # a quoted local part
    "a b@x.example",
    "a@x.example\u3000",  # an ideographic space
    "a@[127.0.0.1]",  # a domain literal
    "(c)a@x.example",  # a comment
]


def one_error(res) -> str:
    lines = [line for line in res.output.splitlines() if line.strip()]
    assert res.exit_code == 2, res.output
    assert len(lines) == 1 and lines[0].startswith("briefing: error:"), res.output
    return lines[0]


@pytest.mark.parametrize("bad", NOT_ONE_PLAIN_ADDRESS, ids=repr)
@pytest.mark.parametrize("how", ["--to", "--sender", "BRIEFING_MAIL_SENDER", "config"])
def test_a_recipient_or_sender_that_is_not_one_plain_address_is_one_error_before_connecting(
    tmp_path, edition, bad, how
):
    """Nothing listens on the port: a connection would be exit 3 (cannot connect); exit 2 is before it.
    The sender is checked once, by the declaration of mail.sender, however it is set."""
    server = f"127.0.0.1:{free_port()}"
    if how == "--to":
        res = send(edition, server, "--to", bad)
    elif how == "--sender":
        res = send(edition, server, sender=bad)
    elif how == "config":
        config = tmp_path / "config.toml"
        config.write_text(f"[mail]\nsender = {json.dumps(bad)}\n", "utf-8")  # JSON's escapes are TOML's
        res = send(edition, server, "--config", str(config), sender="")
    else:
        res = send(edition, server, sender="", env={"BRIEFING_MAIL_SENDER": bad})
    line = one_error(res)
    assert ("--to" if how == "--to" else "sender") in line and "plain e-mail address" in line, line


@pytest.mark.parametrize("good", ["bot@example.org", "a.b+tag@mail.x.example", "o'neil_2-x@x.example"])
def test_a_plain_address_is_a_sender_and_a_recipient(edition, good):
    """The other side: plain addresses, with the characters an address may have, go out as they are."""
    inbox = Inbox()
    with smtp_server(inbox) as server:
        res = send(edition, server, "--to", good, sender=good)
    assert res.exit_code == 0, res.output
    assert [(e.mail_from, e.rcpt_tos) for e in inbox.messages] == [
        (good, ["desk@example.org"]),
        (good, ["chief@example.org"]),
        (good, [good]),
    ]
