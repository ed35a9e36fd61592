"""Run the product on served sites the way a user does, and keep what each run did.

A ``Runner`` runs one ``briefing`` command line: in-process through click's
CliRunner (the tests) or as a subprocess (the benchmark). Each scenario has
its own state folder (``BRIEFING_HOME``: cache, validators) and archive.

- ``first_run``: ``briefing build --sources --config C --out O`` with every
  source of the sites (feeds, sitemap index, pages).
- ``quiet_day``: ``briefing fetch --config C`` on day 1; its archive folder is
  renamed to the day before (so this run was yesterday's); then ``briefing
  build --sources`` today: every source answers 304.
- ``by_url``: ``briefing fetch URL... --archive A``, then ``briefing build
  A/<day> --out O``: each page given by its URL, as a person would.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.newssite.server import Hit, SiteServer
from tests.newssite.site import NewsSite, Page

Runner = Callable[[list[str], dict[str, str | None]], tuple[int, str]]
TIMEZONE = "Asia/Shanghai"


def local_today() -> dt.date:
    """Today in the briefing's time zone: the day the archive folder and the briefing are named after."""
    return dt.datetime.now(ZoneInfo(TIMEZONE)).date()


def cli_runner(args: list[str], env: dict[str, str | None]) -> tuple[int, str]:
    """In-process, through click's test runner (stdout and stderr together)."""
    from click.testing import CliRunner

    from briefing.cli import main

    res = CliRunner().invoke(main, args, env=env)
    return res.exit_code, res.output


def subprocess_runner(args: list[str], env: dict[str, str | None]) -> tuple[int, str]:
    """As a user runs it: ``python -m briefing ...`` in a new process."""
    full = {k: v for k, v in os.environ.items() if k not in env}
    full.update({k: v for k, v in env.items() if v is not None})
    root = Path(__file__).resolve().parents[2]  # `-m briefing` finds this checkout's package first
    proc = subprocess.run(
        [sys.executable, "-m", "briefing", *args], env=full, cwd=root, capture_output=True, text=True, timeout=1800
    )
    return proc.returncode, proc.stdout + proc.stderr


@dataclass
class Run:
    """One command: its arguments, exit code, output, the requests it made, and the briefing it wrote."""

    args: list[str]
    code: int
    output: str
    hits: list[Hit]
    seconds: float
    feed: dict | None = None

    @property
    def items(self) -> list[dict]:
        return list((self.feed or {}).get("items", []))

    def errors(self) -> list[str]:
        return [line for line in self.output.splitlines() if line.startswith("briefing: error:")]


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)


def write_config(path: Path, sources: list[dict[str, object]], archive: Path) -> Path:
    """A config a user could write: the sources, a polite contact, every story allowed to be a top story.

    ``delay = 0``: any spacing the server sees comes from robots.txt's Crawl-delay.
    ``top_stories = 100``: room for every story, so an old story that is a top story was ranked, not squeezed in.
    """
    lines = [
        f"timezone = {_toml(TIMEZONE)}",
        "",
        "[fetch]",
        'contact = "https://example.org/newssite-test"',
        "delay = 0.0",
        "backoff = 0.0",
        "retries = 0",
        "timeout = 10.0",
        "deadline = 20.0",
        f"archive = {_toml(str(archive))}",
        "",
        "[editorial]",
        "top_stories = 100",
        "max_stories = 1000",
        "",
    ]
    for table in sources:
        lines.append("[[sources]]")
        lines += [f"{k} = {_toml(v)}" for k, v in table.items()]
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), "utf-8")
    return path


def read_briefing(out: Path) -> dict | None:
    """The newest dated JSON of an output folder."""
    found = sorted(out.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9].json")) if out.is_dir() else []
    return json.loads(found[-1].read_text("utf-8")) if found else None


@dataclass
class Scenario:
    """The sites a server serves, a work folder, and how to run the CLI."""

    server: SiteServer
    workdir: Path
    runner: Runner = cli_runner
    runs: dict[str, Run] = field(default_factory=dict)

    @property
    def sites(self) -> list[NewsSite]:
        return list(self.server.sites.values())

    @property
    def pages(self) -> list[Page]:
        return [p for s in self.sites for p in s.pages]

    def sources(self) -> list[dict[str, object]]:
        return [t for s in self.sites for t in s.sources]

    def _run(self, name: str, args: list[str], home: Path, out: Path | None = None) -> Run:
        env: dict[str, str | None] = {"BRIEFING_HOME": str(home), "BRIEFING_CONFIG": None, "BRIEFING_LOAD_PLUGINS": ""}
        mark = self.server.mark()
        start = time.monotonic()
        code, output = self.runner(args, env)
        run = Run(args, code, output, self.server.since(mark), time.monotonic() - start)
        if out is not None:
            run.feed = read_briefing(out)
        self.runs[name] = run
        return run

    def first_run(self) -> Run:
        """``build --sources`` over every source: the first run of a new installation."""
        base = self.workdir / "first"
        config = write_config(base / "config.toml", self.sources(), base / "archive")
        out = base / "out"
        return self._run(
            "first", ["build", "--sources", "--config", str(config), "--out", str(out)], base / "home", out
        )

    def quiet_day(self) -> tuple[Run, Run]:
        """Yesterday's ``fetch``, then today's ``build --sources`` when nothing changed (every source 304)."""
        base = self.workdir / "quiet"
        archive = base / "archive"
        config = write_config(base / "config.toml", self.sources(), archive)
        home = base / "home"
        yesterday = self._run("quiet-1", ["fetch", "--config", str(config)], home)
        for day in [d for d in archive.iterdir() if d.is_dir()] if archive.is_dir() else []:
            earlier = dt.date.fromisoformat(day.name) - dt.timedelta(days=1)
            day.rename(archive / earlier.isoformat())
        out = base / "out"
        today = self._run("quiet-2", ["build", "--sources", "--config", str(config), "--out", str(out)], home, out)
        return yesterday, today

    def by_url(self, pages: list[Page]) -> tuple[Run, Run]:
        """``fetch URL...`` then ``build`` of the archived day: each page given by its URL."""
        base = self.workdir / "by-url"
        archive = base / "archive"
        config = write_config(base / "config.toml", [], archive)
        home = base / "home"
        fetch = self._run(
            "by-url-fetch", ["fetch", "--config", str(config), "--archive", str(archive), *[p.url for p in pages]], home
        )
        days = sorted(d for d in archive.iterdir() if (d / "archive.json").is_file()) if archive.is_dir() else []
        out = base / "out"
        args = ["build", *[str(d) for d in days[-1:]], "--config", str(config), "--out", str(out)]
        return fetch, self._run("by-url-build", args, home, out)


def gaps(hits: list[Hit], host: str) -> list[float]:
    """Seconds between consecutive requests to ``host``."""
    times = sorted(h.at for h in hits if h.host == host)
    return [b - a for a, b in itertools.pairwise(times)]
