"""The roster as a lazy, cached table model (ui/models/lazy_table.py): the ids of the
matching deputies, their rows fetched in pages when the view asks for them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.core.dates import format_month
from app.core.ids import DeputyId
from app.core.validate import mask_phone
from app.deputies.deputies import DeputyQuery, DeputyRow
from app.deputies.fields import PRESIDIUM_ROLES, STATUS_SHORT
from app.office import Office
from ui.models.lazy_table import ID_ROLE, LazyTableModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Column:
    key: str  # also the sort key understood by app.deputies.deputies.SORT_KEYS ("" = not sortable)
    title: str
    value: Callable[[DeputyRow], str]
    width: int = 80


def _phone(row: DeputyRow, masked: bool) -> str:
    return mask_phone(row.phone) if masked else row.phone


def roster_columns(*, county: bool, masked: bool) -> list[Column]:
    columns = [
        Column("strokes", "姓名", lambda r: r.name, 90),
        Column("gender", "性别", lambda r: r.gender_label, 44),
        Column("ethnicity", "民族", lambda r: r.ethnicity, 64),
        Column("birth_date", "出生年月", lambda r: format_month(r.birth_date), 76),
        Column("political_status", "政治面貌", lambda r: r.political_status, 90),
        Column("education", "文化程度", lambda r: r.education, 80),
        Column("unit", "工作单位及职务", lambda r: r.unit, 260),
        Column("category", "代表构成", lambda r: r.category, 96),
        Column("group", "代表小组", lambda r: r.group_name, 100),
        Column("constituency", "选区", lambda r: r.constituency_name, 90),
        Column("level", "级别", lambda r: r.level_label, 80),
        Column("presidium_role", "主席团", lambda r: PRESIDIUM_ROLES.get(r.presidium_role, ""), 80),
        Column("status", "状态", lambda r: STATUS_SHORT[r.status], 50),
        Column("phone", "联系电话", lambda r: _phone(r, masked), 110),
    ]
    if county:
        columns.insert(0, Column("township", "乡镇", lambda r: r.township_name, 80))
    return columns


class DeputyTableModel(LazyTableModel[DeputyRow]):
    def __init__(self, office: Office, columns: list[Column], parent: Any = None) -> None:
        super().__init__(
            columns, DeputyQuery(), office.deputies.search, office.deputies.rows, parent
        )

    def deputy_id(self, row: int) -> DeputyId | None:
        found = self.record_id(row)
        return None if found is None else DeputyId(found)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
            SORT_ROLE,
        ):
            return None
        row = self.row_data(index.row())
        if row is None:
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#9a9a9a")) if row.status == "ended" else None
        if role == SORT_ROLE:
            return getattr(row, column.key, column.value(row))
        text = column.value(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return text if len(text) > 12 else None
        return text
