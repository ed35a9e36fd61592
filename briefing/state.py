"""The state folder (models, cache, config), atomic writes and run locks."""

from __future__ import annotations

import errno
import os
import stat
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


class Refused(ValueError):
    """A file :func:`read_inside` will not read; the message says why."""


def read_inside(root: Path, name: str, max_bytes: int) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file ``name`` inside the folder ``root``, and its status.

    Folders written by others (templates, an archive) are read only where they
    are: the name is resolved (links followed) and must stay inside ``root``,
    so a link to a system file, ``..`` or an absolute name is refused, never
    opened; a pipe, device or folder is refused from its status, never opened
    (one swapped in after that is opened without blocking and refused), and a
    file over ``max_bytes`` is refused unread.  The resolved path is then
    opened one component at a time, each relative to the folder opened before
    it and none followed if it is a link (:func:`_open_beneath`): a link swapped
    in between the check and the open is refused, never followed out.
    Refused says why, FileNotFoundError when nothing has that name, another
    OSError when it cannot be read.
    """
    base = root.resolve()
    path = base / name
    if not os.path.lexists(path):
        raise FileNotFoundError(2, "not found", str(path))
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise Refused("is a link that leads nowhere (or in a loop)") from None
    if not real.is_relative_to(base):
        raise Refused(f"leads out of its folder {base}")
    fd = _open_beneath(base, real.relative_to(base).parts)
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise Refused("is not a regular file")
        if st.st_size > max_bytes:
            raise Refused(f"is larger than {max_bytes:,} bytes")
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew while read
        raise Refused(f"is larger than {max_bytes:,} bytes")
    return data, st


def _open_beneath(base: Path, parts: tuple[str, ...]) -> int:
    """A descriptor of ``base/parts...``, read-only and non-blocking, each part opened relative to the one
    before and with O_NOFOLLOW, so no link met on the way (one swapped in after the path was checked) is
    followed: Refused then. ``parts`` is a resolved path, so it holds no link unless one was swapped in."""
    if not parts:
        raise Refused("is not a regular file")
    folder = os.open(base, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for part in parts[:-1]:
            inner = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=folder)
            os.close(folder)
            folder = inner
        # what is no regular file is refused from its status, never opened: opening a pipe releases a writer
        # waiting on it, opening a device may act (rewind a tape, start a watchdog); a link is left to the open
        kind = os.stat(parts[-1], dir_fd=folder, follow_symlinks=False).st_mode
        if not (stat.S_ISREG(kind) or stat.S_ISLNK(kind)):
            raise Refused("is not a regular file")
        return os.open(parts[-1], os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=folder)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):  # a link (or a file) now where the checked path had none
            raise Refused("changed into a link while it was opened (it may lead out of its folder)") from None
        raise
    finally:
        os.close(folder)


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
