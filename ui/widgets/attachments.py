"""A list of the attachments of one record, with add (button or drag and drop), open,
save as and remove. Used wherever a record keeps scans or photos."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import RendaError
from ui.context import AppContext
from ui.widgets.messages import confirm, show_error


class AttachmentList(QWidget):
    def __init__(self, context: AppContext, owner_kind: str, hint: str = "") -> None:
        super().__init__()
        self.context = context
        self.owner_kind = owner_kind
        self.owner_uuid = ""
        self.setAcceptDrops(True)
        self.list = QListWidget()
        self.list.itemDoubleClicked.connect(lambda _i: self.open_selected())
        self.add_button = QPushButton("添加附件…")
        self.add_button.clicked.connect(self.choose_files)
        open_button = QPushButton("打开")
        open_button.clicked.connect(self.open_selected)
        save_button = QPushButton("另存为…")
        save_button.clicked.connect(self.save_selected)
        remove_button = QPushButton("删除")
        remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for b in (self.add_button, open_button, save_button, remove_button):
            buttons.addWidget(b)
        buttons.addStretch()
        note = QLabel(
            hint or "可把扫描件、照片等文件直接拖到这里。附件保存在本机数据库中，随备份一起保存。"
        )
        note.setObjectName("Hint")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)
        layout.addWidget(note)

    def set_owner(self, owner_uuid: str) -> None:
        self.owner_uuid = owner_uuid
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        if not self.owner_uuid:
            return
        for a in self.context.office.attachments.list(self.owner_kind, self.owner_uuid):
            item = QListWidgetItem(f"{a.file_name}　（{a.size_label}，{a.added_at[:10]}添加）")
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            item.setToolTip(a.note or a.file_name)
            self.list.addItem(item)

    def add_files(self, paths: list[Path]) -> int:
        added = 0
        for path in paths:
            try:
                self.context.office.attachments.add_file(
                    owner_kind=self.owner_kind, owner_uuid=self.owner_uuid, path=path
                )
                added += 1
            except RendaError as exc:
                show_error(self, exc)
        self.refresh()
        return added

    def choose_files(self) -> None:
        if not self.owner_uuid:
            return
        paths, _ = QFileDialog.getOpenFileNames(self, "选择附件", "", "所有文件 (*)")
        self.add_files([Path(p) for p in paths])

    def _selected_id(self) -> int | None:
        item = self.list.currentItem()
        if item is None or item.data(Qt.ItemDataRole.UserRole) is None:
            show_error(self, "请先选中一个附件", "未选择")
            return None
        return item.data(Qt.ItemDataRole.UserRole)

    def open_selected(self) -> Path | None:
        """Copy the attachment to the work area and open it with its usual program (the copy
        is removed when renda closes, or at its next start)."""
        attachment_id = self._selected_id()
        if attachment_id is None:
            return None
        store = self.context.office.attachments
        try:
            path = store.open_copy(attachment_id)
        except RendaError as exc:
            show_error(self, exc)
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path

    def save_selected(self) -> None:
        attachment_id = self._selected_id()
        if attachment_id is None:
            return
        store = self.context.office.attachments
        name = store.get(attachment_id).file_name
        target, _ = QFileDialog.getSaveFileName(self, "另存为", name)
        if target:
            try:
                store.export(attachment_id, Path(target))
            except RendaError as exc:
                show_error(self, exc)

    def remove_selected(self) -> None:
        attachment_id = self._selected_id()
        if attachment_id is None:
            return
        store = self.context.office.attachments
        if confirm(self, "删除附件", f"确定删除“{store.get(attachment_id).file_name}”吗？"):
            store.remove(attachment_id)
            self.refresh()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and self.owner_uuid:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        self.add_files([p for p in paths if p.is_file()])
        event.acceptProposedAction()
