"""Model management behind ``briefing models``: list, pull (explicit download), convert."""

from __future__ import annotations

from pathlib import Path

from briefing.catalog import CatalogEntry, ct2_path, entries, find, folder_size, is_ct2_dir, local_path
from briefing.errors import BackendError, ConfigError


def listing() -> list[dict[str, object]]:
    """Each catalog model, with what is present in the state folder."""
    rows = []
    for e in entries():
        path = local_path(e)
        ct2 = ct2_path(e)
        rows.append(
            {
                "name": e.name,
                "hub_id": e.hub_id,
                "task": e.task,
                "backend": e.backend,
                "license": e.license,
                "size_mb": e.size_mb,
                "present": path.is_dir(),
                "local_mb": round(folder_size(path) / 1e6, 1),
                "ct2": is_ct2_dir(ct2),
                "path": str(path),
                "notes": e.notes,
            }
        )
    return rows


def _entry(name: str) -> CatalogEntry:
    entry = find(name)
    if entry is None:
        known = ", ".join(e.name for e in entries())
        raise ConfigError(f"{name!r} is not in the model catalog (known: {known})")
    return entry


def pull(name: str, revision: str | None = None) -> Path:
    """Download a catalog model from the Hugging Face Hub into the state folder."""
    entry = _entry(name)
    target = local_path(entry)
    try:
        from huggingface_hub import snapshot_download
    except ImportError as exc:
        raise ConfigError("pulling models needs huggingface_hub: pip install 'briefing[neural]'") from exc
    # weights as safetensors, or the older pytorch_model.bin some repos (OPUS-MT) still carry
    patterns = ["*.json", "*.model", "*.spm", "*.txt", "*.safetensors", "pytorch_model*.bin", "*.tiktoken", "*.jinja"]
    try:
        snapshot_download(repo_id=entry.hub_id, revision=revision, local_dir=str(target), allow_patterns=patterns)
    except Exception as exc:  # the hub client raises many types; each one means "not downloaded"
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise BackendError(f"cannot download {entry.hub_id}: {reason}") from exc
    return target


def convert(name_or_path: str, out: str | None = None, quantization: str = "int8") -> Path:
    """Make the CTranslate2 copy of a translation model (catalog name or folder)."""
    from briefing.translators.ct2 import convert as ct2_convert

    path = Path(name_or_path).expanduser()
    if not path.is_dir():
        entry = _entry(name_or_path)
        if entry.backend != "marian":
            raise ConfigError(f"{entry.name} is a {entry.task} model; only translation models are converted")
        path = local_path(entry)
        if not path.is_dir():
            raise ConfigError(f"{entry.name} is not on this machine; run `briefing models pull {entry.name}` first")
    try:
        import ctranslate2  # noqa: F401
    except ImportError as exc:
        raise ConfigError("converting needs ctranslate2: pip install 'briefing[ct2]'") from exc
    return ct2_convert(path, Path(out) if out else ct2_path(path), quantization)
