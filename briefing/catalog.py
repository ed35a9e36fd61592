"""The model catalog (``models/catalog.toml``, shipped in the wheel) and the
state folder's copies of the models it lists."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from briefing.errors import ConfigError, ModelNotFound
from briefing.state import models_dir


@dataclass(frozen=True)
class CatalogEntry:
    name: str
    hub_id: str
    task: str
    backend: str
    license: str
    size_mb: int
    notes: str = ""
    # chrF range that `briefing models verify` expects of a working copy on its golden set
    # (an expectation for the verdict, stated in the catalog with where it comes from)
    verify_chrf: tuple[float, float] | None = None


def _catalog_text() -> str:
    packaged = resources.files("briefing").joinpath("_catalog.toml")
    if packaged.is_file():
        return packaged.read_text("utf-8")
    return (Path(__file__).resolve().parent.parent / "models" / "catalog.toml").read_text("utf-8")


@cache
def entries() -> tuple[CatalogEntry, ...]:
    try:
        data = tomllib.loads(_catalog_text())
        return tuple(
            CatalogEntry(**{**m, "verify_chrf": tuple(m["verify_chrf"]) if "verify_chrf" in m else None})
            for m in data.get("model", [])
        )
    except (tomllib.TOMLDecodeError, TypeError) as exc:
        raise ConfigError(f"model catalog is invalid: {exc}") from exc


def find(name: str) -> CatalogEntry | None:
    """The entry whose short name or hub id is ``name``."""
    return next((e for e in entries() if name in (e.name, e.hub_id)), None)


def local_path(entry: CatalogEntry) -> Path:
    return models_dir() / entry.name


def locate(name: str) -> tuple[Path, CatalogEntry | None]:
    """Where ``name`` would be on this machine: itself as a folder, else the state
    folder's copy of the catalog model of that name (which may not exist yet)."""
    path = Path(name).expanduser()
    entry = find(name)
    if entry is not None and not path.exists():
        path = local_path(entry)
    return path, entry


def ct2_path(entry_or_dir: CatalogEntry | Path) -> Path:
    """Where the CTranslate2 copy of a model lives."""
    base = local_path(entry_or_dir) if isinstance(entry_or_dir, CatalogEntry) else entry_or_dir
    return base.parent / f"{base.name}-ct2"


def is_ct2_dir(path: Path) -> bool:
    return (path / "model.bin").is_file() and (path / "config.json").is_file()


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else 0


def resolve_translator_dir(model: str, backend: str = "auto") -> tuple[str, Path]:
    """The backend name and model folder for ``model`` (catalog name, folder or hub id)."""
    path, entry = locate(model)
    if path.is_dir() and is_ct2_dir(path):
        if backend == "marian":
            raise ModelNotFound(f"{path} is a CTranslate2 folder; use --translator-backend ct2")
        return "ct2", path
    ct2_dir = ct2_path(path)
    if backend in {"auto", "ct2"} and ct2_dir.is_dir() and is_ct2_dir(ct2_dir):
        return "ct2", ct2_dir
    if backend == "ct2":
        raise ModelNotFound(
            f"no CTranslate2 copy of {model!r}; make it with `briefing models convert {entry.name if entry else model}`"
        )
    if path.is_dir():
        return "marian", path
    name = entry.name if entry else model
    raise ModelNotFound(
        f"translation model {model!r} is not on this machine; get it with `briefing models pull {name}` "
        "(and `briefing models convert` for the fast path), or pass --translator-model FOLDER"
    )
