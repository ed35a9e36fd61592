"""Web extraction on a local site built like real Chinese news sites: issue #20's numbers.

Serves a generated site (``tests/newssite``: five layout families with seeded
variation, GBK pages with wrong charsets, feeds, sitemaps, robots.txt, traps)
on 127.0.0.1, runs the product as a user does, and scores what it built
against each page's ground truth:

1. ``briefing build --sources --config C`` over the site's RSS and Atom feeds,
   sitemap index and pages: body precision and recall (character level, on
   letters and digits; see ``tests/newssite/measure.py``), pages with a
   boilerplate line left, titles, dates (the page's local Beijing day), the
   exit code, the spacing a ``Crawl-delay: 1.5`` host saw, old stories among
   the top stories, links robots.txt forbids that were requested.
2. ``briefing fetch URL...`` then ``briefing build <archive day>``: every page
   by its URL, right or not per layout family.
3. A quiet day: yesterday's ``fetch``, today's ``build --sources`` with every
   source answering 304: its exit code.

    python benchmarks/bench_site.py [--texts repo|shared|all] [--seed 0] [--furniture site|fresh]
                                    [--in-process] [--json FILE]

``--furniture fresh5`` (or ``fresh`` ... ``fresh4``) lays the pages out with
other furniture (``tests/newssite/variant.py``: phrasings written after the
boilerplate pass; each was looked at once before a revision of the pass, so
none is out of sample now); with another ``--seed`` it is a site the pass was
not written against.

With ``../shared`` the full set (≥ 60 pages) is used; without it, the
repository's texts (about 16 pages). The CLI runs in subprocesses (as a user
runs it) unless ``--in-process``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import tempfile
from collections import Counter
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.newssite import FAST_HOST, SLOW_HOST, SiteServer, has_shared, repo_texts, serve_pair, shared_texts  # noqa: E402
from tests.newssite.measure import PageResult, Summary, boilerplate_allowed, score, summarize, url_key  # noqa: E402
from tests.newssite.scenario import Scenario, cli_runner, gaps, local_today, subprocess_runner  # noqa: E402
from tests.newssite.variant import fresh_furniture  # noqa: E402


def _row(r: PageResult, by_url: PageResult | None) -> str:
    p = r.page
    kinds = ",".join(sorted(Counter(r.furniture_kinds())))
    got_date = ",".join(sorted({d[:10] for d in r.dates})) or "-"
    return (
        f"{p.path[:38]:38} {p.describe()[:44]:44} {p.listed_in:7} {r.stories:2} "
        f"{'ok' if r.title_ok else 'NO':2} {r.body.precision:5.3f} {r.body.recall:5.3f} "
        f"{len(r.body.extra_lines):3} {'ok' if r.date_ok else got_date:10} {p.day} "
        f"{('ok' if by_url.right else 'NO') if by_url else '-':3} {kinds}"
    )


def _target(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--texts", choices=["repo", "shared", "all"], default="all" if has_shared() else "repo")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--furniture",
        choices=["site", "fresh", "fresh2", "fresh3", "fresh4", "fresh5"],
        default="site",
        help="tests/newssite/variant.py",
    )
    ap.add_argument("--in-process", action="store_true", help="run the CLI in this process (faster, less faithful)")
    ap.add_argument("--json", type=Path, default=None, help="also write every number here")
    args = ap.parse_args()

    if args.texts != "repo" and not has_shared():
        ap.error("../shared is absent: only --texts repo can run")
    texts = {"repo": repo_texts, "shared": shared_texts, "all": lambda: [*repo_texts(), *shared_texts()]}[args.texts]()
    today = local_today()
    runner = cli_runner if args.in_process else subprocess_runner
    with SiteServer() as server, tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        with fresh_furniture(args.furniture) if args.furniture != "site" else contextlib.nullcontext():
            serve_pair(server, texts, today, seed=args.seed)
        sc = Scenario(server, Path(tmp), runner)
        current = [p for p in sc.pages if not p.old]
        old = [p for p in sc.pages if p.old]
        print(
            f"site: {len(sc.pages)} pages ({len(current)} current, {len(old)} years old) on two hosts, "
            f"texts: {args.texts}, seed {args.seed}, furniture: {args.furniture}, today {today}",
            flush=True,
        )

        first = sc.first_run()
        results = score(first.items, current)
        old_results = score(first.items, old)
        fetch, by_url_build = sc.by_url(current)
        by_url = {url_key(r.page.url): r for r in score(by_url_build.items, current)}
        quiet_fetch, quiet_build = sc.quiet_day()

        sites = sc.sites
        forbidden = {(s.base, path) for s in sites for path in s.disallowed}
        asked = {(f"http://{h.host}:{server.port}", h.target) for h in first.hits}
        forbidden_asked = sorted(path for base, path in forbidden if (base, path) in asked)
        slow_gaps = gaps(first.hits, SLOW_HOST)
        fast_gaps = gaps(first.hits, FAST_HOST)
        opened = [p for s in sites for p in s.opened_by_allow + s.php_pages]
        opened_fetched = [p for p in opened if any(h.target == p for h in first.hits)]

    print()
    print(
        f"{'page':38} {'family/generation/body/charset':44} {'listed':7} {'st':2} {'ti':2} {'prec':5} "
        f"{'rec':5} {'bp':3} {'date':10} {'truth':10} {'url':3} boilerplate kinds left"
    )
    for r in results:
        print(_row(r, by_url.get(url_key(r.page.url))))

    s: Summary = summarize(results)
    u = summarize(list(by_url.values()))
    print()
    print(
        "article by URL (fetch URL..., then build the archived day), right = one story, its title, "
        "body precision and recall >= 0.95:"
    )
    families = sorted({r.page.family for r in by_url.values()})
    for fam in families:
        rs = [r for r in by_url.values() if r.page.family == fam]
        print(
            f"  {fam:10} {sum(r.right for r in rs):3} of {len(rs):3} right   "
            f"precision {statistics.fmean(r.body.precision for r in rs):.3f}  "
            f"titles {sum(r.title_ok for r in rs)}/{len(rs)}  stories {sum(r.stories for r in rs)}"
        )
    dated = [r for r in by_url.values() if r.page.dated]
    print(f"  dates right by URL (pages that print a date): {sum(r.date_ok for r in dated)} of {len(dated)}")

    top_old = [r for r in old_results if r.top]
    kinds = Counter(k for r in results for k in r.furniture_kinds())
    allowed = boilerplate_allowed(s.n)
    print()
    print(f"boilerplate lines left, by kind: {dict(kinds.most_common())}")
    print(
        f"first run: exit {first.code}, {len(first.errors())} error lines, {first.seconds:.1f} s; "
        f"by URL: fetch exit {fetch.code}, build exit {by_url_build.code}; "
        f"quiet day: fetch exit {quiet_fetch.code}, build exit {quiet_build.code} "
        f"({sum(h.status == 304 for h in quiet_build.hits)} of {len(quiet_build.hits)} requests 304)"
    )
    print(
        f"robots.txt: forbidden links requested {forbidden_asked or 'none'}; "
        f"pages it allows (Allow: after Disallow:, '$') fetched {len(opened_fetched)} of {len(opened)}"
    )
    print(
        f"Crawl-delay {SLOW_HOST}: min gap {min(slow_gaps, default=0):.2f} s over {len(slow_gaps)} gaps; "
        f"{FAST_HOST} (no Crawl-delay): median gap {statistics.median(fast_gaps) if fast_gaps else 0:.2f} s"
    )
    print(
        f"old stories (6-7 years) among top stories: {len(top_old)} of {len(old_results)} "
        f"(dated {', '.join(sorted({d[:10] for r in old_results for d in r.dates})) or '-'})"
    )
    print()
    checks = [
        (f"pages that gave no story {s.missing} of {s.n} == 0", s.missing == 0),
        (f"body precision mean {s.mean_precision:.3f} >= 0.98 (pages with a story)", s.mean_precision >= 0.98),
        (f"body precision min {s.min_precision:.3f} >= 0.95", s.min_precision >= 0.95),
        (f"body recall mean {s.mean_recall:.3f} >= 0.99 (min {s.min_recall:.3f})", s.mean_recall >= 0.99),
        (f"pages with a boilerplate line {s.boilerplate_pages} of {s.n} <= {allowed}", s.boilerplate_pages <= allowed),
        (f"titles right {s.titles_right} of {s.n}", s.titles_right == s.n),
        (f"dates right (local day) {s.dates_right} of {s.n}", s.dates_right == s.n),
        (f"article by URL right {u.right_by_url} of {u.n} ({len(families)} families)", u.right_by_url == u.n),
        (f"Crawl-delay gaps >= 1.45 s (min {min(slow_gaps, default=0):.2f})", min(slow_gaps, default=0) >= 1.45),
        (f"first run exit {first.code} == 0", first.code == 0),
        (f"quiet day exit {quiet_build.code} == 0", quiet_build.code == 0),
        (f"old stories among top {len(top_old)} == 0", not top_old),
        (f"forbidden links requested {len(forbidden_asked)} == 0", not forbidden_asked),
    ]
    for text, ok in checks:
        print(f"  {_target(ok)}  {text}")
    if args.json:
        data = {
            "summary": asdict(s),
            "by_url": asdict(u),
            "checks": [{"check": t, "ok": ok} for t, ok in checks],
            "pages": [
                {
                    "path": r.page.path,
                    "layout": r.page.describe(),
                    "precision": r.body.precision,
                    "recall": r.body.recall,
                    "boilerplate": r.body.extra_lines,
                    "title_ok": r.title_ok,
                    "date_ok": r.date_ok,
                    "right_by_url": by_url[url_key(r.page.url)].right,
                }
                for r in results
            ],
        }
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    passed = sum(ok for _, ok in checks)
    print()
    print(
        f"bench_site: n={s.n} pages ({s.missing} gave no story), "
        f"P mean {s.mean_precision:.3f} min {s.min_precision:.3f}, R mean {s.mean_recall:.3f}, "
        f"boilerplate pages {s.boilerplate_pages}, by-URL right {u.right_by_url}/{u.n}, dates {s.dates_right}/{s.n}, "
        f"exit first {first.code} quiet {quiet_build.code}, crawl gap {min(slow_gaps, default=0):.2f} s: "
        f"{passed} of {len(checks)} targets met"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
