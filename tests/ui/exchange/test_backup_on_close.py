"""A backup that fails as the program closes is told to the clerk, not only to a console
nobody sees."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox


def test_a_failed_backup_on_close_is_shown(qtbot, demo_db, monkeypatch) -> None:
    from app.office import Office
    from ui.main_window import MainWindow

    (demo_db.parent / "备份").write_text("a file where the backup folder should be")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    office = Office.open(demo_db)
    window = MainWindow(office)
    qtbot.addWidget(window)
    window.show()
    window.close()
    office.close()
    assert shown and "关闭时自动备份失败" in shown[0]
