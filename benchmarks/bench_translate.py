"""Translation time of a real build against one bare CTranslate2 call on the same sentences.

The workload is the one ``briefing build --translate`` runs: a 100-story
briefing built from real pages (the seed page and ``../shared/data/xwlb_pages``
by default), read, split, summarized and merged by the pipeline; then every
headline and summary is translated by ``briefing.pipeline.translate`` (one
batched pass: sentence splitting, glossary masking, cache look-ups and writes
in a fresh cache, de-duplication, length-sorted batches, number and glossary
checks, and the results given back to the stories).

The bare reference is what a user would write by hand: the same unique
sentences, tokenized beforehand (not timed), in ONE
``ctranslate2.Translator.translate_batch`` call on the same loaded model with
the same decoding settings.

The model is the opus-mt-zh-en architecture with random weights (built like
the tests' tiny models, tokenizers trained on the seed page), converted to
CTranslate2 int8 by the project's converter; beam 4; output forced to
``--length`` tokens so both sides decode exactly the same number of tokens;
2 threads.  The loop retry is off: random weights loop at random, which would
time noise.  Each side's time is the best of ``--repeats`` interleaved runs
in alternating order after a warm-up (the least disturbed one, on a shared
machine).

    python benchmarks/bench_translate.py [PAGES...] [--stories 100] [--length 40] [--repeats 3] [--marian]

``--marian`` also times the same build pass on the ``marian`` (PyTorch) path,
once, and prints the ct2/marian speed ratio on this workload.

Goal: build <= 1.20x bare.  The last line reads
``build translation vs bare translate_batch: X.XXx``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing import pipeline  # noqa: E402
from briefing.arrange import merge_duplicates  # noqa: E402
from briefing.backends import BackendContext  # noqa: E402
from briefing.cache import Cache  # noqa: E402
from briefing.config import Options, TranslateOptions  # noqa: E402
from briefing.records import Story  # noqa: E402
from briefing.translators.base import Decode  # noqa: E402
from briefing.translators.glossary import load_glossary  # noqa: E402
from briefing.translators.service import EnglishTranslator  # noqa: E402
from tests.tiny_models import build_marian  # noqa: E402

# Helsinki-NLP/opus-mt-zh-en config.json (architecture only)
OPUS_MT_ZH_EN = dict(
    d_model=512,
    encoder_layers=6,
    decoder_layers=6,
    encoder_attention_heads=8,
    decoder_attention_heads=8,
    encoder_ffn_dim=2048,
    decoder_ffn_dim=2048,
    vocab_size=65001,
    max_position_embeddings=512,
    activation_function="swish",
    scale_embedding=True,
    static_position_embeddings=True,
    share_encoder_decoder_embeddings=True,
    normalize_embedding=False,
)
DEFAULT_PAGES = [str(ROOT / "seeds"), str(ROOT.parent / "shared" / "data" / "xwlb_pages")]


def briefing_stories(pages: list[str], n: int) -> list[Story]:
    """The first ``n`` stories of a build over ``pages``, as the build has them before translation."""
    opts = Options()
    stage = pipeline.summarize(pipeline.read_and_split(pages, opts), opts, None)
    stories = [s for s in stage.stories if s.summary.text or s.article.paragraphs]
    stories = merge_duplicates(stories, opts.build.dedupe_threshold)
    if len(stories) < n:
        sys.exit(f"only {len(stories)} stories in {', '.join(pages)}; give more pages or --stories {len(stories)}")
    return stories[:n]


def sentences_sent(translator: EnglishTranslator, stories: list[Story]) -> list[str]:
    """The unique masked sentences the build's pass hands to the model (cold cache)."""
    sent: list[str] = []
    real = translator.backend.translate_batch

    def spy(batch: list[str], decode: Decode) -> list[str]:
        sent.extend(batch)
        return real(batch, decode)

    translator.backend.translate_batch = spy  # type: ignore[method-assign]
    try:
        pipeline.translate(stories, translator)
    finally:
        del translator.backend.translate_batch
    return sent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pages", nargs="*", default=DEFAULT_PAGES)
    ap.add_argument("--stories", type=int, default=100)
    ap.add_argument("--length", type=int, default=40, help="output tokens per sentence (forced)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--marian", action="store_true", help="also time the marian path (slow)")
    args = ap.parse_args()
    from briefing.translators.ct2 import CT2Backend, convert

    stories = briefing_stories(args.pages, args.stories)
    decode = Decode(beam_size=4, max_new_tokens=args.length, min_new_tokens=args.length)
    with tempfile.TemporaryDirectory() as tmp:
        model = build_marian(Path(tmp) / "opus-mt-arch", config=OPUS_MT_ZH_EN)
        ct2_dir = convert(model, Path(tmp) / "opus-mt-arch-ct2", "int8")
        backend = CT2Backend(BackendContext(TranslateOptions(model=str(ct2_dir))), threads=args.threads)
        backend.load()
        glossary = load_glossary()

        def build_once(n: int) -> float:
            with Cache(Path(tmp) / f"cache-{n}.sqlite3") as cache:  # cold, as on a first build
                translator = EnglishTranslator(backend, glossary, decode, cache=cache, retry=False)
                t0 = time.perf_counter()
                pipeline.translate(stories, translator)
                return time.perf_counter() - t0

        uniques = sentences_sent(EnglishTranslator(backend, glossary, decode, retry=False), stories)
        tokens = [backend._tokens(s) for s in uniques]
        raw = backend._translator

        def bare_once() -> tuple[float, int]:
            t0 = time.perf_counter()
            results = raw.translate_batch(
                tokens,
                beam_size=decode.beam_size,
                max_decoding_length=decode.max_new_tokens,
                min_decoding_length=decode.min_new_tokens,
                max_batch_size=backend.max_batch_size,
            )
            return time.perf_counter() - t0, sum(len(r.hypotheses[0]) for r in results)

        bare_once()  # warm-up
        build_best = bare_best = float("inf")
        out_tokens = 0
        for n in range(args.repeats):  # interleaved, in alternating order: both sides meet the same load
            if n % 2:
                secs, out_tokens = bare_once()
                build_best = min(build_best, build_once(n))
            else:
                build_best = min(build_best, build_once(n))
                secs, out_tokens = bare_once()
            bare_best = min(bare_best, secs)
        marian_secs = None
        if args.marian:
            import torch

            from briefing.translators.marian import MarianBackend

            torch.set_num_threads(args.threads)
            marian = MarianBackend(BackendContext(TranslateOptions(model=str(model))), threads=args.threads)
            slow = EnglishTranslator(marian, glossary, decode, retry=False)
            slow.translate("国务院办公厅印发意见。")  # warm-up: loads the model
            t0 = time.perf_counter()
            pipeline.translate(stories, slow)
            marian_secs = time.perf_counter() - t0

    texts = sum(1 + bool(s.summary.text) for s in stories)
    print(
        f"{len(stories)} stories: {texts} headlines and summaries, {len(uniques)} distinct sentences, "
        f"{sum(len(t) for t in tokens)} source tokens, {out_tokens} output tokens "
        f"(beam 4, {args.threads} threads, ct2 int8, opus-mt-zh-en architecture, random weights)"
    )
    print(f"{'bare translate_batch':<22} {bare_best:7.2f}s  {out_tokens / bare_best:7.0f} tokens/s")
    print(f"{'build translation':<22} {build_best:7.2f}s  {out_tokens / build_best:7.0f} tokens/s")
    if marian_secs is not None:
        print(f"{'build, marian path':<22} {marian_secs:7.2f}s  {out_tokens / marian_secs:7.0f} tokens/s")
        print(f"ct2/marian speed ratio on this workload: {marian_secs / build_best:.2f}x")
    print(f"build translation vs bare translate_batch: {build_best / bare_best:.2f}x")


if __name__ == "__main__":
    main()
