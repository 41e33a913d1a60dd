"""What the installer does when it runs: install for the current user, upgrade in place
keeping the data, uninstall keeping the data. Run under Wine (Debian's wine64, the 64-bit
build of the same script over a stand-in payload), the nearest thing to Windows here.
Skipped where Wine is missing; the real renda.exe is only ever run on Windows."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from installer import compile_installer, find_makensis

from .test_installer_script import stand_in_bundle

WINE = shutil.which("wine64") or shutil.which("wine") or "/usr/lib/wine/wine64"
WINESERVER = shutil.which("wineserver") or "/usr/lib/wine/wineserver"
APP_NAME = "乡镇人大工作台"

# Slow (Wine boots a whole prefix) and timing-sensitive on a busy machine: run it with
# `./check -m slow` when the installer script changes.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        find_makensis() is None or not Path(WINE).exists() or not Path(WINESERVER).exists(),
        reason="needs makensis and Wine (Debian: apt-get install nsis wine64)",
    ),
]


class Wine:
    def __init__(self, root: Path) -> None:
        self.home = root / "home"
        (self.home / "Desktop").mkdir(parents=True)
        self.prefix = root / "prefix"
        self.env = {
            **os.environ,
            "HOME": str(self.home),  # Wine links the Windows desktop to $HOME/Desktop
            "WINEPREFIX": str(self.prefix),
            "WINEDEBUG": "-all",
            "WINEDLLOVERRIDES": "mscoree,mshtml=;winemenubuilder.exe=d",
            "DISPLAY": "",
        }
        self.run("wineboot", "-i")

    def run(self, *argv: str | Path) -> None:
        subprocess.run([WINE, *map(str, argv)], env=self.env, capture_output=True, timeout=300)
        # The registry reaches user.reg, and a relaunched uninstaller finishes, only when the
        # Wine server has ended.
        subprocess.run([WINESERVER, "-w"], env=self.env, timeout=300)

    @property
    def profile(self) -> Path:
        return next(p for p in (self.prefix / "drive_c" / "users").iterdir() if p.name != "Public")

    def registry(self) -> str:
        return (self.prefix / "user.reg").read_text(encoding="utf-8", errors="replace")


UNINSTALL_KEY = r"[Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\renda]"
DISPLAY_NAME = r'"DisplayName"="\x4e61\x9547\x4eba\x5927\x5de5\x4f5c\x53f0"'  # 乡镇人大工作台


def uninstall_entry(registry: str) -> str:
    """One key of Wine's user.reg, where backslashes are doubled and non-ASCII is \\xNNNN."""
    start = registry.find(UNINSTALL_KEY)
    if start < 0:
        return ""
    return registry[start : registry.find("\n\n", start)]


def test_install_upgrade_and_uninstall_for_the_current_user(tmp_path: Path):
    wine = Wine(tmp_path / "wine")
    local = wine.profile / "AppData" / "Local"
    program = local / "Programs" / "renda"
    data = local / "renda"
    start_menu = wine.profile / "AppData/Roaming/Microsoft/Windows/Start Menu/Programs"
    desktop = wine.home / "Desktop"

    def installer(version: str, marker: str) -> Path:
        bundle = stand_in_bundle(tmp_path / f"bundle-{marker}", marker)
        return compile_installer(bundle, tmp_path / marker, version, target="amd64-unicode")

    wine.run(installer("0.1.0", "v1"), "/S")
    assert (program / "renda.exe").exists()
    assert (program / "renda-cli.exe").exists()
    assert (program / "_internal" / "PySide6" / "v1.txt").exists()
    assert (program / "uninstall.exe").exists()
    assert (start_menu / f"{APP_NAME}.lnk").exists()
    assert (desktop / f"{APP_NAME}.lnk").exists()
    entry = uninstall_entry(wine.registry())
    assert '"DisplayVersion"="0.1.0"' in entry
    assert DISPLAY_NAME in entry
    assert not data.exists()  # the program never creates the data folder itself

    # The clerk works for a while: renda keeps the office's data in %LOCALAPPDATA%\renda.
    data.mkdir()
    (data / "renda.sqlite").write_bytes(b"the office's database")
    (data / "photos").mkdir()
    (data / "photos" / "1.jpg").write_bytes(b"photo")

    wine.run(installer("0.2.0", "v2"), "/S")
    assert (program / "_internal" / "PySide6" / "v2.txt").exists()
    assert not (program / "_internal" / "PySide6" / "v1.txt").exists()  # no stale files
    assert '"DisplayVersion"="0.2.0"' in uninstall_entry(wine.registry())
    assert (data / "renda.sqlite").read_bytes() == b"the office's database"

    wine.run(program / "uninstall.exe", "/S")
    assert not program.exists()
    assert not (start_menu / f"{APP_NAME}.lnk").exists()
    assert not (desktop / f"{APP_NAME}.lnk").exists()
    assert uninstall_entry(wine.registry()) == ""
    # The data stays unless the clerk ticks "我的数据" (off by default, and a silent
    # uninstall never ticks it).
    assert (data / "renda.sqlite").read_bytes() == b"the office's database"
    assert (data / "photos" / "1.jpg").exists()
