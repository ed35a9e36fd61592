"""Look at built pages in headless Chromium: both widths (390 and 1280 px), both colour schemes.

For each combination the page is loaded in an iframe of exactly that width
(headless Chromium will not make a window narrower than 500 px), a probe
script in a copy of the page reports its scroll width, colour scheme,
background and any element reaching past the right edge, and a screenshot is
saved for a person to look at.  The page itself is never changed.

The reader files of a day are read too (:func:`reader_problems`): the page
opens its top stories with the numbered list of their headlines, every file
that carries machine English credits it, and none shows a local path, a host
or a command.

    python -m tests.pagecheck OUT/2024-01-02.html [OUT/index.html …] --shots shots/
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path

WIDTHS = (390, 1280)
SCHEMES = ("light", "dark")
HEIGHT = 2400
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--hide-scrollbars",
    "--virtual-time-budget=5000",
]
PROBE = """<script>addEventListener("load", () => {
  const d = document.documentElement, w = innerWidth;
  const wide = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > w + 1)
    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""));
  parent.postMessage(JSON.stringify({scroll_width: d.scrollWidth, width: w,
    dark_matches: matchMedia("(prefers-color-scheme: dark)").matches,
    background: getComputedStyle(document.body).backgroundColor, wide}), "*");
});</script>"""
WRAPPER = """<!DOCTYPE html><html><body style="margin:0">
<iframe src="{src}" style="border:0;width:{width}px;height:{height}px;display:block"></iframe>
<pre id="probe"></pre>
<script>addEventListener("message", e => {{ document.getElementById("probe").textContent = e.data; }});</script>
</body></html>"""


@dataclass
class Result:
    page: str
    width: int
    scheme: str
    scroll_width: int
    dark_matches: bool
    background: str
    wide: list[str]
    screenshot: str


def chromium() -> str | None:
    """The Chromium binary, or None when it is not installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _run(binary: str, args: list[str], profile: str) -> str:
    done = subprocess.run(
        [binary, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=120
    )
    return done.stdout


def check_page(page: Path, shots: Path) -> list[Result]:
    """Measure and photograph ``page`` at every width and scheme."""
    binary = chromium()
    if binary is None:
        raise RuntimeError("chromium is not installed")
    shots.mkdir(parents=True, exist_ok=True)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for child in page.parent.iterdir():  # the page's neighbours (styles are inline; links stay local)
            if child.is_file() and child.suffix in {".html", ".json", ".md"}:
                shutil.copy(child, work / child.name)
        html = page.read_text("utf-8")
        (work / "probe.html").write_text(html.replace("</body>", PROBE + "</body>", 1), "utf-8")
        for width in WIDTHS:
            for scheme in SCHEMES:
                wrapper = work / f"wrap-{width}.html"
                wrapper.write_text(WRAPPER.format(src="probe.html", width=width, height=HEIGHT), "utf-8")
                scheme_flag = f"--blink-settings=preferredColorScheme={0 if scheme == 'dark' else 1}"
                window = f"--window-size={max(width, 500)},{HEIGHT}"
                dom = _run(binary, [scheme_flag, window, "--dump-dom", wrapper.as_uri()], str(work / "profile"))
                m = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.DOTALL)
                if not m or not m.group(1).strip():
                    raise RuntimeError(f"{page}: the probe did not report at {width}px {scheme}")
                data = json.loads(unescape(m.group(1)))
                shot = shots / f"{page.stem}-{width}-{scheme}.png"
                _run(binary, [scheme_flag, window, f"--screenshot={shot}", wrapper.as_uri()], str(work / "profile"))
                results.append(
                    Result(
                        page.name,
                        width,
                        scheme,
                        int(data["scroll_width"]),
                        bool(data["dark_matches"]),
                        str(data["background"]),
                        list(data["wide"]),
                        str(shot),
                    )
                )
    return results


READER_FILES = ("{d}.html", "{d}.md", "{d}.email.html", "{d}.email.txt", "feed.json", "feed.atom", "index.html")
CREDIT = ("英文为机器翻译", "English: machine translation")
# what only an operator should see: a folder, a server on this machine, a command, the run's own folder
OPERATOR = re.compile(
    r"(?<![\w.])(?:/home/|/tmp/|/srv/|/var/|/root/|/Users/|~/|[A-Za-z]:\\)"
    r"|127\.0\.0\.1|localhost|\[::1\]|\.briefing/|\bbriefing (?:models|build|send|fetch)\b|--endpoint|--out\b"
)


