"""承办单位: the editable list of handling units with contact and phone, and what each owes
(replies due, overdue): the view per unit opens its suggestions."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QBrush, QColor

from app.core.errors import RendaError
from app.exchange.list_exports import export_units
from app.exchange.lists import unit_columns, unit_lines
from ui.context import AppContext
from ui.deputies.basics_page import RecordTable
from ui.widgets.messages import confirm, show_error
from ui.widgets.record_dialog import FieldDef, RecordDialog

FIELDS = (
    FieldDef("name", "单位名称", required=True, placeholder="如 清溪镇水利站"),
    FieldDef("contact", "联系人"),
    FieldDef("phone", "联系电话", placeholder="手机 11 位，或 0743-5221234"),
    FieldDef("note", "备注", "longtext"),
)


class HandlingUnitsTab(RecordTable):
    def __init__(self, context: AppContext, show_unit: Callable[[int], None]) -> None:
        super().__init__(columns=unit_columns(county=context.office.mode == "county"))
        self.context = context
        self._show_unit = show_unit
        editable = context.office.editable
        self.add_button("查看该单位的建议", self.open_unit, primary=True)
        if editable:
            self.add_button("新增单位", self.add)
            self.add_button("编辑", self.edit)
            self.add_button("停用/恢复", self.toggle)
            self.add_button("删除", self.delete)
        self.finish_buttons(export=("建议承办单位", export_units))
        self.table.doubleClicked.connect(lambda _i: self.open_unit())
        self.note.setText(
            "“待答复”是已交办、尚未答复的件数（各年度合计）；逾期的标红。"
            "承办过建议的单位不能删除，不再使用时请“停用”。"
        )
        # Filled when the tab is shown (SuggestionsPage._tab_changed), not at start.

    def refresh(self) -> None:
        self.load_rows([(u.id, u) for u in unit_lines(self.context.office)])
        overdue = [c.title for c in self.columns].index("其中逾期")
        for r in range(self.table.rowCount()):
            if self.table.item(r, overdue).text():
                self.table.item(r, overdue).setForeground(QBrush(QColor("#c62828")))

    def open_unit(self) -> None:
        unit_id = self.require_selected("承办单位")
        if unit_id is not None:
            self._show_unit(unit_id)

    def _saved(self) -> None:
        self.refresh()
        self.context.structure_changed.emit()

    def add(self) -> None:
        units = self.context.office.handling_units
        if RecordDialog.ask(self, "新增承办单位", FIELDS, {}, lambda v: units.add(**v)):
            self._saved()

    def edit(self) -> None:
        unit_id = self.require_selected("承办单位")
        if unit_id is None:
            return
        units = self.context.office.handling_units
        u = units.get(unit_id)
        values = {"name": u.name, "contact": u.contact, "phone": u.phone, "note": u.note}
        if RecordDialog.ask(
            self, f"编辑{u.name}", FIELDS, values, lambda v: units.update(unit_id, **v)
        ):
            self._saved()

    def toggle(self) -> None:
        unit_id = self.require_selected("承办单位")
        if unit_id is None:
            return
        units = self.context.office.handling_units
        u = units.get(unit_id)
        units.set_active(unit_id, not u.active)
        self._saved()

    def delete(self) -> None:
        unit_id = self.require_selected("承办单位")
        if unit_id is None:
            return
        units = self.context.office.handling_units
        u = units.get(unit_id)
        if not confirm(self, "删除承办单位", f"确定删除“{u.name}”吗？"):
            return
        try:
            units.delete(unit_id)
        except RendaError as exc:
            show_error(self, exc)
            return
        self._saved()
