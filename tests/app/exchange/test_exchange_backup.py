"""Backups and restore on real database files."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from app.core.errors import RendaError
from app.db.connection import AuditState, register_audit_functions
from app.deputies.deputies import DeputyQuery
from app.exchange.backup import (
    backup_due,
    backup_folder,
    backup_key,
    backup_name,
    inspect_backup,
    list_backups,
    make_backup,
    prune,
    restore_backup,
)
from app.office import Office
from tests.usb_stick import usb_stick

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_a_backup_is_a_consistent_copy_while_the_database_is_in_use(demo_office):
    other = sqlite3.connect(demo_office.path)
    register_audit_functions(other, AuditState())  # another renda: its writes are audited
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE deputies SET unit = '未提交的修改'")  # not committed: not backed up
    try:
        info = make_backup(demo_office, reason="manual")
    finally:
        other.rollback()
        other.close()
    assert info.path.parent == backup_folder(demo_office.path)
    assert info.reason == "manual" and "手动" in info.path.name
    copy = sqlite3.connect(info.path)
    units = {r[0] for r in copy.execute("SELECT unit FROM deputies")}
    copy.close()
    assert "未提交的修改" not in units and len(units) > 10
    preview = inspect_backup(info.path)
    assert preview.title == "清溪镇 · 第十七届" and preview.deputies_serving == 72
    assert preview.counts["代表"] == 74 and preview.counts["代表照片"] > 60


def test_automatic_backups_keep_7_days_4_weeks_and_12_months(tmp_path):
    folder = tmp_path / "备份"
    folder.mkdir()
    today = date(2026, 11, 22)
    for back in range(0, 500):
        day = today - timedelta(days=back)
        for hour, reason in ((9, "daily"), (18, "close")):
            name = backup_name("renda", datetime(day.year, day.month, day.day, hour), reason)
            (folder / name).write_bytes(b"x")
    (folder / backup_name("renda", datetime(2024, 1, 1, 8), "manual")).write_bytes(b"x")
    (folder / backup_name("other", datetime(2024, 1, 1, 8), "daily")).write_bytes(b"x")
    prune(folder, "renda", today)
    kept = list_backups(folder, "renda")
    days = sorted({b.made_at.date() for b in kept if b.reason != "manual"}, reverse=True)
    assert days[:7] == [today - timedelta(days=i) for i in range(7)]
    assert all(b.made_at.hour == 18 for b in kept if b.reason == "close")  # newest of a day
    months = {(d.year, d.month) for d in days}
    assert len(months) == 12
    assert len(days) <= 7 + 4 + 12
    assert any(b.reason == "manual" for b in kept)  # the clerk's own are never deleted
    assert list_backups(folder, "other")  # another database's are left alone


def test_a_daily_backup_is_due_once_a_day(demo_office):
    assert backup_due(demo_office)
    make_backup(demo_office, reason="manual")
    assert backup_due(demo_office)  # a manual one does not count
    make_backup(demo_office, reason="daily")
    assert not backup_due(demo_office)
    assert backup_due(demo_office, date.today() + timedelta(days=1))


def test_restore_replaces_the_database_after_backing_it_up(demo_office, tmp_path):
    backup = make_backup(demo_office, tmp_path, reason="manual").path
    demo_office.deputies.add(name="新来的", gender="女")
    path = demo_office.path
    demo_office.close()
    safety = restore_backup(path, backup)
    assert safety is not None and safety.reason == "restore"
    with Office.open(path) as office:
        assert office.deputies.count(DeputyQuery()) == 74
    with Office.open(safety.path) as before:
        assert before.deputies.find("新来的")


def test_restoring_an_older_schema_brings_it_up_to_date(office, tmp_path):
    old = tmp_path / "旧版本备份.sqlite"
    shutil.copyfile(FIXTURES / "schema-0.1.0.sqlite", old)
    path = office.path
    office.close()
    restore_backup(path, old)
    with Office.open(path) as reopened:
        assert {
            d.name for d in reopened.deputies.rows(reopened.deputies.search(DeputyQuery()))
        } >= {"王𠮷"}


def test_what_cannot_restore_is_refused_and_nothing_changes(demo_office, tmp_path):
    not_db = tmp_path / "照片.sqlite"
    not_db.write_bytes(b"\xff\xd8" * 1000)
    foreign = tmp_path / "别的.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    newer = make_backup(demo_office, tmp_path, reason="manual").path
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name) VALUES ('renda.x', 'm9')")
    conn.commit()
    conn.close()
    truncated = tmp_path / "截断.sqlite"
    data = make_backup(demo_office, tmp_path, reason="daily").path.read_bytes()
    truncated.write_bytes(data[: len(data) // 3])
    path = demo_office.path
    demo_office.close()
    before = path.read_bytes()
    for bad, message in (
        (not_db, "不是乡镇人大工作台的备份"),
        (foreign, "不是乡镇人大工作台的数据库备份"),
        (newer, "较新版本"),
        (truncated, "损坏|不是"),
        (tmp_path / "没有这个文件.sqlite", "找不到"),
    ):
        with pytest.raises(RendaError, match=message):
            restore_backup(path, bad)
    assert path.read_bytes() == before
    assert not [b for b in list_backups(backup_folder(path)) if b.reason == "restore"]


def test_a_backup_onto_an_exfat_stick(demo_office, tmp_path):
    with usb_stick(tmp_path) as stick:
        info = make_backup(demo_office, stick.path, reason="manual")
        stick.reinsert()
        copy = stick.path / info.path.name
        assert info.encrypted  # a stick leaves the office: sealed with the office's key
        assert inspect_backup(copy, backup_key(demo_office)).deputies_serving == 72
