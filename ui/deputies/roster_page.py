"""代表名册: the roster with instant search, filters and sorting."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import RendaError
from app.deputies.deputies import Deputy, DeputyQuery
from ui.context import AppContext
from ui.deputies.deputy_dialog import DeputyDialog
from ui.deputies.deputy_table import DeputyTableModel, roster_columns
from ui.deputies.print_actions import print_registration, roster_print_button
from ui.deputies.status_dialog import StatusDialog
from ui.widgets.form import Choice
from ui.widgets.lists import SearchBox, list_view
from ui.widgets.messages import confirm, show_error
from ui.widgets.reflow import ButtonBar, FlowLayout


class DeputiesPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        office = context.office

        title = QLabel("代表名册")
        title.setObjectName("PageTitle")
        self.search = SearchBox(
            "搜索：姓名、拼音首字母（如 zs）、全拼、单位、代表证号", self.apply_filters, self
        )
        self.search.setMinimumWidth(160)
        self.search.returnPressed.connect(self.apply_filters)

        self.term = Choice()
        self.township = Choice([("全部乡镇", None)])  # county databases only
        self.township.setVisible(context.office.mode == "county")
        self.group = Choice()
        self.constituency = Choice()
        self.category = Choice()
        self.level = Choice(
            [("全部级别", None), ("乡镇人大代表", "township"), ("县人大代表", "county")]
        )
        self.status = Choice(
            [
                ("全部状态", None),
                ("在任（含暂停）", "active"),
                ("在任", "serving"),
                ("暂停执行职务", "suspended"),
                ("资格终止", "ended"),
            ]
        )
        self.sort_choice = Choice(
            [("按姓氏笔画", "strokes"), ("按姓名拼音", "name"), ("按点击的列", "header")]
        )
        self.fill_filters()
        for combo in (
            self.township,
            self.group,
            self.constituency,
            self.category,
            self.level,
            self.status,
        ):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.term.currentIndexChanged.connect(self._term_changed)
        self.sort_choice.currentIndexChanged.connect(self._sort_changed)

        self.add_button = QPushButton("新增代表")
        self.add_button.setObjectName("Primary")
        self.add_button.clicked.connect(self.add_deputy)
        self.edit_button = QPushButton("编辑")
        self.edit_button.clicked.connect(self.edit_selected)
        self.status_button = QPushButton("变更状态")
        self.status_button.clicked.connect(self.change_status_selected)
        self.file_button = QPushButton("打开档案")
        self.file_button.clicked.connect(self.open_selected)
        self.print_button = roster_print_button(self, context, self.current_query, self.selected_id)
        self.export_button = QPushButton("导出 Excel…")
        self.export_button.setToolTip("把当前筛选出的代表导出为 Excel 表格")
        self.export_button.clicked.connect(self.export_shown)

        county = office.mode == "county"
        masked = not office.access.reveal(None, what="代表名册")
        self.model = DeputyTableModel(office, roster_columns(county=county, masked=masked), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self._name_column = next(i for i, c in enumerate(self.model.columns) if c.key == "strokes")
        # Qt's default indicator is descending; the roster opens in stroke order, ascending.
        self.table.horizontalHeader().setSortIndicator(
            self._name_column, Qt.SortOrder.AscendingOrder
        )
        self.table.setSortingEnabled(True)
        self.model.sorted.connect(self._header_sorted)
        list_view(self.table, self.model)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        open_action = QAction("打开档案", self.table)
        open_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        open_action.triggered.connect(self.open_selected)
        self.table.addAction(open_action)
        self.count_label = QLabel()
        self.count_label.setObjectName("Hint")

        # On a small screen the buttons that do not fit go to a 更多 menu and the filters
        # wrap onto a second line, so the window never grows past the screen.
        self.buttons = ButtonBar(
            [
                self.add_button,
                self.edit_button,
                self.status_button,
                self.file_button,
                self.print_button,
                self.export_button,
            ]
        )
        for button in (self.add_button, self.edit_button, self.status_button):
            # the county's roster comes in packages; a 查看 user reads it only
            self.buttons.set_shown(button, office.mode != "county")
            button.setEnabled(office.editable)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(16)
        head.addWidget(self.search, 1)
        head.addWidget(self.buttons)
        filters = FlowLayout()
        filters.add_widgets(
            [
                self.township,
                self.term,
                self.group,
                self.constituency,
                self.category,
                self.level,
                self.status,
                self.sort_choice,
                self.count_label,
            ]
        )

        self.empty_state = self._empty_state()
        self.body = QStackedWidget()
        self.body.addWidget(self.table)
        self.body.addWidget(self.empty_state)

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(filters)
        layout.addWidget(self.body, 1)

        self.apply_filters()
        context.deputies_changed.connect(self._deputies_changed)
        context.structure_changed.connect(self._structure_changed)

    # ---- filters ----------------------------------------------------------------------

    def fill_filters(self) -> None:
        """Refill the filter choices (terms, groups, … may have changed), keeping choices
        made, except that a newly made current term is shown at once."""
        office = self.context.office
        combos = (self.term, self.group, self.constituency, self.category)
        for combo in combos:
            combo.blockSignals(True)
        if office.mode == "county":
            self.term.set_items([("全部届次", None)])
            self.term.setVisible(False)
            self.township.set_items(
                [("全部乡镇", None), *[(t.name, t.id) for t in office.townships.list()]]
            )
        else:
            current = office.current_term
            self.term.set_items(
                [
                    (f"{t.name}{'（本届）' if t.is_current else ''}", t.id)
                    for t in office.terms.list()
                ]
                + [("全部届次", None)]
            )
            current_id = current.id if current else None
            if current_id != getattr(self, "_current_term_id", None):
                self.term.set_value(current_id)
                self._current_term_id = current_id
        term_id = self.term.value() if office.mode == "township" else None
        groups = office.groups.list(term_id) if term_id else []
        constituencies = office.constituencies.list(term_id) if term_id else []
        self.group.set_items([("全部小组", None), *[(g.name, g.id) for g in groups]])
        self.constituency.set_items([("全部选区", None), *[(c.name, c.id) for c in constituencies]])
        self.group.setEnabled(bool(groups))
        self.constituency.setEnabled(bool(constituencies))
        self.category.set_items(
            [("全部构成", None), *[(v, v) for v in office.reference.values("deputy_categories")]]
        )
        for combo in combos:
            combo.blockSignals(False)

    def _term_changed(self) -> None:
        self.fill_filters()
        self.apply_filters()

    def _sort_changed(self) -> None:
        choice = self.sort_choice.value()
        if choice == "header":
            return
        self.model.set_query(replace(self.model.query, sort=choice, descending=False))
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(self._name_column, Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
        self.apply_filters()

    def _header_sorted(self) -> None:
        """A header click sorted the model: let the order choice say so."""
        sort = self.model.query.sort
        self.sort_choice.blockSignals(True)
        self.sort_choice.set_value(
            sort if sort in ("strokes", "name") and not self.model.query.descending else "header"
        )
        self.sort_choice.blockSignals(False)

    def current_query(self) -> DeputyQuery:
        """The filters on screen; the order is the model's (header click or sort choice)."""
        return DeputyQuery(
            text=self.search.text(),
            term_id=self.term.value(),
            township_id=self.township.value(),
            group_id=self.group.value(),
            constituency_id=self.constituency.value(),
            category=self.category.value(),
            level=self.level.value(),
            status=self.status.value(),
            sort=self.model.query.sort,
            descending=self.model.query.descending,
        )

    def apply_filters(self) -> None:
        self.search.settle()
        selected = self.selected_id()
        self.model.set_query(self.current_query())
        total = self.model.rowCount()
        serving = (
            self.context.office.deputies.count(replace(self.model.query, status="serving"))
            if self.model.query.status in (None, "active")
            else None
        )
        text = f"共 {total} 名"
        if serving is not None and serving != total:
            text += f"（在任 {serving} 名）"
        self.count_label.setText(text)
        # A term without any deputy yet (a new office): say how to begin, not an empty grid.
        self.body.setCurrentWidget(self.empty_state if self._term_is_empty() else self.table)
        if selected is not None:
            self.select(selected)

    def _term_is_empty(self) -> bool:
        query = self.model.query
        office = self.context.office
        if office.mode != "township" or query.term_id is None:
            return False
        return office.deputies.count(DeputyQuery(term_id=query.term_id, status=None)) == 0

    def _empty_state(self) -> QWidget:
        """What a new office sees instead of an empty roster: the ways to a first roster."""
        box = QWidget()
        box.setObjectName("EmptyState")
        title = QLabel("本届还没有代表名册")
        title.setObjectName("SectionTitle")
        text = QLabel(
            "已有 Excel 名册的，点“导入现有名册”，程序会逐行检查并说明问题，确认后才写入；"
            "没有的，可以下载名册模板填好后导入，或者点“新增代表”逐个录入。"
        )
        text.setWordWrap(True)
        self.import_button = QPushButton("导入现有名册…")
        self.import_button.setObjectName("Primary")
        self.import_button.clicked.connect(self.import_roster)
        add = QPushButton("新增代表")
        add.clicked.connect(self.add_deputy)
        template = QPushButton("下载名册模板…")
        template.clicked.connect(self.save_template)
        buttons = QHBoxLayout()
        for button in (self.import_button, add, template):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(box)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addLayout(buttons)
        layout.addStretch(2)
        return box

    def import_roster(self) -> None:
        from ui.exchange.roster_import_dialog import RosterImportDialog

        RosterImportDialog.choose_and_open(self.context, self)
        self.apply_filters()

    def save_template(self) -> None:
        from ui.exchange.actions import save_template_interactive

        save_template_interactive(self)

    # ---- selection and actions --------------------------------------------------------

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.deputy_id(rows[0].row()) if rows else None

    def select(self, deputy_id: int) -> bool:
        row = self.model.row_of(deputy_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _selected_deputy(self) -> Deputy | None:
        deputy_id = self.selected_id()
        if deputy_id is None:
            show_error(self, "请先在名册中选中一名代表", "未选择代表")
            return None
        try:
            return self.context.office.deputies.get(deputy_id)
        except RendaError as exc:
            show_error(self, exc)
            return None

    def _double_clicked(self, index: QModelIndex) -> None:
        deputy_id = self.model.deputy_id(index.row())
        if deputy_id is not None:
            self.context.open_deputy(deputy_id)

    def open_selected(self) -> None:
        deputy = self._selected_deputy()
        if deputy:
            self.context.open_deputy(deputy.id)

    def add_deputy(self) -> None:
        office = self.context.office
        if office.mode == "county":
            show_error(self, "县级汇总数据库中的代表来自各乡镇的报送包，不能直接新增")
            return
        saved = DeputyDialog.edit(office, None, self)
        if saved:
            self.context.deputies_changed.emit([saved.id])
            if not self.select(saved.id):
                self.search.clear()
                self.status.set_value(None)
                self.apply_filters()
                self.select(saved.id)

    def edit_selected(self) -> None:
        deputy = self._selected_deputy()
        if deputy:
            saved = DeputyDialog.edit(self.context.office, deputy, self)
            if saved:
                self.context.deputies_changed.emit([saved.id])

    def change_status_selected(self) -> None:
        deputy = self._selected_deputy()
        if deputy:
            saved = StatusDialog.change(self.context.office, deputy, self)
            if saved:
                self.context.deputies_changed.emit([saved.id])

    def print_selected(self) -> None:
        deputy = self._selected_deputy()
        if deputy:
            print_registration(self, self.context, deputy.id, deputy.name)

    def delete_selected(self) -> None:
        deputy = self._selected_deputy()
        if deputy is None:
            return
        if not confirm(
            self,
            "删除代表",
            f"只有录入错误的记录才应删除。确定删除“{deputy.name}”的全部信息吗？\n"
            "（代表离任请用“变更状态”终止代表资格，档案会保留。）",
        ):
            return
        try:
            self.context.office.deputies.delete(deputy.id)
        except RendaError as exc:
            show_error(self, exc)
            return
        self.context.deputies_changed.emit([])

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        menu = QMenu(self)
        menu.addAction("打开档案", self.open_selected)
        menu.addAction("编辑", self.edit_selected)
        menu.addAction("变更状态", self.change_status_selected)
        menu.addAction("打印登记表…", self.print_selected)
        menu.addSeparator()
        menu.addAction("删除（仅用于录入错误）", self.delete_selected)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def export_shown(self) -> None:
        from ui.exchange.actions import export_roster_interactive

        export_roster_interactive(self, self.context, self.model.query)

    def _deputies_changed(self, _ids: list) -> None:
        # A change may move the deputy in or out of the filter or in the order; the query
        # is cheap (DESIGN budget 50 ms at county scale), so run it again.
        self.apply_filters()

    def _structure_changed(self) -> None:
        self.fill_filters()
        self.apply_filters()

    def refresh(self) -> None:
        self.apply_filters()
