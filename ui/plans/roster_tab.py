"""坐班安排: a liaison station's duty cycle (market days by the solar or lunar calendar, or
weekdays), its month's roster made by turns or set day by day (each day shown with its lunar
date), and the printable 坐班安排表 for the station's board."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.core.errors import RendaError, ValidationError
from app.plans.calendar import next_month
from app.plans.rules import CALENDARS, CYCLE_KINDS
from ui.context import AppContext
from ui.printing.actions import preview_pdf
from ui.widgets.deputy_picker_dialog import DeputyPickerDialog
from ui.widgets.form import Choice, FormGrid
from ui.widgets.messages import confirm, show_error, show_info

AREA = "duty_roster"


class RosterTab(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        office = context.office
        editable = office.editable
        today = dates.today()
        self.shown_month = (today.year, today.month)
        stations = office.stations.list() if office.is_set_up else []
        self.station = Choice([(s.name, s.id) for s in stations])
        self.station.setMinimumWidth(240)
        self.station.currentIndexChanged.connect(lambda _i: self.reload())
        self.month_label = QLabel()
        self.month_label.setObjectName("SectionTitle")
        back = QPushButton("◀ 上月")
        back.clicked.connect(lambda: self.move_month(-1))
        forward = QPushButton("下月 ▶")
        forward.clicked.connect(lambda: self.move_month(1))

        self.form = FormGrid(3)
        self.kind = Choice([(label, key) for key, label in CYCLE_KINDS.items()])
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.form.add("kind", "坐班方式", self.kind)
        self.calendar = Choice([(label, key) for key, label in CALENDARS.items()])
        self.calendar.setToolTip("赶集日按公历还是农历计算（如 逢农历一四七）")
        self.form.add("calendar", "赶集历法", self.calendar)
        self.days = QLineEdit()
        self.days.setPlaceholderText("如 逢三六九、农历逢一四七、1,4,7；每周一三五")
        self.days.setToolTip(
            "赶集日写日子的末位数：逢三六九（369）即每月3、6、9、13……29日；"
            "写“农历逢一四七”按农历初一、初四、初七……计算。每周固定日写 135（周一、三、五）。"
        )
        self.form.add("days", "坐班日", self.days)
        self.per_day = QLineEdit()
        self.per_day.setPlaceholderText("每次几名代表")
        self.form.add("per_day", "每次人数", self.per_day)
        self.start_time = QLineEdit()
        self.start_time.setPlaceholderText("如 09:00")
        self.form.add("start_time", "开始时间", self.start_time)
        self.end_time = QLineEdit()
        self.end_time.setPlaceholderText("如 12:00")
        self.form.add("end_time", "结束时间", self.end_time)
        self.workdays_only = QCheckBox("赶集日遇周末不坐班")
        self.save_cycle_button = QPushButton("保存坐班规则")
        self.save_cycle_button.clicked.connect(self.save_cycle)
        self.make_button = QPushButton("按规则排班")
        self.make_button.setObjectName("Primary")
        self.make_button.setToolTip("按坐班日规则排本月的班，本站在任代表轮流坐班")
        self.make_button.clicked.connect(self.make_month)
        self.day_button = QPushButton("修改当天…")
        self.day_button.clicked.connect(self.edit_day)
        self.delete_button = QPushButton("取消当天")
        self.delete_button.clicked.connect(self.delete_day)
        self.print_button = QPushButton("打印坐班安排表")
        self.print_button.clicked.connect(self.print_roster)
        for button in (self.save_cycle_button, self.make_button, self.day_button,
                       self.delete_button):  # fmt: skip
            button.setEnabled(editable)
        self.cycle_note = QLabel()
        self.cycle_note.setObjectName("Hint")
        self.cycle_note.setWordWrap(True)

        self.table = QTableWidget(0, 4)
        self.table.setObjectName("DutyDays")
        self.table.setHorizontalHeaderLabels(["坐班日期", "农历", "星期", "坐班代表"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setColumnWidth(0, 150)
        self.table.setColumnWidth(1, 110)
        self.table.setColumnWidth(2, 80)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_day() if editable else None)

        top = QHBoxLayout()
        top.addWidget(QLabel("联络站（点）"))
        top.addWidget(self.station)
        top.addSpacing(12)
        top.addWidget(back)
        top.addWidget(self.month_label)
        top.addWidget(forward)
        top.addStretch()
        top.addWidget(self.print_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.workdays_only)
        for button in (self.save_cycle_button, self.make_button, self.day_button,
                       self.delete_button):  # fmt: skip
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.form)
        layout.addWidget(self.cycle_note)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.reload()

    def station_id(self) -> int | None:
        return self.station.value()

    def _kind_changed(self) -> None:
        # Weekdays are the same in both calendars.
        self.calendar.setEnabled(self.kind.value() == "market")

    def move_month(self, step: int) -> None:
        y, m = self.shown_month
        self.shown_month = next_month(y, m) if step > 0 else ((y - 1, 12) if m == 1 else (y, m - 1))
        self.reload()

    def reload(self) -> None:
        y, m = self.shown_month
        self.month_label.setText(f"{y}年{m}月")
        station_id = self.station_id()
        if station_id is None:
            self.cycle_note.setText("还没有联络站（点），请先在“基础数据”中添加。")
            self.table.setRowCount(0)
            return
        roster = self.context.office.duty_roster
        cycle = roster.cycle(station_id)
        self.form.set_values(
            {
                "kind": cycle.kind,
                "calendar": cycle.calendar,
                "days": cycle.label.split("（")[0] if cycle.kind == "market" else cycle.days,
                "per_day": str(cycle.per_day),
                "start_time": cycle.start_time,
                "end_time": cycle.end_time,
            }
        )
        self.workdays_only.setChecked(cycle.workdays_only)
        self._kind_changed()
        state = "" if cycle.saved else "（尚未设置，以下为默认值）"
        self.cycle_note.setText(
            f"本站坐班日：{cycle.label}{state}，即{cycle.understood}。"
            "个别日子有变动的，选中后“修改当天”。"
        )
        self.days_shown = roster.month(station_id, y, m)
        self.table.setRowCount(len(self.days_shown))
        for row, day in enumerate(self.days_shown):
            for column, text in enumerate(
                (
                    dates.format_date(day.date),
                    day.lunar_label,
                    day.weekday_label,
                    "、".join(day.names),
                )
            ):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, day.date)
                self.table.setItem(row, column, cell)

    def save_cycle(self) -> bool:
        station_id = self.station_id()
        if station_id is None:
            return False
        values = self.form.values()
        try:
            self.context.office.duty_roster.set_cycle(
                station_id,
                kind=values["kind"],
                days=values["days"],
                calendar=values["calendar"] or "solar",
                per_day=values["per_day"],
                start_time=values["start_time"],
                end_time=values["end_time"],
                workdays_only=self.workdays_only.isChecked(),
            )
        except ValidationError as exc:
            self.form.show_refusal(exc, self)
            return False
        self.form.show_messages({}, {})
        self.context.changed.emit(AREA, [station_id])
        self.reload()
        return True

    def make_month(self) -> None:
        station_id = self.station_id()
        if station_id is None or not self.save_cycle():
            return
        y, m = self.shown_month
        roster = self.context.office.duty_roster
        replace = False
        if roster.month(station_id, y, m):
            if not confirm(self, "重新排班", f"{y}年{m}月已经排班，按规则重新排班吗？"):
                return
            replace = True
        try:
            days = roster.make_month(station_id, y, m, replace=replace)
        except RendaError as exc:
            show_error(self, exc)
            return
        self.context.changed.emit(AREA, [station_id])
        self.reload()
        show_info(self, f"已排 {y}年{m}月 {len(days)} 个坐班日。", "排班完成")

    def selected_day(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def edit_day(self) -> None:
        station_id = self.station_id()
        day = self.selected_day()
        if station_id is None or day is None:
            show_error(self, "请先在列表中选中一个坐班日", "未选择")
            return
        office = self.context.office
        chosen = office.duty_roster.on_duty(station_id, day)
        dialog = DeputyPickerDialog(
            office,
            title=f"{dates.format_date(day)}坐班代表",
            note="勾选这一天坐班的代表。已终止代表资格或暂停执行代表职务的代表不能安排坐班。",
            term_id=office.current_term_id(),
            chosen=chosen,
            apply=lambda ids: office.duty_roster.set_day(station_id, date=day, deputy_ids=ids),
            parent=self,
        )
        if dialog.exec():
            self.context.changed.emit(AREA, [station_id])
            self.reload()

    def delete_day(self) -> None:
        station_id = self.station_id()
        day = self.selected_day()
        if station_id is None or day is None:
            show_error(self, "请先在列表中选中一个坐班日", "未选择")
            return
        if confirm(self, "取消坐班日", f"取消{dates.format_date(day)}的坐班安排吗？"):
            self.context.office.duty_roster.delete_day(station_id, day)
            self.context.changed.emit(AREA, [station_id])
            self.reload()

    def print_roster(self) -> None:
        from app.documents.duty_roster import duty_roster_pdf

        station_id = self.station_id()
        if station_id is None:
            return
        y, m = self.shown_month
        name = self.station.currentText()
        preview_pdf(
            self,
            self.context,
            lambda ctx: duty_roster_pdf(ctx.office, station_id, y, m),
            title=f"{name}坐班安排表",
            file_name=f"{name}坐班安排表_{y}年{m}月",
        )
