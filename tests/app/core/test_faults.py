"""The command line names each fault in Chinese with its own exit status, never a traceback,
and changes nothing: a held write lock, a read-only file or folder, a full disk, a drive
pulled out, a damaged file, a fault of the program (logged without personal data)."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest

from app.cli import main
from app.core.errors import DiskFull, DriveMissing, ReadOnly
from app.core.faults import from_os
from app.core.log import log_path
from app.office import Office
from tests.faults import (
    copy_synced,
    fill_disk,
    read_only_file,
    read_only_view,
    removable_drive,
    small_disk,
    write_lock_held,
)

ADD = ["deputy", "add", "姓名=王𠮷", "性别=男"]


def deputies(db: Path) -> int:
    with Office.open(db) as office:
        return office.db.execute("SELECT count(*) FROM deputies").fetchone()[0]


def run(capsys, db: Path, *args: str) -> tuple[int, str]:
    code = main(["--db", str(db), *args])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def test_a_locked_database_waits_then_exits_3(capsys, demo_db: Path) -> None:
    with Office.open(demo_db) as office:
        office.settings.set("lock_wait_seconds", 1)
    before = deputies(demo_db)
    with write_lock_held(demo_db):
        code, err = run(capsys, demo_db, *ADD)
    assert code == 3
    assert "正在等待（最多 1 秒）" in err and "另一项操作或另一个程序占用" in err
    assert deputies(demo_db) == before


def test_a_read_only_file_exits_5(capsys, demo_db: Path) -> None:
    before = deputies(demo_db)
    with read_only_file(demo_db):
        code, err = run(capsys, demo_db, *ADD)
    assert code == 5 and "只读" in err and "损坏" not in err
    assert deputies(demo_db) == before


def test_a_read_only_folder_exits_5_and_is_not_called_damaged(capsys, demo_db: Path) -> None:
    with read_only_view(demo_db.parent) as view:
        code, err = run(capsys, view / demo_db.name, "info")
    assert code == 5
    assert "不允许写入" in err and "损坏" not in err and "不需要从备份恢复" in err


def test_a_full_disk_exits_4_and_keeps_what_was_saved(capsys, demo_db: Path, tmp_path) -> None:
    with small_disk(tmp_path, 4) as disk:
        db = disk / "renda.sqlite"
        shutil.copyfile(demo_db, db)
        before = deputies(db)
        fill_disk(disk)
        code, err = run(capsys, db, *ADD)
        assert code == 4 and "已满" in err and "之前保存的数据没有受影响" in err
        (disk / "filler.bin").unlink()
        assert deputies(db) == before


def test_a_drive_pulled_out_exits_6(capsys, demo_db: Path, tmp_path) -> None:
    with removable_drive(tmp_path) as drive:
        db = copy_synced(demo_db, drive.point / "renda.sqlite")
        before = deputies(db)
        drive.pull_out()
        code, err = run(capsys, db, *ADD)
        assert code == 6 and "U 盘" in err and "重新接好" in err
        drive.plug_in()
        assert deputies(db) == before


def test_a_damaged_file_exits_7(capsys, tmp_path: Path) -> None:
    db = tmp_path / "renda.sqlite"
    db.write_bytes(b"SQLite format 3\0" + b"\x07" * 4096)
    code, err = run(capsys, db, "info")
    assert code == 7 and "损坏" in err


def test_a_fault_of_the_program_exits_9_and_logs_no_personal_data(
    capsys, demo_db: Path, monkeypatch
) -> None:
    import app.cli

    def boom(office: Office, args: object) -> int:
        raise ValueError("王𠮷 433122197503081234 13812345678")

    extra = ("boom", "", lambda p: None, boom)
    monkeypatch.setattr(app.cli, "COMMANDS", [*app.cli.COMMANDS, extra])
    code, err = run(capsys, demo_db, "boom")
    assert code == 9 and "意外错误（ValueError）" in err and "日志" in err
    assert "433122197503081234" not in err
    log = log_path().read_text(encoding="utf-8")
    assert "ValueError" in log and "tests/app/core/test_faults.py:" in log
    for secret in ("王", "433122197503081234", "13812345678"):
        assert secret not in log


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        (errno.ENOSPC, DiskFull),
        (errno.EROFS, ReadOnly),
        (errno.EACCES, ReadOnly),
        (errno.EIO, DriveMissing),
        (errno.ENODEV, DriveMissing),
    ],
)
def test_each_os_cause_has_its_own_message(number: int, kind: type, tmp_path: Path) -> None:
    error = from_os(OSError(number, "x", str(tmp_path / "a.sqlite")))
    assert type(error) is kind and "之前保存的数据没有受影响" in error.message


def test_a_file_that_cannot_be_read_is_named_with_a_chinese_reason(
    capsys, demo_db: Path, tmp_path: Path
) -> None:
    """What the system says (strerror) is English here and in the system's language on
    Windows: the clerk reads the cause in Chinese."""
    missing = tmp_path / "没有这个照片.jpg"
    folder = tmp_path / "一个文件夹.jpg"
    folder.mkdir()
    for path, cause in ((missing, "找不到该文件或文件夹"), (folder, "这是一个文件夹，不是文件")):
        assert main(["--db", str(demo_db), "deputy", "photo", "1", str(path)]) == 1
        err = capsys.readouterr().err
        assert path.name in err and cause in err
        assert "No such file" not in err and "Is a directory" not in err
