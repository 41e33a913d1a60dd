"""考评: the county's evaluation of townships' congress work on the 报告 page. In a county
database every township's score, rank, 等次 and the 流动红旗; in a township's database its
self-assessment against the same rubric. The year is chosen here, the rubric edited
(ui/reports/rubric_dialog.py), hand-scored items entered in the detail table, and the
results printed (PDF) or exported (.xlsx). Scores are counted off the UI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from ui.context import AppContext
from ui.tasks import TaskContext, TaskHandle
from ui.widgets.form import Choice
from ui.widgets.messages import error_text, show_error, show_info

if TYPE_CHECKING:
    from app.documents.base import PdfResult
    from app.reports.rubric import Scores, TownshipScore

RED = "#b22222"
RESULT_HEADERS = ["名次", "乡镇", "总分", "等次", "流动红旗"]
DETAIL_HEADERS = ["考评项目", "考评依据（读取的数据）", "数值", "满分标准", "分值", "得分"]
SCORE_COLUMN = 5


def _item(text: str, *, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _points(value: float) -> str:
    return f"{value:g}"


class EvaluationPanel(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.scores: Scores | None = None
        self.figures: dict[str, tuple[str, str]] = {}
        self.handle: TaskHandle | None = None
        self._filling = False
        self.county = context.office.mode == "county"
        about = QLabel(
            "按考评细则给各乡镇的人大工作打分：各项得分＝分值×（数值÷满分标准），不超过分值；"
            "数值从各乡镇报送的记录中统计，手工评分项在右侧“得分”栏填写。总分定名次和等次，"
            "最高分的乡镇获流动红旗。"
            if self.county
            else "按县人大常委会的考评细则，用本乡镇的记录自评：各项得分＝分值×（数值÷满分标准），"
            "不超过分值。打印自评表，盖章后随报送包交县人大常委会。手工评分项可在“得分”栏预估。"
        )
        about.setObjectName("Hint")
        about.setWordWrap(True)
        self.year = Choice()
        self.year.currentIndexChanged.connect(lambda _i: self.recount())
        self.rubric_label = QLabel()
        self.edit_button = QPushButton("编辑考评细则…")
        self.edit_button.clicked.connect(self.edit_rubric)
        self.print_button = QPushButton("打印…")
        self.print_button.setObjectName("Primary")
        self.print_button.clicked.connect(self.print_scores)
        self.export_button = QPushButton("导出 Excel…")
        self.export_button.clicked.connect(self.export_scores)
        head = QHBoxLayout()
        head.addWidget(QLabel("考评年度"))
        head.addWidget(self.year)
        head.addSpacing(12)
        head.addWidget(self.rubric_label, 1)
        head.addWidget(self.edit_button)
        head.addWidget(self.print_button)
        head.addWidget(self.export_button)
        self.verdict = QLabel()
        self.verdict.setObjectName("SectionTitle")
        self.verdict.setWordWrap(True)

        self.results = QTableWidget(0, len(RESULT_HEADERS))
        self.results.setHorizontalHeaderLabels(RESULT_HEADERS)
        self.results.verticalHeader().setVisible(False)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.results.itemSelectionChanged.connect(self._show_detail)

        self.detail_title = QLabel()
        self.detail = QTableWidget(0, len(DETAIL_HEADERS))
        self.detail.setHorizontalHeaderLabels(DETAIL_HEADERS)
        self.detail.verticalHeader().setVisible(False)
        self.detail.setWordWrap(True)
        self.detail.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        dh = self.detail.horizontalHeader()
        dh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        dh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        dh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.detail.itemChanged.connect(self._hand_score_entered)
        detail_box = QWidget()
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.detail, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.results)
        split.addWidget(detail_box)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([2000, 3000])
        self.results.setVisible(self.county)

        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(head)
        layout.addWidget(self.verdict)
        layout.addWidget(split, 1)
        self.fill_years()
        context.changed.connect(lambda _area, _ids: self.recount())
        context.structure_changed.connect(self.recount)

    # ---- the year and the counting ------------------------------------------------------

    def fill_years(self) -> None:
        office = self.context.office
        this_year = dates.today().year
        years = {this_year, this_year - 1, *office.meetings.years(), *office.suggestions.years()}
        self._filling = True
        self.year.set_items([(f"{y}年", y) for y in sorted(years, reverse=True) if y <= this_year])
        self._filling = False
        self.recount()

    def chosen_year(self) -> int:
        return int(self.year.value() or dates.today().year)

    def recount(self) -> TaskHandle | None:
        """Count the scores of the chosen year in the background; the tables follow."""
        if self._filling:
            return None
        year = self.chosen_year()

        def count(ctx: TaskContext) -> tuple[Scores, dict[str, tuple[str, str]]]:
            """Worker thread: reads the records, never touches a widget."""
            from app.reports.rubric import county_scores, known_figures

            return county_scores(ctx.office, year=year), known_figures()

        self.verdict.setText(f"正在计算{year}年度的得分…")
        self.handle = self.context.runner.run(count, on_done=self._show, on_error=self._failed)
        return self.handle

    def _failed(self, error: Exception) -> None:
        self.verdict.setText("无法计算得分：" + error_text(error))
        show_error(self, error)

    def _show(self, found: tuple[Scores, dict[str, tuple[str, str]]]) -> None:
        scores, figures = found
        if scores.year != self.chosen_year():  # the clerk chose another year meanwhile
            return
        chosen = self._selected_name()
        self.scores, self.figures = scores, figures
        rubric = scores.rubric
        self.rubric_label.setText(
            f"细则：{rubric.title}，{len(rubric.items)} 项，满分 {_points(rubric.total)} 分"
        )
        if scores.self_assessment:
            row = scores.rows[0] if scores.rows else None
            self.verdict.setText(
                f"{row.name}{scores.year}年度自评：{_points(row.total)} 分，{row.grade}"
                if row
                else "本数据库还没有乡镇"
            )
        elif scores.rows:
            holders = "、".join(scores.red_flag_holders) or "无"
            self.verdict.setText(
                f"{scores.year}年度 {len(scores.rows)} 个乡镇参评，流动红旗：{holders}"
            )
        else:
            self.verdict.setText("还没有乡镇的数据：请先在“数据交换”页导入各乡镇的报送包")
        self.results.setRowCount(len(scores.rows))
        bold = QFont()
        bold.setBold(True)
        for r, row in enumerate(scores.rows):
            cells = [
                _item(str(row.rank), right=True),
                _item(row.name),
                _item(_points(row.total), right=True),
                _item(row.grade),
                _item("★ 流动红旗" if row.red_flag else ""),
            ]
            for c, cell in enumerate(cells):
                if row.red_flag:
                    cell.setForeground(QBrush(QColor(RED)))
                    cell.setFont(bold)
                self.results.setItem(r, c, cell)
        names = [row.name for row in scores.rows]
        self.results.selectRow(names.index(chosen) if chosen in names else 0)
        self._show_detail()

    def _selected_name(self) -> str | None:
        row = self.current_row()
        return row.name if row else None

    def current_row(self) -> TownshipScore | None:
        if self.scores is None or not self.scores.rows:
            return None
        if self.scores.self_assessment:
            return self.scores.rows[0]
        index = self.results.currentRow()
        return self.scores.rows[index] if 0 <= index < len(self.scores.rows) else None

    def _show_detail(self) -> None:
        row = self.current_row()
        self._filling = True
        try:
            self.detail.setRowCount(0 if row is None else len(row.items) + 1)
            if row is None:
                self.detail_title.setText("")
                return
            self.detail_title.setText(f"{row.name}的得分明细（双击手工评分项的得分可修改）")
            for r, item in enumerate(row.items):
                if item.figure:
                    label, kind = self.figures.get(item.figure, (item.figure, "count"))
                    value = f"{item.value:.1f}" if kind == "percent" else f"{item.value:g}"
                    cells = [label, value, _points(item.target)]
                else:
                    cells = ["手工评分", "—", "—"]
                self.detail.setItem(r, 0, _item(item.label))
                for c, text in enumerate(cells, 1):
                    self.detail.setItem(r, c, _item(text, right=c > 1))
                self.detail.setItem(r, 4, _item(_points(item.points), right=True))
                score = _item(_points(item.score), right=True)
                if not item.figure:  # entered by hand: editable, marked
                    score.setFlags(score.flags() | Qt.ItemFlag.ItemIsEditable)
                    score.setBackground(QBrush(QColor("#fff8e1")))
                    score.setToolTip(f"手工评分，0 至 {_points(item.points)} 分")
                self.detail.setItem(r, SCORE_COLUMN, score)
            last = len(row.items)
            self.detail.setItem(last, 0, _item("合计"))
            for c in range(1, 4):
                self.detail.setItem(last, c, _item(""))
            total = self.scores.rubric.total if self.scores else 0
            self.detail.setItem(last, 4, _item(_points(total), right=True))
            self.detail.setItem(last, SCORE_COLUMN, _item(_points(row.total), right=True))
            self.detail.resizeRowsToContents()
        finally:
            self._filling = False

    def _hand_score_entered(self, cell: QTableWidgetItem) -> None:
        """A hand score typed into the 得分 column: checked and kept for the year."""
        if self._filling or cell.column() != SCORE_COLUMN:
            return
        row = self.current_row()
        if row is None or cell.row() >= len(row.items):
            return
        item = row.items[cell.row()]
        if item.figure:
            return
        from app.core.errors import ValidationError
        from app.reports.rubric import set_hand_score

        text = cell.text().strip()
        try:
            points = None if text == "" else float(text)
        except ValueError:
            points = -1.0  # refused below with the item's range
        try:
            set_hand_score(self.context.office, self.chosen_year(), row.name, item.label, points)
        except ValidationError as exc:
            show_error(self, exc)
            self._show_detail()  # the score as it was
            return
        self.recount()

    # ---- the rubric, the print and the file ---------------------------------------------

    def edit_rubric(self) -> None:
        from ui.reports.rubric_dialog import RubricDialog

        if RubricDialog.ask(self.context, self):
            self.recount()

    def print_scores(self) -> TaskHandle | None:
        from ui.printing.actions import preview_pdf

        if self.scores is None or not self.scores.rows:
            show_error(self, "还没有可打印的得分：县级汇总数据库请先导入各乡镇的报送包")
            return None
        year = self.chosen_year()

        def build(ctx: TaskContext) -> PdfResult:
            from app.reports.rubric_files import evaluation_pdf

            return evaluation_pdf(ctx.office, year, progress=ctx.progress)

        what = "考评自评表" if self.scores.self_assessment else "考评结果"
        return preview_pdf(
            self, self.context, build, title=what, file_name=f"{year}年度乡镇人大工作{what}"
        )

    def export_scores(self) -> TaskHandle | None:
        from ui.exchange.actions import ask_save_path
        from ui.widgets.progress import run_with_progress

        if self.scores is None or not self.scores.rows:
            show_error(self, "还没有可导出的得分：县级汇总数据库请先导入各乡镇的报送包")
            return None
        year = self.chosen_year()
        what = "考评自评表" if self.scores.self_assessment else "考评结果"
        path = ask_save_path(self, f"导出{what}", f"{year}年度乡镇人大工作{what}.xlsx")
        if path is None:
            return None

        def work(ctx: TaskContext) -> object:
            from app.reports.rubric_files import export_evaluation

            return export_evaluation(ctx.office, path, year, progress=ctx.progress)

        return run_with_progress(
            self,
            self.context.runner,
            work,
            title=f"正在导出{what}…",
            on_done=lambda written: show_info(self, f"已导出到“{written}”。", "导出完成"),
        )
