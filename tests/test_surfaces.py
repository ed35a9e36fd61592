"""What a reader sees, across surfaces (#22 audit): no recipient's address as another's sender, the
machine-translation credit only where English is, the same "check" and "year assumed" wording on every
surface, feeds that say when they were built, and "also reported by" naming other outlets only."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default

from click.testing import CliRunner

from briefing.cli import main
from tests.test_editorial import BASE, SNOW, TEA, Inbox, build, free_port, page, send, smtp_server

# --- mail: the sender --------------------------------------------------------------------------


def built_edition(tmp_path):
    out = tmp_path / "out"
    src = tmp_path / "p.md"
    src.write_text(page("晚间新闻", "2024-01-02", [SNOW, TEA]), "utf-8")
    assert build(str(src), "--out", str(out), "--date", "2024-01-02", "--base-url", BASE).exit_code == 0
    return out


def test_no_recipient_is_the_sender_of_another_recipients_mail(tmp_path):
    """The audit's Bob got a message "From: alice@…" (the first --to was the default sender). Without a
    sender, several recipients are a usage error before connecting; one recipient alone is its own sender;
    a given sender is every message's sender."""
    out = built_edition(tmp_path)
    res = send(out, f"127.0.0.1:{free_port()}", sender="")  # nothing listens there: never reached
    assert res.exit_code == 2, res.output
    errors = [line for line in res.output.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("briefing: error:") and "--sender" in errors[0]
    inbox = Inbox()
    with smtp_server(inbox) as server:
        alone = CliRunner().invoke(
            main, ["send", "2024-01-02", "--to", "desk@example.org", "--smtp", server, "--out", str(out)]
        )
        given = send(out, server, sender="bot@example.org")
    assert alone.exit_code == 0 and given.exit_code == 0, alone.output + given.output
    sent = [(e.mail_from, e.rcpt_tos, message_from_bytes(e.content, policy=default)) for e in inbox.messages]
    assert [(f, r) for f, r, _ in sent] == [
        ("desk@example.org", ["desk@example.org"]),
        ("bot@example.org", ["desk@example.org"]),
        ("bot@example.org", ["chief@example.org"]),
    ]
    for mail_from, rcpt, msg in sent:
        assert msg["From"] == mail_from and msg["To"] == rcpt[0]
        assert mail_from in rcpt or mail_from == "bot@example.org"  # never another recipient's address
