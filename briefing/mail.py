"""The e-mail edition: ``<date>.email.html`` (inline CSS) and ``<date>.email.txt``, and ``briefing send``.

Mail clients drop ``<style>`` blocks, scripts, ``<details>`` and web fonts,
and Gmail clips a message over about 100 KB, so the e-mail edition is its
own template: the top stories with their summaries (and English), then the
sections' headlines, each linking to the web page; the CSS is inlined with
css-inline.  When it would pass ``max_kb``, the sections' headlines are left
out from the end, with a line saying how many more are on the web page.

``send`` builds one multipart/alternative message (plain text, then HTML)
per recipient, so no recipient sees the others' addresses (nor one as the
sender: several recipients need ``mail.sender``), with a
``List-Unsubscribe`` header when ``mail.list_unsubscribe`` is set; it warns
(exit 1, the mail still goes out) when the edition was built without
``base_url`` and so has no links to the web page.  It connects once with
smtplib, upgrades with STARTTLS whenever the server offers it, logs in only
over TLS with the user and password from the environment
variables named in the config, and turns every refusal, timeout or dropped
connection into one SendError line.
"""

from __future__ import annotations

import json
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from briefing.config import MailOptions, Options, check_address
from briefing.errors import ConfigError, SendError
from briefing.history import parse_day
from briefing.records import Briefing
from briefing.render import Limits, render
from briefing.urls import host_problem

DEFAULT_PORT = 25


def edition(b: Briefing, templates: str, base_url: str, max_kb: int, limits: Limits | None = None) -> tuple[str, str]:
    """The e-mail edition's HTML (CSS inlined, under ``max_kb``) and plain text."""
    import css_inline

    inliner = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)
    limit = max_kb * 1000
    briefs = [s for sec in b.sections for s in sec.stories]
    keep = len(briefs)
    while True:
        page = render("email.html.j2", templates, limits, briefing=b, base_url=base_url, keep=keep)
        try:
            html = inliner.inline(page)
        except (css_inline.InlineError, ValueError) as exc:  # what a user's template made of the page
            raise ConfigError(f"template email.html.j2: its CSS cannot be inlined ({exc})") from None
        if len(html.encode("utf-8")) < limit or keep == 0:
            break
        keep = keep * 3 // 4 if keep > 4 else keep - 1
    text = render("email.txt.j2", templates, limits, briefing=b, base_url=base_url, keep=keep)
    return html, text


def parse_server(server: str) -> tuple[str, int]:
    """``HOST[:PORT]`` (``[v6]:PORT`` for IPv6) into host and port."""
    host, port = server.strip(), DEFAULT_PORT
    if host.startswith("["):
        end = host.find("]")
        if end < 0:
            raise ConfigError(f"--smtp {server!r}: unclosed [")
        rest, host = host[end + 1 :], host[1:end]
        if rest.startswith(":"):
            port = _port(rest[1:], server)
    elif host.count(":") == 1:
        host, raw = host.split(":")
        port = _port(raw, server)
    if not host:
        raise ConfigError(f"--smtp {server!r}: no host")
    problem = host_problem(host.lower())  # else a name too long to encode is a UnicodeError while connecting
    if problem:
        raise ConfigError(f"--smtp: {problem}")
    return host, port


def _port(raw: str, server: str) -> int:
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ConfigError(f"--smtp {server!r}: the port must be a number from 1 to 65535")
    return int(raw)


def check_recipients(to: list[str]) -> None:
    """Each recipient is one plain e-mail address (no list, group, display name, space or control character:
    :func:`briefing.config.check_address`), else a ConfigError naming it.  The sender is the setting
    ``mail.sender``, checked by its declaration (the same check) wherever options are loaded or validated."""
    for address in to:
        problem = check_address(address) if address else "must be one plain e-mail address, not an empty one"
        if problem:
            raise ConfigError(f"--to: {problem}")


def sender_of(configured: str, to: list[str]) -> str:
    """The From: address: ``mail.sender`` (``--sender``); without it, the one recipient itself (a mail
    to oneself shows no one else's address).  With several recipients and no sender, a ConfigError: no
    recipient's address is ever the sender of another recipient's mail."""
    if configured:
        return configured
    if len(set(to)) == 1:
        return to[0]
    raise ConfigError(
        "no sender for several recipients: set --sender or mail.sender "
        "(a recipient's address is never the sender of another's mail)"
    )


