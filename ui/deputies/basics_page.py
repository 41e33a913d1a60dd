"""基础数据: the township, its terms, constituencies, deputy groups, liaison stations and
the editable reference lists."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import RendaError
from app.core.reference import list_titles
from app.deputies.structure import STATION_KINDS
from app.exchange.list_exports import (
    export_constituencies,
    export_groups,
    export_stations,
    export_terms,
)
from app.exchange.lists import (
    ListColumn,
    constituency_columns,
    constituency_lines,
    group_columns,
    group_lines,
    station_columns,
    term_columns,
)
from ui.context import AppContext
from ui.deputies.members_dialog import MembersDialog
from ui.home.settings_tab import SettingsTab
from ui.pages.record_page import export_button, export_list
from ui.widgets.messages import confirm, show_error
from ui.widgets.record_dialog import FieldDef, RecordDialog


class RecordTable(QWidget):
    """A read-only table of records with a row of buttons; `load` (or `load_rows`)
    refills it."""

    def __init__(
        self,
        headers: Sequence[str] = (),
        widths: Sequence[int] = (),
        *,
        columns: Sequence[ListColumn[Any]] = (),
    ) -> None:
        """Headers and widths, or a list's columns (app.exchange.lists): then `load_rows`."""
        super().__init__()
        self.columns = list(columns)
        if columns:
            headers = [c.title for c in columns]
            widths = [c.width for c in columns[:-1]]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        for i, width in enumerate(widths):
            self.table.setColumnWidth(i, width)
        self.buttons = QHBoxLayout()
        self.note = QLabel()
        self.note.setObjectName("Hint")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self.buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)

    def add_button(self, text: str, slot: Callable[[], None], primary: bool = False) -> QPushButton:
        button = QPushButton(text)
        if primary:
            button.setObjectName("Primary")
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button

    def finish_buttons(self, export: tuple[str, Callable[..., Any]] | None = None) -> None:
        """End the row of buttons; with `export` (what, a function of
        app/exchange/list_exports.py taking the office and the file), 导出 Excel… at its end."""
        self.buttons.addStretch()
        if export is not None:
            what, function = export
            export_button(
                lambda: export_list(
                    self, self.context, what, function, count=self.table.rowCount()
                ),
                self.buttons,
            )

    def load_rows(self, rows: Sequence[tuple[Any, Any]]) -> None:
        """rows: (record id, the list's row); the cells are the columns' texts."""
        self.load([(record_id, [c.text(row) for c in self.columns]) for record_id, row in rows])

    def load(self, rows: Sequence[tuple[Any, Sequence[str]]]) -> None:
        """rows: (record id, cell texts)."""
        selected = self.selected()
        self.table.setRowCount(len(rows))
        for r, (record_id, cells) in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, record_id)
                self.table.setItem(r, c, item)
            if record_id == selected:
                self.table.selectRow(r)

    def selected(self) -> Any:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def require_selected(self, what: str) -> Any:
        record_id = self.selected()
        if record_id is None:
            show_error(self, f"请先选中一个{what}", "未选择")
        return record_id


