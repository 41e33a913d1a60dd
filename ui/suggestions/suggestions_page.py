"""建议办理: the list of suggestions (filters, full-text search in Chinese) above the chosen
one's detail; handling units and their workload; the yearly rates."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.exchange.list_exports import export_suggestions
from app.exchange.lists import on_screen, suggestion_columns
from app.suggestions.records import SuggestionQuery
from app.suggestions.rules import DUE_FILTERS, STATUS_FILTERS
from ui.context import AppContext
from ui.pages.record_page import export_button, export_list
from ui.suggestions.print_actions import print_assignment
from ui.suggestions.stats_tab import SuggestionStatsTab
from ui.suggestions.suggestion_detail import SuggestionDetail
from ui.suggestions.suggestion_table import SuggestionTableModel
from ui.suggestions.units_tab import HandlingUnitsTab
from ui.widgets.form import Choice
from ui.widgets.lists import SearchBox, list_view
from ui.widgets.messages import confirm, show_error
from ui.widgets.screen import scrolling

AREA = "suggestions"


class SuggestionListTab(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        office = context.office
        self.editable = office.editable

        self.search = SearchBox(
            "搜索：标题、内容、编号、代表或承办单位名称（一两个字也能查，空格隔开表示同时包含）",
            self.apply_filters,
            self,
        )
        self.search.returnPressed.connect(self.apply_filters)
        self.add_button = QPushButton("登记建议")
        self.add_button.setObjectName("Primary")
        self.add_button.clicked.connect(self.register)
        self.batch_button = QPushButton("交办会（批量交办）…")
        self.batch_button.clicked.connect(self.assign_many)
        for b in (self.add_button, self.batch_button):
            b.setVisible(self.editable)

        self.year = Choice()
        self.status = Choice([("全部状态", None), *[(v, k) for k, v in STATUS_FILTERS.items()]])
        self.unit = Choice()
        self.category = Choice()
        self.due = Choice([("全部期限", None), *[(v, k) for k, v in DUE_FILTERS.items()]])
        self.kind = Choice([("建议和议案", None), ("建议", "suggestion"), ("议案", "motion")])
        self.fill_filters()
        # Narrow enough for 1024 pixels with the township column of a county (the unit
        # and category lists hold long names); the open list shows them whole.
        for combo, characters in (
            (self.year, 5),
            (self.status, 6),
            (self.unit, 8),
            (self.category, 6),
            (self.due, 6),
            (self.kind, 6),
        ):
            combo.compact(characters)
            combo.currentIndexChanged.connect(self.apply_filters)
        self.count_label = QLabel()
        self.count_label.setObjectName("Hint")

        self.model = SuggestionTableModel(
            office, on_screen(suggestion_columns(county=office.mode == "county")), self
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        # The list opens newest first, an order of no column: no indicator, and no sort
        # query when sorting is switched on.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicatorShown(False)
        self.model.sorted.connect(lambda: self.table.horizontalHeader().setSortIndicatorShown(True))
        list_view(self.table, self.model)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.detail = SuggestionDetail(context)
        self.detail.changed.connect(self._detail_changed)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        # The detail scrolls inside its pane, so a small screen still shows a useful list;
        # the list gets the larger share (the detail is empty until a row is chosen).
        splitter.addWidget(scrolling(self.detail))
        splitter.setStretchFactor(0, 6)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([420, 340])

        head = QHBoxLayout()
        head.addWidget(self.search, 1)
        head.addWidget(self.add_button)
        head.addWidget(self.batch_button)
        self.export_button = export_button(self.export_excel, head)
        filters = QHBoxLayout()
        for widget in (self.year, self.status, self.unit, self.category, self.due, self.kind):
            filters.addWidget(widget)
        filters.addStretch()
        filters.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        self.apply_filters()

    # ---- filters ----------------------------------------------------------------------

    def fill_filters(self) -> None:
        office = self.context.office
        self.year.set_items(
            [("全部年度", None), *[(f"{y}年", y) for y in office.suggestions.years()]]
        )
        units = office.handling_units.list()
        if office.mode == "county":
            townships = {t.id: t.name for t in office.townships.list()}
            unit_items = [(f"{townships.get(u.township_id, '')}·{u.name}", u.id) for u in units]
        else:
            unit_items = [(u.name + ("（已停用）" if not u.active else ""), u.id) for u in units]
        self.unit.set_items([("全部承办单位", None), *unit_items])
        self.category.set_items(
            [
                ("全部类别", None),
                *[(v, v) for v in office.reference.values("suggestion_categories")],
            ]
        )

    def current_query(self) -> SuggestionQuery:
        return SuggestionQuery(
            text=self.search.text(),
            year=self.year.value(),
            status=self.status.value(),
            unit_id=self.unit.value(),
            category=self.category.value(),
            due=self.due.value(),
            kind=self.kind.value(),
            sort=self.model.query.sort,
            descending=self.model.query.descending,
        )

    def apply_filters(self) -> None:
        self.search.settle()
        selected = self.selected_id()
        self.model.set_query(self.current_query())
        self._show_count()
        if selected is None or not self.select(selected):
            self.detail.show_suggestion(None)

    def _show_count(self) -> None:
        """How many the filters find: known when the list holds them all; otherwise
        (a county or a prefecture: up to 500,000) counted off the UI thread, the label
        saying so meanwhile."""
        if self.model.complete:
            self.total: int | None = self.model.rowCount()
            self.count_label.setText(f"共 {self.total} 件")
            return
        self.total = None
        query = replace(self.model.query, sort="registered", descending=True)
        self._counting = query
        self.count_label.setText(f"{self.model.rowCount()} 件以上，正在统计总数…")
        self.context.runner.run(
            lambda ctx: ctx.office.suggestions.count(query),
            on_done=lambda n: self._counted(query, n),
            on_error=lambda _exc: self._counted(query, None),
        )

    def _counted(self, query: SuggestionQuery, total: int | None) -> None:
        if query != self._counting:  # the filters changed meanwhile: a newer count comes
            return
        self.total = total
        if total is None:
            self.count_label.setText(f"{self.model.rowCount()} 件以上")
        else:
            self.count_label.setText(f"共 {total} 件")

    def export_excel(self) -> None:
        """Every suggestion the filters and search find, in the list's order (a county's
        100,000 take a few seconds, with progress and 取消)."""
        export_list(
            self,
            self.context,
            "代表建议",
            export_suggestions,
            self.current_query(),
            count=self.total,
        )

    def show_unit(self, unit_id: int) -> None:
        """The view of one handling unit: its suggestions, overdue first to the eye."""
        self.search.clear()
        for combo in (self.year, self.status, self.category, self.due, self.kind):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.unit.set_value(unit_id)
        self.apply_filters()

    def show_filtered(
        self,
        *,
        year: int | None = None,
        status: str | None = None,
        unit_id: int | None = None,
        due: str | None = None,
    ) -> None:
        """The list with these filters and no other (a chart of the 工作台 opens it so)."""
        self.search.clear()
        values = {self.year: year, self.status: status, self.unit: unit_id, self.due: due}
        for combo in (self.year, self.status, self.unit, self.category, self.due, self.kind):
            combo.blockSignals(True)
            value = values.get(combo)
            if value is None:
                combo.setCurrentIndex(0)
            else:
                combo.set_value(value)
            combo.blockSignals(False)
        self.apply_filters()

    # ---- selection --------------------------------------------------------------------

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.suggestion_id(rows[0].row()) if rows else None

    def select(self, suggestion_id: int) -> bool:
        row = self.model.row_of(suggestion_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def _selection_changed(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        self.detail.show_suggestion(self.selected_id())

    def show_record(self, suggestion_id: int) -> None:
        if not self.select(suggestion_id):
            self.search.clear()
            for combo in (self.year, self.status, self.unit, self.category, self.due, self.kind):
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
            self.apply_filters()
            self.select(suggestion_id)

    # ---- writes -----------------------------------------------------------------------

    def register(self) -> None:
        from ui.suggestions.suggestion_dialog import SuggestionDialog

        saved = SuggestionDialog.register(self.context.office, self)
        if saved:
            self.fill_filters()
            self._changed([saved.id])
            self.show_record(saved.id)

    def assign_many(self) -> None:
        office = self.context.office
        if not office.handling_units.list(include_inactive=False):
            show_error(self, "还没有承办单位，请先在“承办单位”中添加")
            return
        from ui.suggestions.batch_assign_dialog import BatchAssignDialog

        done = BatchAssignDialog.run(office, self)
        if done:
            self._changed([s.id for s in done])
            if confirm(
                self, "交办完成", f"已交办 {len(done)} 件建议。现在打印这些建议的交办单吗？"
            ):
                print_assignment(self, self.context, [s.id for s in done], "交办会")

    def _detail_changed(self, suggestion_id: int) -> None:
        self._changed([suggestion_id])

    def _changed(self, ids: list[int]) -> None:
        self.context.changed.emit(AREA, ids)

    def refresh(self) -> None:
        selected = self.selected_id()
        self.apply_filters()
        if selected is not None and self.select(selected):
            self.detail.show_suggestion(selected)


class SuggestionsPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        title = QLabel("建议办理")
        title.setObjectName("PageTitle")
        self.tabs = QTabWidget()
        self.list = SuggestionListTab(context)
        self.units = HandlingUnitsTab(context, show_unit=self.show_unit)
        self.stats = SuggestionStatsTab(context)
        self.tabs.addTab(self.list, "建议列表")
        self.tabs.addTab(self.units, "承办单位")
        self.tabs.addTab(self.stats, "办理统计")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        context.changed.connect(self._changed)
        context.structure_changed.connect(self._structure_changed)
        context.deputies_changed.connect(lambda _ids: self.list.refresh())

    def show_record(self, suggestion_id: int) -> None:
        self.tabs.setCurrentWidget(self.list)
        self.list.show_record(suggestion_id)

    def show_unit(self, unit_id: int) -> None:
        self.tabs.setCurrentWidget(self.list)
        self.list.show_unit(unit_id)

    def show_filtered(self, **filters: object) -> None:
        """The list with these filters (SuggestionListTab.show_filtered)."""
        self.tabs.setCurrentWidget(self.list)
        self.list.show_filtered(**filters)  # type: ignore[arg-type]

    def show_stats(self, year: int) -> None:
        """The 办理统计 tab of a year."""
        self.tabs.setCurrentWidget(self.stats)
        self.stats.year.set_value(year)
        self.stats.refresh()

    def _tab_changed(self, _index: int) -> None:
        current = self.tabs.currentWidget()
        if current in (self.units, self.stats):
            current.refresh()

    def _changed(self, area: str, _ids: list) -> None:
        if area == AREA:
            self.list.refresh()

    def _structure_changed(self) -> None:
        self.list.fill_filters()
        self.list.refresh()
        self.units.refresh()
