"""The openai backend: one pass of concurrent requests against one blocking call per story.

What a user would do without this backend's batching is ask the server for
each headline and summary in turn.  A local scripted OpenAI-compatible server
(127.0.0.1, the test suite's) answers every request after a fixed delay that
stands in for an LLM's generation time; the seed page's headlines and
summaries (and copies of them, to reach a day's worth of stories) are
translated once through ``EnglishTranslator.translate_all`` with 4 requests
in flight, and once text by text with 1.  Nothing is cached.  This measures
the orchestration (concurrency, retries, guard), not a model: the server's
answer is one fixed sentence, which the guard refuses for every text with
numbers, so those cost a second, stricter request on both sides alike.

Then the library's cost per call: ``--calls`` calls of ``briefing.translate``
(each its own run, as a web service makes them) to a server that answers at
once and keeps connections alive, against one run that translates the same
texts one by one (what the exchange itself costs).  Each call built an HTTP
client of its own (about 30 ms) before the process shared one.

    python benchmarks/bench_openai.py [--stories 60] [--delay 0.2] [--concurrency 4] [--calls 100]

Its last lines read ``concurrent/sequential speed ratio: X.XX`` (ideal: the
concurrency) and ``library call/one run per-text time ratio: X.XX`` (ideal: 1).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.backends import BackendContext  # noqa: E402
from briefing.config import OpenAIOptions, TranslateOptions  # noqa: E402
from briefing.translators.glossary import Glossary  # noqa: E402
from briefing.translators.openai_compat import OpenAITranslationBackend  # noqa: E402
from briefing.translators.service import EnglishTranslator  # noqa: E402
from tests.openai_server import Scripted  # noqa: E402


def texts(stories: int) -> list[str]:
    """Headlines and extractive summaries of the seed page, numbered copies up to ``stories`` stories."""
    from briefing import split
    from briefing.summarizers.base import Budget
    from briefing.summarizers.extractive import extractive_summary

    seed = sorted((ROOT / "seeds").glob("*.txt"))[0].read_text("utf-8")
    arts = split(seed).articles
    out = []
    for n in range(stories):
        art = arts[n % len(arts)]
        tag = f"（第{n}篇）"  # distinct texts, so nothing is de-duplicated away
        out += [art.title + tag, extractive_summary(art, Budget(), "extractive").text + tag]
    return out


def run(server: Scripted, items: list[str], concurrency: int, one_by_one: bool) -> float:
    opts = TranslateOptions(backend="openai", model="m", endpoint=server.url)
    backend = OpenAITranslationBackend(BackendContext(opts, OpenAIOptions(concurrency=concurrency)))
    translator = EnglishTranslator(backend, Glossary())
    t0 = time.perf_counter()
    if one_by_one:
        for text in items:
            translator.translate(text)
    else:
        translator.translate_all(items)
    return time.perf_counter() - t0


def per_call(calls: int) -> tuple[float, float, int]:
    """Seconds per text through the library API (one run per call) and through one run of one loaded
    translator, and the connections the server accepted for all of it (model checks included)."""
    from briefing import Options, api
    from briefing.backends import Run

    items = [f"第{n}条新闻标题" for n in range(calls)]  # distinct: nothing is served twice
    with Scripted(keep_alive=True) as server:
        opts = Options()
        opts.translate.backend, opts.translate.endpoint, opts.translate.model = "openai", server.url, "m"
        api.translate("预热", opts)  # the model's check, once per process, is no call's cost
        t0 = time.perf_counter()
        for text in items:
            api.translate(text, opts)
        library = (time.perf_counter() - t0) / calls
        translator = api._translator(opts)
        with Run() as run:
            one_run = translator.for_run(run)
            t0 = time.perf_counter()
            for text in items:
                one_run.translate(text)
            floor = (time.perf_counter() - t0) / calls
        return library, floor, server.connections


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=60)
    ap.add_argument("--delay", type=float, default=0.2, help="seconds the server takes per request")
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--calls", type=int, default=100, help="library calls timed one after the other")
    args = ap.parse_args()
    items = texts(args.stories)
    with Scripted() as server:
        server.delay = args.delay
        sequential = run(server, items, 1, one_by_one=True)
        requests_sequential = len(server.chats)
        concurrent = run(server, items, args.concurrency, one_by_one=False)
        requests_concurrent = len(server.chats) - requests_sequential
    print(f"{len(items)} texts ({args.stories} stories), server delay {args.delay:.2f} s per request")
    print(f"one call per text:        {sequential:6.2f} s  ({requests_sequential} requests)")
    print(f"one pass, {args.concurrency} in flight:    {concurrent:6.2f} s  ({requests_concurrent} requests)")
    print(f"concurrent/sequential speed ratio: {sequential / concurrent:.2f}")
    library, floor, connections = per_call(args.calls)
    print(f"{args.calls} library calls, server answering at once: {1000 * library:.1f} ms per call")
    print(f"the same texts in one run:  {1000 * floor:.1f} ms per text  ({connections} connections in all)")
    print(f"library call/one run per-text time ratio: {library / floor:.2f}")


if __name__ == "__main__":
    main()
