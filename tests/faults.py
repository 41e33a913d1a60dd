"""Real faults for the tests: a write lock held by another connection, a read-only file or
folder, a full disk, a drive that goes away. Each skips with its reason where this machine
cannot make it (root ignores chmod; mounting needs root and the kernel's permission)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sqlite3
import struct
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
EXT4_IOC_SHUTDOWN = 0x8004587D  # _IOR('X', 125, __u32)
EXT4_GOING_FLAGS_NOLOGFLUSH = 2


@contextlib.contextmanager
def write_lock_held(db: Path) -> Iterator[sqlite3.Connection]:
    """Another connection holding the write lock, as a long import in another process does."""
    other = sqlite3.connect(db, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        if other.in_transaction:
            other.rollback()
        other.close()


def _run(*cmd: str) -> bool:
    try:
        return subprocess.run(cmd, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@contextlib.contextmanager
def read_only_file(path: Path) -> Iterator[None]:
    """`path` cannot be opened for writing: chmod for a user, `chattr +i` for root."""
    if not IS_ROOT:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    if not shutil.which("chattr") or not _run("chattr", "+i", str(path)):
        pytest.skip("running as root and chattr +i is not available here: chmod cannot stop root")
    try:
        yield
    finally:
        _run("chattr", "-i", str(path))


@contextlib.contextmanager
def read_only_view(folder: Path) -> Iterator[Path]:
    """The same folder seen read-only (a read-only bind mount for root, chmod otherwise)."""
    if not IS_ROOT:
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    view = folder.parent / f"{folder.name}-ro"
    view.mkdir()
    if not _run("mount", "--bind", str(folder), str(view)):
        view.rmdir()
        pytest.skip("cannot bind-mount a folder here (needs root and mount permission)")
    try:
        if not _run("mount", "-o", "remount,ro,bind", str(view)):
            pytest.skip("cannot remount a bind mount read-only here")
        yield view
    finally:
        _unmount(view)


def _unmount(point: Path) -> None:
    if not _run("umount", str(point)):
        _run("umount", "-l", str(point))
    with contextlib.suppress(OSError):
        point.rmdir()


@contextlib.contextmanager
def small_disk(parent: Path, size_mb: int) -> Iterator[Path]:
    """A folder on a file system of `size_mb` MB of its own (tmpfs), unmounted after."""
    if not IS_ROOT:
        pytest.skip("a small file system needs root to mount (tmpfs)")
    point = parent / f"disk-{uuid.uuid4().hex[:6]}"
    point.mkdir()
    if not _run("mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(point)):
        point.rmdir()
        pytest.skip("mounting a small tmpfs is not allowed on this machine")
    try:
        yield point
    finally:
        _unmount(point)


def fill_disk(folder: Path) -> Path:
    """Write a file until the disk is full; returns it (delete it to free the space)."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        for block in (65536, 512, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * block)
    finally:
        os.close(fd)
    return filler


def copy_synced(source: Path, target: Path) -> Path:
    """Copy a file and sync it to its disk (a drive pulled out later keeps it)."""
    shutil.copyfile(source, target)
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return target


class LoopDrive:
    """A mounted ext4 file system in a loop file: a drive that can be pulled out."""

    def __init__(self, point: Path, image: Path) -> None:
        self.point = point
        self.image = image

    def pull_out(self) -> None:
        """Every later read and write on the drive fails with an I/O error, as when a stick
        is pulled out (ext4's shutdown ioctl; what was synced stays on the image)."""
        fd = os.open(self.point, os.O_RDONLY)
        try:
            fcntl.ioctl(fd, EXT4_IOC_SHUTDOWN, struct.pack("I", EXT4_GOING_FLAGS_NOLOGFLUSH))
        except OSError as exc:
            pytest.skip(f"this kernel cannot shut a file system down ({exc.strerror})")
        finally:
            os.close(fd)

    def plug_in(self) -> None:
        """Unmount the dead file system and mount its image again."""
        _run("umount", str(self.point)) or _run("umount", "-l", str(self.point))
        assert _run("mount", "-o", "loop", str(self.image), str(self.point))


@contextlib.contextmanager
def removable_drive(parent: Path, size_mb: int = 32) -> Iterator[LoopDrive]:
    if not IS_ROOT or not shutil.which("mkfs.ext4"):
        pytest.skip("a loop-mounted drive needs root and mkfs.ext4")
    image = parent / f"drive-{uuid.uuid4().hex[:6]}.img"
    point = parent / f"drive-{uuid.uuid4().hex[:6]}"
    point.mkdir()
    with open(image, "wb") as f:
        f.truncate(size_mb * 1024 * 1024)
    if not _run("mkfs.ext4", "-q", "-F", str(image)) or not _run(
        "mount", "-o", "loop", str(image), str(point)
    ):
        point.rmdir()
        pytest.skip("loop devices cannot be mounted on this machine")
    try:
        yield LoopDrive(point, image)
    finally:
        _unmount(point)
