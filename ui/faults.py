"""Nothing fails silently: the one place an error nobody caught is shown and logged.

`install(app)` sets sys.excepthook (an exception in a slot or an event handler reaches it),
threading.excepthook (handed over to the UI thread) and Qt's message handler (critical and
fatal messages are logged). `report(error)` shows the clerk a Chinese message — what
happened, that nothing already saved was lost, what to do — and writes the error's type and
place (never its values) to the rotating log in the data folder. The task runner sends
failures no caller handles here too.

`install_lock_wait(office)` makes a save that finds the database locked by another writer
(a long import, another window) wait with a visible message and retry, instead of
freezing; after the setting lock_wait_seconds it gives up with a message naming the cause."""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType

from PySide6.QtCore import QObject, QtMsgType, Signal, Slot, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from app.core.errors import RendaError, StorageError
from app.core.faults import storage_error
from app.core.log import log_error, log_event, log_path
from app.office import Office

_state = {"showing": False}


def fault_text(error: BaseException) -> tuple[str, str]:
    """(title, text) of the message for any error."""
    mapped = storage_error(error)
    if mapped is not None:
        return mapped.title, mapped.message
    if isinstance(error, RendaError):
        return "无法完成", error.message
    return "程序出现意外错误", (
        f"刚才的操作没有完成：程序内部出现了意外错误（{type(error).__name__}）。\n\n"
        "已经保存的数据没有丢失：每次保存要么完整写入，要么完全不写入。"
        "正在填写但还没保存的内容，如果对话框还开着，仍然可以再点“保存”。\n\n"
        "可以继续使用。如果再次出现，请关闭程序重新打开，并把日志文件"
        f"“{log_path()}”交给技术人员（日志只记录错误的类型和位置，不含个人信息）。"
    )


def report(error: BaseException, parent: QWidget | None = None) -> None:
    """Log `error` and show its message (at most one at a time; others are only logged)."""
    if not isinstance(error, RendaError) or isinstance(error, StorageError):
        log_error("gui", error)
    if _state["showing"]:
        return
    from ui.widgets.messages import show_error

    title, text = fault_text(error)
    _state["showing"] = True
    try:
        show_error(parent or QApplication.activeWindow(), text, title)
    finally:
        _state["showing"] = False


class _Bridge(QObject):
    """Carries an error from another thread to the UI thread: it lives on the UI thread,
    so its slot is queued there when the signal comes from another thread."""

    failed = Signal(object)

    @Slot(object)
    def show(self, error: BaseException) -> None:
        report(error)


_bridge: list[_Bridge] = []


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    if error.__traceback__ is None:
        error = error.with_traceback(tb)
    report(error)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    error = args.exc_value
    if error is None:
        return
    if error.__traceback__ is None:
        error = error.with_traceback(args.exc_traceback)
    if _bridge:
        _bridge[0].failed.emit(error)
    else:
        log_error("thread", error)


def _qt_messages(kind: QtMsgType, context: object, _message: str) -> None:
    # Qt's text may quote a file name or a value: only the kind and category are logged.
    if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
        log_event(
            f"qt-{'fatal' if kind == QtMsgType.QtFatalMsg else 'critical'} "
            f"{getattr(context, 'category', '') or ''}"
        )


def install(app: QApplication) -> None:
    """Route every uncaught error of the program to `report`."""
    if not _bridge:
        bridge = _Bridge(app)
        # Not Qt.ConnectionType.QueuedConnection: Qt's enums cost the start about 25 ms
        # (ui/main_window.py); the signal only ever comes from other threads.
        bridge.failed.connect(bridge.show)
        _bridge.append(bridge)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_hook
    qInstallMessageHandler(_qt_messages)


# ---- waiting for the write lock ---------------------------------------------------------

STEP_S = 0.25  # each wait between tries; the window repaints and answers throughout


class LockWaiter:
    """office.lock_wait for the GUI: a message with 不再等待, shown while waiting."""

    def __init__(self, office: Office) -> None:
        self.office = office
        self.dialog: QProgressDialog | None = None

    def __call__(self, waited: float | None) -> bool:
        if waited is None:
            self.close()
            return False
        limit = self.office.settings.get("lock_wait_seconds")
        if waited >= limit or (self.dialog is not None and self.dialog.wasCanceled()):
            self.close()
            return False
        if self.dialog is None:
            self.dialog = QProgressDialog("", "不再等待", 0, 0, QApplication.activeWindow())
            self.dialog.setWindowTitle("正在等待数据库")
            from PySide6.QtCore import Qt

            self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            self.dialog.setMinimumDuration(0)
            self.dialog.setMinimumWidth(460)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
        self.dialog.setLabelText(
            "另一项操作或另一个程序（如正在导入名册）正在写入数据库，\n"
            f"保存正在等待它完成……已等待 {int(waited)} 秒，最多等待 {limit} 秒。\n"
            "填写的内容不会丢失。"
        )
        self.dialog.show()
        end = time.monotonic() + STEP_S
        while time.monotonic() < end:
            QApplication.processEvents()
            time.sleep(0.02)
        return not self.dialog.wasCanceled()

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None


def install_lock_wait(office: Office) -> LockWaiter:
    waiter = LockWaiter(office)
    office.lock_wait = waiter
    return waiter
