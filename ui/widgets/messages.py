"""Message boxes in one place, so every screen speaks the same way and tests can patch them."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.errors import RendaError, ValidationError


def error_text(error: BaseException | str) -> str:
    if isinstance(error, str):
        return error
    if isinstance(error, ValidationError):
        return "\n".join(error.fields.values()) or error.message
    if isinstance(error, RendaError):
        return error.message
    details = getattr(error, "details", "")
    return f"程序出现意外错误：{error}\n\n数据没有改动。请把这段信息告诉技术人员。\n{details}"


def show_error(parent: QWidget | None, error: BaseException | str, title: str = "无法完成") -> None:
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
