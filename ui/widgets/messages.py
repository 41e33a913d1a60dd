"""Message boxes in one place, so every screen speaks the same way and tests can patch them."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.errors import RendaError, StorageError, ValidationError


def error_text(error: BaseException | str) -> str:
    """The clerk's text: a refusal's own words; a disk or database fault named by its cause
    (ui.faults); never a traceback."""
    if isinstance(error, str):
        return error
    if isinstance(error, ValidationError):
        return "\n".join(error.fields.values()) or error.message
    if isinstance(error, RendaError):
        return error.message
    from ui.faults import fault_text

    return fault_text(error)[1]


def show_error(parent: QWidget | None, error: BaseException | str, title: str = "无法完成") -> None:
    if isinstance(error, BaseException) and not isinstance(error, RendaError):
        from app.core.faults import storage_error
        from app.core.log import log_error

        log_error("gui", error)
        mapped = storage_error(error)
        if mapped is not None:
            error = mapped
    if isinstance(error, StorageError) and title == "无法完成":
        title = error.title  # 数据库正被占用, 磁盘空间不足 … name the cause at once
    QMessageBox.warning(parent, title, error_text(error))


def show_info(parent: QWidget | None, text: str, title: str = "完成") -> None:
    QMessageBox.information(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
