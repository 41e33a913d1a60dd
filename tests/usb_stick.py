"""A real removable-style file system for tests: an exFAT image on a loop device, mounted
with exfat-fuse under /mnt (where the Linux drive lister looks), as NOTES.md §6 describes.

Needs root, /dev/fuse, mkfs.exfat (exfatprogs) and mount.exfat-fuse (exfat-fuse); tests
are skipped with the reason when any is missing. The fuse process runs in the foreground
(-d) as our own child, so a test can end it to pull the stick out mid-write."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def missing() -> str:
    if os.name != "posix" or os.geteuid() != 0:
        return "needs root to mount an exFAT image"
    if not Path("/dev/fuse").exists():
        return "needs /dev/fuse"
    for tool in ("mkfs.exfat", "mount.exfat-fuse", "losetup"):
        if shutil.which(tool) is None:
            return f"needs {tool} (apt-get install exfatprogs exfat-fuse)"
    return ""


class Stick:
    def __init__(self, image: Path, mount: Path) -> None:
        self.image = image
        self.path = mount
        self.loop = ""
        self.fuse: subprocess.Popen | None = None

    def attach(self) -> None:
        self.loop = subprocess.run(
            ["losetup", "-f", "--show", str(self.image)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        self.path.mkdir(parents=True, exist_ok=True)
        self.fuse = subprocess.Popen(
            ["mount.exfat-fuse", "-d", self.loop, str(self.path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not self.mounted():
            if self.fuse.poll() is not None or time.monotonic() > deadline:
                self.detach()
                pytest.skip("mount.exfat-fuse could not mount the image here")
            time.sleep(0.05)

    def pull_out(self) -> None:
        """End the file system's process: the stick is gone, writes fail."""
        if self.fuse is not None and self.fuse.poll() is None:
            self.fuse.kill()
            self.fuse.wait()

    def mounted(self) -> bool:
        # Not os.path.ismount: a mount whose process ended cannot even be stat()ed.
        text = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
        return any(line.split()[1] == str(self.path) for line in text.splitlines() if line)

    def detach(self) -> None:
        if self.mounted():
            subprocess.run(["umount", str(self.path)], capture_output=True)
        if self.fuse is not None:
            try:
                self.fuse.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.fuse.kill()
                self.fuse.wait()
            self.fuse = None
        if self.mounted():  # the process was ended: the mount is stale
            subprocess.run(["umount", "-l", str(self.path)], capture_output=True)
        if self.loop:
            subprocess.run(["losetup", "-d", self.loop], capture_output=True)
            self.loop = ""

    def reinsert(self) -> None:
        self.detach()
        self.attach()


@contextmanager
def usb_stick(tmp_path: Path, size_mb: int = 16) -> Iterator[Stick]:
    reason = missing()
    if reason:
        pytest.skip(reason)
    image = tmp_path / "usb.img"
    with open(image, "wb") as f:
        f.truncate(size_mb * 1024 * 1024)
    subprocess.run(["mkfs.exfat", "-L", "RENDA", str(image)], check=True, capture_output=True)
    stick = Stick(image, Path("/mnt") / f"renda-test-{uuid.uuid4().hex[:8]}")
    stick.attach()
    try:
        yield stick
    finally:
        stick.detach()
        try:
            stick.path.rmdir()
        except OSError:
            pass
