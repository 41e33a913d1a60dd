"""The stand-in DLLs of the Wine build (build_scripts/wine_standins/) export exactly what
the Windows bundle imports from the real ones: Qt6Core's 18 ucnv_* functions of icuuc.dll,
cryptography's ProcessPrng of bcryptprimitives.dll (NOTES.md §7). A missing export makes
the whole PySide6 or cryptography fail to load under Wine. Skipped without MinGW."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

STANDINS = Path(__file__).resolve().parents[2] / "build_scripts" / "wine_standins"
GCC = "x86_64-w64-mingw32-gcc"
OBJDUMP = "x86_64-w64-mingw32-objdump"
QT6CORE_IMPORTS = {
    f"ucnv_{name}"
    for name in [
        "open",
        "close",
        "fromUnicode",
        "toUnicode",
        "getName",
        "getStandardName",
        "countAvailable",
        "getAvailableName",
        "getMaxCharSize",
        "reset",
        "getFromUCallBack",
        "setFromUCallBack",
        "getToUCallBack",
        "setToUCallBack",
        "cbFromUWriteUChars",
        "cbToUWriteUChars",
        "fromUCountPending",
        "toUCountPending",
    ]
}

pytestmark = pytest.mark.skipif(
    not (shutil.which(GCC) and shutil.which(OBJDUMP)),
    reason="needs MinGW (Debian: apt-get install gcc-mingw-w64-x86-64-win32)",
)


def exports(dll: Path) -> set[str]:
    table = subprocess.run([OBJDUMP, "-p", str(dll)], capture_output=True, text=True,
                           check=True).stdout  # fmt: skip
    section = table.split("[Ordinal/Name Pointer] Table", 1)[1].split("\n\n", 1)[0]
    return {line.split()[-1] for line in section.splitlines() if line.strip()}


@pytest.mark.parametrize(
    ("name", "wanted"),
    [("icuuc", QT6CORE_IMPORTS), ("bcryptprimitives", {"ProcessPrng"})],
)
def test_a_standin_exports_what_the_bundle_imports(tmp_path: Path, name: str, wanted: set[str]):
    dll = tmp_path / f"{name}.dll"
    subprocess.run([GCC, "-O2", "-Wall", "-Werror", "-shared", "-o", str(dll),
                    str(STANDINS / f"{name}.c"), "-lbcrypt"], check=True)  # fmt: skip
    assert exports(dll) == wanted


def test_each_standin_says_why_it_exists_and_that_it_is_never_shipped():
    for source in STANDINS.glob("*.c"):
        head = source.read_text("utf-8")[:1500]
        assert "Why it exists" in head
        assert "Never shipped" in head
