"""What went wrong with the disk or the database file, in the clerk's words.

One place maps SQLite's and the operating system's errors to a `StorageError` of
app.core.errors (locked, disk full, read-only, drive missing, damaged), each with a Chinese
message saying what happened, that what was saved before is safe, and what to do. The
storage layer (app/db) raises them, the GUI shows them, the command line prints them and
exits with their `exit_code`.

`log_line(exc)` describes any exception for the log without personal data: its type, the
cause kind and the module:line of each frame, never a message or a value."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import traceback
from pathlib import Path

from app.core.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    DiskFull,
    DriveMissing,
    ReadOnly,
    RendaError,
    StorageError,
)

# SQLite primary result codes (https://sqlite.org/rescode.html).
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26
SQLITE_READONLY_DIRECTORY = SQLITE_READONLY | (6 << 8)

_NO_SPACE = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_WIN_NO_SPACE = {39, 112}  # ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
# ERROR_PATH_NOT_FOUND, ERROR_INVALID_DRIVE, ERROR_NOT_READY, ERROR_BAD_NETPATH,
# ERROR_DEV_NOT_EXIST, ERROR_BAD_NET_NAME, ERROR_DEVICE_NOT_CONNECTED
_WIN_GONE = {3, 15, 21, 53, 55, 67, 1167}
_GONE = {errno.ENODEV, errno.ENXIO, errno.EIO, errno.ENOENT, errno.ESTALE}

SAFE = "之前保存的数据没有受影响"
NOT_SAVED = f"这次的修改没有保存，{SAFE}。"


def locked(waited: float | None = None) -> DatabaseLocked:
    after = f"，等待 {max(1, round(waited))} 秒后仍未释放" if waited is not None else ""
    return DatabaseLocked(
        f"数据库正被另一项操作或另一个程序占用（例如正在导入名册、恢复备份，或在另一个窗口中"
        f"打开了同一个数据库）{after}。\n\n{NOT_SAVED}\n\n"
        "请等那项操作完成后再试一次。"
    )


def disk_full(path: Path | None) -> DiskFull:
    where = f"“{path.parent}”所在的磁盘" if path else "磁盘"
    return DiskFull(
        f"{where}已满，数据库无法写入。\n\n{NOT_SAVED}\n\n"
        "请删除不需要的文件（或清空回收站）腾出空间后再试；不要删除“备份”文件夹中的最新备份。"
    )


def read_only(path: Path | None, *, folder: bool = False, opening: bool = False) -> ReadOnly:
    if path is None:
        what = "数据库文件是只读的"
    elif folder:
        what = f"数据库所在的文件夹“{path.parent}”不允许写入（只读或没有权限）"
    else:
        what = f"数据库文件“{path}”是只读的（或没有写入权限）"
    fix = (
        "请在文件属性中取消“只读”，或把数据库放到可以写入的文件夹（如“文档”），"
        "U 盘请关闭写保护开关。数据库本身完好，不需要从备份恢复。"
    )
    if opening:
        return ReadOnly(f"{what}，无法打开（程序需要在数据库旁写入）。\n\n{SAFE}。\n\n{fix}")
    return ReadOnly(f"{what}，无法保存修改。\n\n{NOT_SAVED}\n\n{fix}")


def drive_missing(path: Path | None, *, opening: bool = False) -> DriveMissing:
    where = f"“{path}”" if path else "数据库文件"
    done = f"{SAFE}。" if opening else NOT_SAVED
    return DriveMissing(
        f"读写{where}时找不到磁盘或磁盘出错：它所在的 U 盘、移动硬盘或网络盘可能已拔出或断开。"
        f"\n\n{done}\n\n请重新接好磁盘，然后关闭并重新打开程序。"
    )


def damaged(path: Path | None, detail: str = "") -> DatabaseDamaged:
    name = f"“{path}”" if path else "数据库文件"
    more = f"（{detail}）" if detail else ""
    return DatabaseDamaged(
        f"{name}不是乡镇人大工作台的数据库，或者文件已损坏{more}。\n\n"
        "请确认选择的是正确的数据库文件；确实损坏时，可在“数据交换”中从备份恢复。"
    )


def _folder_writable(path: Path) -> bool:
    folder = path.parent
    return os.access(folder, os.W_OK) and not _read_only_mount(folder)


def _read_only_mount(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):
        return False


def _no_room(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < 64 * 1024
    except OSError:
        return False


def from_sqlite(
    exc: sqlite3.Error, path: Path | None = None, *, opening: bool = False
) -> StorageError | None:
    """The clerk's error for a SQLite error about the disk or the file; None for others
    (a constraint, a bug in a query)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return None
    primary = code & 0xFF
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return locked()
    if primary == SQLITE_FULL:
        return disk_full(path)
    if primary in (SQLITE_READONLY, SQLITE_PERM):
        folder = code == SQLITE_READONLY_DIRECTORY or (
            path is not None and not _folder_writable(path)
        )
        return read_only(path, folder=folder, opening=opening)
    if primary in (SQLITE_CANTOPEN, SQLITE_IOERR) and path is not None and _no_room(path):
        return disk_full(path)  # the journal or shared-memory file could not be made
    if primary == SQLITE_CANTOPEN:
        if path is not None and not path.parent.exists():
            return drive_missing(path, opening=opening)
        if path is not None and (
            not _folder_writable(path) or (path.exists() and not os.access(path, os.W_OK))
        ):
            return read_only(path, folder=not _folder_writable(path), opening=opening)
        return drive_missing(path, opening=opening)
    if primary == SQLITE_IOERR:
        return drive_missing(path, opening=opening)
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return damaged(path, str(exc))
    return None


