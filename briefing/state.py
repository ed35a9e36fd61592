"""The state folder (models, cache, config) and atomic writes of single files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def home() -> Path:
    """``$BRIEFING_HOME`` or the platform's user data folder (not created here)."""
    env = os.environ.get("BRIEFING_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("briefing", appauthor=False))


def models_dir() -> Path:
    return home() / "models"


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, fsync, then rename over it.

    A run killed at any point leaves either the old file or the new one,
    never half a file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # as a plain open() would, not mkstemp's 0600
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
