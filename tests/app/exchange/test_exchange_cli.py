"""The exchange commands, run as a clerk's script would: real processes on real files."""

from __future__ import annotations

import json
from pathlib import Path

from tests.app.test_cli import run
from tests.exchange_workbooks import messy_roster


def _setup(db: Path) -> None:
    done = run(db, "init", "--township", "清溪镇", "--county", "溪山县", "--term", "17",
               "--term-start", "2021-12-28")  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_roster_import_refuses_with_errors_and_says_where(tmp_path):
    db = tmp_path / "office.sqlite"
    _setup(db)
    sheet = messy_roster(tmp_path / "名册.xlsx")
    dry = run(db, "roster", "import", str(sheet), "--dry-run", "--create-missing")
    assert dry.returncode == 1
    assert "错误：第 8 行 F 列（身份证号）" in dry.stderr and "（只检查，没有写入）" in dry.stdout
    refused = run(db, "roster", "import", str(sheet), "--create-missing")
    assert refused.returncode == 1 and "没有导入任何记录" in refused.stderr
    assert json.loads(run(db, "deputies", "--json").stdout) == []
    partial = run(
        db, "roster", "import", str(sheet), "--create-missing", "--skip-invalid",
        "--problems", str(tmp_path / "问题.xlsx"),
    )  # fmt: skip
    assert partial.returncode == 1  # some rows were refused
    assert "新增 3 名" in partial.stdout and (tmp_path / "问题.xlsx").exists()
    names = [r["name"] for r in json.loads(run(db, "deputies", "--json").stdout)]
    assert sorted(names) == sorted(["王𠮷", "李四", "张三"])


def test_roster_round_trip_package_backup_and_restore(demo_db, tmp_path):
    out = tmp_path / "名册.xlsx"
    assert run(demo_db, "roster", "export", str(out), "--with-ended").returncode == 0
    again = run(demo_db, "roster", "import", str(out), "--on-duplicate", "update")
    assert again.returncode == 0 and "无变化 74 名" in again.stdout
    assert run(demo_db, "roster", "template", str(tmp_path / "模板.xlsx")).returncode == 0

    password = tmp_path / "pw.txt"
    password.write_text("溪山县2026\n", encoding="utf-8")
    stick = tmp_path / "U盘"
    stick.mkdir()
    made = run(demo_db, "package", "export", "--out", str(stick), "--password-file", str(password))
    assert made.returncode == 0, made.stderr
    [package] = stick.glob("*.rdpkg")
    county = tmp_path / "county.sqlite"
    assert run(county, "init", "--county", "溪山县", "--county-mode").returncode == 0
    first = run(county, "package", "import", str(package), "--password-file", str(password))
    assert first.returncode == 0 and "代表：新增 74" in first.stdout
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("nope-nope", encoding="utf-8")
    refused = run(county, "package", "import", str(package), "--password-file", str(wrong))
    assert refused.returncode == 1 and "密码不对" in refused.stderr
    compared = json.loads(run(county, "compare", "--json").stdout)
    assert compared[0]["township"] == "清溪镇" and compared[0]["在任代表（名）"] == 72

    backup = run(demo_db, "backup", "--out", str(stick))
    assert backup.returncode == 0
    [copy] = stick.glob("*.sqlite")
    fresh = tmp_path / "新电脑.sqlite"
    restored = run(fresh, "restore", str(copy))
    assert restored.returncode == 0 and "在任代表 72 名" in restored.stdout
    assert len(json.loads(run(fresh, "deputies", "--json").stdout)) == 74
