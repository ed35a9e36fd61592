"""The e-mail edition: ``<date>.email.html`` (inline CSS) and ``<date>.email.txt``, and ``briefing send``.

Mail clients drop ``<style>`` blocks, scripts, ``<details>`` and web fonts,
and Gmail clips a message over about 100 KB, so the e-mail edition is its
own template: the top stories with their summaries (and English), then the
sections' headlines, each linking to the web page; the CSS is inlined with
css-inline.  When it would pass ``max_kb``, the sections' headlines are left
out from the end, with a line saying how many more are on the web page.

``send`` builds a multipart/alternative message (plain text, then HTML),
connects with smtplib, upgrades with STARTTLS whenever the server offers it,
logs in only over TLS with the user and password from the environment
variables named in the config, and turns every refusal, timeout or dropped
connection into one SendError line.
"""

from __future__ import annotations

import json
import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from briefing.config import MailOptions, Options
from briefing.errors import ConfigError, SendError
from briefing.records import Briefing
from briefing.render import render

DEFAULT_PORT = 25


def edition(b: Briefing, templates: str, base_url: str, max_kb: int) -> tuple[str, str]:
    """The e-mail edition's HTML (CSS inlined, under ``max_kb``) and plain text."""
    import css_inline

    inliner = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)
    limit = max_kb * 1000
    briefs = [s for sec in b.sections for s in sec.stories]
    keep = len(briefs)
    while True:
        html = inliner.inline(render("email.html.j2", templates, briefing=b, base_url=base_url, keep=keep))
        if len(html.encode("utf-8")) < limit or keep == 0:
            break
        keep = keep * 3 // 4 if keep > 4 else keep - 1
    text = render("email.txt.j2", templates, briefing=b, base_url=base_url, keep=keep)
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
    return host, port


def _port(raw: str, server: str) -> int:
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ConfigError(f"--smtp {server!r}: the port must be a number from 1 to 65535")
    return int(raw)


def check_addresses(to: list[str]) -> None:
    """Each recipient looks like one e-mail address (no list, no display name), else a ConfigError naming it."""
    bad = [a for a in to if "@" not in a or any(c.isspace() or c in "<>,;" for c in a)]
    if bad:
        raise ConfigError(f"--to {bad[0]!r} is not an e-mail address")


def send_edition(opts: Options, date: str, to: list[str], server: str) -> str:
    """``briefing send``: ``date``'s e-mail edition from the output folder to ``to`` through ``server``
    (from ``mail.sender``, else the first recipient); the day sent.  Everything is checked before connecting."""
    from briefing.publish import check_date, output_folder

    out = output_folder(opts)
    day = check_date(date)
    check_addresses(to)
    send(message(out, day, to, opts.mail.sender or to[0]), server, opts.mail)
    return day


def message(out: Path, date: str, to: list[str], sender: str) -> EmailMessage:
    """The multipart message of one day's e-mail edition, read from the output folder."""
    html_path, text_path = out / f"{date}.email.html", out / f"{date}.email.txt"
    try:
        html, text = html_path.read_text("utf-8"), text_path.read_text("utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"{exc.filename}: no e-mail edition for {date}; build that day first") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{html_path}: cannot read the e-mail edition ({exc})") from exc
    title = "Briefing"
    try:
        data = json.loads((out / f"{date}.json").read_text("utf-8"))
        title = str(data.get("_briefing", {}).get("title") or title)
    except (OSError, ValueError, AttributeError):
        pass  # the subject falls back to a plain title
    msg = EmailMessage()
    msg["Subject"] = f"{title} · {date}"
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    return msg


def send(msg: EmailMessage, server: str, opts: MailOptions) -> None:
    """Deliver ``msg`` through ``server``; any failure is one SendError line."""
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
            refused = smtp.send_message(msg)
    except SendError:
        raise
    except smtplib.SMTPRecipientsRefused as exc:
        raise SendError(f"{where} refused every recipient: {', '.join(exc.recipients)}") from exc
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
        raise SendError(f"{where} refused some recipients: {', '.join(sorted(refused))}")
