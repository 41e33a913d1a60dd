"""The lock after idle time: no keyboard or mouse for `idle_lock_minutes` (a setting) and
the main window hides its pages and asks for the password again (or another user)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel

if TYPE_CHECKING:
    from ui.access.dialogs import LoginDialog
    from ui.main_window import MainWindow

INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}


class IdleLock(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: LoginDialog | None = None
        self.notice: QLabel | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        window.context.structure_changed.connect(self.restart)
        self.restart()

    @property
    def active(self) -> bool:
        """Only when someone is signed in: with login off there is no one to unlock."""
        session = self.window.office.access.session
        return session is not None and session.user_id is not None

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def restart(self) -> None:
        if not self.active or self.locked:
            self.timer.stop()
            return
        minutes = int(self.window.office.settings.get("idle_lock_minutes"))
        self.timer.start(minutes * 60_000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS and self.timer.isActive():
            self.timer.start()  # same interval, counted again from now
        return False

    def lock(self) -> None:
        if not self.active or self.locked:
            return
        session = self.window.office.access.session
        assert session is not None
        self.timer.stop()
        self.window.centralWidget().setVisible(False)
        self.window.menuBar().setEnabled(False)
        self.notice = QLabel(
            f"<h2>已锁定</h2><p>{session.label}长时间没有操作，程序已锁定，页面内容已隐藏。</p>"
            "<p>请在弹出的窗口中输入密码继续，或换用户登录。</p>",
            self.window,
        )
        from PySide6.QtCore import Qt  # here: Qt's enums cost the start (ui/main_window.py)

        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setGeometry(self.window.rect())
        self.notice.show()
        from ui.access.dialogs import LoginDialog  # when it locks, not at every start

        dialog = LoginDialog(self.window.office, self.window, locked_user=session.name)
        dialog.accepted.connect(self._unlocked)
        self.dialog = dialog
        dialog.open()

    def _unlocked(self) -> None:
        self.dialog = None
        if self.notice is not None:
            self.notice.deleteLater()
            self.notice = None
        self.window.centralWidget().setVisible(True)
        self.window.menuBar().setEnabled(True)
        # Another user may have signed in: pages re-read what the role may do.
        self.window.context.structure_changed.emit()
        self.restart()
