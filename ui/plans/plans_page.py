"""年度工作: the year's work plan (年度工作要点) with what became of each item, and the
calendar of the office's year (a month view and the coming four weeks)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.core.errors import RendaError
from app.plans.calendar import CalendarEntry, month_bounds, next_month
from app.plans.lunar import lunar_day
from app.plans.plans import PlanItem
from app.plans.rules import KINDS, STATUS
from ui.context import AppContext
from ui.pages.record_page import year_choice, year_items
from ui.printing.actions import preview_pdf
from ui.widgets.form import Choice
from ui.widgets.messages import confirm, show_error
from ui.widgets.record_dialog import FieldDef, RecordDialog

AREA = "plans"
STATUS_COLOURS = {
    "done": "#2e7d32",
    "held": "#2e7d32",
    "arranged": "#1565c0",
    "planned": "#1565c0",
    "pending": "#b26a00",
    "due": "#b26a00",
    "overdue": "#c62828",
    "info": "#37474f",
}
COLUMNS = ("时间", "类型", "工作内容", "牵头负责", "完成情况", "办理结果")
WEEKDAYS = "一二三四五六日"


def item_fields() -> list[FieldDef]:
    return [
        FieldDef("month", "计划月份", required=True, placeholder="1 到 12，如 3；有具体日期可不填"),
        FieldDef("date", "具体日期", placeholder="可不填，如 2026-03-12"),
        FieldDef("kind", "类型", "choice", [("", None), *[(v, k) for k, v in KINDS.items()]], True),
        FieldDef("subject", "工作内容", required=True, placeholder="如：视察全镇农村饮水安全工程"),
        FieldDef("lead", "牵头负责", placeholder="如：人大副主席、东片代表小组"),
        FieldDef("note", "备注"),
    ]


class PlansPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        office = context.office
        self.editable = office.editable
        heading = QLabel("年度工作")
        heading.setObjectName("PageTitle")
        if not (office.mode == "township" and office.is_set_up):
            # A county database holds the townships' records, not an office's own year.
            note = QLabel(
                "年度工作要点、工作日历、坐班安排由各乡镇人大编制；县级汇总数据库不在此编制。"
                if office.mode == "county"
                else "请先完成初始设置。"
            )
            note.setObjectName("Hint")
            layout = QVBoxLayout(self)
            layout.addWidget(heading)
            layout.addWidget(note)
            layout.addStretch()
            self.tabs = None
            return
        self.tabs = QTabWidget()
        self.tabs.addTab(self._plan_tab(), "工作要点")
        self.tabs.addTab(self._calendar_tab(), "工作日历")
        from ui.plans.roster_tab import RosterTab

        self.roster = RosterTab(context)
        self.tabs.addTab(self.roster, "坐班安排")
        from ui.plans.groups_tab import GroupPlansTab

        self.group_plans = GroupPlansTab(context)
        self.tabs.addTab(self.group_plans, "小组计划")
        from ui.plans.training_tab import TrainingTab

        self.training = TrainingTab(context)
        self.tabs.addTab(self.training, "学习培训")
        from ui.plans.term_tab import TermTab

        self.term_tab = TermTab(context)
        self.tabs.addTab(self.term_tab, "换届")
        self.new_term_button = QPushButton("开始新一届（换届）…")
        self.new_term_button.setToolTip("换届选举完成后开始新一届：连任代表转入，上一届记录保留")
        self.new_term_button.clicked.connect(self.start_new_term)
        self.new_term_button.setEnabled(self.editable)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch()
        top.addWidget(self.new_term_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.items: list[PlanItem] = []
        self.reload()
        context.changed.connect(lambda _area, _ids: self.reload())
        context.structure_changed.connect(self.reload)

    def start_new_term(self) -> None:
        from ui.plans.new_term_dialog import NewTermDialog
        from ui.widgets.messages import show_info

        result = NewTermDialog.ask(self.context.office, self)
        if result is None:
            return
        self.context.structure_changed.emit()
        self.context.deputies_changed.emit([])
        show_info(self, result.text + "。新当选的代表请在“代表名册”中登记。", "换届完成")

    # ---- the plan ---------------------------------------------------------------------

    def _plan_tab(self) -> QWidget:
        office = self.context.office
        years = office.plans.years() if office.is_set_up else []
        self.year = year_choice(sorted({*years, dates.today().year}, reverse=True), self.reload)
        self.status = Choice([("全部事项", None), *[(label, key) for key, label in STATUS.items()]])
        self.status.currentIndexChanged.connect(lambda _i: self._reload_plan())
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.adopt_button = QPushButton("通过会议…")
        self.adopt_button.setToolTip("选择审议通过本年度工作要点的主席团会议")
        self.adopt_button.clicked.connect(self.choose_meeting)
        self.add_button = QPushButton("添加事项")
        self.add_button.setObjectName("Primary")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton("编辑")
        self.edit_button.clicked.connect(self.edit)
        self.delete_button = QPushButton("删除")
        self.delete_button.clicked.connect(self.delete)
        self.carry_button = QPushButton("办理…")
        self.carry_button.setToolTip("事项开展时，由它登记会议或代表活动，两者互相关联")
        self.carry_button.clicked.connect(self.carry)
        self.done_button = QPushButton("标记完成…")
        self.done_button.setToolTip("没有会议或活动记录的事项（如代表述职）完成后在此标记")
        self.done_button.clicked.connect(self.mark_done)
        self.undo_button = QPushButton("取消完成")
        self.undo_button.setToolTip("取消完成标记，或取消与会议、活动的关联（记录本身保留）")
        self.undo_button.clicked.connect(self.undo)
        self.print_button = QPushButton("打印工作要点")
        self.print_button.clicked.connect(self.print_plan)
        for button in (
            self.adopt_button,
            self.add_button,
            self.edit_button,
            self.delete_button,
            self.carry_button,
            self.done_button,
            self.undo_button,
        ):
            button.setEnabled(self.editable)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("PlanItems")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().setDefaultSectionSize(28)
        # The short columns keep their width; 工作内容 and 办理结果 share what is left, so
        # the table fits at 1024×768 without scrolling sideways. A cut text ends in "…" and
        # its cell's tooltip holds it whole.
        header = self.table.horizontalHeader()
        for column, width in enumerate((64, 112, 0, 100, 76, 0)):
            if width:
                self.table.setColumnWidth(column, width)
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        hint = QLabel("双击：已办理的打开会议或活动，未办理的编辑")
        hint.setObjectName("Hint")

        tab = QWidget()
        row = QHBoxLayout()
        row.addWidget(QLabel("年份"))
        row.addWidget(self.year)
        row.addWidget(QLabel("状态"))
        row.addWidget(self.status)
        row.addWidget(self.adopt_button)
        row.addStretch()
        row.addWidget(self.print_button)
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.edit_button,
            self.delete_button,
            self.carry_button,
            self.done_button,
            self.undo_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(hint)
        layout = QVBoxLayout(tab)
        layout.addLayout(row)
        layout.addWidget(self.header)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        return tab

    def reload(self) -> None:
        office = self.context.office
        if self.tabs is None or not office.is_set_up or office.mode != "township":
            return
        self._reload_plan()
        self._reload_calendar()
        self.term_tab.reload()

    def _reload_plan(self) -> None:
        office = self.context.office
        year = self.year.value() or dates.today().year
        chosen = self.selected_id()
        plan = office.plans.for_year(year)
        status = self.status.value()
        items = office.plans.items(plan.id) if plan else []
        self.items = [i for i in items if status is None or i.status == status]
        if plan is None:
            self.header.setText(f"<b>{year}年还没有工作要点。</b>点“添加事项”开始编制。")
        else:
            summary = office.plans.summary(year)
            self.header.setText(f"<b>{plan.title}</b>　{plan.adopted_label}<br>{summary.text}")
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            texts = (
                item.when_label,
                item.kind_label,
                item.subject + (f"（{item.note}）" if item.note else ""),
                item.lead,
                item.status_label,
                item.record_label,
            )
            for column, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, item.id)
                cell.setToolTip(text)
                if column == 4:
                    cell.setForeground(QBrush(QColor(STATUS_COLOURS[item.status])))
                self.table.setItem(row, column, cell)
            if item.id == chosen:
                self.table.selectRow(row)

    def selected_id(self) -> int | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def selected(self) -> PlanItem | None:
        item_id = self.selected_id()
        if item_id is None:
            show_error(self, "请先在列表中选中一项工作要点", "未选择")
            return None
        return self.context.office.plans.item(item_id)

    def show_record(self, record_id: int | None) -> None:
        """Show a plan item (from a reminder, the calendar or 本月工作)."""
        if self.tabs is None:
            return
        self.tabs.setCurrentIndex(0)
        if record_id is None:
            return
        try:
            item = self.context.office.plans.item(record_id)
        except RendaError:
            return
        self.year.set_items(
            year_items(sorted({*self.context.office.plans.years(), item.year}, reverse=True))
        )
        self.year.set_value(item.year)
        self.status.set_value(None)
        self._reload_plan()
        for row, shown in enumerate(self.items):
            if shown.id == record_id:
                self.table.selectRow(row)

    def show_status(self, year: int, status: str | None) -> None:
        """The items of a year's plan in one state (a chart of the 工作台 opens the list so)."""
        if self.tabs is None:
            return
        self.tabs.setCurrentIndex(0)
        for widget in (self.year, self.status):
            widget.blockSignals(True)
        self.year.set_value(year)
        self.status.set_value(status)
        for widget in (self.year, self.status):
            widget.blockSignals(False)
        self._reload_plan()

    def _saved(self, item: PlanItem | None) -> None:
        if item is None:
            return
        self.context.changed.emit(AREA, [item.id])
        self.show_record(item.id)

    def add(self) -> PlanItem | None:
        office = self.context.office
        year = self.year.value() or dates.today().year
        saved = RecordDialog.ask(
            self,
            f"添加{year}年工作要点事项",
            item_fields(),
            {},
            lambda v: office.plans.add_item(year=year, **v),
            hint=f"事项的月份或日期须在{year}年内。会议、视察、调研等事项开展时，可用“办理”登记。",
        )
        self._saved(saved)
        return saved

    def edit(self) -> None:
        item = self.selected()
        if item is None:
            return
        office = self.context.office
        saved = RecordDialog.ask(
            self,
            f"编辑工作要点事项：{item.subject}",
            item_fields(),
            item.form_values(),
            lambda v: office.plans.update_item(item.id, **v),
        )
        self._saved(saved)

    def delete(self) -> None:
        item = self.selected()
        if item is None:
            return
        kept = "（已登记的会议或活动保留）" if item.meeting_id or item.activity_id else ""
        if confirm(self, "删除工作要点事项", f"确定删除“{item.subject}”吗？{kept}"):
            self.context.office.plans.delete_item(item.id)
            self.context.changed.emit(AREA, [item.id])

    def carry(self) -> None:
        item = self.selected()
        if item is None:
            return
        if item.meeting_id or item.activity_id:
            show_error(self, f"这一事项已办理：{item.record_label}")
            return
        if not item.becomes:
            show_error(
                self, f"“{item.kind_label}”类事项没有对应的会议或活动记录，完成后请“标记完成”"
            )
            return
        from ui.plans.carry_dialogs import carry_out

        saved = carry_out(self.context.office, item, self)
        if saved is not None:
            self.context.changed.emit("meetings" if saved.meeting_id else "activities", [])
            self.context.deputies_changed.emit([])
            self._saved(saved)

    def mark_done(self) -> None:
        item = self.selected()
        if item is None:
            return
        office = self.context.office
        saved = RecordDialog.ask(
            self,
            f"标记完成：{item.subject}",
            [
                FieldDef("date", "完成日期", required=True, placeholder="如 2026-03-28"),
                FieldDef("note", "完成情况", placeholder="如：8 名代表向选民述职"),
            ],
            {"date": dates.today().isoformat()},
            lambda v: office.plans.mark_done(item.id, **v),
        )
        self._saved(saved)

    def undo(self) -> None:
        item = self.selected()
        if item is None:
            return
        plans = self.context.office.plans
        if item.meeting_id or item.activity_id:
            if not confirm(
                self,
                "取消关联",
                f"取消“{item.subject}”与{item.record_label}的关联吗？会议或活动记录本身保留。",
            ):
                return
            self._saved(plans.unlink(item.id))
        elif item.done_date:
            self._saved(plans.mark_not_done(item.id))

    def open_selected(self) -> None:
        item_id = self.selected_id()
        if item_id is None:
            return
        item = self.context.office.plans.item(item_id)
        if item.meeting_id:
            self.context.open_record("meetings", item.meeting_id)
        elif item.activity_id:
            self.context.open_record("activities", item.activity_id)
        elif self.editable:
            self.edit()

    def choose_meeting(self) -> None:
        office = self.context.office
        year = self.year.value() or dates.today().year
        plan = office.plans.ensure(year)
        meetings = office.plans.adopting_meetings(plan.id)
        if not meetings:
            show_error(self, f"{year}年还没有登记主席团会议，请先在“会议”页新建主席团会议")
            return
        choices = [("（尚未通过）", None)] + [
            (f"{title}（{dates.format_date(day)}）", mid) for mid, title, day in meetings
        ]
        saved = RecordDialog.ask(
            self,
            "审议通过工作要点的会议",
            [FieldDef("meeting_id", "通过会议", "choice", choices)],
            {"meeting_id": plan.adopted_meeting_id},
            lambda v: office.plans.adopt(plan.id, meeting_id=v["meeting_id"]),
        )
        if saved is not None:
            self.context.changed.emit(AREA, [])

    def print_plan(self) -> None:
        from app.documents.work_plan import work_plan_pdf

        year = self.year.value() or dates.today().year
        preview_pdf(
            self,
            self.context,
            lambda ctx: work_plan_pdf(ctx.office, year),
            title=f"{year}年工作要点",
            file_name=f"{year}年工作要点",
        )

    def show_duty(self, station_id: int, day: str) -> None:
        """The roster tab on a station's month."""
        self.tabs.setCurrentWidget(self.roster)
        self.roster.shown_month = (int(day[:4]), int(day[5:7]))
        self.roster.station.set_value(station_id)
        self.roster.reload()

    # ---- the calendar -----------------------------------------------------------------

    def _calendar_tab(self) -> QWidget:
        today = dates.today()
        self.shown_month = (today.year, today.month)
        self.month_label = QLabel()
        self.month_label.setObjectName("SectionTitle")
        back = QPushButton("◀ 上月")
        back.clicked.connect(lambda: self.move_month(-1))
        forward = QPushButton("下月 ▶")
        forward.clicked.connect(lambda: self.move_month(1))
        this = QPushButton("本月")
        this.clicked.connect(self.this_month)
        self.grid = QTableWidget(6, 7)
        self.grid.setObjectName("MonthGrid")
        self.grid.setHorizontalHeaderLabels([f"星期{d}" for d in WEEKDAYS])
        self.grid.verticalHeader().setVisible(False)
        self.grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.grid.setWordWrap(True)
        self.grid.horizontalHeader().setSectionResizeMode(
            self.grid.horizontalHeader().ResizeMode.Stretch
        )
        self.grid.verticalHeader().setSectionResizeMode(
            self.grid.verticalHeader().ResizeMode.Stretch
        )
        self.grid.currentCellChanged.connect(lambda *_a: self._show_day())
        self.grid.cellDoubleClicked.connect(lambda *_a: self._open_first_of_day())
        self.day_list = QListWidget()
        self.day_list.setObjectName("DayEntries")
        self.day_list.setWordWrap(True)
        self.day_list.itemDoubleClicked.connect(self._open_entry)
        self.coming_list = QListWidget()
        self.coming_list.setObjectName("ComingEntries")
        self.coming_list.setWordWrap(True)
        self.coming_list.itemDoubleClicked.connect(self._open_entry)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.day_title = QLabel("当天")
        self.day_title.setObjectName("SectionTitle")
        side_layout.addWidget(self.day_title)
        side_layout.addWidget(self.day_list, 1)
        coming_title = QLabel("今后四周")
        coming_title.setObjectName("SectionTitle")
        side_layout.addWidget(coming_title)
        side_layout.addWidget(self.coming_list, 2)
        split = QSplitter()
        split.addWidget(self.grid)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        nav = QHBoxLayout()
        nav.addWidget(back)
        nav.addWidget(self.month_label)
        nav.addWidget(forward)
        nav.addWidget(this)
        nav.addStretch()
        legend = QLabel(
            "双击一项打开它的记录。绿色：已召开、已完成；蓝色：已安排；橙色：待办；红色：逾期。"
        )
        legend.setObjectName("Hint")
        nav.addWidget(legend)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(nav)
        layout.addWidget(split, 1)
        self.month_entries: list[CalendarEntry] = []
        return tab

    def move_month(self, step: int) -> None:
        y, m = self.shown_month
        if step > 0:
            self.shown_month = next_month(y, m)
        else:
            self.shown_month = (y - 1, 12) if m == 1 else (y, m - 1)
        self._reload_calendar()

    def this_month(self) -> None:
        today = dates.today()
        self.shown_month = (today.year, today.month)
        self._reload_calendar()

    def _cell_day(self, row: int, column: int) -> date | None:
        y, m = self.shown_month
        first, last = month_bounds(y, m)
        day = first - timedelta(days=first.weekday()) + timedelta(days=row * 7 + column)
        return day if first <= day <= last else None

    def _reload_calendar(self) -> None:
        office = self.context.office
        y, m = self.shown_month
        self.month_label.setText(f"{y}年{m}月")
        self.month_entries = office.calendar.month(y, m)
        by_day: dict[str, list[CalendarEntry]] = {}
        for entry in self.month_entries:
            by_day.setdefault(entry.date, []).append(entry)
        today = dates.today()
        month_wide = [e for e in self.month_entries if e.whole_month]
        for row in range(6):
            for column in range(7):
                day = self._cell_day(row, column)
                if day is None:
                    cell = QTableWidgetItem("")
                    cell.setFlags(Qt.ItemFlag.NoItemFlags)
                    self.grid.setItem(row, column, cell)
                    continue
                entries = [e for e in by_day.get(day.isoformat(), []) if not e.whole_month]
                # The lunar day beside the solar one, as a wall calendar has it (markets
                # and many duty days go by it); the first of a lunar month names the month.
                lunar = lunar_day(day)
                moon = "" if lunar is None else (
                    lunar.month_label if lunar.day == 1 else lunar.day_label
                )  # fmt: skip
                lines = [f"{day.day} {moon}" + ("（今天）" if day == today else "")]
                lines += [f"· {e.kind_label}：{e.title}" for e in entries[:3]]
                if len(entries) > 3:
                    lines.append(f"另有 {len(entries) - 3} 项")
                cell = QTableWidgetItem("\n".join(lines))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                cell.setData(Qt.ItemDataRole.UserRole, day.isoformat())
                cell.setToolTip("\n".join(f"{e.kind_label}：{e.title}" for e in entries))
                if entries:
                    worst = "overdue" if any(e.status == "overdue" for e in entries) else None
                    colour = STATUS_COLOURS[worst or entries[0].status]
                    cell.setForeground(QBrush(QColor(colour)))
                if day == today:
                    cell.setBackground(QBrush(QColor("#fff8e1")))
                self.grid.setItem(row, column, cell)
        self._fill(self.coming_list, office.calendar.coming(4), dated=True)
        self.day_title.setText(f"{y}年{m}月内（未定具体日期的工作要点）")
        self._fill(self.day_list, month_wide, dated=False)

    def _fill(self, widget: QListWidget, entries: list[CalendarEntry], *, dated: bool) -> None:
        widget.clear()
        for entry in entries:
            when = f"{entry.when_label}　" if dated else ""
            status = f"（{entry.status_label}）" if entry.status_label else ""
            item = QListWidgetItem(f"{when}{entry.kind_label}：{entry.title}{status}")
            item.setData(
                Qt.ItemDataRole.UserRole, (entry.page, entry.record_id, entry.kind, entry.date)
            )
            item.setForeground(QBrush(QColor(STATUS_COLOURS.get(entry.status, "#37474f"))))
            widget.addItem(item)
        if not entries:
            widget.addItem(QListWidgetItem("（无）"))

    def _show_day(self) -> None:
        cell = self.grid.currentItem()
        day = cell.data(Qt.ItemDataRole.UserRole) if cell else None
        if not day:
            return
        entries = [e for e in self.month_entries if e.date == day and not e.whole_month]
        self.day_title.setText(dates.format_date(day))
        self._fill(self.day_list, entries, dated=False)

    def _open_first_of_day(self) -> None:
        if self.day_list.count():
            self._open_entry(self.day_list.item(0))

    def _open_entry(self, item: QListWidgetItem) -> None:
        data: Any = item.data(Qt.ItemDataRole.UserRole)
        if not data or not data[0]:
            return
        page, record_id, kind, day = data
        if kind == "duty":
            self.show_duty(record_id, day)
        elif page == AREA:
            self.show_record(record_id)
        else:
            self.context.open_record(page, record_id)