# What the system said, in the clerk's words: its own text (strerror) is English on a
# Linux machine and in the system's language on Windows.
_REASONS = {
    errno.ENOENT: "找不到该文件或文件夹",
    errno.EACCES: "没有权限（文件可能是只读的，或正被其他程序打开）",
    errno.EPERM: "没有权限（文件可能是只读的，或正被其他程序打开）",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘是只读的（U 盘可能开了写保护）",
    errno.EIO: "读写出错（U 盘可能已被拔出或损坏）",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.ENAMETOOLONG: "路径太长，请换一个短一些的文件夹",
    errno.EEXIST: "同名文件已存在",
    errno.EINVAL: "文件名中有系统不允许的字符",
}
_WIN_REASONS = {32: "文件正被其他程序使用，请先关闭它", 33: "文件有一部分被其他程序锁定"}


def reason(exc: OSError) -> str:
    """Why a file operation failed, in Chinese (the system's code kept for the helper)."""
    winerror = getattr(exc, "winerror", None)
    if winerror in _WIN_REASONS:
        return _WIN_REASONS[winerror]
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    code = errno.errorcode.get(exc.errno or 0, "") or (f"WinError {winerror}" if winerror else "")
    return f"系统错误 {code}".strip() if code else "系统错误"


def from_os(exc: OSError, path: Path | None = None, *, opening: bool = False) -> StorageError:
    """The clerk's error for a failed file operation on `path`."""
    winerror = getattr(exc, "winerror", None)
    target = Path(exc.filename) if exc.filename else path
    if exc.errno in _NO_SPACE or winerror in _WIN_NO_SPACE:
        return disk_full(target)
    if exc.errno == errno.EROFS or winerror == 19:  # ERROR_WRITE_PROTECT
        return read_only(target, folder=True, opening=opening)
    if exc.errno in (errno.EACCES, errno.EPERM) or winerror == 5:
        if target is not None and target.is_dir():
            return read_only(target / "x", folder=True, opening=opening)
        return read_only(target, opening=opening)
    if exc.errno in _GONE or winerror in _WIN_GONE:
        return drive_missing(target, opening=opening)
    return StorageError(
        f"读写“{target or '文件'}”时出错（{reason(exc)}）。\n\n"
        f"{NOT_SAVED if not opening else SAFE + '。'}\n\n请检查磁盘后再试。"
    )


def storage_error(
    exc: BaseException, path: Path | None = None, *, opening: bool = False
) -> StorageError | None:
    """`from_sqlite` or `from_os`, whichever fits; None when `exc` is neither."""
    if isinstance(exc, StorageError):
        return exc
    if isinstance(exc, sqlite3.Error):
        return from_sqlite(exc, path, opening=opening)
    if isinstance(exc, OSError):
        return from_os(exc, path, opening=opening)
    return None


def cause_kind(exc: BaseException) -> str:
    """A word for the log: which cause (never the message, which may hold a name)."""
    mapped = storage_error(exc) if not isinstance(exc, RendaError) else exc
    return type(mapped).__name__ if mapped is not None else type(exc).__name__


def log_line(exc: BaseException) -> str:
    """The exception for the log: type, cause, SQLite/OS codes and module:line frames only."""
    parts = [type(exc).__module__ + "." + type(exc).__qualname__]
    if cause_kind(exc) != type(exc).__name__:
        parts.append(f"cause={cause_kind(exc)}")
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        parts.append(f"sqlite={code}")
    if isinstance(exc, OSError) and exc.errno is not None:
        parts.append(f"errno={errno.errorcode.get(exc.errno, exc.errno)}")
    frames = [
        f"{_module(frame.filename)}:{frame.lineno} {frame.name}"
        for frame in traceback.extract_tb(exc.__traceback__)
    ]
    text = " ".join(parts)
    if frames:
        text += "\n    " + "\n    ".join(frames)
    if exc.__cause__ is not None and exc.__cause__ is not exc:
        text += "\n  caused by " + log_line(exc.__cause__).replace("\n", "\n  ")
    return text


def _module(filename: str) -> str:
    """app/db/connection.py for the program's own files, the bare file name for a library's."""
    from app.core.paths import install_root

    path = Path(filename)
    try:
        return path.resolve().relative_to(install_root()).as_posix()
    except (ValueError, OSError):
        return path.name
