"""The command line, run as a clerk's script would run it: a real process on a real file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def test_deputies_json_lists_the_roster(demo_db: Path) -> None:
    result = run(demo_db, "deputies", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 74
    first = rows[0]
    for key in ("name", "gender", "birth", "group", "level", "status"):
        assert key in first
    assert first["gender"] in ("男", "女")
    assert all("*" in r["id_number"] for r in rows if r["id_number"])  # masked by default


def test_deputies_search_by_pinyin_initials(demo_db: Path) -> None:
    result = run(demo_db, "deputies", "--search", "wj", "--json")
    assert "王𠮷" in [r["name"] for r in json.loads(result.stdout)]


def test_init_add_show_and_end_a_deputy(tmp_path: Path, make_id) -> None:
    db = tmp_path / "new.sqlite"
    assert run(db, "deputies").returncode == 1  # not set up yet: says so
    setup = run(
        db,
        "init",
        "--township",
        "清溪镇",
        "--county",
        "溪山县",
        "--term",
        "17",
        "--term-start",
        "2021-12-28",
    )
    assert setup.returncode == 0, setup.stderr
    added = run(
        db,
        "deputy",
        "add",
        "姓名=张𡒄",
        "性别=男",
        f"身份证号码={make_id()}",
        "工作单位及职务=桃源村村委会主任",
    )
    assert added.returncode == 0, added.stderr
    shown = json.loads(run(db, "deputy", "show", "张𡒄", "--json").stdout)
    assert shown["birth_date"] == "1975-03-08" and shown["unit"] == "桃源村村委会主任"
    ended = run(
        db,
        "deputy",
        "status",
        "张𡒄",
        "--to",
        "ended",
        "--date",
        "2025-05-01",
        "--reason",
        "辞职被接受",
    )
    assert ended.returncode == 0, ended.stderr
    shown = json.loads(run(db, "deputy", "show", "张𡒄", "--json").stdout)
    assert (
        shown["status"] == "代表资格终止" and shown["status_history"][0]["reason"] == "辞职被接受"
    )


def test_bad_input_exits_non_zero_with_a_chinese_message(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite"
    run(
        db,
        "init",
        "--township",
        "清溪镇",
        "--county",
        "溪山县",
        "--term",
        "17",
        "--term-start",
        "2021-12-28",
    )
    result = run(db, "deputy", "add", "姓名=张三", "性别=男", "身份证号码=110105194912310021")
    assert result.returncode == 1
    assert "身份证号码" in result.stderr and "校验位" in result.stderr
    assert json.loads(run(db, "deputies", "--json").stdout) == []


def test_a_newer_database_is_refused_by_the_cli(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "new.sqlite"
    run(db, "info")
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('renda.future', 'm001', 'x')"
    )
    conn.commit()
    conn.close()
    result = run(db, "info")
    assert result.returncode == 1 and "较新版本" in result.stderr
