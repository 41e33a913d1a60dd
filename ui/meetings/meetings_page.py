"""会议: the list of meetings (by kind and year) and, in place of the list, one meeting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.exchange.list_exports import export_meetings
from app.exchange.lists import meeting_columns, on_screen
from app.meetings.meetings import MeetingQuery
from app.meetings.rules import KINDS
from ui.context import AppContext
from ui.meetings.meeting_table import MeetingTableModel
from ui.pages.record_page import export_button, export_list
from ui.widgets.form import Choice
from ui.widgets.lists import SearchBox, list_view
from ui.widgets.messages import show_error

if TYPE_CHECKING:
    from ui.meetings.meeting_view import MeetingView


class MeetingsPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        office = context.office

        title = QLabel("会议")
        title.setObjectName("PageTitle")
        self.kind = Choice([("全部类别", None), *[(label, key) for key, label in KINDS.items()]])
        self.year = Choice()
        self.search = SearchBox("按会议名称或地点查找", self.apply_filters, self)
        self.kind.currentIndexChanged.connect(self.apply_filters)
        self.year.currentIndexChanged.connect(self.apply_filters)
        self.add_button = QPushButton("新建会议…")
        self.add_button.setObjectName("Primary")
        self.add_button.clicked.connect(self.add_meeting)
        self.add_button.setVisible(office.editable)
        self.open_button = QPushButton("打开")
        self.open_button.clicked.connect(self.open_selected)
        self.export_button = export_button(self.export_excel)
        self.count_label = QLabel()
        self.count_label.setObjectName("Hint")

        self.model = MeetingTableModel(
            office, on_screen(meeting_columns(county=office.mode == "county")), self
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        list_view(self.table, self.model)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.activated.connect(self._double_clicked)

        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(16)
        head.addWidget(self.kind)
        head.addWidget(self.year)
        head.addWidget(self.search, 1)
        head.addWidget(self.add_button)
        head.addWidget(self.open_button)
        head.addWidget(self.export_button)
        list_page = QWidget()
        list_layout = QVBoxLayout(list_page)
        list_layout.addLayout(head)
        list_layout.addWidget(self.table, 1)
        list_layout.addWidget(self.count_label)

        self._view: MeetingView | None = None
        self.stack = QStackedWidget()
        self.stack.addWidget(list_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.fill_years()
        self.apply_filters()
        context.changed.connect(self._changed)
        context.structure_changed.connect(self.refresh)
        context.deputies_changed.connect(lambda _ids: self.refresh())

    @property
    def view(self) -> MeetingView:
        """One meeting's view, built when a meeting is first opened (start-up budget)."""
        if self._view is None:
            from ui.meetings.meeting_view import MeetingView

            self._view = MeetingView(self.context)
            self._view.back_requested.connect(self.show_list)
            self.stack.addWidget(self._view)
        return self._view

    # ---- the list -----------------------------------------------------------------------

    def fill_years(self) -> None:
        years = self.context.office.meetings.years()
        self.year.set_items([("全部年份", None), *[(f"{y}年", y) for y in years]])

    def current_query(self) -> MeetingQuery:
        return MeetingQuery(kind=self.kind.value(), year=self.year.value(), text=self.search.text())

    def apply_filters(self) -> None:
        self.search.settle()
        selected = self.selected_id()
        self.model.set_query(self.current_query())
        self.count_label.setText(f"共 {self.model.rowCount()} 次会议。双击或按回车打开。")
        if selected is not None:
            self.select(selected)

    def export_excel(self) -> None:
        """The meetings the list shows (its kind, year and search), all of them."""
        export_list(
            self,
            self.context,
            "会议",
            export_meetings,
            self.current_query(),
            count=self.model.rowCount(),
        )

    def refresh(self) -> None:
        self.fill_years()
        self.apply_filters()
        if self._view is not None and self.stack.currentWidget() is self._view:
            self._view._show_header()

    def _changed(self, area: str, _ids: list) -> None:
        if area == "meetings":
            self.fill_years()
            self.apply_filters()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.meeting_id(rows[0].row()) if rows else None

    def select(self, meeting_id: int) -> bool:
        row = self.model.row_of(meeting_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _double_clicked(self, index: QModelIndex) -> None:
        meeting_id = self.model.meeting_id(index.row())
        if meeting_id is not None:
            self.show_record(meeting_id)

    def open_selected(self) -> None:
        meeting_id = self.selected_id()
        if meeting_id is None:
            show_error(self, "请先在列表中选中一次会议", "未选择")
            return
        self.show_record(meeting_id)

    def show_list(self) -> None:
        self.stack.setCurrentIndex(0)
        self.apply_filters()

    # ---- one meeting --------------------------------------------------------------------

    def show_record(self, meeting_id: int) -> None:
        """Open a meeting (reminders and the deputy's file link here)."""
        view = self._view
        if view is not None and self.stack.currentWidget() is view and not view.leave_ok():
            return
        self.view.show_meeting(meeting_id)
        self.stack.setCurrentWidget(self.view)

    def add_meeting(self, kind: str | None = None) -> None:
        from ui.meetings.meeting_dialog import MeetingDialog

        kind = kind or self.kind.value() or "session"
        saved = MeetingDialog.edit(self.context.office, None, self, kind=kind)
        if saved is None:
            return
        self.context.changed.emit("meetings", [saved.id])
        self.fill_years()
        self.apply_filters()
        self.show_record(saved.id)
        self.view.tabs.setCurrentWidget(self.view.attendance)
