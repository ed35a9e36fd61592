"""Build tiny random-weight models for tests and benchmarks (no downloads).

Tokenizers are trained here on the seed text, so the real loading code paths
(``from_pretrained``, CTranslate2's converter) run end to end offline.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

ENGLISH = [
    "The State Council issued guidelines on efficient government services.",
    "More than 1,100 courses were launched for 2025 graduates.",
    "The rate of students in good health will exceed 40% by 2025.",
    "Officials said the reform will help companies and citizens.",
    "Graduates attended a job fair at the university in Guangxi.",
    "The memorial hall receives over 400,000 visitors every year.",
    "Data sharing across departments is key to one-stop services.",
    "The ministry of education will continue online recruitment until August.",
]


def seed_lines(limit: int = 400) -> list[str]:
    """Chinese training lines: the seed page shipped in the repository."""
    root = Path(__file__).resolve().parent.parent
    lines: list[str] = []
    for path in sorted((root / "seeds").glob("*.txt")):
        lines += [ln.strip() for ln in path.read_text("utf-8").splitlines() if ln.strip()]
    return lines[:limit]


def train_spm(lines: list[str], path: Path, vocab_size: int) -> None:
    """Train a small unigram sentencepiece model into ``path``."""
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buf,
        vocab_size=vocab_size,
        character_coverage=1.0,
        model_type="unigram",
        hard_vocab_limit=False,
        minloglevel=2,
    )
    path.write_bytes(buf.getvalue())


def build_marian(
    out: Path,
    *,
    d_model: int = 32,
    layers: int = 1,
    heads: int = 2,
    ffn: int = 64,
    vocab: int = 1200,
    config: dict | None = None,
) -> Path:
    """Save a random MarianMT model with trained zh/en sentencepiece models."""
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel

    out.mkdir(parents=True, exist_ok=True)
    train_spm(seed_lines(), out / "source.spm", vocab)
    train_spm(ENGLISH * 4, out / "target.spm", min(vocab, 150))
    tokens: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for name in ("source.spm", "target.spm"):
        sp = spm.SentencePieceProcessor(model_file=str(out / name))
        for i in range(sp.get_piece_size()):
            tokens.setdefault(sp.id_to_piece(i), len(tokens))
    tokens["<pad>"] = len(tokens)
    (out / "vocab.json").write_text(json.dumps(tokens, ensure_ascii=False), "utf-8")
    params = dict(
        vocab_size=len(tokens),
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn,
        decoder_ffn_dim=ffn,
        max_position_embeddings=512,
        pad_token_id=tokens["<pad>"],
        decoder_start_token_id=tokens["<pad>"],
        eos_token_id=0,
        forced_eos_token_id=0,
        max_length=64,
        num_beams=1,
    )
    params.update(config or {})
    params["vocab_size"] = max(params["vocab_size"], len(tokens))
    torch.manual_seed(0)
    model = MarianMTModel(MarianConfig(**params))
    model.save_pretrained(out)
    (out / "tokenizer_config.json").write_text(
        json.dumps(
            {"tokenizer_class": "MarianTokenizer", "source_lang": "zh", "target_lang": "en", "model_max_length": 512}
        ),
        "utf-8",
    )
    return out
