"""导入名册: the preview of an Excel roster, row by row, before anything is written.

The clerk chooses the duplicate policy and whether unknown groups, constituencies and
stations are made, sees what each row will do and every problem by row and column, sees
how short forms were understood (汉 → 汉族), says what the values no list has mean (the
choice is remembered when the import is written), decides row by row whether a deputy
whose ID number the sheet gives another name is renamed, may save the problems as .xlsx,
and confirms; the import then runs in one transaction."""

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
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.exchange.roster_import import (
    POLICIES,
    ImportPlan,
    ImportResult,
    UnknownValue,
    apply_import,
    plan_import,
    save_problems,
)
from ui.context import AppContext
from ui.exchange.actions import ask_save_path
from ui.widgets.form import Choice
from ui.widgets.messages import confirm, show_error, show_info
from ui.widgets.progress import run_with_progress
from ui.widgets.screen import fit_to_screen

COLOURS = {
    "invalid": "#c62828",
    "unmapped": "#b26a00",
    "conflict": "#b26a00",
    "skip": "#757575",
    "unchanged": "#757575",
}
LEVEL_COLOURS = {"error": "#c62828", "choice": "#b26a00", "warning": "#b26a00", "notice": "#37474f"}
TROUBLED = ("invalid", "unmapped", "conflict")
HOW_LABELS = {"synonym": "简称、同义词", "mapping": "本次指定", "remembered": "上次指定"}
# A county's roster of thousands of rows: the tables show this many (rows with problems
# first); the summary counts them all and 保存问题清单 writes every problem.
SHOWN_ROWS = 2000
UNCHOSEN = "（请选择）"
LEAVE_BLANK = "（留空，不导入这一项）"
KEEP = "不导入这一行"
RENAME = "是同一人，改名并导入"


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


def _rows_text(rows: tuple[int, ...], count: int) -> str:
    shown = "、".join(str(r) for r in rows[:6])
    return f"第 {shown} 行" + (" 等" if count > len(rows[:6]) else "")


