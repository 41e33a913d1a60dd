"""Work folders for plaintext that must exist as a file for a while: a decrypted package
being imported, a database snapshot being sealed, an attachment handed to its program.

They live in the data folder, beside the database (`<folder>/.renda-work/`), never in the
system's TEMP: the data there is as protected as the database itself, and nothing is
spread over a shared temporary folder. Each work folder holds a lock file, locked while the
folder is in use; a folder whose lock can be taken is left over from a crash and is removed
at the next start (`clean_stale`, called when an office database is opened)."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

WORK_DIR = ".renda-work"
LOCK_FILE = ".lock"


def work_root(db_path: Path | str) -> Path:
    """The work area of the database at `db_path` (in memory: the user's data folder)."""
    if str(db_path) == ":memory:":
        from app.core.paths import user_data_dir

        return user_data_dir() / WORK_DIR
    return Path(db_path).resolve().parent / WORK_DIR


def _try_lock(f: BinaryIO) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class _Held:
    """A created and locked work folder; `release` unlocks it and removes it."""

    def __init__(self, folder: Path, lock: BinaryIO) -> None:
        self.folder = folder
        self._lock = lock

    def release(self) -> None:
        try:
            self._lock.close()  # closing the handle drops the lock on every platform
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def _hold(db_path: Path | str, prefix: str) -> _Held:
    root = work_root(db_path)
    root.mkdir(parents=True, exist_ok=True)
    import secrets  # here: every start imports this module, for clean_stale only

    folder = root / f"{prefix}-{os.getpid()}-{secrets.token_hex(4)}"
    folder.mkdir()
    lock = open(folder / LOCK_FILE, "wb")  # noqa: SIM115 - held until release()
    if not _try_lock(lock):  # a fresh folder: cannot happen unless the disk lies
        lock.close()
        shutil.rmtree(folder, ignore_errors=True)
        raise OSError(f"cannot lock {folder}")
    return _Held(folder, lock)


@contextmanager
def work_folder(db_path: Path | str, prefix: str) -> Iterator[Path]:
    """A private folder in the data folder, removed when the block ends (or at the next
    start, if the program is killed inside the block)."""
    held = _hold(db_path, prefix)
    try:
        yield held.folder
    finally:
        held.release()


_SESSION: dict[Path, _Held] = {}


def session_folder(db_path: Path | str, prefix: str = "open") -> Path:
    """A work folder kept for the life of the program (copies of attachments opened with
    their usual program, which may still read them): removed at exit, or at the next start
    if the program did not end normally."""
    root = work_root(db_path)
    held = _SESSION.get(root)
    if held is None or not held.folder.is_dir():
        held = _hold(db_path, prefix)
        _SESSION[root] = held
    return held.folder


def release_sessions() -> None:
    while _SESSION:
        _, held = _SESSION.popitem()
        held.release()


atexit.register(release_sessions)


def clean_stale(db_path: Path | str) -> list[Path]:
    """Remove the work folders no running renda holds; returns those removed."""
    root = work_root(db_path)
    if not root.is_dir():
        return []
    removed = []
    for folder in root.iterdir():
        if not folder.is_dir():
            continue
        lock_path = folder / LOCK_FILE
        try:
            with open(lock_path, "ab") as lock:
                if not _try_lock(lock):
                    continue  # in use by a running renda
        except OSError:
            pass  # no lock file (killed while making the folder) or not ours to open
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            removed.append(folder)
    return removed
