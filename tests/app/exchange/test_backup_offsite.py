"""Copies that survive the PC: encrypted when they leave it, a second destination, a
reminder when none left the disk, and restore that reads every backup it can."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.core.errors import RendaError
from app.deputies.deputies import DeputyQuery
from app.exchange.backup import (
    WORK_PREFIX,
    BackupKeyNeeded,
    backup_folder,
    backup_key,
    inspect_backup,
    last_offsite,
    make_backup,
    restore_backup,
    set_second_folder,
)
from app.exchange.reminders import offsite_backup_reminders
from app.office import Office
from tests.faults import read_only_view, small_disk
from tests.usb_stick import usb_stick


def names(db: Path) -> set[str]:
    with Office.open(db) as office:
        return {d.name for d in office.deputies.rows(office.deputies.search(DeputyQuery()))}


def some_name(office: Office) -> str:
    return office.deputies.rows(office.deputies.search(DeputyQuery()))[0].name


def test_a_backup_on_a_stick_is_encrypted_and_opens_on_a_new_pc_with_the_key(
    demo_office, tmp_path
) -> None:
    name = some_name(demo_office)
    with usb_stick(tmp_path) as stick:
        info = make_backup(demo_office, stick.path)
        stick.reinsert()
        copy = shutil.copyfile(stick.path / info.path.name, tmp_path / info.path.name)
    data = Path(copy).read_bytes()
    assert info.encrypted and copy.suffix == ".rdbak"
    assert b"SQLite format 3" not in data and name.encode("utf-8") not in data
    key = backup_key(demo_office)
    assert len(key.replace("-", "")) == 52
    # the PC is gone: a new one, a new empty database, the clerk types the written key
    new_db = tmp_path / "新电脑" / "renda.sqlite"
    Office.open(new_db).close()
    with pytest.raises(BackupKeyNeeded):
        inspect_backup(copy)
    other_key = "ABCD-" * 12 + "ABCD"
    with pytest.raises(BackupKeyNeeded, match="备份密钥"):
        inspect_backup(copy, other_key)
    typed = key.lower().replace("-", " ")
    from app.exchange.backup import normal_key

    preview = inspect_backup(copy, normal_key(typed))
    assert preview.encrypted and preview.deputies_serving == 72
    assert "这是加密的备份，已用备份密钥打开" in preview.lines
    restore_backup(new_db, copy, key=normal_key(typed))
    assert name in names(new_db)
    with Office.open(new_db) as office:
        assert office.settings.get("backup_key") == key  # the office's own key came back


def test_a_tampered_encrypted_backup_is_refused_and_nothing_changes(demo_office, tmp_path):
    info = make_backup(demo_office, tmp_path, encrypt=True)
    key = backup_key(demo_office)
    data = bytearray(info.path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad = tmp_path / "改过.rdbak"
    bad.write_bytes(bytes(data))
    path = demo_office.path
    demo_office.close()
    before = path.read_bytes()
    with pytest.raises(RendaError, match="已损坏或不完整"):
        restore_backup(path, bad, key=key)
    assert path.read_bytes() == before


def test_every_backup_also_goes_to_the_second_destination_on_another_disk(
    demo_office, tmp_path
) -> None:
    assert offsite_backup_reminders(demo_office, date.today())  # nothing left the disk yet
    with small_disk(tmp_path, 16) as other:
        set_second_folder(demo_office, other)
        info = make_backup(demo_office, reason="daily")
        assert info.path.parent == backup_folder(demo_office.path)
        assert [c.parent for c in info.copies] == [other]
        assert inspect_backup(info.copies[0]).deputies_serving == 72
        assert last_offsite(demo_office) is not None
        assert offsite_backup_reminders(demo_office, date.today()) == []
        later = date.today() + timedelta(days=7)
        (reminder,) = offsite_backup_reminders(demo_office, later)
        assert "已有 7 天没有把备份复制到本机以外" in reminder.text
        assert reminder.page == "exchange"
        assert any(r.area == "备份" for r in demo_office.reminders(later))
    # the second destination is gone (the stick is not plugged in): the local copy is made
    info = make_backup(demo_office, reason="close", now=datetime.now() + timedelta(minutes=1))
    assert info.path.exists() and info.copies == () and "找不到" in info.note


def test_the_second_destination_cannot_be_inside_the_data_folder(demo_office) -> None:
    from app.core.errors import ValidationError

    inside = backup_folder(demo_office.path)
    inside.mkdir(exist_ok=True)
    with pytest.raises(ValidationError, match="不能是数据文件夹"):
        set_second_folder(demo_office, inside)


def test_a_backup_holds_what_is_still_in_the_wal_and_leaves_no_plaintext_behind(
    demo_office, tmp_path
) -> None:
    import subprocess
    import sys

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = backup_folder(demo_office.path) / f"{WORK_PREFIX}{dead.pid}-killed"
    stale.mkdir(parents=True)
    (stale / "snapshot.sqlite").write_bytes(b"x")  # plaintext a killed backup left behind
    with demo_office.transaction():
        demo_office.db.execute("UPDATE deputies SET unit = '只在 WAL 中的修改' WHERE id = 1")
    info = make_backup(demo_office, tmp_path)
    conn = sqlite3.connect(info.path)
    assert conn.execute("SELECT unit FROM deputies WHERE id = 1").fetchone()[0] == (
        "只在 WAL 中的修改"
    )
    conn.close()
    assert not list(backup_folder(demo_office.path).glob(WORK_PREFIX + "*"))


def test_restore_reads_a_copy_on_a_write_protected_folder(demo_office, tmp_path) -> None:
    folder = tmp_path / "光盘"
    folder.mkdir()
    info = make_backup(demo_office, folder)
    conn = sqlite3.connect(info.path)  # as a hand-made copy of a live file is: marked WAL
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    with read_only_view(folder) as view:
        assert inspect_backup(view / info.path.name).deputies_serving == 72


def test_the_command_line_shows_the_key_sets_the_second_folder_and_restores(
    capsys, demo_db: Path, tmp_path
) -> None:
    second = tmp_path / "第二位置"
    second.mkdir()
    assert main(["--db", str(demo_db), "backup", "--show-key"]) == 0
    key = capsys.readouterr().out.split("备份密钥：")[1].split()[0]
    assert main(["--db", str(demo_db), "backup", "--second-folder", str(second)]) == 0
    assert main(["--db", str(demo_db), "backup", "--encrypt"]) == 0
    out = capsys.readouterr().out
    assert "已加密" in out and "已复制到第二备份位置" in out
    (copy,) = second.glob("*.rdbak")
    new_db = tmp_path / "新电脑.sqlite"
    Office.open(new_db).close()
    assert main(["--db", str(new_db), "restore", str(copy), "--preview"]) == 1
    assert "--key" in capsys.readouterr().err
    assert main(["--db", str(new_db), "restore", str(copy), "--key", key]) == 0
    assert names(new_db) == names(demo_db)
