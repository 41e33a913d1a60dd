"""A progress dialog with a cancel button around one task of the TaskRunner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from ui.tasks import TaskFn, TaskHandle, TaskRunner
from ui.widgets.messages import show_error


def run_with_progress(
    parent: QWidget | None,
    runner: TaskRunner,
    fn: TaskFn,
    *,
    title: str,
    on_done: Callable[[Any], None] | None = None,
    on_failed: Callable[[Exception], None] | None = None,
) -> TaskHandle:
    dialog = QProgressDialog(title, "取消", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def progressed(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(done)
        if text:
            dialog.setLabelText(text)

    def finished(result: Any) -> None:
        dialog.close()
        if on_done:
            on_done(result)

    def failed(error: Exception) -> None:
        dialog.close()
        if on_failed:
            on_failed(error)
        else:
            show_error(parent, error)

    def cancelled() -> None:
        dialog.close()

    handle = runner.run(
        fn, on_done=finished, on_error=failed, on_progress=progressed, on_cancelled=cancelled
    )
    dialog.canceled.connect(lambda: (dialog.setLabelText("正在取消…"), handle.cancel()))
    return handle
