"""Handling units (承办单位): the offices a suggestion is assigned to, with the person to
call. An editable list per township; a unit that handled suggestions is retired, not
deleted, so their history keeps its name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.chinese import clean_text
from app.core.errors import ValidationError
from app.core.ids import TownshipId
from app.core.records import from_row, new_uuid
from app.core.validate import check_phone
from app.deputies.structure import _required, _Simple


@dataclass(frozen=True)
class HandlingUnit:
    id: int
    uuid: str
    township_id: TownshipId
    name: str
    contact: str
    phone: str
    note: str
    active: bool
    position: int


class HandlingUnits(_Simple):
    table = "handling_units"
    record = HandlingUnit
    missing = "找不到该承办单位"

    def _township(self, township_id: int | None) -> int | None:
        return township_id or self._office.home_township_id(required=False)

    def list(
        self, township_id: int | None = None, *, include_inactive: bool = True
    ) -> list[HandlingUnit]:
        """The units of the township (every township's in a county database)."""
        tid = self._township(township_id)
        sql = "SELECT * FROM handling_units"
        clauses, params = [], []
        if tid is not None:
            clauses.append("township_id = ?")
            params.append(tid)
        if not include_inactive:
            clauses.append("active = 1")
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        rows = self._office.db.query(sql + " ORDER BY township_id, position, id", params)
        return [from_row(HandlingUnit, row) for row in rows]

    def find(self, name: str, township_id: int | None = None) -> HandlingUnit | None:
        text = clean_text(name)
        for unit in self.list(township_id):
            if unit.name == text:
                return unit
        return None

    def _checked(self, township_id: int, values: dict[str, Any], exclude: int | None) -> dict:
        errors: dict[str, str] = {}
        name = _required(errors, "name", values.get("name", ""), "请填写承办单位名称", 40)
        if name and self._name_taken("township_id = ? AND name = ?", [township_id, name], exclude):
            errors["name"] = f"已有承办单位“{name}”"
        phone, phone_error = check_phone(values.get("phone", ""))
        if phone_error:
            errors["phone"] = phone_error
        contact = clean_text(values.get("contact", ""))
        if len(contact) > 20:
            errors["contact"] = "联系人不能超过 20 个字"
        if errors:
            raise ValidationError(errors)
        return {
            "name": name,
            "contact": contact,
            "phone": phone,
            "note": clean_text(values.get("note", "")),
        }

    def add(
        self,
        *,
        name: str,
        contact: str = "",
        phone: str = "",
        note: str = "",
        township_id: int | None = None,
    ) -> HandlingUnit:
        tid = township_id or self._office.home_township_id()
        values = self._checked(
            tid, {"name": name, "contact": contact, "phone": phone, "note": note}, None
        )
        with self._office.transaction() as db:
            position = db.execute(
                "SELECT coalesce(max(position), -1) + 1 FROM handling_units WHERE township_id = ?",
                [tid],
            ).fetchone()[0]
            cursor = db.execute(
                "INSERT INTO handling_units (uuid, township_id, name, contact, phone, note,"
                " position) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [new_uuid(), tid, *values.values(), position],
            )
        return self.get(cursor.lastrowid)

    def update(self, unit_id: int, **values: Any) -> HandlingUnit:
        current = self.get(unit_id)
        merged = {
            "name": current.name,
            "contact": current.contact,
            "phone": current.phone,
            "note": current.note,
            **values,
        }
        checked = self._checked(current.township_id, merged, unit_id)
        with self._office.transaction() as db:
            db.execute(
                "UPDATE handling_units SET name = ?, contact = ?, phone = ?, note = ? WHERE id = ?",
                [*checked.values(), unit_id],
            )
        return self.get(unit_id)

    def set_active(self, unit_id: int, active: bool) -> HandlingUnit:
        """Retire a unit from the choices of new assignments (its records keep it)."""
        self.get(unit_id)
        with self._office.transaction() as db:
            db.execute("UPDATE handling_units SET active = ? WHERE id = ?", [int(active), unit_id])
        return self.get(unit_id)

    def delete(self, unit_id: int) -> None:
        """Remove a unit entered by mistake; one that has handled suggestions is retired."""
        unit = self.get(unit_id)
        used = self._office.db.execute(
            "SELECT (SELECT count(*) FROM suggestion_units WHERE unit_id = ?)"
            " + (SELECT count(*) FROM suggestion_replies WHERE unit_id = ?)"
            " + (SELECT count(*) FROM suggestions WHERE lead_unit_id = ?)",
            [unit_id, unit_id, unit_id],
        ).fetchone()[0]
        if used or self._in_history(unit.name, unit.township_id):
            raise ValidationError(
                {"name": f"“{unit.name}”已承办过建议，不能删除；不再使用时请“停用”"}
            )
        with self._office.transaction() as db:
            db.execute("DELETE FROM handling_units WHERE id = ?", [unit_id])

    def _in_history(self, name: str, township_id: int) -> bool:
        row = self._office.db.execute(
            "SELECT 1 FROM suggestion_events e JOIN suggestions s ON s.id = e.suggestion_id"
            " WHERE s.township_id = ? AND e.details LIKE ? LIMIT 1",
            [township_id, f"%{name}%"],
        ).fetchone()
        return row is not None
