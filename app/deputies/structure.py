"""What deputies belong to: constituencies (选区), liaison stations (代表联络站/点) and
deputy groups (代表小组, with a leader and members)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.core.chinese import clean_text
from app.core.errors import NotFound, ValidationError
from app.core.ids import ConstituencyId, DeputyId, GroupId, StationId, TermId, TownshipId
from app.core.records import from_row, new_uuid, placeholders

if TYPE_CHECKING:
    from app.office import Office


@dataclass(frozen=True)
class Constituency:
    id: ConstituencyId
    uuid: str
    township_id: TownshipId
    term_id: TermId
    number: int
    name: str
    area: str
    seats: int


STATION_KINDS = {"station": "代表联络站", "point": "代表联络点"}


@dataclass(frozen=True)
class Station:
    id: StationId
    uuid: str
    township_id: TownshipId
    name: str
    kind: str
    village: str
    address: str
    note: str

    @property
    def kind_label(self) -> str:
        return STATION_KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class DeputyGroup:
    id: GroupId
    uuid: str
    township_id: TownshipId
    term_id: TermId
    name: str
    leader_id: DeputyId | None
    note: str


def _required(errors: dict[str, str], key: str, value: str, message: str, limit: int = 40) -> str:
    text = clean_text(value)
    if not text:
        errors[key] = message
    elif len(text) > limit:
        errors[key] = f"不能超过 {limit} 个字"
    return text


class _Simple:
    table = ""
    record: type = object
    missing = "找不到该记录"

    def __init__(self, office: Office) -> None:
        self._office = office

    def get(self, record_id: int) -> Any:
        rows = list(self._office.db.query(f"SELECT * FROM {self.table} WHERE id = ?", [record_id]))
        if not rows:
            raise NotFound(self.missing)
        return from_row(self.record, rows[0])

    def _name_taken(self, where: str, params: list, exclude: int | None) -> bool:
        row = self._office.db.execute(
            f"SELECT id FROM {self.table} WHERE {where}", params
        ).fetchone()
        return row is not None and row[0] != exclude

    def _deputy_count(self, column: str, record_id: int) -> int:
        return self._office.db.execute(
            f"SELECT count(*) FROM deputies WHERE {column} = ?", [record_id]
        ).fetchone()[0]


class Constituencies(_Simple):
    table = "constituencies"
    record = Constituency
    missing = "找不到该选区"

    def list(self, term_id: int | None = None) -> list[Constituency]:
        tid = term_id or self._office.current_term_id()
        rows = self._office.db.query(
            "SELECT * FROM constituencies WHERE term_id = ? ORDER BY number, name", [tid]
        )
        return [from_row(Constituency, row) for row in rows]

    def _checked(
        self, term_id: int, name: str, area: str, seats: object, exclude: int | None
    ) -> tuple[str, str, int]:
        errors: dict[str, str] = {}
        text = _required(errors, "name", name, "请填写选区名称，如“第一选区”")
        try:
            n = int(str(seats).strip())
            if not 1 <= n <= 3:
                raise ValueError
        except ValueError:
            errors["seats"] = "每个选区应选代表 1 至 3 名"
            n = 1
        if text and self._name_taken("term_id = ? AND name = ?", [term_id, text], exclude):
            errors["name"] = f"本届已有“{text}”"
        if errors:
            raise ValidationError(errors)
        return text, clean_text(area), n

    def add(
        self,
        *,
        name: str,
        area: str = "",
        seats: int = 1,
        number: int = 0,
        term_id: int | None = None,
    ) -> Constituency:
        tid = term_id or self._office.current_term_id()
        term = self._office.terms.get(tid)
        text, area_text, n = self._checked(tid, name, area, seats, None)
        with self._office.transaction() as db:
            if not number:
                number = db.execute(
                    "SELECT coalesce(max(number), 0) + 1 FROM constituencies WHERE term_id = ?",
                    [tid],
                ).fetchone()[0]
            cursor = db.execute(
                "INSERT INTO constituencies (uuid, township_id, term_id, number, name, area, seats)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [new_uuid(), term.township_id, tid, number, text, area_text, n],
            )
        return self.get(cursor.lastrowid)

    def update(
        self, constituency_id: int, *, name: str, area: str = "", seats: int = 1
    ) -> Constituency:
        current = self.get(constituency_id)
        text, area_text, n = self._checked(current.term_id, name, area, seats, constituency_id)
        with self._office.transaction() as db:
            db.execute(
                "UPDATE constituencies SET name = ?, area = ?, seats = ? WHERE id = ?",
                [text, area_text, n, constituency_id],
            )
        return self.get(constituency_id)

    def delete(self, constituency_id: int) -> None:
        self.get(constituency_id)
        count = self._deputy_count("constituency_id", constituency_id)
        if count:
            raise ValidationError(
                {"name": f"该选区还有 {count} 名代表，请先把他们调整到其他选区再删除"}
            )
        with self._office.transaction() as db:
            db.execute("DELETE FROM constituencies WHERE id = ?", [constituency_id])

    def deputy_counts(self, term_id: int | None = None) -> dict[int, int]:
        tid = term_id or self._office.current_term_id()
        rows = self._office.db.execute(
            "SELECT constituency_id, count(*) FROM deputies WHERE term_id = ? "
            "AND constituency_id IS NOT NULL AND status <> 'ended' GROUP BY constituency_id",
            [tid],
        )
        return dict(rows.fetchall())


class Stations(_Simple):
    table = "liaison_stations"
    record = Station
    missing = "找不到该联络站"

    def list(self, township_id: int | None = None) -> list[Station]:
        tid = township_id or self._office.home_township_id()
        rows = self._office.db.query(
            "SELECT * FROM liaison_stations WHERE township_id = ? ORDER BY kind DESC, name", [tid]
        )
        return [from_row(Station, row) for row in rows]

    def _checked(self, township_id: int, values: dict, exclude: int | None) -> dict:
        errors: dict[str, str] = {}
        name = _required(errors, "name", values.get("name", ""), "请填写联络站名称")
        kind = values.get("kind", "point")
        if kind not in STATION_KINDS:
            errors["kind"] = "请选择“代表联络站”或“代表联络点”"
        if name and self._name_taken("township_id = ? AND name = ?", [township_id, name], exclude):
            errors["name"] = f"已有“{name}”"
        if errors:
            raise ValidationError(errors)
        return {
            "name": name,
            "kind": kind,
            "village": clean_text(values.get("village", "")),
            "address": clean_text(values.get("address", "")),
            "note": clean_text(values.get("note", "")),
        }

    def add(
        self,
        *,
        name: str,
        kind: str = "point",
        village: str = "",
        address: str = "",
        note: str = "",
        township_id: int | None = None,
    ) -> Station:
        tid = township_id or self._office.home_township_id()
        values = self._checked(
            tid,
            {"name": name, "kind": kind, "village": village, "address": address, "note": note},
            None,
        )
        with self._office.transaction() as db:
            cursor = db.execute(
                "INSERT INTO liaison_stations (uuid, township_id, name, kind, village, address,"
                " note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    new_uuid(),
                    tid,
                    values["name"],
                    values["kind"],
                    values["village"],
                    values["address"],
                    values["note"],
                ],
            )
        return self.get(cursor.lastrowid)

    def update(self, station_id: int, **values: str) -> Station:
        current = self.get(station_id)
        merged = {
            "name": current.name,
            "kind": current.kind,
            "village": current.village,
            "address": current.address,
            "note": current.note,
            **values,
        }
        checked = self._checked(current.township_id, merged, station_id)
        with self._office.transaction() as db:
            db.execute(
                "UPDATE liaison_stations SET name = ?, kind = ?, village = ?, address = ?,"
                " note = ? WHERE id = ?",
                [
                    checked["name"],
                    checked["kind"],
                    checked["village"],
                    checked["address"],
                    checked["note"],
                    station_id,
                ],
            )
        return self.get(station_id)

    def delete(self, station_id: int) -> None:
        self.get(station_id)
        count = self._deputy_count("station_id", station_id)
        if count:
            raise ValidationError({"name": f"还有 {count} 名代表属于该联络站，请先调整再删除"})
        with self._office.transaction() as db:
            db.execute("DELETE FROM liaison_stations WHERE id = ?", [station_id])


class Groups(_Simple):
    table = "deputy_groups"
    record = DeputyGroup
    missing = "找不到该代表小组"

    def list(self, term_id: int | None = None) -> list[DeputyGroup]:
        tid = term_id or self._office.current_term_id()
        rows = self._office.db.query(
            "SELECT * FROM deputy_groups WHERE term_id = ? ORDER BY name", [tid]
        )
        return [from_row(DeputyGroup, row) for row in rows]

    def members(self, group_id: int) -> list[DeputyId]:
        rows = self._office.db.execute(
            "SELECT id FROM deputies WHERE group_id = ? ORDER BY name_strokes", [group_id]
        )
        return [DeputyId(r[0]) for r in rows.fetchall()]

    def member_counts(self, term_id: int | None = None) -> dict[int, int]:
        tid = term_id or self._office.current_term_id()
        rows = self._office.db.execute(
            "SELECT group_id, count(*) FROM deputies WHERE term_id = ? AND group_id IS NOT NULL"
            " AND status <> 'ended' GROUP BY group_id",
            [tid],
        )
        return dict(rows.fetchall())

    def _checked_name(self, term_id: int, name: str, exclude: int | None) -> str:
        errors: dict[str, str] = {}
        text = _required(errors, "name", name, "请填写小组名称，如“第一代表小组”")
        if text and self._name_taken("term_id = ? AND name = ?", [term_id, text], exclude):
            errors["name"] = f"本届已有“{text}”"
        if errors:
            raise ValidationError(errors)
        return text

    def add(self, *, name: str, note: str = "", term_id: int | None = None) -> DeputyGroup:
        tid = term_id or self._office.current_term_id()
        term = self._office.terms.get(tid)
        text = self._checked_name(tid, name, None)
        with self._office.transaction() as db:
            cursor = db.execute(
                "INSERT INTO deputy_groups (uuid, township_id, term_id, name, note)"
                " VALUES (?, ?, ?, ?, ?)",
                [new_uuid(), term.township_id, tid, text, clean_text(note)],
            )
        return self.get(cursor.lastrowid)

    def update(
        self, group_id: int, *, name: str, note: str = "", leader_id: int | None = None
    ) -> DeputyGroup:
        group = self.get(group_id)
        text = self._checked_name(group.term_id, name, group_id)
        if leader_id is not None and leader_id not in self.members(group_id):
            raise ValidationError({"leader_id": "组长应是本小组的代表，请先把他加入本组"})
        with self._office.transaction() as db:
            db.execute(
                "UPDATE deputy_groups SET name = ?, note = ?, leader_id = ? WHERE id = ?",
                [text, clean_text(note), leader_id, group_id],
            )
        return self.get(group_id)

    def set_members(self, group_id: int, deputy_ids: Iterable[int]) -> DeputyGroup:
        """Make exactly these deputies the group's members (moving them from other groups)."""
        group = self.get(group_id)
        wanted = list(dict.fromkeys(deputy_ids))
        with self._office.transaction() as db:
            if wanted:
                marks = placeholders(len(wanted))
                rows = db.execute(
                    f"SELECT id FROM deputies WHERE term_id = ? AND id IN ({marks})",
                    [group.term_id, *wanted],
                ).fetchall()
                if len(rows) != len(wanted):
                    raise ValidationError({"members": "只能选择本届的代表"})
            db.execute(
                f"UPDATE deputies SET group_id = NULL WHERE group_id = ? "
                f"AND id NOT IN ({placeholders(len(wanted))})",
                [group_id, *wanted],
            )
            if wanted:
                db.execute(
                    f"UPDATE deputies SET group_id = ? WHERE id IN ({placeholders(len(wanted))})",
                    [group_id, *wanted],
                )
            # A leader who left the group is no longer its leader; nor is one who leads
            # another group a member of here now.
            db.execute(
                "UPDATE deputy_groups SET leader_id = NULL WHERE leader_id IS NOT NULL AND "
                "leader_id NOT IN (SELECT id FROM deputies WHERE group_id = deputy_groups.id)"
            )
        return self.get(group_id)

    def delete(self, group_id: int) -> None:
        self.get(group_id)
        count = self._deputy_count("group_id", group_id)
        if count:
            raise ValidationError({"name": f"该小组还有 {count} 名代表，请先调整再删除"})
        with self._office.transaction() as db:
            db.execute("DELETE FROM deputy_groups WHERE id = ?", [group_id])
