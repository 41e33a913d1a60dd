"""Signing in: the first user of a new office (after the township setup), the login at
start, the lock screen after idle time, and the recovery code shown once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.access.roles import ADMIN
from app.core.errors import ValidationError
from app.office import Office
from ui.widgets.form import FormGrid
from ui.widgets.messages import confirm


def _password_edit(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    return edit


class RecoveryCodeDialog(QDialog):
    """The recovery code of a 管理员, shown once, to write down or print."""

    def __init__(self, user: str, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.user = user
        self.setWindowTitle("管理员恢复码")
        self.setMinimumWidth(520)
        intro = QLabel(
            f"<b>请把管理员“{user}”的恢复码抄写或打印下来，锁在柜子里。</b><br>"
            "忘记管理员密码时，在登录窗口点“忘记密码”，用它设置新密码。"
            "恢复码只显示这一次；用过后会换一个新的。"
        )
        intro.setWordWrap(True)
        self.code_label = QLabel(code)
        font = QFont(self.code_label.font())
        font.setPointSize(20)
        font.setBold(True)
        font.setFamilies(["DejaVu Sans Mono", *font.families()])
        self.code_label.setFont(font)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        print_button = QPushButton("打印…")
        print_button.clicked.connect(self.print_code)
        done = QPushButton("我已抄下或打印")
        done.setObjectName("Primary")
        done.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(print_button)
        buttons.addStretch()
        buttons.addWidget(done)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(12)
        layout.addWidget(self.code_label)
        layout.addSpacing(12)
        layout.addLayout(buttons)

    def text(self) -> str:
        return (
            f"乡镇人大工作台 管理员恢复码\n\n管理员：{self.user}\n恢复码：{self.code}\n\n"
            "忘记管理员密码时，在登录窗口点“忘记密码”，输入用户名和此恢复码设置新密码。\n"
            "请妥善保管，不要与电脑放在一起。"
        )

    @classmethod
    def choose_printer(cls, parent: QWidget | None) -> object | None:
        """The system print dialog (tests patch this)."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        dialog = QPrintDialog(printer, parent)
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None

    def print_code(self) -> bool:
        from PySide6.QtGui import QTextDocument

        printer = self.choose_printer(self)
        if printer is None:
            return False
        document = QTextDocument()
        document.setPlainText(self.text())
        document.print_(printer)
        return True


