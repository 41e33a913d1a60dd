"""学习培训: the year's trainings (activities of kind 学习培训) with their mode, hours and
organiser, and each deputy's training hours of the year (also in part ④ of their file)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.plans.training import LEVELS, MODES, Training, format_hours
from ui.context import AppContext
from ui.pages.record_page import year_choice
from ui.widgets.messages import show_error
from ui.widgets.record_dialog import FieldDef, RecordDialog

AREA = "trainings"


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class TrainingTab(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        this_year = dates.today().year
        self.year = year_choice([this_year, this_year - 1, this_year - 2], self.reload)
        self.set_button = QPushButton("登记学时…")
        self.set_button.setObjectName("Primary")
        self.set_button.clicked.connect(self.set_hours)
        self.set_button.setEnabled(context.office.editable)
        hint = QLabel("培训在“代表活动”中按“学习培训”登记，这里补充培训方式、学时和组织单位。")
        hint.setObjectName("Hint")
        self.trainings = _table(
            ["日期", "培训主题", "方式", "学时", "组织", "参加代表"], "Trainings"
        )
        for column, width in enumerate((120, 360, 100, 80, 90)):
            self.trainings.setColumnWidth(column, width)
        self.trainings.doubleClicked.connect(lambda _i: self.set_hours())
        self.hours = _table(["代表", "培训次数", "学时合计"], "TrainingHours")
        self.hours.setColumnWidth(0, 160)
        self.hours.setColumnWidth(1, 90)
        self.total = QLabel()
        row = QHBoxLayout()
        row.addWidget(QLabel("年份"))
        row.addWidget(self.year)
        row.addWidget(self.set_button)
        row.addStretch()
        row.addWidget(hint)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.total)
        lower_layout.addWidget(self.hours, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.trainings)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(split, 1)
        self.rows: list[Training] = []
        self.reload()

    def reload(self) -> None:
        office = self.context.office
        if not office.is_set_up or office.mode != "township":
            return
        year = self.year.value() or dates.today().year
        self.rows = office.trainings.year(year)
        self.trainings.setRowCount(len(self.rows))
        for r, t in enumerate(self.rows):
            texts = (
                dates.format_date(t.date),
                t.topic,
                t.mode if t.recorded else "",
                t.hours_label,
                t.level_label if t.recorded else "",
                f"{t.participants} 名",
            )
            for c, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, t.activity_id)
                self.trainings.setItem(r, c, cell)
        hours = office.trainings.hours_by_deputy(year)
        names = {d.id: d.name for d in office.deputies.rows(list(hours))}
        ordered = sorted(hours.items(), key=lambda x: (-x[1][1], names.get(x[0], "")))
        self.hours.setRowCount(len(ordered))
        for r, (deputy_id, (count, total)) in enumerate(ordered):
            for c, text in enumerate((names.get(deputy_id, ""), f"{count} 次",
                                      f"{format_hours(total)} 学时")):  # fmt: skip
                self.hours.setItem(r, c, QTableWidgetItem(text))
        self.total.setText(
            f"{year}年学习培训 {len(self.rows)} 次；{len(hours)} 名代表参加，每名代表的学时如下："
        )

    def set_hours(self) -> None:
        items = self.trainings.selectedItems()
        if not items:
            show_error(self, "请先选中一次培训", "未选择")
            return
        activity_id = items[0].data(Qt.ItemDataRole.UserRole)
        office = self.context.office
        t = office.trainings.get(activity_id)
        saved = RecordDialog.ask(
            self,
            f"登记学时：{t.topic}",
            [
                FieldDef("mode", "培训方式", "choice", [(m, m) for m in MODES], True),
                FieldDef("hours", "学时", required=True, placeholder="如 4 或 2.5"),
                FieldDef(
                    "organiser_level",
                    "组织单位",
                    "choice",
                    [(v, k) for k, v in LEVELS.items()],
                    True,
                ),
            ],
            {
                "mode": t.mode,
                "hours": format_hours(t.hours) if t.recorded else "",
                "organiser_level": t.organiser_level,
            },
            lambda v: office.trainings.set(activity_id, **v),
        )
        if saved is not None:
            self.context.changed.emit(AREA, [activity_id])
            self.context.deputies_changed.emit([])
            self.reload()
