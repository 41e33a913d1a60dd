"""导入名册: the preview of an Excel roster, row by row, before anything is written.

The clerk chooses the duplicate policy and whether unknown groups, constituencies and
stations are made, sees what each row will do and every problem by row and column, may
save the problems as .xlsx, and confirms; the import then runs in one transaction."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.exchange.roster_import import (
    POLICIES,
    ImportPlan,
    ImportResult,
    apply_import,
    plan_import,
    save_problems,
)
from ui.context import AppContext
from ui.exchange.actions import ask_save_path
from ui.widgets.form import Choice
from ui.widgets.messages import show_error, show_info
from ui.widgets.progress import run_with_progress
from ui.widgets.screen import fit_to_screen

COLOURS = {"invalid": "#c62828", "skip": "#757575", "unchanged": "#757575"}
LEVEL_COLOURS = {"error": "#c62828", "warning": "#b26a00", "notice": "#37474f"}


def _item(text: object, colour: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if colour:
        item.setForeground(QBrush(QColor(colour)))
    return item


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.setWordWrap(False)
    return table


class RosterImportDialog(QDialog):
    def __init__(self, context: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.path = path
        self.plan: ImportPlan | None = None
        self.result: ImportResult | None = None
        self.setWindowTitle(f"导入名册 — {path.name}")
        fit_to_screen(self, 1100, 720)

        self.policy = Choice([(label, key) for key, label in POLICIES.items()])
        self.create_missing = QCheckBox("自动新建表格中出现的代表小组、选区、联络站")
        self.only_valid = QCheckBox("只导入没有错误的行")
        self.policy.currentIndexChanged.connect(self.preview)
        self.create_missing.toggled.connect(self.preview)
        self.only_valid.toggled.connect(self._update_buttons)
        options = QHBoxLayout()
        options.addWidget(QLabel("名册中已有的代表："))
        options.addWidget(self.policy)
        options.addSpacing(16)
        options.addWidget(self.create_missing)
        options.addStretch()

        self.summary = QLabel("正在读取…")
        self.summary.setWordWrap(True)
        self.summary.setObjectName("SectionTitle")
        self.rows = _table(["行", "处理", "姓名", "性别", "出生年月", "工作单位及职务", "问题"])
        for column, width in enumerate((50, 90, 90, 50, 90, 240)):
            self.rows.setColumnWidth(column, width)
        self.problems = _table(["行", "列", "列名", "类别", "问题"])
        for column, width in enumerate((50, 40, 110, 60)):
            self.problems.setColumnWidth(column, width)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.rows)
        box = QWidget()
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.addWidget(QLabel("问题清单（按行、列）："))
        box_layout.addWidget(self.problems)
        split.addWidget(box)
        split.setSizes([420, 220])

        self.save_button = QPushButton("保存问题清单…")
        self.save_button.clicked.connect(self.save_problems)
        self.import_button = QPushButton("导入")
        self.import_button.setObjectName("Primary")
        self.import_button.clicked.connect(self.run_import)
        cancel = QPushButton("取消")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch()
        buttons.addWidget(self.only_valid)
        buttons.addWidget(self.import_button)
        buttons.addWidget(cancel)

        hint = QLabel(
            "预览不会写入任何内容。点“导入”后，所有记录在一次操作中写入：要么全部成功，要么一条也不写。"
        )
        hint.setObjectName("Hint")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(options)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        self._update_buttons()
        self.preview()

    # ---- preview ----------------------------------------------------------------------

    def preview(self) -> None:
        self.plan = None
        self._update_buttons()
        self.summary.setText("正在检查表格…")
        policy = self.policy.value()
        create = self.create_missing.isChecked()
        path = self.path
        run_with_progress(
            self,
            self.context.runner,
            lambda ctx: plan_import(
                ctx.office, path, policy=policy, create_missing=create, progress=ctx.progress
            ),
            title="正在检查表格…",
            on_done=self.show_plan,
            on_failed=self._failed,
        )

    def _failed(self, error: Exception) -> None:
        self.summary.setText("无法读取这个文件。")
        show_error(self, error, "无法导入")

    def show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        invalid = len(plan.invalid_rows)
        where = f"“{plan.file_name}”工作表“{plan.sheet}”，表头在第 {plan.header_row} 行。"
        text = f"{where}{plan.summary}。"
        if invalid:
            text += (
                f"有 {invalid} 行有错误（红色），请改正表格后重新导入，或勾选“只导入没有错误的行”。"
            )
        self.summary.setText(text)
        self.rows.setRowCount(len(plan.rows))
        for r, row in enumerate(plan.rows):
            colour = COLOURS.get(row.action)
            errors = [p for p in row.problems if p.level == "error"]
            shown = errors or list(row.problems)
            problem = "；".join(p.message for p in shown[:2])
            birth = row.summary.get("birth_date", "")
            try:
                birth = dates.format_date(dates.parse_partial_date(birth)[:7]) if birth else ""
            except dates.DateError:
                pass
            for c, value in enumerate(
                [
                    row.row,
                    row.action_label,
                    row.name or row.summary.get("name", ""),
                    row.summary.get("gender", ""),
                    birth,
                    row.summary.get("unit", ""),
                    problem,
                ]
            ):
                self.rows.setItem(r, c, _item(value, colour))
        found = plan.problems()
        self.problems.setRowCount(len(found))
        for r, p in enumerate(found):
            colour = LEVEL_COLOURS[p.level]
            for c, value in enumerate([p.row or "", p.column, p.header, p.level_label, p.message]):
                item = _item(value, colour)
                if c == 4:
                    item.setToolTip(p.message)
                self.problems.setItem(r, c, item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        plan = self.plan
        self.save_button.setEnabled(bool(plan and plan.problems()))
        if plan is None:
            self.import_button.setEnabled(False)
            return
        writing = len(plan.writing_rows)
        blocked = bool(plan.invalid_rows) and not self.only_valid.isChecked()
        self.import_button.setEnabled(writing > 0 and not blocked)
        self.import_button.setText(f"导入 {writing} 名" if writing else "导入")
        self.only_valid.setVisible(bool(plan.invalid_rows))

    # ---- actions ----------------------------------------------------------------------

    def save_problems(self) -> Path | None:
        if self.plan is None:
            return None
        path = ask_save_path(self, "保存问题清单", f"{self.path.stem}_问题清单.xlsx")
        if path is None:
            return None
        try:
            written = save_problems(self.plan, path)
        except Exception as exc:
            show_error(self, exc)
            return None
        show_info(self, f"问题清单已保存到“{written}”。")
        return written

    def run_import(self) -> None:
        plan = self.plan
        if plan is None:
            return
        only_valid = self.only_valid.isChecked()

        def done(result: ImportResult) -> None:
            self.result = result
            self.context.deputies_changed.emit([])
            if any(result.created.values()):
                self.context.structure_changed.emit()
            show_info(self, f"名册导入完成：{result.text}。", "导入完成")
            self.accept()

        run_with_progress(
            self,
            self.context.runner,
            lambda ctx: apply_import(
                ctx.office, plan, only_valid=only_valid, progress=ctx.progress
            ),
            title="正在导入名册…",
            on_done=done,
        )

    @classmethod
    def choose_and_open(
        cls, context: AppContext, parent: QWidget | None
    ) -> RosterImportDialog | None:
        name, _ = QFileDialog.getOpenFileName(
            parent, "选择要导入的名册", "", "Excel 表格 (*.xlsx *.xls)"
        )
        if not name:
            return None
        dialog = cls(context, Path(name), parent)
        dialog.exec()
        return dialog
