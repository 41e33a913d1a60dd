"""Removable drives (USB sticks) the clerk can write the package or a backup to.

Windows: drive letters whose type is DRIVE_REMOVABLE, asked with critical-error boxes
off (an empty card reader would otherwise pop up "insert a disk"). Linux: file systems
mounted under /media, /run/media or /mnt, where desktops mount sticks. Some USB disks
call themselves fixed; the dialog also offers any folder.

Tests and the dialog take a lister function, so a fake one can stand in for real sticks."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

LINUX_ROOTS = ("/media", "/run/media", "/mnt")
SKIP_TYPES = {"proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2", "autofs", "overlay"}


@dataclass(frozen=True)
class Drive:
    path: Path
    label: str
    free: int
    total: int

    @property
    def text(self) -> str:
        free = self.free / 1024**3
        size = f"{free:.1f} GB" if free >= 1 else f"{self.free / 1024**2:.0f} MB"
        return f"{self.label}（{self.path}，剩余 {size}）"


Lister = Callable[[], list[Drive]]


def _drive(path: Path, label: str) -> Drive | None:
    try:
        usage = shutil.disk_usage(path)
    except OSError:
        return None
    return Drive(path, label or path.name or str(path), usage.free, usage.total)


def _unescape(field: str) -> str:
    """/proc/mounts writes a space in a mount point as \\040 (octal)."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1 : i + 4].isdigit():
            out.append(chr(int(field[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def linux_mounts(mounts: str, roots: tuple[str, ...] = LINUX_ROOTS) -> list[tuple[Path, str]]:
    """(mount point, file system type) of the media mounts in a /proc/mounts text."""
    found = []
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3 or parts[2] in SKIP_TYPES:
            continue
        point = _unescape(parts[1])
        if any(point == r or point.startswith(r + "/") for r in roots):
            found.append((Path(point), parts[2]))
    return found


def _linux() -> list[Drive]:
    try:
        text = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    drives = [_drive(point, point.name) for point, _fs in linux_mounts(text)]
    return [d for d in drives if d is not None]


def _windows() -> list[Drive]:  # pragma: no cover - runs on Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    sem_failcriticalerrors = 0x0001
    drive_removable = 2
    previous = kernel32.SetErrorMode(sem_failcriticalerrors)
    drives: list[Drive] = []
    try:
        mask = kernel32.GetLogicalDrives()
        for i in range(26):
            if not mask & (1 << i):
                continue
            root = f"{chr(65 + i)}:\\"
            if kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)) != drive_removable:
                continue
            name = ctypes.create_unicode_buffer(261)
            ok = kernel32.GetVolumeInformationW(
                ctypes.c_wchar_p(root), name, 261, None, None, None, None, 0
            )
            if not ok:
                continue  # a card reader with no card
            drive = _drive(Path(root), name.value or "U 盘")
            if drive is not None:
                drives.append(drive)
    finally:
        kernel32.SetErrorMode(previous)
    return drives


def removable_drives() -> list[Drive]:
    if sys.platform == "win32":
        return _windows()
    if sys.platform == "darwin":
        volumes = Path("/Volumes")
        found = [
            _drive(p, p.name) for p in (volumes.iterdir() if volumes.is_dir() else []) if p.is_dir()
        ]
        return [d for d in found if d is not None and os.path.ismount(d.path)]
    return _linux()
