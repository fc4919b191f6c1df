"""Write a file so that it is either complete or absent, never half-written.

Exporters write into a temporary ``.<name>.<random>.part`` file next to the final one, then
``os.replace`` it into place (atomic within one folder on every supported OS). An existing book
of the same name stays untouched until the new one is complete. OS errors become ``ExportError``
with a message a user can act on. A process killed while writing leaves its temporary file
behind; the next writer of the same book deletes it.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

from novelfetch.core.errors import ExportError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["AtomicFile", "atomic_output"]

# errno name -> (message, whether it is about the folder rather than the file). Names, looked up
# with getattr, because not every platform defines every errno (EDQUOT on Windows).
_PROBLEM_BY_NAME = {
    "ENOENT": ("the folder does not exist", True),
    "ENOTDIR": ("it is not a folder", True),
    "EACCES": ("permission denied", False),
    "EPERM": ("permission denied", False),
    "EROFS": ("the disk is read-only", False),
    "ENOSPC": ("the disk is full", False),
    "EDQUOT": ("the disk quota is exceeded", False),
    "EFBIG": ("the file is too large (file size limit of this system or disk)", False),
    "ENAMETOOLONG": ("the file name is too long", False),
    "EISDIR": ("a folder with that name is in the way", False),
}
_PROBLEMS: dict[int, tuple[str, bool]] = {
    getattr(errno, name): problem
    for name, problem in _PROBLEM_BY_NAME.items()
    if hasattr(errno, name)
}


def _export_error(error: OSError, final_path: Path) -> ExportError:
    problem, about_folder = _PROBLEMS.get(
        error.errno or -1, (error.strerror or str(error) or type(error).__name__, False)
    )
    target = final_path.parent if about_folder else final_path
    return ExportError(f"cannot write to {target}: {problem}")


def _concerns_output(error: OSError, paths: set[str]) -> bool:
    """Whether an OSError raised inside the block is about our output, not something else.

    Write errors (disk full, file too large) carry no file name; open/replace errors name the
    temporary or final file. An error naming another file (say, a missing resource) or a
    network error from a lazy chapter iterable is not an export problem and passes unchanged.
    """
    if isinstance(error, ConnectionError | TimeoutError):
        return False
    return error.filename is None or os.fspath(error.filename) in paths


def _create_temp(final_path: Path) -> tuple[Path, int]:
    """Create an empty, uniquely named temp file next to ``final_path``: its path and an open
    descriptor that holds its liveness lock (see ``_sweep_stale_temps``).

    ``O_EXCL`` makes the name ours; mode 0o666 (minus the umask) gives the finished book the
    permissions any newly created file would get (``tempfile.mkstemp`` would force 0o600).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temp = final_path.with_name(f".{final_path.name}.{secrets.token_hex(4)}.part")
        try:
            fd = os.open(temp, flags, 0o666)
        except FileExistsError:
            continue
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return temp, fd
    raise ExportError(f"cannot write to {final_path.parent}: no free temporary file name")


def _sweep_stale_temps(final_path: Path) -> None:
    """Delete temporary files of ``final_path`` left by a writer that was killed.

    A book is written while it downloads, so a killed process leaves its hidden ``.part``
    file behind. A live writer holds an OS lock on its file for as long as it writes (POSIX),
    and Windows refuses to delete a file that is open; so whatever can be locked, or deleted,
    has no writer any more. Best effort: a file that cannot be checked stays.
    """
    for temp in final_path.parent.glob(f".{glob.escape(final_path.name)}.*.part"):
        with contextlib.suppress(OSError):
            if fcntl is None:
                temp.unlink()  # fails while its writer has it open
                continue
            fd = os.open(temp, os.O_RDONLY)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails while it is being written
                temp.unlink()
            finally:
                os.close(fd)


def _fsync_file(path: Path) -> None:
    # Opened for writing because Windows refuses fsync on a read-only handle.
    with open(path, "r+b") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable. Best effort: not possible on Windows or some file systems."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class AtomicFile:
    """A temporary file next to ``final_path`` that becomes ``final_path`` only on ``commit``.

    For writers that fill the file over time (a book written while it downloads): the
    temporary file exists from construction until ``commit`` renames it into place or
    ``discard`` deletes it. ``guard`` wraps each piece of writing, so that any failure deletes
    the temporary file and OS errors about the output surface as ``ExportError``.
    """

    def __init__(self, final_path: Path) -> None:
        self.final_path = Path(final_path)
        _sweep_stale_temps(self.final_path)
        try:
            self.temp, lock_fd = _create_temp(self.final_path)
        except OSError as error:
            raise _export_error(error, self.final_path) from error
        self._lock_fd: int | None = lock_fd
        self._ours = {os.fspath(p) for p in (self.temp, self.final_path, self.final_path.parent)}
        self._closers: list[Callable[[], object]] = []
        self.done = False

    def close_on_discard(self, close: Callable[[], object]) -> None:
        """Have ``discard`` call ``close`` first: Windows cannot delete a file still open."""
        self._closers.append(close)

    @contextlib.contextmanager
    def guard(self) -> Iterator[None]:
        """Run a piece of writing; on any failure discard the file and re-raise."""
        if self.done:
            raise RuntimeError(f"{self.final_path} was already committed or discarded")
        try:
            yield
        except BaseException as error:
            self.discard()
            if isinstance(error, OSError) and _concerns_output(error, self._ours):
                raise _export_error(error, self.final_path) from error
            raise

    def commit(self) -> Path:
        """Flush the finished file to disk and atomically rename it into place."""
        with self.guard():
            _fsync_file(self.temp)
            if fcntl is None:
                self._release()  # Windows cannot rename a file that is still open
            os.replace(self.temp, self.final_path)
        self.done = True
        self._release()
        _fsync_folder(self.final_path.parent)
        return self.final_path

    def discard(self) -> None:
        """Delete the temporary file (idempotent; never raises)."""
        self.done = True
        for close in self._closers:
            close()
        self._closers.clear()
        self._release()
        with contextlib.suppress(OSError):
            self.temp.unlink()

    def _release(self) -> None:
        if self._lock_fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._lock_fd)
            self._lock_fd = None


@contextlib.contextmanager
def atomic_output(final_path: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``final_path``; on success move it into place.

    The block writes the whole file to the yielded path (by name, any way it likes). When the
    block finishes, the data is flushed to disk and atomically renamed to ``final_path``,
    replacing any existing file. If anything fails, the temporary file is deleted and the
    error re-raised, OS errors about the output as ``ExportError``.
    """
    output = AtomicFile(final_path)
    with output.guard():
        yield output.temp
    output.commit()
