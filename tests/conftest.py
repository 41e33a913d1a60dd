"""Shared test setup: Qt offscreen, and a private data folder so no test touches the
user's real renda data."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# As app/__init__.py does, for test modules that import openpyxl before the app.
os.environ.setdefault("OPENPYXL_LXML", "False")


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "userdata"
    monkeypatch.setenv("RENDA_DATA_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The township demo, built once per test run; tests get copies of it."""
    from app.demo import build_demo
    from app.office import Office

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    with Office.open(path) as office:
        build_demo(office, seed=2026)
        office.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def demo_db(demo_db_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_db_template, target)
    return target


@pytest.fixture
def demo_office(demo_db: Path) -> Iterator:
    from app.office import Office

    office = Office.open(demo_db)
    yield office
    office.close()


@pytest.fixture
def office(tmp_path: Path) -> Iterator:
    """A new township office: 清溪镇 of 溪山县, 第十七届 from 2021-12-28, no deputies."""
    from app.office import Office

    office = Office.open(tmp_path / "office.sqlite")
    office.setup(township="清溪镇", county="溪山县", term_number=17, term_start="2021-12-28")
    yield office
    office.close()


def make_id_number(
    birth: str = "19750308", *, male: bool = True, area: str = "433122", serial: int = 12
) -> str:
    """A valid 18-digit resident ID number (area codes 4331xx are in stdnum's table)."""
    from stdnum.cn import ric

    sex = 1 if male else 2
    body = f"{area}{birth}{serial:02d}{sex}"
    return body + ric.calc_check_digit(body + "0")


@pytest.fixture
def make_id():
    return make_id_number
