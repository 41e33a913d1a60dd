"""First start: set up the township and its current term, or fill the database with demo data."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import ValidationError
from app.office import Office
from ui.widgets.form import FormGrid


class SetupDialog(QDialog):
    SETUP = 1
    DEMO = 2

    def __init__(self, office: Office, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._office = office
        self.choice = 0
        self.setWindowTitle("乡镇人大工作台 — 初始设置")
        self.setMinimumWidth(560)
        intro = QLabel(
            "<b>欢迎使用乡镇人大工作台。</b><br>先填写本乡镇和现任届次，以后可在“基础数据”中修改。"
            "<br>只想先看看？点“使用演示数据”，会生成一个虚构乡镇的代表和记录。"
        )
        intro.setWordWrap(True)
        self.form = FormGrid(1)
        fields = (
            ("township", "乡镇名称", "如 清溪镇", True),
            ("county", "所属县（市、区）", "如 溪山县", True),
            ("code", "行政区划代码", "9 位数字，可不填", False),
            ("term_number", "现任届次", "如第十七届填 17", True),
            ("term_start", "本届开始日期", "如 2021-12-28", True),
        )
        for key, label, placeholder, required in fields:
            edit = QLineEdit()
            edit.setPlaceholderText(placeholder)
            self.form.add(key, label, edit, required=required)
        where = QLabel(f"数据将保存在：{office.path}")
        where.setObjectName("Hint")
        where.setWordWrap(True)
        start = QPushButton("开始使用")
        start.setObjectName("Primary")
        start.setDefault(True)
        start.clicked.connect(self.accept_setup)
        demo = QPushButton("使用演示数据")
        demo.clicked.connect(self.accept_demo)
        county = QPushButton("县人大常委会汇总用…")
        county.setToolTip("建立县级汇总数据库，导入各乡镇的报送包")
        county.clicked.connect(self.accept_county)
        cancel = QPushButton("退出")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(demo)
        buttons.addWidget(county)
        buttons.addStretch()
        buttons.addWidget(start)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(where)
        layout.addLayout(buttons)

    def accept_setup(self) -> bool:
        values = self.form.values()
        try:
            self._office.setup(
                township=values["township"],
                county=values["county"],
                code=values["code"],
                term_number=values["term_number"].strip(),
                term_start=values["term_start"],
            )
        except ValidationError as exc:
            mapping = {
                "name": "township",
                "start_date": "term_start",
                "number": "term_number",
                "end_date": "term_start",
            }
            shown = {mapping.get(k, k): v for k, v in exc.fields.items()}
            self.form.show_messages(shown, {})
            return False
        self.choice = self.SETUP
        self.accept()
        return True

    def accept_county(self) -> bool:
        """A county database: it holds the townships whose packages it imports."""
        from PySide6.QtWidgets import QInputDialog

        name, ok = QInputDialog.getText(
            self,
            "建立县级汇总数据库",
            "县（市、区）名称，如 溪山县：",
            text=self.form.values()["county"],
        )
        if not ok:
            return False
        try:
            self._office.setup_county(county=name)
        except ValidationError as exc:
            self.form.show_messages({"county": exc.fields.get("county", exc.message)}, {})
            return False
        self.choice = self.SETUP
        self.accept()
        return True

    def accept_demo(self) -> None:
        self.choice = self.DEMO
        self.accept()
