"""履职积分: every deputy's duty score of a year, ranked, with quarters and grade; the
chosen deputy's points line by line, each opening the record that earned it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.duties.scoring import GRADES, DeputyScore, YearScores, format_points
from app.exchange.list_exports import export_scores
from app.exchange.lists import ListColumn, score_columns, score_line_columns
from ui.context import AppContext
from ui.duties.print_actions import year_files_button
from ui.duties.score_rules_dialog import ScoreRulesDialog
from ui.duties.traces import open_trace
from ui.pages.record_page import export_button, export_list, lay_out
from ui.widgets.form import Choice
from ui.widgets.messages import show_error


def _table(columns: list[ListColumn[Any]]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels([c.title for c in columns])
    for i, column in enumerate(columns[:-1]):
        table.setColumnWidth(i, column.width)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setDefaultSectionSize(24)
    return table


class ScoresPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        office = context.office
        self.year = Choice()
        this_year = dates.today().year
        self.year.set_items([(f"{y}年", y) for y in range(this_year, this_year - 6, -1)])
        self.year.currentIndexChanged.connect(self.reload)
        self.grade = Choice([("全部等次", None), *[(g, g) for g in GRADES]])
        self.grade.currentIndexChanged.connect(self.reload)
        self.township = Choice()
        if office.mode == "county":
            self.township.set_items([(t.name, t.id) for t in office.townships.list()])
            self.township.currentIndexChanged.connect(self.reload)
        else:
            self.township.setVisible(False)
        self.rules_button = QPushButton("积分规则…")
        self.rules_button.clicked.connect(self.edit_rules)
        self.rules_button.setEnabled(office.editable)
        self.print_button = year_files_button(self, context, lambda: self.year.value())
        self.print_button.setEnabled(office.mode == "township")
        self.file_button = QPushButton("打开档案")
        self.file_button.clicked.connect(self.open_file)
        self.summary = QLabel()
        self.summary.setObjectName("Hint")

        self.columns = score_columns()
        self.table = _table(self.columns)
        self.table.itemSelectionChanged.connect(self.show_lines)
        self.table.doubleClicked.connect(lambda _i: self.open_file())
        self.lines_title = QLabel()
        self.lines_title.setObjectName("SectionTitle")
        self.line_columns = score_line_columns()
        self.lines = _table(self.line_columns)
        self.lines.setHorizontalHeaderItem(
            len(self.line_columns) - 1, QTableWidgetItem("来源（双击打开）")
        )
        self.lines.doubleClicked.connect(lambda index: self.open_line(index.row()))
        lower = QWidget()
        lower_box = QVBoxLayout(lower)
        lower_box.setContentsMargins(0, 0, 0, 0)
        lower_box.addWidget(self.lines_title)
        lower_box.addWidget(self.lines, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setSizes([420, 300])

        lay_out(
            self,
            "代表履职积分",
            [
                self.rules_button,
                self.print_button,
                self.file_button,
                export_button(self.export_excel),
            ],
            [self.township, self.year, self.grade, self.summary],
            split,
        )
        self.scores: YearScores | None = None
        self._stale = True
        context.changed.connect(lambda _area, _ids: self._mark_stale())
        context.deputies_changed.connect(lambda _ids: self._mark_stale())
        context.structure_changed.connect(self._mark_stale)

    # Scores are worked out when the page is shown, not on every change elsewhere.
    def showEvent(self, event: object) -> None:
        if self._stale:
            self.reload()
        super().showEvent(event)  # type: ignore[arg-type]

    def _mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        office = self.context.office
        if not office.is_set_up or (office.mode == "county" and self.township.value() is None):
            return
        self._stale = False
        chosen = self.selected_score()
        self.scores = office.scores.year(self.year.value(), self.township.value())
        grade = self.grade.value()
        scores = [s for s in self.scores.scores if grade is None or s.grade == grade]
        self.table.setRowCount(len(scores))
        for row, s in enumerate(scores):
            for column, spec in enumerate(self.columns):
                item = QTableWidgetItem(spec.text(s))
                item.setData(Qt.ItemDataRole.UserRole, s.deputy_id)
                if column not in (1, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
        self.summary.setText(f"　{self.scores.summary}")
        self.select_deputy(chosen.deputy_id if chosen else None)

    def export_excel(self) -> None:
        """The year's ranking and, on a second sheet, every point and where it came from."""
        office = self.context.office
        township = self.township.value() if office.mode == "county" else None
        if office.mode == "county" and township is None:
            show_error(self, "请先选择乡镇", "未选择")
            return
        year = self.year.value()
        grade = self.grade.value()
        name = office.townships.get(township).name if township else ""
        what = f"{year}年代表履职积分" + (f"（{grade}）" if grade else "")
        export_list(
            self,
            self.context,
            what,
            export_scores,
            year,
            township,
            grade,
            count=self.table.rowCount(),
            file_name=f"{name}{what}" if name else "",
        )

    def show_grade(self, year: int, grade: str | None) -> None:
        """The deputies of one grade in a year (a chart of the 工作台 opens the list so)."""
        for widget in (self.year, self.grade):
            widget.blockSignals(True)
        self.year.set_value(year)
        self.grade.set_value(grade)
        for widget in (self.year, self.grade):
            widget.blockSignals(False)
        self.reload()

    def select_deputy(self, deputy_id: int | None) -> None:
        if self.scores is None:
            self.reload()
        self.table.blockSignals(True)
        self.table.clearSelection()
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) == deputy_id:
                self.table.selectRow(row)
                break
        self.table.blockSignals(False)
        self.show_lines()  # also when the same row stays selected: its points may have changed

    def show_record(self, deputy_id: int) -> None:
        """Show one deputy's points (from a deputy's file), whatever grade was chosen."""
        self.grade.blockSignals(True)
        self.grade.set_value(None)
        self.grade.blockSignals(False)
        self.reload()
        self.select_deputy(deputy_id)

    def selected_score(self) -> DeputyScore | None:
        items = self.table.selectedItems()
        if not items or self.scores is None:
            return None
        return self.scores.of(items[0].data(Qt.ItemDataRole.UserRole))

    def show_lines(self) -> None:
        score = self.selected_score()
        lines = score.lines if score else ()
        if score is None:
            self.lines_title.setText("积分明细（选中一名代表）")
        else:
            self.lines_title.setText(
                f"{score.name}的积分明细：基础分 {format_points(score.base)}，"
                f"加 {format_points(score.added)}，减 {format_points(score.deducted)}，"
                f"总分 {format_points(score.total)}（{score.grade}）"
            )
        self.lines.setRowCount(len(lines))
        for row, line in enumerate(lines):
            for column, spec in enumerate(self.line_columns):
                self.lines.setItem(row, column, QTableWidgetItem(spec.text(line)))

    def open_line(self, row: int) -> None:
        score = self.selected_score()
        if score is None or not 0 <= row < len(score.lines):
            return
        event = score.lines[row].event
        open_trace(self.context, event.record_kind, event.record_id)

    def open_file(self) -> None:
        score = self.selected_score()
        if score is None:
            show_error(self, "请先选中一名代表", "未选择")
            return
        self.context.open_deputy(score.deputy_id)

    def edit_rules(self) -> None:
        if ScoreRulesDialog.ask(self.context.office, self):
            self.context.changed.emit("scores", [])
            self.reload()
