"""联络站接待: the liaison stations with their "六有" checklist and this year's receptions,
the reception register of the chosen station, and the visitors of the chosen reception."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.core.errors import RendaError
from app.duties.reception_suggestions import suggestion_of_item
from app.duties.receptions import ATTACHMENT_KIND, Reception, ReceptionItem, ReceptionQuery
from app.exchange.list_exports import export_receptions
from app.exchange.lists import VisitorLine, on_screen, reception_columns, visitor_columns
from ui.context import AppContext
from ui.duties.checklist_dialog import ChecklistDialog
from ui.duties.print_actions import print_reception
from ui.duties.reception_dialog import ReceptionDialog
from ui.duties.reception_suggestion_dialog import ReceptionSuggestionDialog
from ui.models.record_table import RecordTableModel
from ui.pages.record_page import (
    export_button,
    export_list,
    lay_out,
    record_buttons,
    select_id,
    selected_id,
    year_choice,
    year_items,
)
from ui.widgets.attachments import AttachmentList
from ui.widgets.lists import SearchBox, list_view
from ui.widgets.messages import confirm, show_error

AREA = "receptions"
ALL = 0  # the stations list's first row: every station


def short_station_name(name: str) -> str:
    """三合村代表联络点 -> 三合村; 清溪镇人大代表联络站 -> 清溪镇人大."""
    for suffix in ("代表联络站", "代表联络点", "联络站", "联络点"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name.removesuffix(suffix)
    return name


class ReceptionsPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        office = context.office
        self.editable = office.editable

        self.search = SearchBox("搜索：反映的问题、来访人、村（社区）、处理结果", self.reload, self)
        self.year = year_choice(
            office.receptions.years() if office.is_set_up else [], self._year_changed
        )
        self.add_button, self.edit_button, self.delete_button = record_buttons(
            self, "登记接待", add=self.add, edit=self.edit, delete=self.delete,
            enabled=self.editable,
        )  # fmt: skip
        self.print_button = QPushButton("打印登记表")
        self.print_button.clicked.connect(self.print_selected)
        self.check_button = QPushButton("“六有”检查…")
        self.check_button.clicked.connect(self.checklist)
        self.check_button.setEnabled(self.editable)
        self.count = QLabel()
        self.count.setObjectName("Hint")

        self.stations = QTableWidget(0, 4)
        self.stations.setHorizontalHeaderLabels(["站点", "六有", "本年", "最近"])
        self.stations.verticalHeader().setVisible(False)
        self.stations.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.stations.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.stations.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        # The name gives way (elided) so the figures always show, also at 1024×768.
        header = self.stations.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.stations.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.stations.verticalHeader().setDefaultSectionSize(24)
        self.stations.itemSelectionChanged.connect(self.reload)

        columns = on_screen(reception_columns(county=office.mode == "county"))
        self.model = RecordTableModel(columns, self._ids, office.receptions.rows, self)
        self.table = QTableView()
        list_view(self.table, self.model)
        self.table.doubleClicked.connect(lambda _i: self.edit() if self.editable else None)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.show_selected())

        self.visitor_columns = on_screen(visitor_columns(reveal=False))
        self.items = QTableWidget(0, len(self.visitor_columns))
        self.items.setHorizontalHeaderLabels([c.title for c in self.visitor_columns])
        self.items.verticalHeader().setVisible(False)
        self.items.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.items.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.items.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.items.setWordWrap(True)
        for column, spec in enumerate(self.visitor_columns[:-1]):
            self.items.setColumnWidth(column, spec.width)
        self.items.horizontalHeader().setStretchLastSection(True)
        self.item_actions = QHBoxLayout()
        self.suggest_button = QPushButton("转为代表建议…")
        self.suggest_button.setToolTip("把选中来访人反映的问题登记为代表的建议，两边互相关联")
        self.suggest_button.clicked.connect(self.make_suggestion)
        self.open_suggestion_button = QPushButton("打开建议")
        self.open_suggestion_button.clicked.connect(self.open_suggestion)
        self.item_actions.addWidget(QLabel("来访选民及反映的问题"))
        # The appraisals whose survey this reception served (linked on the 监督 page).
        self.served = QLabel()
        self.served.setObjectName("Hint")
        self.served.setWordWrap(True)
        self.served.setVisible(False)
        self.served.linkActivated.connect(
            lambda link: self.context.open_record("oversight", int(link))
        )
        self.item_actions.addStretch()
        self.item_actions.addWidget(self.suggest_button)
        self.item_actions.addWidget(self.open_suggestion_button)
        self.items.itemSelectionChanged.connect(self._item_selected)
        self.attachments = AttachmentList(
            context, ATTACHMENT_KIND, "接待登记表、来信等的扫描件或照片，可直接拖到这里。"
        )
        self.attachments.add_button.setEnabled(False)
        visitors = QWidget()
        visitors_box = QVBoxLayout(visitors)
        visitors_box.setContentsMargins(0, 0, 0, 0)
        visitors_box.addLayout(self.item_actions)
        visitors_box.addWidget(self.served)
        visitors_box.addWidget(self.items, 1)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(visitors)
        lower.addWidget(self.attachments)
        lower.setSizes([760, 300])
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.table)
        right.addWidget(lower)
        right.setSizes([400, 300])
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.stations)
        body.addWidget(right)
        body.setSizes([280, 720])
        # A county holds many townships' stations.
        self.stations.setVisible(office.mode == "township")

        lay_out(
            self,
            "联络站接待选民",
            [self.add_button, self.edit_button, self.delete_button, self.print_button,
             self.check_button, export_button(self.export_excel)],
            [self.year],
            body,
            search=self.search,
            count=self.count,
        )  # fmt: skip

        self.fill_stations()
        context.changed.connect(self._changed)
        context.structure_changed.connect(self.fill_stations)
        context.deputies_changed.connect(lambda _ids: self.reload())

    # ---- stations ---------------------------------------------------------------------

    def fill_stations(self) -> None:
        office = self.context.office
        chosen = self.station_id()
        year = self.year.value() or dates.today().year
        summaries = (
            office.receptions.stations(year)
            if (office.mode == "township" and office.is_set_up)
            else []
        )
        self.stations.blockSignals(True)
        self.stations.setRowCount(len(summaries) + 1)
        total = sum(s.receptions_this_year for s in summaries)
        first = QTableWidgetItem("全部")
        first.setData(Qt.ItemDataRole.UserRole, ALL)
        self.stations.setItem(0, 0, first)
        self.stations.setItem(0, 2, QTableWidgetItem(str(total)))
        for row, s in enumerate(summaries, start=1):
            # The list is narrow on a small screen: 三合村 for 三合村代表联络点 (the whole
            # name in the tooltip and in the records beside it).
            name = QTableWidgetItem(short_station_name(s.name))
            name.setData(Qt.ItemDataRole.UserRole, s.id)
            name.setToolTip(f"{s.name}：{s.kind}，{s.village}，联系代表 {s.deputies} 名")
            checks = QTableWidgetItem(f"{s.checks_done}/{s.checks_total}")
            if s.checks_done < s.checks_total:
                checks.setForeground(Qt.GlobalColor.darkRed)
            self.stations.setItem(row, 0, name)
            self.stations.setItem(row, 1, checks)
            self.stations.setItem(row, 2, QTableWidgetItem(str(s.receptions_this_year)))
            # Month.day of this year (11.13), in full otherwise: the short form leaves the
            # station's name room at 1024 pixels; the tooltip gives the whole date.
            last = dates.format_date(s.last_reception)
            shown = last
            if s.last_reception.startswith(f"{year}-"):
                shown = f"{int(s.last_reception[5:7])}.{int(s.last_reception[8:10])}"
            cell = QTableWidgetItem(shown)
            cell.setToolTip(f"最近一次接待：{last}" if last else "本站还没有接待记录")
            self.stations.setItem(row, 3, cell)
        self.stations.blockSignals(False)
        self.select_station(chosen if chosen is not None else ALL)

    def station_id(self) -> int | None:
        """The chosen station's id; ALL (0) for every station, None before the first fill."""
        items = self.stations.selectedItems()
        if not items:
            return None
        return self.stations.item(items[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    def select_station(self, station_id: int) -> None:
        for row in range(self.stations.rowCount()):
            if self.stations.item(row, 0).data(Qt.ItemDataRole.UserRole) == station_id:
                self.stations.selectRow(row)
                return
        self.stations.selectRow(0)

    # ---- receptions -------------------------------------------------------------------

    def query(self) -> ReceptionQuery:
        station = self.station_id()
        return ReceptionQuery(
            station_id=station or None, year=self.year.value(), text=self.search.text()
        )

    def export_excel(self) -> None:
        """The receptions listed (station, year, search) and, on a second sheet, every
        visitor of them."""
        masked = not self.context.office.access.reveal(None, what="选民接待")
        note = "来访人的联系方式已部分隐藏（可在“基础数据—设置”中改）。" if masked else ""
        export_list(
            self,
            self.context,
            "联络站接待选民登记",
            export_receptions,
            self.query(),
            count=self.model.rowCount(),
            done_note=note,
        )

    def _ids(self) -> list[int]:
        if not self.context.office.is_set_up:
            return []
        return list(self.context.office.receptions.search(self.query()))

    def reload(self) -> None:
        chosen = self.selected_id()
        self.model.reload()
        self.count.setText(f"共 {self.model.rowCount()} 次接待")
        if chosen is None or not select_id(self.table, self.model, chosen):
            self.show_selected()

    def _year_changed(self) -> None:
        self.fill_stations()
        self.reload()

    def selected_id(self) -> int | None:
        return selected_id(self.table, self.model)

    def selected_reception(self) -> Reception | None:
        reception_id = self.selected_id()
        if reception_id is None:
            return None
        try:
            return self.context.office.receptions.get(reception_id)
        except RendaError:
            return None

    def show_selected(self) -> None:
        reception = self.selected_reception()
        items = reception.items if reception else ()
        reveal = self.context.office.access.reveal(None, what="选民接待")
        columns = on_screen(visitor_columns(reveal=reveal))
        self.items.setRowCount(len(items))
        for r, item in enumerate(items):
            line = VisitorLine(reception.date, reception.station_name, item)
            for c, column in enumerate(columns):
                text = column.text(line)
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, item.id)
                cell.setToolTip(text if len(text) > 12 else "")
                self.items.setItem(r, c, cell)
        self.items.resizeRowsToContents()
        self._item_selected()
        self.attachments.set_owner(reception.uuid if reception else "")
        self.attachments.add_button.setEnabled(reception is not None and self.editable)
        appraisals = self.context.office.appraisals
        served = appraisals.serving("receptions", reception.id) if reception else []
        links = "、".join(f"<a href='{a.id}'>{escape(a.title)}</a>" for a in served)
        self.served.setText(f"本次接待听取的意见用于{links}的调查" if served else "")
        self.served.setVisible(bool(served))

    def _item_selected(self) -> None:
        item = self._selected_item()
        self.suggest_button.setEnabled(
            self.editable and item is not None and not item.suggestion_uuid
        )
        self.open_suggestion_button.setEnabled(item is not None and bool(item.suggestion_uuid))

    def _selected_item(self) -> ReceptionItem | None:
        item_id = self.selected_item_id()
        if item_id is None:
            return None
        try:
            return self.context.office.receptions.item(item_id)[1]
        except RendaError:
            return None

    def select_item(self, item_id: int) -> None:
        for row in range(self.items.rowCount()):
            if self.items.item(row, 0).data(Qt.ItemDataRole.UserRole) == item_id:
                self.items.selectRow(row)

    def make_suggestion(self) -> None:
        item_id = self.selected_item_id()
        if item_id is None:
            show_error(self, "请先在下方选中一位来访人反映的问题", "未选择")
            return
        reception = self.selected_reception()
        saved = ReceptionSuggestionDialog.ask(self.context.office, item_id, self)
        if saved is None:
            return
        self.context.changed.emit("suggestions", [saved.id])
        self.context.changed.emit(AREA, [reception.id] if reception else [])
        self.context.deputies_changed.emit([s.deputy_id for s in saved.signers])
        self.select_item(item_id)
        if confirm(
            self,
            "已转为代表建议",
            f"已登记为{saved.kind_label} {saved.number}“{saved.title}”，领衔代表："
            f"{saved.lead_name}。\n\n现在到“建议办理”中查看吗？",
        ):
            self.context.open_record("suggestions", saved.id)

    def open_suggestion(self) -> None:
        item = self._selected_item()
        suggestion = suggestion_of_item(self.context.office, item) if item else None
        if suggestion is None:
            show_error(self, "这一事项没有关联的代表建议", "没有建议")
            return
        self.context.open_record("suggestions", suggestion.id)

    def selected_item_id(self) -> int | None:
        rows = self.items.selectionModel().selectedRows()
        if not rows:
            return None
        return self.items.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    def show_record(self, reception_id: int) -> None:
        """Show one reception (from a reminder, a deputy's file or a score line)."""
        try:
            reception = self.context.office.receptions.get(reception_id)
        except RendaError as exc:
            show_error(self, exc)
            return
        self.year.blockSignals(True)
        self.search.blockSignals(True)
        self.year.set_value(int(reception.date[:4]))
        self.search.clear()
        self.year.blockSignals(False)
        self.search.blockSignals(False)
        self.fill_stations()
        self.select_station(reception.station_id)
        select_id(self.table, self.model, reception_id)

    # ---- writing ----------------------------------------------------------------------

    def add(self) -> None:
        station = self.station_id() or None
        saved = ReceptionDialog.ask(self.context.office, None, self, station_id=station)
        if saved:
            self._saved(saved)

    def edit(self) -> None:
        reception = self.selected_reception()
        if reception is None:
            show_error(self, "请先选中一次接待", "未选择")
            return
        saved = ReceptionDialog.ask(self.context.office, reception, self)
        if saved:
            self._saved(saved)

    def delete(self) -> None:
        reception = self.selected_reception()
        if reception is None:
            show_error(self, "请先选中一次接待", "未选择")
            return
        if not confirm(
            self,
            "删除接待记录",
            f"确定删除{dates.format_date(reception.date)}在{reception.station_name}的接待记录吗？",
        ):
            return
        try:
            self.context.office.receptions.delete(reception.id)
        except RendaError as exc:
            show_error(self, exc)
            return
        self.context.changed.emit(AREA, [reception.id])
        self.context.deputies_changed.emit(list(reception.deputy_ids))

    def print_selected(self) -> None:
        reception_id = self.selected_id()
        if reception_id is None:
            show_error(self, "请先选中一次接待", "未选择")
            return
        print_reception(self, self.context, reception_id)

    def checklist(self) -> None:
        station = self.station_id()
        if not station:
            show_error(self, "请先在左边选中一个联络站（点）", "未选择")
            return
        if ChecklistDialog.ask(self.context.office, station, self):
            self.fill_stations()
            self.context.changed.emit(AREA, [])

    def _saved(self, reception: Reception) -> None:
        self.year.set_items(year_items(self.context.office.receptions.years()))
        self.context.changed.emit(AREA, [reception.id])
        self.context.deputies_changed.emit(list(reception.deputy_ids))
        self.show_record(reception.id)

    def _changed(self, area: str, _ids: list) -> None:
        if area == "oversight":
            self.show_selected()  # the survey's links may have changed
        if area == AREA:
            self.fill_stations()
            self.reload()
