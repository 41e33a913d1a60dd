"""工作台: the township at a glance and the reminders, the page the program opens on."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from app.core.reminders import Reminder
    from ui.home.dashboard import Charts

LEVEL_COLOURS = {"overdue": "#c62828", "due": "#b26a00", "info": "#37474f"}


def load_home_modules() -> None:
    """Import what the 工作台's first fill uses; reads no database, touches no widget."""
    import app.deputies.overview
    import app.reports.dashboard  # noqa: F401
    from app.areas import all_reminder_sources
    from app.core.chinese import stroke_sort_key
    from app.office import Office

    Office.load_areas()
    all_reminder_sources()
    stroke_sort_key("张")  # the stroke table (0.3 s), for the officials' order (换届 reminders)


class NoCharts(QWidget):
    """Where the charts would be, in a county database: nothing, never shown."""

    figures = None

    def __init__(self) -> None:
        super().__init__()
        self.setVisible(False)

    def refresh(self) -> None:
        pass


class HomePage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.title = QLabel()
        self.title.setObjectName("PageTitle")
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.month_heading = QLabel("本月工作")
        self.month_heading.setObjectName("SectionTitle")
        self.month_work = QLabel()
        self.month_work.setObjectName("MonthWork")
        self.month_work.setWordWrap(True)
        self.month_work.linkActivated.connect(self._open_link)
        heading = QLabel("提醒事项")
        heading.setObjectName("SectionTitle")
        self.list = QListWidget()
        self.list.setObjectName("Reminders")
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.itemActivated.connect(self._open)
        self.list.itemDoubleClicked.connect(self._open)
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.refresh)
        hint = QLabel("双击一条提醒，转到处理它的页面。")
        hint.setObjectName("Hint")
        row = QHBoxLayout()
        row.addWidget(heading)
        row.addStretch()
        row.addWidget(hint)
        row.addWidget(refresh)
        reminders = QWidget()
        left = QVBoxLayout(reminders)
        left.setContentsMargins(0, 0, 0, 0)
        left.addLayout(row)
        left.addWidget(self.list, 1)
        # The charts beside the reminders (ui/home/dashboard.py); a county database shows
        # none and does not load QtCharts at all (it counts against the start).
        self.charts: Charts | NoCharts
        if context.office.mode == "township":
            from ui.home.dashboard import Charts

            self.charts = Charts(context)
        else:
            self.charts = NoCharts()
        beside = QSplitter()  # horizontal
        beside.addWidget(reminders)
        beside.addWidget(self.charts)
        beside.setStretchFactor(0, 1)
        beside.setStretchFactor(1, 2)
        beside.setSizes([1000, 2000])  # a third for the reminders, whatever the width
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.figures)
        layout.addSpacing(8)
        layout.addWidget(self.month_heading)
        layout.addWidget(self.month_work)
        layout.addSpacing(8)
        layout.addWidget(beside, 1)
        self.reminders: list[Reminder] = []
        # The window shows at once; the figures, 本月工作 and the reminders (a query per
        # area) are filled just after its first paint, a quiet line standing meanwhile.
        self.filled = False
        self._loading = False
        self.title.setText(f"{context.office.title}　工作台")
        self.month_heading.setVisible(False)
        self.month_work.setVisible(False)
        self.list.addItem(QListWidgetItem("正在整理提醒…"))
        context.deputies_changed.connect(lambda _ids: self.refresh())
        context.structure_changed.connect(self.refresh)
        context.changed.connect(lambda _area, _ids: self.refresh())

    def _set_formats(self) -> None:
        """Set when the page first fills, not when it is built: the first use of any of
        Qt's own enums (Qt.TextFormat, Qt.ScrollBarPolicy…) makes all ninety of them,
        about 25 ms of the start, and before the fill the labels are empty."""
        qt = QtCore.Qt
        self.figures.setTextFormat(qt.TextFormat.RichText)
        self.month_work.setTextFormat(qt.TextFormat.RichText)
        # Reminders wrap to the list's width: no sideways scrolling (at 1024×768 too).
        self.list.setHorizontalScrollBarPolicy(qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def showEvent(self, event: QShowEvent) -> None:
        if not self.filled:
            from ui.warmup import when_painted

            when_painted(self, self._fill)
        super().showEvent(event)

    def _fill(self) -> None:
        """The modules the figures and reminders need (about 0.5 s the first time) load
        on a thread, the window meanwhile answering; then the page fills (tens of ms)."""
        if self.filled or self._loading or self.context.office.closed:
            return  # a window closed before its first paint may have closed its office too
        if self.context.office.mode != "township":
            self.refresh()  # a county's 工作台: its title only, nothing to load
            return
        from ui.warmup import load_then

        self._loading = True
        load_then(load_home_modules, self._loaded, self)

    @property
    def loading(self) -> bool:
        """Its modules are loading on a thread (the screenshot waits for the fill)."""
        return self._loading

    def _loaded(self) -> None:
        self._loading = False
        if not self.filled and self.isVisible() and not self.context.office.closed:
            self.refresh()

    def refresh(self) -> None:
        if not self.filled:
            self._set_formats()
        self.filled = True
        office = self.context.office
        self.title.setText(f"{office.title}　工作台")
        figures = None
        if office.mode == "township":
            from app.deputies.overview import overview

            figures = overview(office)
        if figures is None:
            self.figures.setText("")
        else:
            self.figures.setText(
                f"{figures.term_name}在任代表 <b>{figures.serving}</b> 名："
                f"乡镇人大代表 {figures.township_deputies} 名，县人大代表 "
                f"{figures.county_deputies} 名，其中女性 {figures.female} 名；"
                f"主席团成员 {figures.presidium} 名。代表小组 {figures.groups} 个，"
                f"选区 {figures.constituencies} 个，联络站（点）{figures.stations} 个。"
            )
        self._show_month_work()
        self.charts.refresh()
        self.reminders = office.reminders()
        self.list.clear()
        for reminder in self.reminders:
            item = QListWidgetItem(f"【{reminder.level_label}】{reminder.area}：{reminder.text}")
            item.setForeground(QBrush(QColor(LEVEL_COLOURS[reminder.level])))
            self.list.addItem(item)
        if not self.reminders:
            self.list.addItem(QListWidgetItem("目前没有需要处理的事项。"))

    def _show_month_work(self) -> None:
        """本月工作: this month's and next month's work in plain words (app.plans.calendar)."""
        office = self.context.office
        shown = office.mode == "township" and office.is_set_up
        self.month_heading.setVisible(shown)
        self.month_work.setVisible(shown)
        if not shown:
            return
        work = office.calendar.month_work()

        def lines(found: list, limit: int) -> str:
            items = []
            for line in found[:limit]:
                text = html.escape(line.text)
                colour = LEVEL_COLOURS[line.level]
                if line.page:
                    link = f"{line.page}:{line.record_id or ''}"
                    text = f"<a href='{link}' style='color:{colour}'>{text}</a>"
                items.append(f"<li style='color:{colour}'>{text}</li>")
            if len(found) > limit:
                items.append(f"<li>另有 {len(found) - limit} 项，见“年度工作—工作日历”</li>")
            return "".join(items) or "<li>没有安排</li>"

        self.month_work.setText(
            f"<b>{work.this_month}</b><ul style='margin:0'>{lines(work.now, 6)}</ul>"
            f"<b>下月（{work.next_month}）</b><ul style='margin:0'>{lines(work.coming, 3)}</ul>"
        )

    def _open_link(self, link: str) -> None:
        page, _sep, record = link.partition(":")
        self.context.open_record(page, int(record) if record else None)

    def _open(self, item: QListWidgetItem) -> None:
        row = self.list.row(item)
        if 0 <= row < len(self.reminders) and self.reminders[row].page:
            reminder = self.reminders[row]
            self.context.open_record(reminder.page, reminder.record_id)
