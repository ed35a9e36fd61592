"""The output folder: checked before any work, locked, published as one set.

A reader (a person, a web server, a sync job) must only ever see one run's
complete set of files, even if the run is killed or the disk fills up half
way.  Renaming several files is never atomic as a whole, so every published
name is a stable relative symlink into one switchable run folder::

    OUT/2025-07-09.html -> .briefing/current/2025-07-09.html
    OUT/.briefing/current -> runs/20250709T063001.123-4242
    OUT/.briefing/runs/20250709T063001.123-4242/   every file of that run's set
    OUT/.briefing/lock                              one run per output folder

A run writes its whole set (the earlier days are hard links to the previous
set, so they cost no space) into a temporary folder, fsyncs it, renames it
into ``runs/``, adds the symlinks of new names (they dangle, i.e. are absent,
until the switch), and then switches ``current`` with one atomic rename: the
commit point.  Killed before it, the previous set stays; after it, the new one
is complete.  Leftovers (temporary folders and links, old runs) are removed
by the next run, under the lock.  Dated files from before this layout are
taken over once: they become the first set, unchanged.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from briefing.errors import ConfigError, LockBusy, PublishError

META = ".briefing"
# the names a briefing publishes: dated files of any format, the archive page and the rolling feeds
MANAGED = re.compile(r"^(\d{4}-\d{2}-\d{2}\.[A-Za-z0-9][A-Za-z0-9.]*|index\.html|feed\.json|feed\.atom)$")
_TMP = ".tmp-"
_POLL = 0.05  # seconds between tries of a lock another run holds
_VANISHED_TRIES = 20  # a folder removed under a waiting run this many times in a row is an error, not a loop
# temporary names beside the published ones: ``.<name>.link.tmp``, and atomic writes of older versions
_LEFTOVER = re.compile(r"^\.(\d{4}-\d{2}-\d{2}\.[A-Za-z0-9.]+|index\.html|feed\.json|feed\.atom)\..+\.tmp$")


def _why(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_file(path: Path, data: bytes) -> None:
    umask = os.umask(0)
    os.umask(umask)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 & ~umask)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _flock(fd: int, deadline: float) -> bool:
    """An exclusive ``flock`` on ``fd``, polled until ``deadline`` (``time.monotonic``); whether it was got."""
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(_POLL, left))


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
        shutil.copy2(src, dst)


class OutFolder:
    """One output folder and its published set."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.meta = self.path / META
        self.runs = self.meta / "runs"
        self.current = self.meta / "current"
        self._created = False
        self._lock_fd: int | None = None  # the open lock file while this run holds the folder's lock

    def __str__(self) -> str:
        return str(self.path)

    # -- before any work ---------------------------------------------------

    def check(self, names: list[str]) -> None:
        """Exit 2 now, before any work, if the set could not be written here."""
        where = f"output folder {str(self.path)!r}"
        if self.path.exists() and not self.path.is_dir():
            raise ConfigError(f"{where} is not a folder")
        self._created = not self.path.exists()
        try:
            self.runs.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise ConfigError(f"{where}: a part of the path is a file, not a folder") from None
        except OSError as exc:
            raise ConfigError(f"{where} cannot be created ({_why(exc)})") from None
        probe = self.meta / f"{_TMP}probe-{os.getpid()}"
        try:
            probe.unlink(missing_ok=True)
            _write_file(probe, b"\0" * 4096)
        except OSError as exc:
            raise ConfigError(f"{where} is not writable ({_why(exc)})") from None
        probe.unlink(missing_ok=True)  # the lock holder's clean() may have taken it already
        for name in names:
            target = self.path / name
            if target.is_dir() and not target.is_symlink():
                raise ConfigError(f"{where}: {name!r} is a folder, so the briefing cannot be written there")

    def forget_if_new(self) -> None:
        """After a run that published nothing, under its lock: remove the folder if this run created it.

        Never without the lock, which a run refused by it does not hold: another run may have taken the new
        folder and be publishing into it.  The folder is renamed away in one step before it is removed, so a
        run that waits for the lock, or checks the folder, finds it whole or absent, never half removed.
        """
        if self._lock_fd is None or not self._created or self._current_run() is not None:
            return
        if {p.name for p in self.path.iterdir()} <= {META}:
            gone = self.path.with_name(f".{self.path.name}.forgotten-{os.getpid()}")
            try:
                os.rename(self.path, gone)
            except OSError:
                gone = self.path
            shutil.rmtree(gone, ignore_errors=True)

    @contextmanager
    def lock(self, timeout: float = 0) -> Iterator[Path]:
        """One run at a time per output folder, whatever its state folder: ``flock`` on ``.briefing/lock``,
        waiting up to ``timeout`` seconds.  The lock is ours only while that name still is the file we locked:
        a run that waited for a run that then removed the folder (:meth:`forget_if_new`) makes the folder anew
        and locks again."""
        path = self.meta / "lock"
        deadline = time.monotonic() + timeout
        for _ in range(_VANISHED_TRIES):
            fd = self._open_lock(path)
            try:
                if not _flock(fd, deadline):
                    raise LockBusy(
                        f"another briefing run holds {path}, the lock of the output folder (waited {timeout:g}s); "
                        "try again later or raise build.lock_timeout"
                    )
                if os.path.samestat(os.fstat(fd), os.stat(path)):
                    break
            except FileNotFoundError:
                pass  # removed while we waited: lock anew
            except OSError as exc:
                os.close(fd)
                raise PublishError(f"cannot lock the output folder {str(self.path)!r} ({_why(exc)})") from None
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)
        else:
            raise PublishError(f"cannot lock the output folder {str(self.path)!r} (it keeps being removed)")
        self._lock_fd = fd
        try:
            yield path
        finally:
            self._lock_fd = None
            os.close(fd)  # releases the lock

    def _open_lock(self, path: Path) -> int:
        """The lock file, opened; the folder made anew (and then counted as this run's) if it was removed."""
        try:
            try:
                self.path.mkdir(parents=True)
                self._created = True
            except FileExistsError:
                pass
            self.runs.mkdir(parents=True, exist_ok=True)
            return os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
        except OSError as exc:
            raise PublishError(f"cannot lock the output folder {str(self.path)!r} ({_why(exc)})") from None

    # -- what is published ---------------------------------------------------

    def _current_run(self) -> Path | None:
        if not self.current.is_symlink():
            return None
        target = self.runs / os.readlink(self.current).rpartition("/")[2]
        return target if target.is_dir() else None

    def published(self) -> dict[str, Path]:
        """Every name a reader sees now, with the file behind it."""
        run = self._current_run()
        out: dict[str, Path] = {}
        if run is None:
            return out
        in_run = {e.name for e in os.scandir(run) if e.is_file()}
        for entry in os.scandir(self.path):
            if entry.name in in_run and self._is_link(Path(entry.path)):
                out[entry.name] = run / entry.name
        return dict(sorted(out.items()))

    @staticmethod
    def _is_link(path: Path) -> bool:
        """Is ``path`` one of the published names' links into the current set?"""
        if not (MANAGED.match(path.name) and path.is_symlink()):
            return False
        return os.readlink(path) == f"{META}/current/{path.name}"

    # -- publishing ------------------------------------------------------------

    def clean(self) -> None:
        """Remove what killed runs left: temporary folders and links, dangling names, old runs."""
        for entry in os.scandir(self.meta):
            if entry.name.startswith(_TMP):
                self._remove(Path(entry.path))
        keep = self._current_run()
        # the previous run stays one more run: a reader may be half way through one of its files
        for path in sorted(p for p in self.runs.iterdir() if p != keep)[:-1]:
            self._remove(path)
        for entry in os.scandir(self.path):
            path = Path(entry.path)
            if _LEFTOVER.match(entry.name) or (self._is_link(path) and not path.exists()):
                path.unlink(missing_ok=True)
        try:
            self._adopt_legacy()
        except OSError as exc:
            raise PublishError(f"cannot take over the files in {str(self.path)!r} ({_why(exc)})") from None

    @staticmethod
    def _remove(path: Path) -> None:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)

    def _adopt_legacy(self) -> None:
        """Dated regular files from before this layout become the first published set, unchanged."""
        if self._current_run() is not None:
            return
        legacy = sorted(
            e.name for e in os.scandir(self.path) if MANAGED.match(e.name) and e.is_file(follow_symlinks=False)
        )
        if legacy:
            self._publish({name: self.path / name for name in legacy}, {}, adopt=True)

    def publish(self, files: dict[str, bytes]) -> list[Path]:
        """Publish ``files`` (name -> content) with every earlier name kept, as one switch."""
        for name in files:
            if not MANAGED.match(name):
                raise ValueError(f"{name!r} is not a name the output folder publishes")
        try:
            self._publish(self.published(), files)
        except OSError as exc:
            raise PublishError(
                f"cannot write the briefing to {str(self.path)!r} ({_why(exc)}); the previous briefing is unchanged"
            ) from None
        return [self.path / name for name in files]

    def _publish(self, keep: dict[str, Path], files: dict[str, bytes], adopt: bool = False) -> None:
        run_id = time.strftime("%Y%m%dT%H%M%S") + f".{time.time_ns() % 10**9:09d}-{os.getpid()}"
        tmp = self.meta / f"{_TMP}{run_id}"
        tmp.mkdir()
        try:
            for name, src in keep.items():
                if name not in files:
                    _link_or_copy(src, tmp / name)
            for name, data in files.items():
                _write_file(tmp / name, data)
            _fsync_dir(tmp)
            run = self.runs / run_id
            os.rename(tmp, run)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _fsync_dir(self.runs)
        names = sorted({*keep, *files})
        if not adopt:
            # every name links into current/ before the switch: new ones dangle (are absent) until then
            # (the kept names are such links already)
            self._link_all([name for name in names if name not in keep])
        link = self.meta / f"{_TMP}current-{run_id}"
        os.symlink(f"runs/{run_id}", link)
        previous = self._current_run()
        os.replace(link, self.current)  # the commit point
        _fsync_dir(self.meta)
        for old in self.runs.iterdir():
            if old.name not in (run_id, previous and previous.name):
                self._remove(old)
        if adopt:
            # the old regular files and the links now show the same bytes
            self._link_all(names)

    def _link_all(self, names: list[str]) -> None:
        for name in names:
            self._link(name)
        _fsync_dir(self.path)

    def _link(self, name: str) -> None:
        path = self.path / name
        if self._is_link(path):
            return
        tmp = self.path / f".{name}.link.tmp"
        tmp.unlink(missing_ok=True)
        os.symlink(f"{META}/current/{name}", tmp)
        os.replace(tmp, path)
