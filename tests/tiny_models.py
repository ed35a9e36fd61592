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


def train_spm(lines: list[str], path: Path, vocab_size: int, **special_ids: int) -> None:
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
        **special_ids,
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
    wanted = (config or {}).get("vocab_size", 0)
    for i in range(len(tokens), wanted - 1):  # a real-size vocabulary: filler pieces never produced
        tokens[f"<unused{i}>"] = i
    tokens["<pad>"] = len(tokens)  # last, as in OPUS-MT (CTranslate2 drops it)
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


def build_mt5(out: Path, vocab: int = 1200) -> Path:
    """A random-weight mT5 summarizer with a T5 tokenizer trained on the seed."""
    import sentencepiece as spm
    import torch
    from transformers import MT5Config, MT5ForConditionalGeneration, T5Tokenizer

    out.mkdir(parents=True, exist_ok=True)
    spm_path = out / "spiece.model"
    train_spm(seed_lines(), spm_path, vocab, pad_id=0, eos_id=1, unk_id=2, bos_id=-1)
    tok = T5Tokenizer(vocab_file=str(spm_path), extra_ids=0, legacy=False)
    tok.model_max_length = 128
    tok.save_pretrained(out)
    size = spm.SentencePieceProcessor(model_file=str(spm_path)).get_piece_size()
    torch.manual_seed(0)
    cfg = MT5Config(
        vocab_size=size,
        d_model=32,
        d_kv=8,
        d_ff=64,
        num_layers=1,
        num_decoder_layers=1,
        num_heads=2,
        decoder_start_token_id=0,
        pad_token_id=0,
        eos_token_id=1,
    )
    MT5ForConditionalGeneration(cfg).save_pretrained(out)
    return out


CHAT_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}<|end|>{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)


def build_causal_lm(out: Path, vocab: int = 800) -> Path:
    """A random-weight Qwen2 causal LM with a BPE tokenizer and a chat template."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast, Qwen2Config, Qwen2ForCausalLM

    out.mkdir(parents=True, exist_ok=True)
    specials = ["<|pad|>", "<|end|>", "<|user|>", "<|assistant|>", "<|system|>"]
    bpe = Tokenizer(models.BPE(unk_token=None))
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    from tokenizers import decoders

    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab, special_tokens=specials, initial_alphabet=pre_tokenizers.ByteLevel.alphabet()
    )
    bpe.train_from_iterator(seed_lines() + ENGLISH, trainer)
    tok = PreTrainedTokenizerFast(tokenizer_object=bpe, pad_token="<|pad|>", eos_token="<|end|>")
    tok.chat_template = CHAT_TEMPLATE
    tok.save_pretrained(out)
    torch.manual_seed(0)
    cfg = Qwen2Config(
        vocab_size=len(tok),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=1,
        num_attention_heads=2,
        num_key_value_heads=1,
        max_position_embeddings=4096,
        pad_token_id=tok.pad_token_id,
        eos_token_id=tok.eos_token_id,
        bos_token_id=None,
    )
    Qwen2ForCausalLM(cfg).save_pretrained(out)
    return out