def send_edition(opts: Options, date: str, to: list[str], server: str) -> tuple[str, list[str]]:
    """``briefing send``: ``date``'s e-mail edition from the output folder to each of ``to`` through
    ``server`` (from :func:`sender_of`); the day sent and the problems worth a warning.  Everything is
    checked before connecting (``opts`` as :func:`briefing.config.load_options` gives them: checked)."""
    from briefing.publish import check_date, output_folder

    out = output_folder(opts)
    day = check_date(date)
    check_recipients(to)
    sender = sender_of(opts.mail.sender, to)
    edition = read_edition(out, day)
    send([message(edition, day, addr, sender, opts.mail.list_unsubscribe) for addr in to], server, opts.mail)
    warnings = []
    if not edition.linked:
        warnings.append(
            f"{day}: the e-mail edition was built without base_url, so it has no links to the web page "
            "(set base_url and build the day again)"
        )
    return day, warnings


@dataclass(frozen=True)
class Edition:
    """One day's e-mail edition as built: its two parts, the briefing's title, and whether it links the web page."""

    html: str
    text: str
    title: str
    linked: bool


def read_edition(out: Path, date: str) -> Edition:
    """The e-mail edition of ``date`` from the output folder; its day's JSON says the title and whether it
    was built with a base URL (its ``home_page_url``)."""
    html_path, text_path = out / f"{date}.email.html", out / f"{date}.email.txt"
    try:
        html, text = html_path.read_text("utf-8"), text_path.read_text("utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"{exc.filename}: no e-mail edition for {date}; build that day first") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{html_path}: cannot read the e-mail edition ({exc})") from exc
    title, linked = "Briefing", True  # without its JSON, nothing says the edition has no links
    try:
        data = json.loads((out / f"{date}.json").read_text("utf-8"))
        title = parse_day(date, data).title or title  # untrusted like every earlier day: one clean line
        linked = bool(data.get("home_page_url"))
    except (OSError, ValueError, RecursionError):
        pass  # the subject falls back to a plain title
    return Edition(html, text, title, linked)


def message(edition: Edition, date: str, to: str, sender: str, unsubscribe: str = "") -> EmailMessage:
    """The multipart message of one day's e-mail edition to one recipient."""
    msg = EmailMessage()
    msg["Subject"] = f"{edition.title} · {date}"
    msg["From"] = sender
    msg["To"] = to
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    if unsubscribe:
        msg["List-Unsubscribe"] = f"<{unsubscribe}>"
    msg.set_content(edition.text)
    msg.add_alternative(edition.html, subtype="html")
    return msg


def send(msgs: list[EmailMessage], server: str, opts: MailOptions) -> None:
    """Deliver ``msgs`` through ``server`` over one connection; any failure is one SendError line."""
    host, port = parse_server(server)
    user = os.environ.get(opts.user_env, "") if opts.user_env else ""
    password = os.environ.get(opts.password_env, "") if opts.password_env else ""
    where = f"SMTP server {host}:{port}"
    try:
        with smtplib.SMTP(host, port, timeout=opts.timeout) as smtp:
            smtp.ehlo()
            tls = smtp.has_extn("starttls")
            if tls:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if user:
                if not tls:
                    raise SendError(f"{where} offers no STARTTLS: the password is not sent in clear text")
                smtp.login(user, password)
            refused: dict[str, Any] = {}
            for msg in msgs:
                try:
                    refused |= smtp.send_message(msg)
                except smtplib.SMTPRecipientsRefused as exc:
                    refused |= exc.recipients
    except SendError:
        raise
    except smtplib.SMTPResponseException as exc:
        reply = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        raise SendError(f"{where} refused: {exc.smtp_code} {reply}".strip()) from exc
    except smtplib.SMTPServerDisconnected as exc:
        if isinstance(exc.__context__, TimeoutError):  # smtplib reports a silent server as a disconnect
            raise SendError(f"{where} did not answer within {opts.timeout:g}s") from exc
        raise SendError(f"{where} dropped the connection ({exc or 'no reason given'})") from exc
    except TimeoutError as exc:
        raise SendError(f"{where} did not answer within {opts.timeout:g}s") from exc
    except (smtplib.SMTPException, ssl.SSLError, OSError) as exc:
        raise SendError(f"{where}: {getattr(exc, 'strerror', None) or exc}") from exc
    if refused:
        which = "every recipient" if len(refused) == len(msgs) else "some recipients"
        raise SendError(f"{where} refused {which}: {', '.join(sorted(refused))}")
