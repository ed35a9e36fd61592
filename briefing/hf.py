"""Loading transformers models by folder, catalog name or hub id, offline-safe.

Nothing is downloaded implicitly: a name that is not a folder and not in the
state folder is looked up in the local Hugging Face cache only
(``local_files_only``); ``briefing models pull`` is the one way to download.
A missing model gives one error that says how to get it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefing.errors import BackendError, ModelNotFound

# What generate() raises on out of memory (torch.OutOfMemoryError is a RuntimeError),
# a CUDA error, or a tokenizer or shape problem with one input.
GENERATION_ERRORS = (RuntimeError, ValueError, IndexError, MemoryError)


def generation_error(exc: BaseException) -> str:
    """One line naming a generation error."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def quiet_transformers() -> None:
    """No progress bars or advice from transformers unless stderr is a terminal."""
    import sys
    import warnings

    warnings.filterwarnings("ignore", message=".*sacremoses.*")
    if not sys.stderr.isatty():
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]


def pick_device(device: str = "auto") -> str:
    """``auto`` means CUDA when torch sees a GPU, else the CPU."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise BackendError("device 'cuda' asked for, but torch sees no GPU")
    return device


def resolve_model(name: str) -> Path | str:
    """A local folder for ``name`` (itself, or the state folder's copy of a catalog
    model), else the hub id to look up in the local Hugging Face cache."""
    from briefing.catalog import locate

    path, entry = locate(name)
    if path.is_dir():
        return path
    return entry.hub_id if entry is not None else name


def model_identity(name: str) -> str:
    """A fingerprint of the files behind ``name``: its folder, or its snapshot in
    the local Hugging Face cache (whose path names the revision)."""
    from briefing.cache import folder_fingerprint, make_key

    where = resolve_model(name)
    if isinstance(where, Path):
        return folder_fingerprint(str(where.resolve()))
    try:
        from huggingface_hub import snapshot_download

        return folder_fingerprint(snapshot_download(where, local_files_only=True))
    except (ImportError, OSError, ValueError):  # not in the local cache: loading it fails first
        return make_key("hub id", name)


def load_pretrained(name: str, tok_cls: Any, model_cls: Any, task: str) -> tuple[Any, Any]:
    """Tokenizer and model from a folder, or from the local hub cache."""
    quiet_transformers()
    where = resolve_model(name)
    kwargs: dict[str, Any] = {} if isinstance(where, Path) else {"local_files_only": True}
    try:
        tok = tok_cls.from_pretrained(str(where), **kwargs)
        model = model_cls.from_pretrained(str(where), **kwargs)
    except (OSError, ValueError) as exc:
        if isinstance(where, Path):
            raise BackendError(f"{where}: not a usable {task} model folder ({str(exc).splitlines()[0]})") from exc
        raise ModelNotFound(
            f"model {name!r} is not on this machine; get it with `briefing models pull {name}` "
            "(where there is network) or pass a local folder"
        ) from exc
    return tok, model