class FirstUserDialog(QDialog):
    """A new office database: its first user, a 管理员. Login can also be left off (one
    clerk, one PC): a 管理员 can turn it on later on the 用户 tab."""

    def __init__(self, office: Office, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.office = office
        self.recovery: RecoveryCodeDialog | None = None
        self.setWindowTitle("乡镇人大工作台 — 设置管理员")
        self.setMinimumWidth(520)
        intro = QLabel(
            "<b>设置第一个用户（管理员）。</b><br>以后每次打开程序都要登录；"
            "管理员可以在“基础数据—用户”中为其他人建立经办或查看用户。"
            "离开电脑一段时间后程序会自动锁定。"
        )
        intro.setWordWrap(True)
        self.form = FormGrid(1)
        self.name = QLineEdit("管理员")
        self.password = _password_edit("至少 8 位")
        self.again = _password_edit()
        self.form.add("name", "用户名", self.name, required=True)
        self.form.add("password", "密码", self.password, required=True)
        self.form.add("again", "再输入一次", self.again, required=True)
        create = QPushButton("建立并登录")
        create.setObjectName("Primary")
        create.setDefault(True)
        create.clicked.connect(self.create)
        skip = QPushButton("不使用登录")
        skip.setToolTip("只有一人使用这台电脑时可以不登录；操作记录中不记录用户名")
        skip.clicked.connect(self.skip)
        buttons = QHBoxLayout()
        buttons.addWidget(skip)
        buttons.addStretch()
        buttons.addWidget(create)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addLayout(buttons)

    def create(self) -> bool:
        if self.password.text() != self.again.text():
            self.form.show_messages({"again": "两次输入的密码不一致"}, {})
            return False
        try:
            made = self.office.access.add_user(
                name=self.name.text(), role=ADMIN, password=self.password.text()
            )
            self.office.access.sign_in(made.user.name, self.password.text())
        except ValidationError as exc:
            self.form.show_refusal(exc, self)
            return False
        self.recovery = RecoveryCodeDialog(made.user.name, made.recovery_code, self)
        self.recovery.exec()
        self.accept()
        return True

    def skip(self) -> bool:
        if not confirm(
            self,
            "不使用登录",
            "不使用登录时，任何打开这台电脑的人都能查看和修改全部数据，操作记录中也不记录是谁。"
            "\n确定不使用登录吗？（以后可在“基础数据—用户”中开启）",
        ):
            return False
        self.office.access.set_login(required=False)
        self.accept()
        return True


class LoginDialog(QDialog):
    """Sign in at start, or unlock after idle time (`locked_user`: only their password,
    or 换用户)."""

    def __init__(
        self, office: Office, parent: QWidget | None = None, *, locked_user: str | None = None
    ) -> None:
        super().__init__(parent)
        self.office = office
        self.locked_user = locked_user
        self.setWindowTitle("乡镇人大工作台 — " + ("已锁定" if locked_user else "登录"))
        self.setMinimumWidth(420)
        place = QLabel(f"<b>{office.title}</b>")
        if locked_user:
            intro = QLabel(f"长时间没有操作，程序已锁定。请输入“{locked_user}”的密码继续。")
        else:
            intro = QLabel("请选择用户并输入密码。")
        intro.setWordWrap(True)
        self.form = FormGrid(1)
        self.user = QComboBox()
        self.user.setEditable(True)
        names = [u.name for u in office.access.users() if u.active]
        self.user.addItems(names)
        if locked_user:
            self.user.setCurrentText(locked_user)
            self.user.setEnabled(False)
        self.password = _password_edit()
        self.form.add("name", "用户", self.user)
        self.form.add("password", "密码", self.password)
        ok = QPushButton("解锁" if locked_user else "登录")
        ok.setObjectName("Primary")
        ok.setDefault(True)
        ok.clicked.connect(self.sign_in)
        forgot = QPushButton("忘记密码…")
        forgot.clicked.connect(self.forgot)
        buttons = QHBoxLayout()
        buttons.addWidget(forgot)
        if locked_user:
            switch = QPushButton("换用户")
            switch.clicked.connect(self.switch_user)
            buttons.addWidget(switch)
        buttons.addStretch()
        buttons.addWidget(ok)
        if not locked_user:
            quit_button = QPushButton("退出")
            quit_button.clicked.connect(self.reject)
            buttons.addWidget(quit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(place)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        self.password.setFocus()

    def reject(self) -> None:
        if self.locked_user:  # a locked screen is left only by signing in
            return
        super().reject()

    def switch_user(self) -> None:
        self.user.setEnabled(True)
        self.user.setCurrentText("")
        self.password.clear()
        self.user.setFocus()

    def sign_in(self) -> bool:
        try:
            self.office.access.sign_in(self.user.currentText(), self.password.text())
        except ValidationError as exc:
            self.password.clear()
            self.form.show_messages({"password": exc.message}, {})
            return False
        self.accept()
        return True

    def forgot(self) -> None:
        RecoverDialog(self.office, self, name=self.user.currentText()).exec()


class RecoverDialog(QDialog):
    """A 管理员's forgotten password: the recovery code sets a new one."""

    def __init__(self, office: Office, parent: QWidget | None = None, *, name: str = "") -> None:
        super().__init__(parent)
        self.office = office
        self.setWindowTitle("忘记密码")
        self.setMinimumWidth(480)
        intro = QLabel(
            "管理员忘记密码时，用初始设置时抄下或打印的恢复码设置新密码。"
            "经办和查看用户忘记密码，请管理员在“基础数据—用户”中重设。"
        )
        intro.setWordWrap(True)
        self.form = FormGrid(1)
        self.name = QLineEdit(name)
        self.code = QLineEdit()
        self.code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX")
        self.password = _password_edit("至少 8 位")
        self.again = _password_edit()
        self.form.add("name", "管理员用户名", self.name)
        self.form.add("code", "恢复码", self.code)
        self.form.add("password", "新密码", self.password)
        self.form.add("again", "再输入一次", self.again)
        ok = QPushButton("设置新密码")
        ok.setObjectName("Primary")
        ok.clicked.connect(self.recover)
        cancel = QPushButton("取消")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(ok)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addLayout(buttons)

    def recover(self) -> bool:
        if self.password.text() != self.again.text():
            self.form.show_messages({"again": "两次输入的密码不一致"}, {})
            return False
        try:
            made = self.office.access.recover(
                self.name.text(), self.code.text(), self.password.text()
            )
        except ValidationError as exc:
            fields = {"code": exc.message} if "access" in exc.fields else exc.fields
            self.form.show_messages(fields, {})
            return False
        RecoveryCodeDialog(made.user.name, made.recovery_code, self).exec()
        self.accept()
        return True
