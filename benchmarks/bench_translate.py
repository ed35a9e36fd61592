"""Translation speed: the project's ``marian`` path against its ``ct2`` path.

Builds the opus-mt-zh-en architecture from its config (random weights; the
tokenizers are trained here on the seed page), converts it to CTranslate2 int8
with the project's own converter, and times both backends through the
project's EnglishTranslator (sentence splitting, glossary masking, batching)
on the same 48 news sentences, beam 4, 2 threads, output forced to 40 tokens.
The loop retry is off: random weights loop at random, which would time noise.
Each backend's time is the best of three runs after a warm-up.

    python benchmarks/bench_translate.py [--sentences 48] [--threads 2]

Target: ct2 >= 5x marian.  The last line reads ``ct2/marian speed ratio: X.XX``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.sentences import split_sentences  # noqa: E402
from briefing.translators.base import Decode  # noqa: E402
from briefing.translators.glossary import load_glossary  # noqa: E402
from briefing.translators.service import EnglishTranslator  # noqa: E402
from tests.tiny_models import build_marian, seed_lines  # noqa: E402

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


def sentences(n: int) -> list[str]:
    out = [s for line in seed_lines(1000) for s in split_sentences(line) if 15 <= len(s) <= 80]
    out = list(dict.fromkeys(out))
    return (out * (n // max(len(out), 1) + 1))[:n]


def run(translator: EnglishTranslator, texts: list[str], repeats: int = 3) -> float:
    """Best of ``repeats`` timed runs after a warm-up (the least disturbed one)."""
    translator.translate(texts[0])
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for text in texts:
            translator.translate(text)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sentences", type=int, default=48)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--length", type=int, default=40)
    args = ap.parse_args()
    import torch

    from briefing.translators.ct2 import CT2Backend, convert
    from briefing.translators.marian import MarianBackend

    torch.set_num_threads(args.threads)
    texts = sentences(args.sentences)
    decode = Decode(beam_size=4, max_new_tokens=args.length, min_new_tokens=args.length)
    with tempfile.TemporaryDirectory() as tmp:
        model = build_marian(Path(tmp) / "opus-mt-arch", config=OPUS_MT_ZH_EN)
        ct2_dir = convert(model, Path(tmp) / "opus-mt-arch-ct2", "int8")
        tokens = args.length * len(texts)
        glossary = load_glossary()
        # one call per text, as the briefing translates headlines and summaries
        batch = "".join(texts)
        results = {}
        for name, backend in (
            ("marian", MarianBackend(str(model), threads=args.threads)),
            ("ct2", CT2Backend(str(ct2_dir), threads=args.threads)),
        ):
            tr = EnglishTranslator(backend, glossary, decode, retry=False)
            secs = run(tr, [batch])
            results[name] = tokens / secs
            print(
                f"{name:<7} {len(texts)} sentences x {args.length} tokens, beam 4, {args.threads} threads: "
                f"{secs:.2f}s, {tokens / secs:.0f} tokens/s"
            )
    print(f"ct2/marian speed ratio: {results['ct2'] / results['marian']:.2f}")


if __name__ == "__main__":
    main()
