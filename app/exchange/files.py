"""Writing files that must never be half-written: onto a USB stick above all.

The rule (NOTES.md §6): write `name.part`, flush, fsync, rename, then read the file back
and compare its SHA-256. Free space is checked first; an OSError half-way (a full stick,
a stick pulled out) removes what was written and becomes a Chinese message."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
from pathlib import Path

from app.core import faults
from app.core.errors import Cancelled, RendaError
from app.core.progress import NO_PROGRESS, Progress
from app.core.replace import held_open, replace_file

CHUNK = 1024 * 1024
FAT32_MAX = 4 * 1024**3 - 1
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)}
_NO_SPACE = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_WIN_NO_SPACE = {39, 112}  # ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL


def safe_file_name(name: str) -> str:
    """A file name every file system (FAT32 on a stick, Windows) accepts."""
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", name).strip(" .")
    if cleaned.split(".")[0].upper() in _RESERVED:
        cleaned = "_" + cleaned
    return cleaned or "_"


def sha256_file(path: Path, progress: Progress = NO_PROGRESS) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        _drop_cache(f.fileno())
        while block := f.read(CHUNK):
            digest.update(block)
            progress.check()
    return digest.hexdigest()


def _drop_cache(fd: int) -> None:
    """Ask the OS to forget its cached pages, so a read-back reads the stick itself."""
    if hasattr(os, "posix_fadvise"):
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        except OSError:
            pass


def fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles for this)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def write_error(exc: OSError, target: Path, size: int) -> RendaError:
    """The clerk's message for a failed write to `target`."""
    winerror = getattr(exc, "winerror", None)
    if held_open(exc) and target.exists():
        return RendaError(
            f"“{target}”正被其他程序打开，Windows 不允许替换它。请关闭这个文件后再试；"
            "原来的文件没有改动。"
        )
    if exc.errno in _NO_SPACE or winerror in _WIN_NO_SPACE:
        return RendaError(
            f"“{target.parent}”空间不足，文件需要 {mb(size)}。"
            "请删除其中不需要的文件或换一个 U 盘后再试；没有留下不完整的文件。"
        )
    if exc.errno == errno.EROFS or winerror == 19:
        return RendaError(f"“{target.parent}”是只读的（U 盘可能开了写保护），无法写入。")
    if exc.errno in (errno.EACCES, errno.EPERM) or winerror == 5:
        return RendaError(f"没有权限写入“{target.parent}”，请换一个位置。")
    return RendaError(
        f"写入“{target}”时出错（{faults.reason(exc)}）。U 盘可能已被拔出或损坏。"
        "文件没有写成，请重新插好 U 盘后再试。"
    )


def check_room(folder: Path, size: int) -> None:
    """Refuse before writing anything when the target cannot hold `size` bytes."""
    if not folder.is_dir():
        raise RendaError(f"找不到文件夹“{folder}”。U 盘是否已插好？")
    try:
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        raise write_error(exc, folder / "x", size) from exc
    if free < size + 64 * 1024:
        raise RendaError(
            f"“{folder}”空间不足：需要 {mb(size)}，只剩 {mb(free)}。"
            "请删除其中不需要的文件或换一个 U 盘。"
        )
    if size > FAT32_MAX:
        raise RendaError(
            "文件超过 4 GB，FAT32 格式的 U 盘放不下，请换用 exFAT 或 NTFS 格式的 U 盘。"
        )


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # the stick is gone: nothing named like a finished file was left


def copy_verified(source: Path, target: Path, progress: Progress = NO_PROGRESS) -> str:
    """Copy `source` to `target` safely and verify the copy; returns its SHA-256.

    `target` exists afterwards only if it is complete and equal to `source`."""
    size = source.stat().st_size
    check_room(target.parent, size)
    part = target.with_name(target.name + ".part")
    digest = hashlib.sha256()
    done = 0
    try:
        with open(source, "rb") as src, open(part, "wb") as dst:
            while block := src.read(CHUNK):
                digest.update(block)
                dst.write(block)
                done += len(block)
                progress.report(done, size, "正在写入…")
            dst.flush()
            os.fsync(dst.fileno())
        replace_file(part, target)
        fsync_folder(target.parent)
    except Cancelled:
        _remove_quietly(part)
        raise
    except OSError as exc:
        _remove_quietly(part)
        raise write_error(exc, target, size) from exc
    expected = digest.hexdigest()
    try:
        progress.report(size, size, "正在读回校验…")
        found = sha256_file(target)
    except OSError as exc:
        _remove_quietly(target)
        raise write_error(exc, target, size) from exc
    if found != expected:
        _remove_quietly(target)
        raise RendaError(
            f"写入“{target}”后读回校验不一致，U 盘可能有坏块。已删除这个文件，请换一个 U 盘再试。"
        )
    return expected
