"""生成报送包: choose the USB stick (or a folder), give the password, write and verify."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.exchange.drives import Lister, removable_drives
from app.exchange.package import PackageResult, export_package, package_name
from app.exchange.sealed import MIN_PASSWORD, password_strength
from app.exchange.signing import ensure_key, fingerprint
from ui.context import AppContext
from ui.widgets.form import FormGrid
from ui.widgets.messages import show_info
from ui.widgets.progress import run_with_progress

PATH_ROLE = Qt.ItemDataRole.UserRole


class PackageExportDialog(QDialog):
    def __init__(
        self, context: AppContext, parent: QWidget | None = None, lister: Lister = removable_drives
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.lister = lister
        self.result: PackageResult | None = None
        office = context.office
        home = office.township
        self.setWindowTitle("生成报送包")
        self.setMinimumWidth(620)
        intro = QLabel(
            "报送包含本乡镇的全部记录（代表档案、照片、附件等），用密码加密后写入 U 盘，"
            "交县人大常委会汇总。U 盘丢失也不会泄露代表的姓名和身份证号码。"
        )
        intro.setWordWrap(True)
        self.drives = QListWidget()
        self.drives.setMinimumHeight(120)
        self.drives.currentItemChanged.connect(lambda *_: self._target_changed())
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.refresh_drives)
        other = QPushButton("其他文件夹…")
        other.clicked.connect(self.choose_folder)
        drive_buttons = QHBoxLayout()
        drive_buttons.addWidget(QLabel("保存到（插入的 U 盘）："))
        drive_buttons.addStretch()
        drive_buttons.addWidget(refresh)
        drive_buttons.addWidget(other)

        self.form = FormGrid(1)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(f"至少 {MIN_PASSWORD} 位，与县人大常委会约定")
        self.password.textChanged.connect(self._show_strength)
        self.confirm_password = QLineEdit()
        self.confirm_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.add("password", "密码", self.password, required=True)
        self.strength = QLabel()
        self.strength.setObjectName("Hint")
        self.strength.setWordWrap(True)
        self.form.add("strength", "密码强度", self.strength)
        self.form.add("confirm", "再输一次密码", self.confirm_password, required=True)
        self._show_strength()
        name = package_name(home.name if home else "本乡镇", dates.today())
        self.file_label = QLabel(f"文件名：{name}")
        self.file_label.setObjectName("Hint")
        note = QLabel("密码请当面或电话告知县人大常委会，不要写在 U 盘上。写入后会读回校验。")
        self.key_label = QLabel(
            f"本乡镇的报送包密钥指纹：{fingerprint(ensure_key(office))}"
            "（县里首次导入时登记；县里来电核对时，请读出这串数字）"
        )
        self.key_label.setObjectName("Hint")
        self.key_label.setWordWrap(True)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note.setObjectName("Hint")
        note.setWordWrap(True)

        self.ok = QPushButton("生成报送包")
        self.ok.setObjectName("Primary")
        self.ok.clicked.connect(self.export)
        cancel = QPushButton("取消")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.ok)
        buttons.addWidget(cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(drive_buttons)
        layout.addWidget(self.drives)
        self.target_message = QLabel()
        self.target_message.setObjectName("FieldError")
        self.target_message.setVisible(False)
        layout.addWidget(self.target_message)
        layout.addWidget(self.form)
        layout.addWidget(self.file_label)
        layout.addWidget(note)
        layout.addWidget(self.key_label)
        layout.addLayout(buttons)
        self.refresh_drives()

    # ---- where ------------------------------------------------------------------------

    def refresh_drives(self) -> None:
        chosen = self.target()
        last = self.context.office.settings.get("package_last_folder")
        self.drives.clear()
        for drive in self.lister():
            self._add(drive.text, drive.path)
        if not self.drives.count():
            placeholder = QListWidgetItem(
                "没有找到 U 盘。请插入 U 盘后点“刷新”，或选择其他文件夹。"
            )
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.drives.addItem(placeholder)
        if last and Path(last).is_dir() and self._row_of(Path(last)) < 0:
            self._add(f"上次使用的位置（{last}）", Path(last))
        for wanted in (chosen, Path(last) if last else None):
            if wanted is not None and self._row_of(wanted) >= 0:
                self.drives.setCurrentRow(self._row_of(wanted))
                return
        first = next(
            (i for i in range(self.drives.count()) if self.drives.item(i).data(PATH_ROLE)), -1
        )
        if first >= 0:
            self.drives.setCurrentRow(first)

    def _add(self, text: str, path: Path) -> None:
        item = QListWidgetItem(text)
        item.setData(PATH_ROLE, str(path))
        self.drives.addItem(item)

    def _row_of(self, path: Path) -> int:
        for i in range(self.drives.count()):
            if self.drives.item(i).data(PATH_ROLE) == str(path):
                return i
        return -1

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择保存报送包的文件夹")
        if folder:
            if self._row_of(Path(folder)) < 0:
                self._add(f"文件夹（{folder}）", Path(folder))
            self.drives.setCurrentRow(self._row_of(Path(folder)))

    def target(self) -> Path | None:
        item = self.drives.currentItem()
        value = item.data(PATH_ROLE) if item is not None else None
        return Path(value) if value else None

    def _target_changed(self) -> None:
        self.target_message.setVisible(False)

    def _show_strength(self) -> None:
        if self.form.messages["password"].error.text():
            self.form.show_messages({}, {})  # the refusal was about the text now changed
        level, hint = password_strength(self.password.text())
        colours = {0: "#666666", 1: "#c62828", 2: "#ef6c00", 3: "#2e7d32"}
        self.strength.setText(hint)
        self.strength.setStyleSheet(f"color: {colours[level]};")

    # ---- write ------------------------------------------------------------------------

    def export(self) -> None:
        errors: dict[str, str] = {}
        password = self.password.text()
        if len(password) < MIN_PASSWORD:
            errors["password"] = f"密码至少 {MIN_PASSWORD} 位（现在 {len(password)} 位）"
        elif self.confirm_password.text() != password:
            errors["confirm"] = "两次输入的密码不一致"
        self.form.show_messages(errors, {})
        folder = self.target()
        if folder is None:
            self.target_message.setText("请先选择 U 盘或文件夹")
            self.target_message.setVisible(True)
            return
        if errors:
            return

        def done(result: PackageResult) -> None:
            self.result = result
            self.context.office.settings.set("package_last_folder", str(folder))
            show_info(
                self,
                result.text + "\n\n请先在电脑上“安全弹出”U 盘再拔下，然后交县人大常委会。",
                "报送包已生成",
            )
            self.accept()

        run_with_progress(
            self,
            self.context.runner,
            lambda ctx: export_package(ctx.office, folder, password, progress=ctx.progress),
            title="正在生成报送包…",
            on_done=done,
        )

    @classmethod
    def ask(
        cls, context: AppContext, parent: QWidget | None, lister: Lister = removable_drives
    ) -> PackageResult | None:
        dialog = cls(context, parent, lister)
        dialog.exec()
        return dialog.result
