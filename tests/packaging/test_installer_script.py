"""The NSIS script compiles with makensis (Debian's nsis here, NSIS on Windows), warnings
counting as errors. Only a stand-in payload is wrapped: the Windows bundle cannot be made on
Linux, and what the installer does when run is checked under Wine (test_installer_wine.py)
and on Windows."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from installer import SCRIPT, compile_installer, find_makensis, installer_name

pytestmark = pytest.mark.skipif(
    find_makensis() is None, reason="makensis missing (Debian: apt-get install nsis)"
)


def stand_in_bundle(folder: Path, marker: str = "v1") -> Path:
    """The shape of dist/renda on Windows: two programs and their shared _internal folder."""
    (folder / "_internal" / "PySide6").mkdir(parents=True)
    (folder / "renda.exe").write_bytes(b"MZ stand-in window program")
    (folder / "renda-cli.exe").write_bytes(b"MZ stand-in command line")
    (folder / "_internal" / "PySide6" / f"{marker}.txt").write_text(marker)
    return folder


def test_the_script_compiles_into_a_windows_program(tmp_path: Path):
    bundle = stand_in_bundle(tmp_path / "bundle")
    out = compile_installer(bundle, tmp_path / "dist", "0.1.0")
    assert out.name == installer_name("0.1.0") == "renda-0.1.0-setup.exe"
    assert out.read_bytes()[:2] == b"MZ"


def test_the_script_refuses_to_compile_without_what_build_py_passes(tmp_path: Path):
    result = subprocess.run(
        [find_makensis(), "-V2", str(SCRIPT)], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode != 0
    assert "build_scripts/build.py" in result.stdout + result.stderr


def test_the_installer_speaks_chinese_and_asks_for_no_administrator():
    script = SCRIPT.read_text(encoding="utf-8-sig")
    assert SCRIPT.read_bytes().startswith(b"\xef\xbb\xbf")  # makensis reads UTF-8 by the BOM
    assert "RequestExecutionLevel user" in script
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\renda"' in script
    assert '!insertmacro MUI_LANGUAGE "SimpChinese"' in script
    # The data is removed only by a section the clerk must tick (/o: off by default).
    assert 'Section /o "un.我的数据' in script
