"""Nothing fails silently in the GUI: a clerk's save in the real deputy dialog, with the
database locked by another writer, on a full disk, read-only, or on a drive pulled out,
shows the right Chinese message, keeps the dialog and what was typed, and loses nothing
saved before. Errors nobody caught reach one handler that says so in Chinese and logs
them without personal data."""

from __future__ import annotations

import shutil
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton

from app.core.log import log_path
from app.deputies.deputies import DeputyQuery
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
from tests.ui.helpers import save_screenshot, type_text
from ui import faults
from ui.deputies.deputy_dialog import DeputyDialog


@pytest.fixture
def warnings(monkeypatch) -> list[tuple[str, str]]:
    """Every warning box shown: (title, text)."""
    shown: list[tuple[str, str]] = []

    def capture(_parent, title, text, *args, **kwargs):
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", capture)
    return shown


def first_deputy(office: Office):
    return office.deputies.get(office.deputies.search(DeputyQuery())[0])


def edit_unit(qtbot, office: Office, unit: str) -> DeputyDialog:
    """The clerk opens a deputy and types a new unit (a field every deputy has)."""
    dialog = DeputyDialog(office, first_deputy(office))
    qtbot.addWidget(dialog)
    dialog.show()
    widget = dialog.widget("unit")
    widget.clear()
    type_text(widget, unit)
    return dialog


def unit_on_disk(db: Path, deputy_id: int) -> str:
    with Office.open(db) as office:
        return office.deputies.get(deputy_id).unit


def test_a_save_waits_visibly_for_a_locked_database_then_names_the_cause(
    qtbot, demo_db: Path, warnings
) -> None:
    office = Office.open(demo_db)
    faults.install_lock_wait(office)
    office.settings.set("lock_wait_seconds", 2)
    saved_before = first_deputy(office)
    dialog = edit_unit(qtbot, office, "清溪镇桃源村党支部书记")
    seen: list[str] = []

    def look() -> None:
        # Any visible one: a progress dialog an earlier test closed may still be listed.
        waiting = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()
        ]
        if waiting:
            seen.append(waiting[0].labelText())
            if len(seen) == 1:
                save_screenshot(waiting[0], "fault_lock_waiting")
        else:
            QTimer.singleShot(50, look)

    with write_lock_held(demo_db):
        QTimer.singleShot(0, look)
        assert not dialog.save()
    assert seen and "正在写入数据库" in seen[0] and "最多等待 2 秒" in seen[0]
    title, text = warnings[-1]
    assert title == "数据库正被占用"
    assert "另一项操作或另一个程序占用" in text and "等待 2 秒后仍未释放" in text
    assert "之前保存的数据没有受影响" in text
    assert dialog.isVisible() and dialog.widget("unit").text() == "清溪镇桃源村党支部书记"
    dialog.close()
    office.close()
    assert unit_on_disk(demo_db, saved_before.id) == saved_before.unit


def test_a_save_goes_through_once_the_other_writer_finishes(qtbot, demo_db: Path, warnings) -> None:
    office = Office.open(demo_db)
    faults.install_lock_wait(office)
    dialog = edit_unit(qtbot, office, "清溪镇人民政府副镇长")
    with write_lock_held(demo_db) as other:
        QTimer.singleShot(600, other.rollback)  # the import ends while the save waits
        assert dialog.save()
    assert warnings == []
    deputy_id = dialog.saved.id
    office.close()
    assert unit_on_disk(demo_db, deputy_id) == "清溪镇人民政府副镇长"


def test_a_save_to_a_read_only_file_says_so_and_never_says_damaged(
    qtbot, demo_db: Path, warnings
) -> None:
    with read_only_file(demo_db):
        office = Office.open(demo_db)
        before = first_deputy(office)
        dialog = edit_unit(qtbot, office, "清溪镇中心小学校长")
        assert not dialog.save()
        assert dialog.isVisible()
        dialog.close()
        office.close()
    title, text = warnings[-1]
    assert title == "数据库是只读的"
    assert "只读" in text and "之前保存的数据没有受影响" in text
    assert "损坏" not in text and "不需要从备份恢复" in text
    assert unit_on_disk(demo_db, before.id) == before.unit


