"""The state folder (models, cache, lock, config), atomic writes and the run lock."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from briefing.errors import LockBusy


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


@contextmanager
def run_lock(name: str = "build", timeout: float = 0) -> Iterator[Path]:
    """Hold ``<state>/<name>.lock`` for the run; raise LockBusy if another holds it."""
    from filelock import FileLock, Timeout

    path = home() / f"{name}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=timeout)
    except Timeout as exc:
        raise LockBusy(
            f"another briefing run holds {path} (waited {timeout:g}s); try again later or raise build.lock_timeout"
        ) from exc
    try:
        yield path
    finally:
        lock.release()
