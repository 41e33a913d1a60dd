"""Backups the clerk never has to think of, and restoring one.

- `backup_on_close(window)`: called by the main window as it closes; the backup runs in a
  thread of its own while the window keeps painting (`ClosingBackup`).
- `start_daily_backups(window)`: a backup soon after start and whenever a day has passed
  without one (the program may stay open for days), in the background.
- `reopen_after_restore(window, backup)`: restoring replaces the database file, so the
  open Office (and the worker's connection) are closed first; a new main window opens on
  the restored database."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.core.errors import Cancelled, RendaError
from app.core.progress import Progress
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
    """The automatic backup as the window closes, made in a thread of its own (with its own
    connection) while the window keeps painting; returns when it is done. A small dialog
    shows it after a moment; 跳过备份 stops it (the database is only read: the copy is
    written in a work folder, and only a whole file, flushed to the disk, is renamed into
    place, so neither a skip nor a killed program leaves half a backup)."""
    office = window.office
    if not getattr(window, "backup_on_close", True):
        return
    try:
        if not office.settings.get("auto_backup"):
            return
    except RendaError:
        return
    job = ClosingBackup(office.path)
    job.start()
    job.wait(window)
    if job.error is None:
        return
    sys.stderr.write(f"关闭时自动备份失败：{job.error}\n")
    if window.isVisible():
        # The clerk must know that this time there is no fresh backup.
        show_error(
            window,
            f"关闭时自动备份失败：{job.error}\n\n数据库本身没有受影响。请检查磁盘空间，"
            "下次打开后在“数据交换”中手动备份一次。",
            "备份失败",
        )


class ClosingBackup:
    """The closing backup on a thread of its own: `start()`, then `wait(window)`, which runs
    the event loop (the window repaints, the dialog moves) until the thread has finished.
    `error` is the clerk's message when it failed; a skip is not a failure."""

    POLL_MS = 30
    SHOW_AFTER_MS = 300  # a small database is backed up before a dialog would flash

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self._lock = threading.Lock()
        self._state: tuple[int, int, str] = (0, 0, "正在备份…")
        self.progress = Progress(self._progressed)
        self.error: str | None = None
        self.skipped = False
        self.info: object = None
        self._thread = threading.Thread(target=self._run, name="renda-closing-backup")

    def _progressed(self, done: int, total: int, text: str) -> None:
        with self._lock:
            self._state = (done, total, text)

    def _run(self) -> None:
        try:
            office = Office.open(self.db_path)
            try:
                # Local only: the close must not wait for a stick; the daily one copies there.
                self.info = make_backup(
                    office, reason="close", second=False, progress=self.progress
                )
            finally:
                office.close()
        except Cancelled:
            self.skipped = True
        except RendaError as exc:
            self.error = exc.message
        except Exception as exc:  # the disk or a bug: told to the clerk, never lost
            from app.core.log import log_error

            log_error("closing backup", exc)
            self.error = str(exc) or type(exc).__name__

    def start(self) -> None:
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, parent: QWidget | None) -> None:
        """Keep the event loop running until the backup is done; a dialog after a moment."""
        if not self.running:
            self._thread.join()
            return
        loop = QEventLoop()
        dialog = QProgressDialog("正在备份数据，完成后程序自动退出…", "跳过备份", 0, 0, parent)
        dialog.setWindowTitle("正在备份")
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(self.SHOW_AFTER_MS)
        dialog.canceled.connect(self._skip)
        dialog.canceled.connect(lambda: dialog.setLabelText("正在停止备份…"))
        shown_at = time.monotonic() + self.SHOW_AFTER_MS / 1000

        def poll() -> None:
            if not self.running:
                loop.quit()
                return
            if not dialog.isVisible() and time.monotonic() >= shown_at:
                dialog.show()
            with self._lock:
                done, total, text = self._state
            if total > 0:
                dialog.setMaximum(1000)
                dialog.setValue(int(done * 1000 / total))
            if not self.progress.cancelled and text:
                dialog.setLabelText(f"正在备份数据，完成后程序自动退出…\n{text}")

        timer = QTimer()
        timer.setInterval(self.POLL_MS)
        timer.timeout.connect(poll)
        timer.start()
        loop.exec()
        timer.stop()
        dialog.canceled.disconnect(self._skip)
        dialog.close()
        dialog.deleteLater()
        self._thread.join()

    def _skip(self) -> None:
        self.progress.cancel()


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
