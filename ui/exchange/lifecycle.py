"""Backups the clerk never has to think of, and restoring one.

- `backup_on_close(window)`: called by the main window as it closes.
- `start_daily_backups(window)`: a backup soon after start and whenever a day has passed
  without one (the program may stay open for days), in the background.
- `reopen_after_restore(window, backup)`: restoring replaces the database file, so the
  open Office (and the worker's connection) are closed first; a new main window opens on
  the restored database."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from app.core.errors import RendaError
from app.exchange.backup import backup_due, make_backup, restore_backup
from app.office import Office
from ui.widgets.messages import show_error, show_info

if TYPE_CHECKING:
    from ui.main_window import MainWindow

FIRST_CHECK_MS = 10_000
CHECK_EVERY_MS = 60 * 60 * 1000
# Windows opened after a restore: main() holds only the first one.
_reopened: list[MainWindow] = []


def backup_on_close(window: MainWindow) -> None:
    office = window.office
    if not getattr(window, "backup_on_close", True):
        return
    try:
        if not office.settings.get("auto_backup"):
            return
        # Local only: the UI thread must not wait for a stick; the daily backup copies there.
        make_backup(office, reason="close", second=False)
    except (RendaError, OSError) as exc:
        message = exc.message if isinstance(exc, RendaError) else str(exc)
        sys.stderr.write(f"关闭时自动备份失败：{message}\n")
        if window.isVisible():
            # The clerk must know that this time there is no fresh backup.
            show_error(
                window,
                f"关闭时自动备份失败：{message}\n\n数据库本身没有受影响。请检查磁盘空间，"
                "下次打开后在“数据交换”中手动备份一次。",
                "备份失败",
            )


def _daily(window: MainWindow) -> None:
    office = window.office
    try:
        if not office.settings.get("auto_backup") or not backup_due(office):
            return
    except RendaError:
        return
    window.runner.run(
        lambda ctx: make_backup(ctx.office, reason="daily", progress=ctx.progress),
        on_done=lambda info: window.statusBar().showMessage(
            f"已自动备份：{info.path.name}" + (f"。{info.note}" if info.note else ""), 15000
        ),
        on_error=lambda exc: window.statusBar().showMessage(f"自动备份失败：{exc}", 15000),
    )


def start_daily_backups(window: MainWindow) -> QTimer:
    timer = QTimer(window)
    timer.setInterval(CHECK_EVERY_MS)
    timer.timeout.connect(lambda: _daily(window))
    timer.start()
    QTimer.singleShot(FIRST_CHECK_MS, timer, lambda: _daily(window))
    return timer


def reopen_after_restore(window: MainWindow, backup: Path, key: str | None = None) -> MainWindow:
    """Close the window's database, restore `backup` (decrypted with `key` if sealed) over
    it, open a new main window."""
    from ui.main_window import MainWindow

    path = window.office.path
    window.backup_on_close = False  # type: ignore[attr-defined]  # restore backs up first
    window.runner.shutdown()
    window.office.close()
    error: RendaError | None = None
    safety = None
    try:
        safety = restore_backup(path, backup, key=key)
    except RendaError as exc:
        error = exc
    office = Office.open(path)  # brings an older backup's schema up to date
    new = MainWindow(office)
    new.resize(window.size())
    new.move(window.pos())
    new.destroyed.connect(office.close)
    _reopened.append(new)
    new.show()
    if getattr(window, "daily_backups", False):
        start_daily_backups(new)
        new.daily_backups = True  # type: ignore[attr-defined]
    window.close()
    if error is not None:
        show_error(new, error, "恢复失败")
    else:
        kept = f"恢复前的数据库已备份为“{safety.path.name}”。" if safety else ""
        show_info(new, f"已从“{Path(backup).name}”恢复。{kept}", "恢复完成")
    return new


def forget(window: MainWindow) -> None:
    """Drop a reopened window from the keep-alive list (it was closed)."""
    if window in _reopened:
        _reopened.remove(window)
