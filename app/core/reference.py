"""Reference lists (民族, 政治面貌, 文化程度, 代表构成 …), editable by the clerk.

Records store the value text itself, so a list can change without touching old records;
renaming a value updates the records that use it (see `USAGES`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.chinese import clean_text
from app.core.errors import NotFound, ValidationError
from app.core.paths import data_path
from app.core.records import from_row

if TYPE_CHECKING:
    from app.office import Office


@dataclass(frozen=True)
class RefItem:
    id: int
    list_key: str
    value: str
    position: int
    active: bool


def list_titles() -> dict[str, str]:
    """Every list shipped in data/reference, key -> Chinese title."""
    titles = {}
    for path in sorted(data_path("reference").glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        titles[spec["key"]] = spec["title"]
    return titles


# list key -> (table, column) pairs whose values follow a rename. Areas add theirs.
USAGES: dict[str, list[tuple[str, str]]] = {
    "ethnic_groups": [("deputies", "ethnicity")],
    "political_statuses": [("deputies", "political_status")],
    "education_levels": [("deputies", "education")],
    "deputy_categories": [("deputies", "category")],
    "suggestion_categories": [("suggestions", "category")],
    "activity_kinds": [("activities", "kind"), ("score_rules", "variant")],
    "station_checklist": [("station_checks", "item")],
}


class ReferenceLists:
    def __init__(self, office: Office) -> None:
        self._office = office

    def items(self, list_key: str, *, include_inactive: bool = True) -> list[RefItem]:
        sql = "SELECT * FROM ref_items WHERE list_key = ?"
        if not include_inactive:
            sql += " AND active = 1"
        rows = self._office.db.query(sql + " ORDER BY position, id", [list_key])
        return [from_row(RefItem, row) for row in rows]

    def values(self, list_key: str) -> list[str]:
        """The active values, in the clerk's order (what a choice box offers)."""
        return [item.value for item in self.items(list_key, include_inactive=False)]

    def contains(self, list_key: str, value: str) -> bool:
        row = self._office.db.execute(
            "SELECT 1 FROM ref_items WHERE list_key = ? AND value = ?", [list_key, value]
        ).fetchone()
        return row is not None

    def _get(self, item_id: int) -> RefItem:
        rows = list(self._office.db.query("SELECT * FROM ref_items WHERE id = ?", [item_id]))
        if not rows:
            raise NotFound("该选项已不存在")
        return from_row(RefItem, rows[0])

    def _check_value(self, list_key: str, value: str, *, exclude_id: int | None = None) -> str:
        text = clean_text(value)
        if not text:
            raise ValidationError({"value": "请填写选项内容"})
        if len(text) > 40:
            raise ValidationError({"value": "选项内容不能超过 40 个字"})
        row = self._office.db.execute(
            "SELECT id FROM ref_items WHERE list_key = ? AND value = ?", [list_key, text]
        ).fetchone()
        if row is not None and row[0] != exclude_id:
            raise ValidationError({"value": f"列表中已有“{text}”"})
        return text

    def add(self, list_key: str, value: str) -> RefItem:
        text = self._check_value(list_key, value)
        with self._office.transaction() as db:
            position = db.execute(
                "SELECT coalesce(max(position), -1) + 1 FROM ref_items WHERE list_key = ?",
                [list_key],
            ).fetchone()[0]
            cursor = db.execute(
                "INSERT INTO ref_items (list_key, value, position, active) VALUES (?, ?, ?, 1)",
                [list_key, text, position],
            )
            return self._get(cursor.lastrowid)

    def rename(self, item_id: int, value: str) -> RefItem:
        item = self._get(item_id)
        text = self._check_value(item.list_key, value, exclude_id=item_id)
        with self._office.transaction() as db:
            db.execute("UPDATE ref_items SET value = ? WHERE id = ?", [text, item_id])
            for table, column in USAGES.get(item.list_key, []):
                db.execute(
                    f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [text, item.value]
                )
        return self._get(item_id)

    def set_active(self, item_id: int, active: bool) -> RefItem:
        """Hide a value from choice boxes; records that hold it keep it."""
        self._get(item_id)
        with self._office.transaction() as db:
            db.execute("UPDATE ref_items SET active = ? WHERE id = ?", [int(active), item_id])
        return self._get(item_id)

    def move(self, item_id: int, delta: int) -> list[RefItem]:
        item = self._get(item_id)
        items = self.items(item.list_key)
        index = next(i for i, it in enumerate(items) if it.id == item_id)
        target = max(0, min(len(items) - 1, index + delta))
        items.insert(target, items.pop(index))
        with self._office.transaction() as db:
            for position, it in enumerate(items):
                db.execute("UPDATE ref_items SET position = ? WHERE id = ?", [position, it.id])
        return self.items(item.list_key)
