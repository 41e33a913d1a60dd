"""Where renda finds its own files and keeps the clerk's.

Resources and reference data are found the same way from a source checkout and from the
PyInstaller bundle (sys._MEIPASS). Nothing is ever written next to the program: the data
folder is the user's (platformdirs), or RENDA_DATA_DIR when set (tests, portable use).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "renda"


def install_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parents[2]


def resource_path(*parts: str) -> Path:
    return install_root().joinpath("resources", *parts)


def data_path(*parts: str) -> Path:
    return install_root().joinpath("data", *parts)


def user_data_dir() -> Path:
    override = os.environ.get("RENDA_DATA_DIR")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_path

        path = user_data_path(APP_NAME, appauthor=False, roaming=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return user_data_dir() / "renda.sqlite"


def demo_db_path() -> Path:
    return user_data_dir() / "demo.sqlite"
