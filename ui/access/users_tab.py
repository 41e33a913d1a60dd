"""用户 (a tab of 基础数据): the office's users and roles, login on or off, and the idle
time before the screen locks. A 管理员 changes them; everyone may change their own password."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.access import roles
from app.core.errors import ValidationError
from ui.access.dialogs import RecoveryCodeDialog, _password_edit
from ui.context import AppContext
from ui.widgets.form import Choice, FormGrid
from ui.widgets.messages import confirm, show_error, show_info

ROLE_CHOICES = tuple(
    (f"{label}（{roles.ROLE_HELP[code]}）", code) for code, label in roles.ROLE_LABELS.items()
)


class UserDialog(QDialog):
    """A new user (name, role, password), or a new password for one (`name` given)."""

    def __init__(self, parent: QWidget | None = None, *, name: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(f"重设“{name}”的密码" if name else "新增用户")
        self.setMinimumWidth(520)
        self.form = FormGrid(1)
        self.name = QLineEdit(name)
        self.name.setReadOnly(bool(name))
        self.role = Choice(ROLE_CHOICES)
        self.role.set_value(roles.CLERK)
        self.password = _password_edit("至少 8 位")
        self.again = _password_edit()
        self.form.add("name", "用户名", self.name, required=True)
        if not name:
            self.form.add("role", "角色", self.role, required=True)
        self.form.add("password", "密码", self.password, required=True)
        self.form.add("again", "再输入一次", self.again, required=True)
        ok = QPushButton("保存")
        ok.setObjectName("Primary")
        ok.clicked.connect(self.check)
        cancel = QPushButton("取消")
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(ok)
        row.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addLayout(row)
        self.on_save = lambda: None

    def check(self) -> bool:
        if self.password.text() != self.again.text():
            self.form.show_messages({"again": "两次输入的密码不一致"}, {})
            return False
        try:
            self.on_save()
        except ValidationError as exc:
            self.form.show_refusal(exc, self)
            return False
        self.accept()
        return True


class UsersTab(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.access = context.office.access
        self.hint = QLabel()
        self.hint.setObjectName("Hint")
        self.hint.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["用户名", "角色", "状态"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 160)
        self.table.setColumnWidth(1, 120)
        self.add_button = QPushButton("新增用户…")
        self.add_button.clicked.connect(self.add_user)
        self.role = Choice(tuple((label, code) for code, label in roles.ROLE_LABELS.items()))
        self.role_button = QPushButton("改为此角色")
        self.role_button.clicked.connect(self.change_role)
        self.active_button = QPushButton("停用/启用")
        self.active_button.clicked.connect(self.toggle_active)
        self.password_button = QPushButton("重设密码…")
        self.password_button.clicked.connect(self.reset_password)
        self.code_button = QPushButton("新的恢复码…")
        self.code_button.setToolTip("管理员的恢复码遗失时，换一个新的（旧的作废）")
        self.code_button.clicked.connect(self.new_code)
        actions = QHBoxLayout()
        for w in (
            self.add_button,
            self.role,
            self.role_button,
            self.active_button,
            self.password_button,
            self.code_button,
        ):
            actions.addWidget(w)
        actions.addStretch()

        self.login = QCheckBox("启动时要求登录")
        self.idle = QSpinBox()
        self.idle.setRange(1, 240)
        self.idle.setSuffix(" 分钟")
        self.save_button = QPushButton("保存登录设置")
        self.save_button.setObjectName("Primary")
        self.save_button.clicked.connect(self.save_login)
        login_row = QHBoxLayout()
        login_row.addWidget(self.login)
        login_row.addSpacing(24)
        login_row.addWidget(QLabel("无操作"))
        login_row.addWidget(self.idle)
        login_row.addWidget(QLabel("后锁定"))
        login_row.addSpacing(24)
        login_row.addWidget(self.save_button)
        login_row.addStretch()

        self.own_password = QPushButton("修改我的密码…")
        self.own_password.clicked.connect(self.change_own_password)
        own_row = QHBoxLayout()
        own_row.addWidget(self.own_password)
        own_row.addStretch()

        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addLayout(login_row)
        layout.addLayout(own_row)
        self.refresh()

    # ---- state ------------------------------------------------------------------------

    def refresh(self) -> None:
        users = self.access.users()
        self.users = users
        self.table.setRowCount(len(users))
        for row, u in enumerate(users):
            for col, text in enumerate(
                (u.name, u.role_label, "可以登录" if u.active else "已停用")
            ):
                self.table.setItem(row, col, QTableWidgetItem(text))
        admin = self.access.may(roles.USERS)
        for w in (
            self.add_button,
            self.role,
            self.role_button,
            self.active_button,
            self.password_button,
            self.code_button,
            self.login,
            self.idle,
            self.save_button,
        ):
            w.setEnabled(admin)
        session = self.access.session
        self.own_password.setVisible(bool(session and session.user_id is not None))
        self.login.setChecked(bool(self.context.office.settings.get("login_required")))
        self.idle.setValue(int(self.context.office.settings.get("idle_lock_minutes")))
        if not users:
            self.hint.setText("还没有用户，也没有启用登录。新增一个管理员后，启动程序时需要登录。")
        elif admin:
            self.hint.setText(
                "管理员：全部功能；经办：录入和修改记录、导出和报送，不能管理用户；"
                "查看：只能查看，身份证号码、电话、住址部分隐藏。"
            )
        else:
            self.hint.setText("只有管理员可以管理用户和登录设置。")

    def selected(self) -> int | None:
        row = self.table.currentRow()
        return self.users[row].id if 0 <= row < len(self.users) else None

    def _after(self, text: str = "") -> None:
        self.refresh()
        self.context.structure_changed.emit()
        if text:
            show_info(self, text)

    # ---- actions ----------------------------------------------------------------------

    @classmethod
    def ask(cls, dialog: QDialog) -> bool:
        """Run a dialog (tests patch this)."""
        return bool(dialog.exec())

    def add_user(self) -> bool:
        dialog = UserDialog(self)
        made: list = []

        def save() -> None:
            made.append(
                self.access.add_user(
                    name=dialog.name.text(),
                    role=dialog.role.value(),
                    password=dialog.password.text(),
                )
            )

        dialog.on_save = save
        if not self.ask(dialog):
            return False
        if made[0].recovery_code:
            RecoveryCodeDialog(made[0].user.name, made[0].recovery_code, self).exec()
        self._after()
        return True

    def change_role(self) -> bool:
        user_id = self.selected()
        if user_id is None:
            show_error(self, "请先在表中选中一个用户")
            return False
        try:
            user = self.access.change(user_id, role=self.role.value())
        except ValidationError as exc:
            show_error(self, exc)
            return False
        self._after(f"{user.name} 的角色已改为“{user.role_label}”。")
        return True

    def toggle_active(self) -> bool:
        user_id = self.selected()
        if user_id is None:
            show_error(self, "请先在表中选中一个用户")
            return False
        user = self.access.get(user_id)
        try:
            self.access.change(user_id, active=not user.active)
        except ValidationError as exc:
            show_error(self, exc)
            return False
        self._after()
        return True

    def reset_password(self) -> bool:
        user_id = self.selected()
        if user_id is None:
            show_error(self, "请先在表中选中一个用户")
            return False
        user = self.access.get(user_id)
        dialog = UserDialog(self, name=user.name)
        dialog.on_save = lambda: self.access.set_password(user_id, dialog.password.text())
        if not self.ask(dialog):
            return False
        self._after(f"已重设 {user.name} 的密码。")
        return True

    def new_code(self) -> bool:
        user_id = self.selected()
        if user_id is None:
            return False
        user = self.access.get(user_id)
        if user.role != roles.ADMIN:
            show_error(self, "只有管理员有恢复码")
            return False
        if not confirm(
            self, "新的恢复码", f"换一个新的恢复码后，“{user.name}”原来的恢复码作废。继续吗？"
        ):
            return False
        code = self.access.new_recovery_code(user_id)
        RecoveryCodeDialog(user.name, code, self).exec()
        return True

    def save_login(self) -> bool:
        required = self.login.isChecked()
        if required and not self.users:
            show_error(self, "还没有用户：请先新增一个管理员")
            return False
        try:
            self.access.set_login(required=required, idle_minutes=self.idle.value())
        except ValidationError as exc:
            show_error(self, exc)
            return False
        self._after("登录设置已保存。")
        return True

    def change_own_password(self) -> bool:
        session = self.access.session
        if session is None or session.user_id is None:
            return False
        dialog = UserDialog(self, name=session.name)
        old = _password_edit()
        dialog.form.add("old", "原密码", old, required=True)
        dialog.on_save = lambda: self.access.set_password(
            session.user_id,
            dialog.password.text(),
            old=old.text(),  # type: ignore[arg-type]
        )
        if not self.ask(dialog):
            return False
        self._after("密码已修改。")
        return True
