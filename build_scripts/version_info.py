"""The Windows version resource of renda.exe and renda-cli.exe, from app/version.py.

Explorer shows it under Properties → Details; PyInstaller reads this text form (its
VSVersionInfo serialisation) and writes it into the executables on Windows only."""

from __future__ import annotations

import re
from pathlib import Path

PRODUCT_NAME = "乡镇人大工作台"
# Simplified Chinese (0x0804), Unicode code page (1200 = 0x04b0).
LANGUAGE = 0x0804
CODEPAGE = 1200


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' → (0, 1, 0, 0); a suffix such as 'rc1' or '.dev2' is left out (Windows wants
    four numbers)."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0])[:3]]
    numbers += [0] * (4 - len(numbers))
    return (numbers[0], numbers[1], numbers[2], numbers[3])


def version_text(version: str, *, exe_name: str, description: str) -> str:
    four = version_tuple(version)
    table = f"{LANGUAGE:04x}{CODEPAGE:04x}"
    strings = {
        "CompanyName": "",
        "FileDescription": description,
        "FileVersion": version,
        "InternalName": exe_name.removesuffix(".exe"),
        "LegalCopyright": "",
        "OriginalFilename": exe_name,
        "ProductName": PRODUCT_NAME,
        "ProductVersion": version,
    }
    string_structs = ",\n".join(f"        StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""# -*- coding: utf-8 -*-
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={four},
    prodvers={four},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        {table!r},
        [
{string_structs}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [{LANGUAGE}, {CODEPAGE}])])
  ]
)
"""


def write_version_file(
    folder: Path, version: str, *, exe_name: str, description: str = PRODUCT_NAME
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"version-{exe_name}.txt"
    path.write_text(
        version_text(version, exe_name=exe_name, description=description), encoding="utf-8"
    )
    return path
