"""The state folder (models, cache, config), atomic writes and run locks."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from briefing.errors import ConfigError, LockBusy


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
def run_lock(path: Path, timeout: float = 0, guards: str = "") -> Iterator[Path]:
    """Hold the lock file ``path`` for the run; raise LockBusy if another run holds it (``guards``
    says what it protects, for the message), ConfigError if the file cannot be made there."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=timeout)
    except Timeout as exc:  # (a TimeoutError, so an OSError: first)
        what = f", the lock of {guards}" if guards else ""
        raise LockBusy(
            f"another briefing run holds {path}{what} (waited {timeout:g}s); "
            "try again later or raise build.lock_timeout"
        ) from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot create the lock file ({exc.strerror or exc})") from exc
    try:
        yield path
    finally:
        lock.release()