def test_a_database_in_a_read_only_folder_is_not_called_damaged_at_start(
    demo_db: Path, warnings, monkeypatch
) -> None:
    from ui.main import main

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs the handler
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    with read_only_view(demo_db.parent) as view:
        (demo_db.parent / "demo.sqlite-wal").unlink(missing_ok=True)
        (demo_db.parent / "demo.sqlite-shm").unlink(missing_ok=True)
        assert main(["--db", str(view / demo_db.name)]) == 1
    title, text = warnings[-1]
    assert title == "数据库是只读的"
    assert "文件夹" in text and "不允许写入" in text
    assert "损坏" not in text and "恢复" in text  # 不需要从备份恢复


def test_a_save_on_a_full_disk_says_so_and_keeps_what_was_saved(
    qtbot, demo_db: Path, tmp_path: Path, warnings
) -> None:
    with small_disk(tmp_path, 4) as disk:
        db = disk / "renda.sqlite"
        shutil.copyfile(demo_db, db)
        office = Office.open(db)
        dialog = edit_unit(qtbot, office, "清溪镇卫生院院长")
        assert dialog.save()  # saved while there is room
        saved = dialog.saved
        filler = fill_disk(disk)
        dialog = edit_unit(qtbot, office, "清溪镇农业服务中心主任")
        assert not dialog.save()
        dialog.close()
        office.close()
        filler.unlink()
        title, text = warnings[-1]
        assert title == "磁盘空间不足"
        assert "已满" in text and "之前保存的数据没有受影响" in text and "腾出空间" in text
        assert unit_on_disk(db, saved.id) == "清溪镇卫生院院长"


def test_a_save_after_the_drive_was_pulled_out_names_the_drive(
    qtbot, demo_db: Path, tmp_path: Path, warnings
) -> None:
    with removable_drive(tmp_path) as drive:
        db = copy_synced(demo_db, drive.point / "renda.sqlite")
        office = Office.open(db)
        dialog = edit_unit(qtbot, office, "清溪镇文化站站长")
        assert dialog.save()
        saved = dialog.saved
        drive.pull_out()
        dialog = edit_unit(qtbot, office, "清溪镇派出所所长")
        assert not dialog.save()
        title, text = warnings[-1]
        assert title == "找不到数据库所在的磁盘"
        assert "U 盘" in text and "重新接好" in text and "之前保存的数据没有受影响" in text
        dialog.close()
        try:
            office.close()
        except Exception:  # the drive is gone; closing may fail too
            pass
        drive.plug_in()
        assert unit_on_disk(db, saved.id) == "清溪镇文化站站长"


# ---- the global handler -----------------------------------------------------------------

SECRET_NAME = "欧阳𠮷"
SECRET_ID = "433122197503081234"


@pytest.fixture
def handler(qapp, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    faults.install(qapp)


def _explode() -> None:
    raise KeyError(f"{SECRET_NAME} {SECRET_ID}")


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_shows_a_chinese_dialog_and_logs_no_personal_data(
    qtbot, handler, warnings
) -> None:
    button = QPushButton("出错")
    qtbot.addWidget(button)
    button.clicked.connect(_explode)
    button.click()
    qtbot.waitUntil(lambda: bool(warnings))
    title, text = warnings[-1]
    assert title == "程序出现意外错误"
    assert "已经保存的数据没有丢失" in text and "日志" in text and "KeyError" in text
    assert SECRET_NAME not in text
    log = log_path().read_text(encoding="utf-8")
    assert "KeyError" in log and "tests/ui/test_faults.py:" in log  # what and where
    assert SECRET_NAME not in log and SECRET_ID not in log and "欧阳" not in log


@pytest.mark.qt_no_exception_capture
def test_an_error_in_another_thread_reaches_the_dialog(qtbot, handler, warnings) -> None:
    thread = threading.Thread(target=_explode)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(warnings))
    assert warnings[-1][0] == "程序出现意外错误"
    assert SECRET_ID not in log_path().read_text(encoding="utf-8")


def test_a_background_task_failing_on_a_locked_database_is_shown_even_unhandled(
    qtbot, demo_db: Path, warnings
) -> None:
    from ui.tasks import TaskRunner

    runner = TaskRunner(demo_db)
    try:
        with Office.open(demo_db) as office:
            office.settings.set("lock_wait_seconds", 1)
        with write_lock_held(demo_db):
            # a bare sqlite3 error inside a task, with no on_error: still seen, in Chinese
            handle = runner.run(
                lambda ctx: (
                    ctx.office.db.execute("PRAGMA busy_timeout = 100").fetchall()
                    and ctx.office.db.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
                )
            )
            qtbot.waitUntil(lambda: handle.finished, timeout=5000)
    finally:
        runner.shutdown()
    title, text = warnings[-1]
    assert title == "数据库正被占用" and "之前保存的数据没有受影响" in text