def reader_problems(out: Path, date: str) -> list[str]:
    """What is wrong with the reader files of ``date`` in the output folder ``out`` (an empty list: nothing)."""
    problems = []
    folder = str(out.resolve())  # "." as given is in every file: the folder as readers could see it
    files = {n.format(d=date): out / n.format(d=date) for n in READER_FILES}
    texts = {name: path.read_text("utf-8") for name, path in files.items() if path.is_file()}
    day = json.loads((out / f"{date}.json").read_text("utf-8"))
    top = [i for i in day["items"] if i["_briefing"]["top"] and not i["_briefing"]["cut"]]
    page = texts.get(f"{date}.html", "")
    listing = re.search(r'<ol class="toplist"[^>]*>(.*?)</ol>', page, re.DOTALL)
    if top and not listing:
        problems.append(f"{date}.html: no numbered list of the top headlines")
    elif listing:
        listed = re.findall(r'<li><a href="#([^"]+)"', listing.group(1))
        if listed != [i["_briefing"]["anchor"] for i in top]:
            problems.append(f"{date}.html: the top list is {listed}, not the top stories in order")
        for item in top:
            english = item["_briefing"]["title_en"]
            if english and escape(english) not in listing.group(1):
                problems.append(f"{date}.html: the top list lacks the English of {item['title']!r}")
        if page.find('<ol class="toplist"') > page.find('<article class="story"') >= 0:
            problems.append(f"{date}.html: the top list comes after the full stories")
    english = [e for i in day["items"] for e in (i["_briefing"]["title_en"], i["_briefing"]["summary_en"]) if e]
    problems += _wording_problems(date, top, texts, bool(english))
    for name, text in texts.items():
        plain = unescape(text)
        if any(e in plain for e in english) and not all(c in plain for c in CREDIT):
            problems.append(f"{name}: machine English without the machine-translation credit")
        for m in OPERATOR.finditer(plain):
            problems.append(f"{name}: shows {m.group(0)!r}, an operator's detail")
        if folder in plain:
            problems.append(f"{name}: shows the output folder's path")
    return problems


DAY_FILES = ("{d}.html", "{d}.md", "{d}.email.html", "{d}.email.txt")
TOP_FILES = (*DAY_FILES, "feed.json", "feed.atom")  # every file that carries each top story's English


def _wording_problems(date: str, top: list[dict], texts: dict[str, str], english: bool) -> list[str]:
    """The reader wording (:mod:`briefing.wording`) on every surface: a day's files credit machine English
    and ask to check it only when the day has English, else say it is not available; a top story's "check"
    line and its assumed year are said on every file that carries it, in the same words."""
    from briefing.publish import INDEX_HEADLINES
    from briefing.wording import NO_ENGLISH_TODAY, YEAR_ASSUMED, check_line

    problems = []
    for pattern in DAY_FILES:
        name = pattern.format(d=date)
        plain = unescape(texts.get(name, ""))
        if not plain or english:
            continue
        if any(c in plain for c in CREDIT) or "Check the English" in plain:
            problems.append(f"{name}: credits or asks to check machine English, but the day has none")
        if NO_ENGLISH_TODAY not in plain:
            problems.append(f"{name}: no English, and no note saying so")
    for n, item in enumerate(top):
        extra = item["_briefing"]
        check = check_line(extra.get("english_doubts") or ()) if extra["title_en"] or extra["summary_en"] else None
        for pattern in TOP_FILES + ("index.html",) * (n < INDEX_HEADLINES):
            name = pattern.format(d=date)
            plain = unescape(texts.get(name, ""))
            if not plain:
                continue
            if check and check not in plain:
                problems.append(f"{name}: no {check!r} for {item['title']!r}")
            if extra.get("year_guessed") and YEAR_ASSUMED not in plain and pattern != "index.html":
                problems.append(f"{name}: the year of {item['title']!r} is assumed and not marked")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages", nargs="+", type=Path)
    ap.add_argument("--shots", type=Path, default=Path("shots"))
    args = ap.parse_args()
    bad = 0
    for page in args.pages:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}\.html", page.name) and (page.parent / f"{page.stem}.json").is_file():
            for problem in reader_problems(page.parent, page.stem):
                bad += 1
                print(f"BAD  {problem}")
        for r in check_page(page, args.shots):
            ok = r.scroll_width <= r.width
            bad += not ok
            print(
                f"{'ok  ' if ok else 'WIDE'} {r.page} {r.width}px {r.scheme}: scroll width {r.scroll_width}, "
                f"background {r.background}{'' if ok else ', too wide: ' + ', '.join(r.wide)} -> {r.screenshot}"
            )
    raise SystemExit(1 if bad else 0)


if __name__ == "__main__":
    main()
