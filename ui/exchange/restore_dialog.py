"""从备份恢复: choose a backup, see what it holds, confirm.

Backups in the data folder and at the second destination are listed; any other file can be
chosen. An encrypted backup opens with the office's key; one made on another PC (or before
a reinstall) asks for the key the clerk wrote down."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import RendaError
from app.exchange.backup import (
    BackupKeyNeeded,
    BackupPreview,
    backup_folder,
    inspect_backup,
    list_backups,
    normal_key,
    second_folder,
)
from app.office import Office
from ui.tasks import TaskRunner
from ui.widgets.messages import confirm
from ui.widgets.screen import fit_to_screen

PATH_ROLE = Qt.ItemDataRole.UserRole


class RestoreDialog(QDialog):
    def __init__(
        self, office: Office, parent: QWidget | None = None, runner: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self.office = office
        # Reading a backup (decrypting one, checking it whole) runs off the UI thread.
        self.runner = runner
        self._asked = 0
        self.chosen: Path | None = None
        self.key: str | None = office.settings.get("backup_key") or None
        self.typed_keys: dict[Path, str] = {}
        self.setWindowTitle("从备份恢复")
        fit_to_screen(self, 720, 520)
        intro = QLabel(
            "选择一个备份，先看看其中的内容再恢复。恢复会用备份替换当前数据库；"
            "替换前，当前数据库会先自动备份一份，恢复后仍可找回。"
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.currentItemChanged.connect(lambda *_: self.show_preview())
        found = list_backups(backup_folder(office.path), office.path.stem)
        second = second_folder(office)
        if second is not None and second.is_dir():
            found += list_backups(second, office.path.stem)
        for info in sorted(found, key=lambda b: b.made_at, reverse=True):
            where = "（第二备份位置）" if second is not None and info.path.parent == second else ""
            item = QListWidgetItem(info.label + where)
            item.setData(PATH_ROLE, str(info.path))
            self.list.addItem(item)
        other = QPushButton("其他位置的备份…")
        other.clicked.connect(self.choose_file)
        self.key_button = QPushButton("输入备份密钥…")
        self.key_button.clicked.connect(self.enter_key)
        self.key_button.hide()
        self.preview = QLabel("请选择一个备份。")
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setMinimumHeight(120)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.restore_button = QPushButton("恢复这个备份")
        self.restore_button.setObjectName("Primary")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.accept_choice)
        cancel = QPushButton("取消")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(other)
        buttons.addWidget(self.key_button)
        buttons.addStretch()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(QLabel("备份中的内容："))
        layout.addWidget(self.preview)
        layout.addLayout(buttons)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.preview.setText("数据文件夹中还没有备份。可以选择其他位置（如 U 盘）上的备份。")

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "选择备份文件", "", "乡镇人大工作台备份 (*.sqlite *.rdbak);;所有文件 (*)"
        )
        if name:
            item = QListWidgetItem(f"{Path(name).name}（{Path(name).parent}）")
            item.setData(PATH_ROLE, name)
            self.list.addItem(item)
            self.list.setCurrentItem(item)

    def selected(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(PATH_ROLE)) if item is not None else None

    def key_for(self, path: Path) -> str | None:
        return self.typed_keys.get(path, self.key)

    def show_preview(self) -> None:
        path = self.selected()
        self.restore_button.setEnabled(False)
        self.key_button.hide()
        if path is None:
            return
        key = self.key_for(path)
        self._asked += 1
        asked = self._asked
        if self.runner is None:
            try:
                self._show(asked, inspect_backup(path, key))
            except RendaError as exc:
                self._show(asked, exc)
            return
        self.preview.setText("正在读取备份……")
        self.runner.run(
            lambda _ctx: inspect_backup(path, key),
            on_done=lambda preview: self._show(asked, preview),
            on_error=lambda exc: self._show(asked, exc),
        )

    def _show(self, asked: int, outcome: BackupPreview | Exception) -> None:
        if asked != self._asked:
            return  # the clerk chose another backup meanwhile
        if isinstance(outcome, BackupKeyNeeded):
            self.preview.setText(f"<span style='color:#b26a00'>{outcome.message}</span>")
            self.key_button.show()
        elif isinstance(outcome, Exception):
            from ui.widgets.messages import error_text

            self.preview.setText(f"<span style='color:#c62828'>{error_text(outcome)}</span>")
        else:
            self.preview.setText("<br>".join(outcome.lines))
            self.restore_button.setEnabled(True)

    def enter_key(self) -> None:
        path = self.selected()
        if path is None:
            return
        typed = self.ask_key(self)
        if typed:
            self.typed_keys[path] = normal_key(typed)
            self.show_preview()

    @staticmethod
    def ask_key(parent: QWidget) -> str | None:
        text, ok = QInputDialog.getText(
            parent,
            "输入备份密钥",
            "请输入抄下的备份密钥（52 个字母和数字，可不输短横线，不分大小写）：",
        )
        return text.strip() if ok and text.strip() else None

    def accept_choice(self) -> None:
        path = self.selected()
        if path is None:
            return
        if confirm(
            self,
            "确认恢复",
            f"用“{path.name}”替换当前数据库吗？\n当前数据库会先自动备份。恢复后程序会重新打开数据库。",
        ):
            self.chosen = path
            self.accept()

    @classmethod
    def ask(
        cls, office: Office, parent: QWidget | None, runner: TaskRunner | None = None
    ) -> tuple[Path, str | None] | None:
        """The backup chosen and the key that opens it (None for a plain one)."""
        dialog = cls(office, parent, runner)
        dialog.exec()
        if dialog.chosen is None:
            return None
        return dialog.chosen, dialog.key_for(dialog.chosen)