class TownshipTab(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        edit = QPushButton("修改乡镇信息")
        edit.clicked.connect(self.edit)
        edit.setVisible(context.office.editable)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(edit, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch()
        self.refresh()

    def refresh(self) -> None:
        office = self.context.office
        lines = [f"数据库文件：{office.path}"]
        if office.mode == "county":
            lines.insert(0, f"县级汇总数据库：{office.settings.get('county_name')}")
            lines.append(
                "已汇入的乡镇："
                + ("、".join(t.name for t in office.townships.list()) or "（还没有）")
            )
        else:
            home = office.township
            if home is not None:
                lines[:0] = [
                    f"本乡镇：{home.name}",
                    f"所属县（市、区）：{home.county}",
                    f"行政区划代码：{home.code or '（未填）'}",
                ]
        self.info.setText("\n".join(lines))

    def edit(self) -> None:
        office = self.context.office
        home = office.township
        if home is None:
            return
        saved = RecordDialog.ask(
            self,
            "修改乡镇信息",
            [
                FieldDef("name", "乡镇名称", required=True),
                FieldDef("county", "所属县", required=True),
                FieldDef("code", "行政区划代码", placeholder="9 位，可不填"),
            ],
            {"name": home.name, "county": home.county, "code": home.code},
            lambda v: office.townships.update(home.id, **v),
        )
        if saved:
            self.refresh()
            self.context.structure_changed.emit()


class TermsTab(RecordTable):
    def __init__(self, context: AppContext) -> None:
        super().__init__(columns=term_columns())
        self.context = context
        self.add_button("新增届次", self.add, primary=True)
        self.add_button("编辑", self.edit)
        self.add_button("设为本届", self.make_current)
        self.finish_buttons(export=("届次", export_terms))
        self.note.setText("换届后新增一届并设为本届；往届代表的档案保留，可在名册中按届次查看。")
        self.refresh()

    FIELDS = (
        FieldDef("number", "届次（数字）", required=True, placeholder="如第十七届填 17"),
        FieldDef("start_date", "开始日期", required=True, placeholder="如 2021-12-28"),
        FieldDef("end_date", "届满日期", placeholder="空着则按五年计算"),
    )

    def refresh(self) -> None:
        self.load_rows([(t.id, t) for t in self.context.office.terms.list()])

    def add(self) -> None:
        office = self.context.office
        current = office.current_term
        saved = RecordDialog.ask(
            self,
            "新增届次",
            self.FIELDS,
            {"number": str(current.number + 1) if current else ""},
            lambda v: office.terms.add(**v),
            hint="新增的届次会设为本届。",
        )
        if saved:
            self.refresh()
            self.context.structure_changed.emit()

    def edit(self) -> None:
        term_id = self.require_selected("届次")
        if term_id is None:
            return
        office = self.context.office
        term = office.terms.get(term_id)
        saved = RecordDialog.ask(
            self,
            f"编辑{term.name}",
            self.FIELDS,
            {"number": str(term.number), "start_date": term.start_date, "end_date": term.end_date},
            lambda v: office.terms.update(term_id, **v),
        )
        if saved:
            self.refresh()
            self.context.structure_changed.emit()

    def make_current(self) -> None:
        term_id = self.require_selected("届次")
        if term_id is None:
            return
        term = self.context.office.terms.get(term_id)
        if term.is_current or not confirm(
            self, "设为本届", f"把{term.name}设为本届吗？名册、会议等默认显示本届。"
        ):
            return
        self.context.office.terms.make_current(term_id)
        self.refresh()
        self.context.structure_changed.emit()


class ConstituenciesTab(RecordTable):
    def __init__(self, context: AppContext) -> None:
        super().__init__(columns=constituency_columns())
        self.context = context
        self.add_button("新增选区", self.add, primary=True)
        self.add_button("编辑", self.edit)
        self.add_button("删除", self.delete)
        self.finish_buttons(export=("选区", export_constituencies))
        self.note.setText("每个选区应选代表 1 至 3 名。现有代表多于应选名额时标出，请核对。")
        self.refresh()

    FIELDS = (
        FieldDef("name", "选区名称", required=True, placeholder="如 第一选区"),
        FieldDef("area", "范围", placeholder="如 桃源村、石桥村"),
        FieldDef("seats", "应选名额", required=True, placeholder="1 至 3"),
    )

    def refresh(self) -> None:
        self.load_rows([(c.constituency.id, c) for c in constituency_lines(self.context.office)])

    def add(self) -> None:
        office = self.context.office
        if RecordDialog.ask(
            self, "新增选区", self.FIELDS, {"seats": "2"}, lambda v: office.constituencies.add(**v)
        ):
            self.refresh()
            self.context.structure_changed.emit()

    def edit(self) -> None:
        record_id = self.require_selected("选区")
        if record_id is None:
            return
        office = self.context.office
        c = office.constituencies.get(record_id)
        if RecordDialog.ask(
            self,
            f"编辑{c.name}",
            self.FIELDS,
            {"name": c.name, "area": c.area, "seats": str(c.seats)},
            lambda v: office.constituencies.update(record_id, **v),
        ):
            self.refresh()
            self.context.structure_changed.emit()

    def delete(self) -> None:
        record_id = self.require_selected("选区")
        if record_id is None:
            return
        office = self.context.office
        c = office.constituencies.get(record_id)
        if not confirm(self, "删除选区", f"确定删除“{c.name}”吗？"):
            return
        try:
            office.constituencies.delete(record_id)
        except RendaError as exc:
            show_error(self, exc)
            return
        self.refresh()
        self.context.structure_changed.emit()


class GroupsTab(RecordTable):
    def __init__(self, context: AppContext) -> None:
        super().__init__(columns=group_columns())
        self.context = context
        self.add_button("新增小组", self.add, primary=True)
        self.add_button("编辑", self.edit)
        self.add_button("成员…", self.members)
        self.add_button("删除", self.delete)
        self.finish_buttons(export=("代表小组", export_groups))
        self.refresh()

    def refresh(self) -> None:
        self.load_rows([(g.group.id, g) for g in group_lines(self.context.office)])

    def add(self) -> None:
        office = self.context.office
        if RecordDialog.ask(
            self,
            "新增代表小组",
            [
                FieldDef("name", "小组名称", required=True, placeholder="如 东片代表小组"),
                FieldDef("note", "备注", "longtext"),
            ],
            {},
            lambda v: office.groups.add(**v),
            hint="保存后，用“成员…”选择本组代表，再在“编辑”中指定组长。",
        ):
            self.refresh()
            self.context.structure_changed.emit()

    def edit(self) -> None:
        record_id = self.require_selected("代表小组")
        if record_id is None:
            return
        office = self.context.office
        g = office.groups.get(record_id)
        members = office.deputies.rows(office.groups.members(record_id))
        if RecordDialog.ask(
            self,
            f"编辑{g.name}",
            [
                FieldDef("name", "小组名称", required=True),
                FieldDef(
                    "leader_id",
                    "组长",
                    "choice",
                    [("（未指定）", None), *[(m.name, m.id) for m in members]],
                ),
                FieldDef("note", "备注", "longtext"),
            ],
            {"name": g.name, "leader_id": g.leader_id, "note": g.note},
            lambda v: office.groups.update(record_id, **v),
        ):
            self.refresh()
            self.context.structure_changed.emit()

    def members(self) -> None:
        record_id = self.require_selected("代表小组")
        if record_id is None:
            return
        office = self.context.office
        if MembersDialog(office, office.groups.get(record_id), self).exec():
            self.refresh()
            self.context.deputies_changed.emit([])

    def delete(self) -> None:
        record_id = self.require_selected("代表小组")
        if record_id is None:
            return
        office = self.context.office
        g = office.groups.get(record_id)
        if not confirm(self, "删除代表小组", f"确定删除“{g.name}”吗？"):
            return
        try:
            office.groups.delete(record_id)
        except RendaError as exc:
            show_error(self, exc)
            return
        self.refresh()
        self.context.structure_changed.emit()


class StationsTab(RecordTable):
    def __init__(self, context: AppContext) -> None:
        super().__init__(columns=station_columns())
        self.context = context
        self.add_button("新增联络站（点）", self.add, primary=True)
        self.add_button("编辑", self.edit)
        self.add_button("删除", self.delete)
        self.finish_buttons(export=("联络站（点）", export_stations))
        self.refresh()

    FIELDS = (
        FieldDef("name", "名称", required=True, placeholder="如 桃源村代表联络点"),
        FieldDef("kind", "类型", "choice", [(v, k) for k, v in STATION_KINDS.items()]),
        FieldDef("village", "所在村（社区）"),
        FieldDef("address", "地址"),
        FieldDef("note", "备注", "longtext"),
    )

    def refresh(self) -> None:
        office = self.context.office
        if office.home_township_id(required=False) is None:
            self.load([])
            return
        self.load_rows([(s.id, s) for s in office.stations.list()])

    def add(self) -> None:
        office = self.context.office
        if RecordDialog.ask(
            self,
            "新增联络站（点）",
            self.FIELDS,
            {"kind": "point"},
            lambda v: office.stations.add(**v),
        ):
            self.refresh()
            self.context.structure_changed.emit()

    def edit(self) -> None:
        record_id = self.require_selected("联络站")
        if record_id is None:
            return
        office = self.context.office
        s = office.stations.get(record_id)
        values = {
            "name": s.name,
            "kind": s.kind,
            "village": s.village,
            "address": s.address,
            "note": s.note,
        }
        if RecordDialog.ask(
            self,
            f"编辑{s.name}",
            self.FIELDS,
            values,
            lambda v: office.stations.update(record_id, **v),
        ):
            self.refresh()
            self.context.structure_changed.emit()

    def delete(self) -> None:
        record_id = self.require_selected("联络站")
        if record_id is None:
            return
        office = self.context.office
        s = office.stations.get(record_id)
        if not confirm(self, "删除联络站", f"确定删除“{s.name}”吗？"):
            return
        try:
            office.stations.delete(record_id)
        except RendaError as exc:
            show_error(self, exc)
            return
        self.refresh()
        self.context.structure_changed.emit()


class ReferenceTab(QWidget):
    """The editable lists: add, rename, retire, reorder."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.lists = QListWidget()
        self.lists.setMaximumWidth(220)
        for key, title in list_titles().items():
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.lists.addItem(item)
        self.items = QListWidget()
        self.lists.currentRowChanged.connect(lambda _r: self.refresh())
        buttons = QVBoxLayout()
        for text, slot in (
            ("新增", self.add),
            ("改名", self.rename),
            ("停用/启用", self.toggle),
            ("上移", lambda: self.move(-1)),
            ("下移", lambda: self.move(1)),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()
        note = QLabel(
            "停用的选项不再出现在下拉框中，已经填写了它的记录保持不变；改名会同时更新使用它的记录。"
        )
        note.setObjectName("Hint")
        note.setWordWrap(True)
        body = QHBoxLayout()
        body.addWidget(self.lists)
        body.addWidget(self.items, 1)
        body.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(note)
        self.lists.setCurrentRow(0)

    def list_key(self) -> str:
        item = self.lists.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else ""

    def refresh(self, select_id: int | None = None) -> None:
        self.items.clear()
        for ref in self.context.office.reference.items(self.list_key()):
            item = QListWidgetItem(ref.value + ("" if ref.active else "（已停用）"))
            item.setData(Qt.ItemDataRole.UserRole, ref.id)
            if not ref.active:
                item.setForeground(Qt.GlobalColor.gray)
            self.items.addItem(item)
            if ref.id == select_id:
                self.items.setCurrentItem(item)

    def _selected(self) -> int | None:
        item = self.items.currentItem()
        if item is None:
            show_error(self, "请先选中一个选项", "未选择")
            return None
        return item.data(Qt.ItemDataRole.UserRole)

    def _changed(self, select_id: int | None) -> None:
        self.refresh(select_id)
        self.context.structure_changed.emit()

    def add(self) -> None:
        reference = self.context.office.reference
        saved = RecordDialog.ask(
            self,
            "新增选项",
            [FieldDef("value", "内容", required=True)],
            {},
            lambda v: reference.add(self.list_key(), v["value"]),
        )
        if saved:
            self._changed(saved.id)

    def rename(self) -> None:
        item_id = self._selected()
        if item_id is None:
            return
        reference = self.context.office.reference
        current = next(i for i in reference.items(self.list_key()) if i.id == item_id)
        saved = RecordDialog.ask(
            self,
            "改名",
            [FieldDef("value", "内容", required=True)],
            {"value": current.value},
            lambda v: reference.rename(item_id, v["value"]),
        )
        if saved:
            self._changed(item_id)
            self.context.deputies_changed.emit([])

    def toggle(self) -> None:
        item_id = self._selected()
        if item_id is None:
            return
        reference = self.context.office.reference
        current = next(i for i in reference.items(self.list_key()) if i.id == item_id)
        reference.set_active(item_id, not current.active)
        self._changed(item_id)

    def move(self, delta: int) -> None:
        item_id = self._selected()
        if item_id is None:
            return
        self.context.office.reference.move(item_id, delta)
        self._changed(item_id)


class BasicsPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        title = QLabel("基础数据")
        title.setObjectName("PageTitle")
        self.tabs = QTabWidget()
        self.township = TownshipTab(context)
        self.tabs.addTab(self.township, "本乡镇" if context.office.mode == "township" else "概况")
        self.sections: list[Any] = [self.township]
        if context.office.mode == "township":
            for widget, label in (
                (TermsTab(context), "届次"),
                (ConstituenciesTab(context), "选区"),
                (GroupsTab(context), "代表小组"),
                (StationsTab(context), "联络站（点）"),
            ):
                self.tabs.addTab(widget, label)
                self.sections.append(widget)
        self.reference = ReferenceTab(context)
        self.tabs.addTab(self.reference, "选项列表")
        self.settings = SettingsTab(context)
        self.tabs.addTab(self.settings, "设置")
        from ui.access.users_tab import UsersTab

        self.users = UsersTab(context)
        self.tabs.addTab(self.users, "用户")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        context.deputies_changed.connect(lambda _ids: self.refresh())

    def tab(self, label: str) -> QWidget:
        for i in range(self.tabs.count()):
            if self.tabs.tabText(i) == label:
                return self.tabs.widget(i)
        raise KeyError(label)

    def refresh(self) -> None:
        for section in self.sections:
            section.refresh()
