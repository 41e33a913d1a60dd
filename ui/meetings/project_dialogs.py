"""Dialogs of the livelihood-project vote: pasting candidates, entering the votes, and
the progress notes of an elected project."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.core.errors import ValidationError
from app.meetings.projects import PROGRESS_STATUS, Project, VoteOutcome, parse_candidates
from app.office import Office
from ui.widgets.form import Saving, button_row
from ui.widgets.messages import confirm, show_error
from ui.widgets.record_dialog import FieldDef, RecordDialog
from ui.widgets.screen import fit_to_screen

CANDIDATE_FIELDS = (
    FieldDef("name", "项目名称", required=True, placeholder="如：集镇污水管网改造"),
    FieldDef("investment", "总投资（万元）", placeholder="如 380"),
    FieldDef("planned_completion", "计划完成时间", placeholder="如 2026-12"),
    FieldDef("lead_unit", "责任单位", placeholder="如：镇村建设办"),
    FieldDef("description", "项目简介", "longtext"),
)
PROGRESS_FIELDS = (
    FieldDef("date", "日期", required=True, placeholder="如 2026-06-30"),
    FieldDef(
        "status", "进展状态", "choice", [(v, k) for k, v in PROGRESS_STATUS.items()], required=True
    ),
    FieldDef("percent", "完成百分比", required=True, placeholder="0 到 100"),
    FieldDef("note", "进展情况", "longtext"),
)
RATING_FIELDS = (
    FieldDef("rating_satisfied", "满意（票）", required=True),
    FieldDef("rating_basic", "基本满意（票）", required=True),
    FieldDef("rating_unsatisfied", "不满意（票）", required=True),
    FieldDef("rating_date", "测评日期", required=True, placeholder="如 2026-12-20"),
)


class PasteCandidatesDialog(QDialog):
    """Paste the candidate list from Excel or a Word table: one project a line."""

    def __init__(self, office: Office, vote_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._office = office
        self._vote_id = vote_id
        self.added: list[Project] = []
        self.setWindowTitle("粘贴候选项目")
        fit_to_screen(self, 720, 480)
        hint = QLabel(
            "从 Excel 或 Word 表格中复制候选项目，粘贴到下面，每行一个项目，各列依次为："
            "项目名称、总投资（万元）、计划完成时间、责任单位、项目简介（后几列可以没有）。"
            "也可以手工输入，各列用逗号分开。"
        )
        hint.setObjectName("Hint")
        hint.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("集镇污水管网改造\t380\t2026-12\t镇村建设办")
        self.text.textChanged.connect(self._count)
        self.count = QLabel()
        self.problems = QLabel()
        self.problems.setObjectName("FieldError")
        self.problems.setWordWrap(True)
        buttons = button_row("全部添加", self.save, self.reject, left=self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)
        self._count()

    def _count(self) -> None:
        self.count.setText(f"读到 {len(parse_candidates(self.text.toPlainText()))} 个项目")

    def save(self) -> bool:
        rows = parse_candidates(self.text.toPlainText())

        def refused(exc: ValidationError) -> None:
            self.problems.setText(
                "\n".join(exc.fields.values()) + "\n请修改后再添加；没有添加任何项目。"
            )

        with Saving(self, refused) as saving:
            self.added = self._office.meetings.projects.add_candidates(self._vote_id, rows)
        return saving.ok


class VotesDialog(QDialog):
    """Type the votes of each candidate down one column, as read from the count sheet."""

    def __init__(self, office: Office, vote_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._office = office
        self._vote_id = vote_id
        self.outcome: VoteOutcome | None = None
        projects = office.meetings.projects
        vote = projects.vote(vote_id)
        counts = office.meetings.attendance.counts(vote.meeting_id)
        self.candidates = projects.candidates(vote_id)
        self.setWindowTitle("登记票决结果")
        fit_to_screen(self, 560, 640)
        hint = QLabel(
            f"出席代表 {counts.present} 人，每张选票最多选 {vote.places} 项；"
            f"得票须超过全体代表 {counts.expected} 人的半数（至少 {counts.majority_needed} 票）"
            f"方可当选，按得票多少确定前 {vote.places} 个项目。"
        )
        hint.setObjectName("Hint")
        hint.setWordWrap(True)
        self.table = QTableWidget(len(self.candidates), 3)
        self.table.setHorizontalHeaderLabels(["序号", "项目名称", "得票"])
        self.table.verticalHeader().setVisible(False)
        self.table.setColumnWidth(0, 50)
        self.table.setColumnWidth(1, 330)
        self.table.horizontalHeader().setStretchLastSection(True)
        for i, project in enumerate(self.candidates):
            for column, text in enumerate(
                (str(i + 1), project.name, "" if project.votes is None else str(project.votes))
            ):
                item = QTableWidgetItem(text)
                if column < 2:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(i, column, item)
        self.problems = QLabel()
        self.problems.setObjectName("FieldError")
        self.problems.setWordWrap(True)
        buttons = button_row("保存并排名", self.save, self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)
        if self.candidates:
            self.table.setCurrentCell(0, 2)

    def set_votes(self, votes: list[int | str]) -> None:
        for row, value in enumerate(votes):
            self.table.item(row, 2).setText(str(value))

    def save(self) -> bool:
        votes = {p.id: self.table.item(i, 2).text().strip() for i, p in enumerate(self.candidates)}
        for i in range(self.table.rowCount()):
            self.table.item(i, 2).setBackground(QBrush())

        def refused(exc: ValidationError) -> None:
            for i, project in enumerate(self.candidates):
                if f"votes_{project.id}" in exc.fields:
                    self.table.item(i, 2).setBackground(QBrush(QColor("#fdecea")))
            self.problems.setText("\n".join(exc.fields.values()))

        with Saving(self, refused) as saving:
            self.outcome = self._office.meetings.projects.record_results(self._vote_id, votes)
        return saving.ok


class ProgressDialog(QDialog):
    """The dated progress notes of one elected project; the latest is its state."""

    def __init__(self, office: Office, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._office = office
        self.project = project
        self.changed = False
        self.setWindowTitle(f"实施进展：{project.name}")
        fit_to_screen(self, 720, 420)
        self.state = QLabel()
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["日期", "状态", "完成", "进展情况"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((120, 90, 60)):
            self.table.setColumnWidth(column, width)
        add = QPushButton("新增进展…")
        add.setObjectName("Primary")
        add.clicked.connect(self.add)
        remove = QPushButton("删除选中的记录")
        remove.clicked.connect(self.remove)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        projects = self._office.meetings.projects
        self.project = projects.get(self.project.id)
        done = (
            f"，{dates.format_date(self.project.completed_date)}完成"
            if self.project.completed_date
            else ""
        )
        self.state.setText(f"现在：{self.project.progress_label}{done}")
        notes = projects.progress(self.project.id)
        self.table.setRowCount(len(notes))
        for row, note in enumerate(notes):
            for column, text in enumerate(
                (dates.format_date(note.date), note.status_label, f"{note.percent}%", note.note)
            ):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, note.id)
                self.table.setItem(row, column, item)

    def add(self) -> bool:
        projects = self._office.meetings.projects
        project_id = self.project.id
        saved = RecordDialog.ask(
            self,
            f"新增进展：{self.project.name}",
            PROGRESS_FIELDS,
            {
                "date": dates.today().isoformat(),
                "status": self.project.progress_status or "in_progress",
                "percent": str(self.project.percent_done),
            },
            lambda v: projects.add_progress(project_id, **v),
        )
        if saved is not None:
            self.changed = True
            self.refresh()
        return saved is not None

    def remove(self) -> bool:
        items = self.table.selectedItems()
        if not items:
            show_error(self, "请先选中一条进展记录", "未选择")
            return False
        if not confirm(self, "删除进展记录", "删除选中的进展记录吗？"):
            return False
        self._office.meetings.projects.remove_progress(items[0].data(Qt.ItemDataRole.UserRole))
        self.changed = True
        self.refresh()
        return True
