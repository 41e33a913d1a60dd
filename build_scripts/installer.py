"""Wrap a frozen bundle into the Windows installer with NSIS (installer.nsi beside this file).

makensis runs on Windows (NSIS from nsis.sourceforge.io, or `choco install nsis`) and on
Linux (Debian's `nsis`), where it proves the script compiles; only Windows can run the
result."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "installer.nsi"
ICON = HERE.parent / "resources" / "icons" / "renda.ico"
# Where the NSIS installer for Windows puts makensis when it is not on PATH.
WINDOWS_LOCATIONS = [
    Path(os.environ.get(var, "")) / "NSIS" / "makensis.exe"
    for var in ("ProgramFiles(x86)", "ProgramFiles")
    if os.environ.get(var)
]


class InstallerError(Exception):
    pass


def find_makensis() -> str | None:
    found = shutil.which("makensis")
    if found:
        return found
    return next((str(p) for p in WINDOWS_LOCATIONS if p.exists()), None)


def installer_name(version: str) -> str:
    return f"renda-{version}-setup.exe"


def compile_installer(
    bundle: Path, out_dir: Path, version: str, *, target: str | None = None
) -> Path:
    """Compile installer.nsi around `bundle` (the folder holding renda.exe) into
    out_dir/renda-VERSION-setup.exe. Warnings count as errors. `target` picks another NSIS
    stub, e.g. amd64-unicode (Debian's NSIS has it; the Windows download may not)."""
    from version_info import version_tuple

    makensis = find_makensis()
    if makensis is None:
        raise InstallerError(
            "makensis not found: install NSIS (Windows: https://nsis.sourceforge.io or "
            "`choco install nsis`; Debian: apt-get install nsis)"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / installer_name(version)
    defines = {
        "VERSION": version,
        "VERSION4": ".".join(str(n) for n in version_tuple(version)),
        "BUNDLE": str(bundle.resolve()),
        "OUTFILE": str(out.resolve()),
        "ICON": str(ICON),
    }
    if target:
        defines["TARGET"] = target
    argv = [makensis, "-V2", "-WX", *(f"-D{k}={v}" for k, v in defines.items()), str(SCRIPT)]
    result = subprocess.run(
        argv, capture_output=True, text=True, encoding="utf-8", errors="replace"
    )
    if result.returncode != 0 or not out.exists():
        raise InstallerError(
            f"makensis failed ({result.returncode}):\n{result.stdout}{result.stderr}"
        )
    return out