class RosterImportDialog(QDialog):
    def __init__(self, context: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.path = path
        self.plan: ImportPlan | None = None
        self.result: ImportResult | None = None
        # What the clerk said in this preview: values no list has, renames row by row.
        self.mappings: dict[tuple[str, str], str] = {}
        self.renames: set[int] = set()
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
        # Never squeezed by the tables below: two or three lines of what the file holds.
        self.summary.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.rows = _table(["行", "处理", "姓名", "性别", "出生年月", "工作单位及职务", "问题"])
        for column, width in enumerate((50, 90, 90, 50, 90, 220)):
            self.rows.setColumnWidth(column, width)

        self.problems = _table(["行", "列", "列名", "类别", "问题"])
        for column, width in enumerate((50, 40, 110, 60)):
            self.problems.setColumnWidth(column, width)
        self.values = _table(["列名", "表格中写的", "导入为", "行数", "依据"])
        for column, width in enumerate((110, 160, 160, 60)):
            self.values.setColumnWidth(column, width)
        self.unknown = _table(["列", "列名", "表格中的值", "所在行", "对应为列表中的"])
        for column, width in enumerate((40, 90, 150, 170)):
            self.unknown.setColumnWidth(column, width)
        self.conflicts = _table(["行", "表格中的姓名", "名册中的姓名", "身份证号码", "处理"])
        for column, width in enumerate((50, 110, 110, 170)):
            self.conflicts.setColumnWidth(column, width)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.problems, "问题清单")
        self.tabs.addTab(self._with_hint(self.unknown, self._unknown_hint()), "需要对应的值")
        self.tabs.addTab(self._with_hint(self.values, self._values_hint()), "识别的简称")
        self.tabs.addTab(self._with_hint(self.conflicts, self._conflict_hint()), "姓名不一致")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.rows)
        split.addWidget(self.tabs)
        split.setSizes([380, 260])

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

    @staticmethod
    def _with_hint(table: QTableWidget, text: str) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        label = QLabel(text)
        label.setObjectName("Hint")
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(table, 1)
        return box

    @staticmethod
    def _unknown_hint() -> str:
        return (
            "这些值不在列表中。请为每个值选择它对应列表中的哪一项（或留空），"
            "预览随即更新；导入后记住，下次导入自动使用。列表本身不会被改动。"
        )

    @staticmethod
    def _values_hint() -> str:
        return "表格中的简称和同义词已按下表换成列表中的值，请过目。"

    @staticmethod
    def _conflict_hint() -> str:
        return (
            "这些行的身份证号码是名册中另一位代表的，姓名却不同：可能是表格填错了号码，"
            "也可能是代表改了姓名。默认不导入；确认是同一人的，逐行选择“改名并导入”。"
        )

    # ---- preview ----------------------------------------------------------------------

    def preview(self) -> None:
        self.plan = None
        self._update_buttons()
        self.summary.setText("正在检查表格…")
        policy = self.policy.value()
        create = self.create_missing.isChecked()
        path = self.path
        mappings = dict(self.mappings)
        run_with_progress(
            self,
            self.context.runner,
            lambda ctx: plan_import(
                ctx.office,
                path,
                policy=policy,
                create_missing=create,
                mappings=mappings,
                progress=ctx.progress,
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
        self.renames &= {r.row for r in plan.conflict_rows}
        invalid = len(plan.invalid_rows) - len(plan.unmapped_rows)
        where = f"“{plan.file_name}”工作表“{plan.sheet}”，表头在第 {plan.header_row} 行。"
        text = f"{where}{plan.summary}。"
        if plan.unknown:
            text += "请在下方“需要对应的值”中逐个选择。"
        if invalid:
            text += (
                f"有 {invalid} 行有错误（红色），请改正表格后重新导入，或勾选“只导入没有错误的行”。"
            )
        if plan.conflict_rows:
            text += f"{len(plan.conflict_rows)} 行的姓名与名册不一致，见“姓名不一致”。"
        self.summary.setText(text)
        self._fill_rows(plan)
        self._fill_problems(plan)
        self._fill_values(plan)
        self._fill_unknown(plan)
        self._fill_conflicts(plan)
        counts = [
            len(plan.problems()),
            len(plan.unknown),
            len(plan.understood),
            len(plan.conflict_rows),
        ]
        for tab, (label, count) in enumerate(
            zip(["问题清单", "需要对应的值", "识别的简称", "姓名不一致"], counts, strict=True)
        ):
            self.tabs.setTabText(tab, f"{label}（{count}）")
        for tab in (1, 3):
            self.tabs.setTabVisible(tab, counts[tab] > 0)
        if plan.unknown:
            self.tabs.setCurrentIndex(1)
        elif plan.conflict_rows:
            self.tabs.setCurrentIndex(3)
        self._update_buttons()

    def _fill_rows(self, plan: ImportPlan) -> None:
        rows = plan.rows
        if len(rows) > SHOWN_ROWS:
            troubled = [r for r in rows if r.problems or r.action in TROUBLED]
            rest = [r for r in rows if not (r.problems or r.action in TROUBLED)]
            rows = sorted((troubled + rest)[:SHOWN_ROWS], key=lambda r: r.row)
            shown = f"下表只列出 {SHOWN_ROWS} 行，有问题的行在先"
            self.summary.setText(
                f"{self.summary.text()}（{shown}；导入的是全部 {len(plan.rows)} 行。）"
            )
        self.rows.setUpdatesEnabled(False)
        self.rows.setRowCount(len(rows))
        for r, row in enumerate(rows):
            colour = COLOURS.get(row.action)
            errors = [p for p in row.problems if p.level in ("error", "choice")]
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
        self.rows.setUpdatesEnabled(True)

    def _fill_problems(self, plan: ImportPlan) -> None:
        found = plan.problems()
        if len(found) > SHOWN_ROWS:
            errors = [p for p in found if p.level in ("error", "choice")]
            others = [p for p in found if p.level not in ("error", "choice")]
            found = sorted((errors + others)[:SHOWN_ROWS], key=lambda p: (p.row, p.column))
        self.problems.setRowCount(len(found))
        for r, p in enumerate(found):
            colour = LEVEL_COLOURS[p.level]
            for c, value in enumerate([p.row or "", p.column, p.header, p.level_label, p.message]):
                item = _item(value, colour)
                if c == 4:
                    item.setToolTip(p.message)
                self.problems.setItem(r, c, item)

    def _fill_values(self, plan: ImportPlan) -> None:
        self.values.setRowCount(len(plan.understood))
        for r, note in enumerate(plan.understood):
            shown = note.value if note.value != "" else "（留空）"
            for c, value in enumerate(
                [note.header, note.source, shown, note.count, HOW_LABELS.get(note.how, "")]
            ):
                self.values.setItem(r, c, _item(value))

    def _fill_unknown(self, plan: ImportPlan) -> None:
        self.unknown.setRowCount(len(plan.unknown))
        for r, value in enumerate(plan.unknown):
            for c, text in enumerate(
                [value.column, value.header, value.source, _rows_text(value.rows, value.count)]
            ):
                self.unknown.setItem(r, c, _item(text, LEVEL_COLOURS["choice"] if c == 2 else None))
            self.unknown.setCellWidget(r, 4, self._mapping_choice(value))

    def _mapping_choice(self, value: UnknownValue) -> Choice:
        suggested = list(value.suggested)
        items: list[tuple[str, str | None]] = [(UNCHOSEN, None)]
        items += [(f"{v}（相近）", v) for v in suggested]
        items += [(v, v) for v in value.choices if v not in suggested]
        items.append((LEAVE_BLANK, ""))
        choice = Choice(items)
        choice.setObjectName(f"map:{value.list_key}:{value.source}")
        choice.setToolTip(f"“{value.source}”是{value.label}列表中的哪一项")
        choice.currentIndexChanged.connect(lambda _i, v=value, c=choice: self._mapped(v, c))
        return choice

    def _mapped(self, value: UnknownValue, choice: Choice) -> None:
        chosen = choice.value()
        if chosen is None:
            self.mappings.pop(value.key, None)
            return
        self.mappings[value.key] = chosen
        self.preview()

    def _fill_conflicts(self, plan: ImportPlan) -> None:
        conflicts = plan.conflict_rows
        self.conflicts.setRowCount(len(conflicts))
        for r, row in enumerate(conflicts):
            for c, text in enumerate(
                [row.row, row.name, row.summary.get("old_name", ""), row.summary.get("id_number")]
            ):
                self.conflicts.setItem(r, c, _item(text))
            choice = Choice([(KEEP, False), (RENAME, True)])
            choice.setObjectName(f"rename:{row.row}")
            choice.set_value(row.row in self.renames)
            choice.currentIndexChanged.connect(
                lambda _i, n=row.row, c=choice: self._rename_chosen(n, c)
            )
            self.conflicts.setCellWidget(r, 4, choice)

    def _rename_chosen(self, row: int, choice: Choice) -> None:
        if choice.value():
            self.renames.add(row)
        else:
            self.renames.discard(row)
        self._update_buttons()

    def _update_buttons(self) -> None:
        plan = self.plan
        self.save_button.setEnabled(bool(plan and plan.problems()))
        if plan is None:
            self.import_button.setEnabled(False)
            return
        writing = len(plan.writing_rows) + len(self.renames)
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

    def _same_names_confirmed(self, plan: ImportPlan) -> bool:
        same = plan.same_name_rows
        if not same:
            return True
        names = "、".join(f"{r.name}（第 {r.row} 行）" for r in same[:8])
        more = f" 等 {len(same)} 名" if len(same) > 8 else ""
        return confirm(
            self,
            "同名代表",
            f"要新增的代表中，{names}{more}与本届名册中已有的代表（或表格中前面的行）同名。"
            "\n\n同名的人可能是两个人，也可能是同一人被重复登记。确认都是不同的人，仍要导入吗？",
        )

    def run_import(self) -> None:
        plan = self.plan
        if plan is None or not self._same_names_confirmed(plan):
            return
        only_valid = self.only_valid.isChecked()
        renames = set(self.renames)

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
                ctx.office, plan, only_valid=only_valid, renames=renames, progress=ctx.progress
            ),
            title="正在导入名册…",
            on_done=done,
            on_failed=lambda error: show_error(self, error, "没有导入"),
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
