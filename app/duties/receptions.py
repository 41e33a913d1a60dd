"""Liaison stations at work: the register of voter receptions (接待选民/坐班) and each
station's "六有" checklist (DOMAIN.md §5)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.core.chinese import clean_name, clean_text
from app.core.errors import NotFound, ValidationError
from app.core.grams import match_expression, needs_check
from app.core.ids import DeputyId, ReceptionId, StationId, TownshipId
from app.core.records import from_row, new_uuid, now_iso, placeholders
from app.core.validate import GENDER_CODES, GENDER_LABELS, check_phone
from app.duties import record_checks as check
from app.duties.record_queries import (
    Where,
    ids_where,
    linked_deputies,
    one_row,
    rows_by_id,
    years_where,
)

if TYPE_CHECKING:
    from app.office import Office

ATTACHMENT_KIND = "reception"
CHECKLIST = "station_checklist"

HANDLINGS = {
    "answered": "当场解答",
    "village": "转村（社区）办理",
    "government": "转镇政府有关部门办理",
    "suggestion": "形成代表建议",
    "upper": "转交上级人大代表",
    "other": "其他方式处理",
}
# How handled -> what "forwarded to" must name (blank: nothing to name).
FORWARD_REQUIRED = {
    "government": "请填写转交的部门，如“镇水利站”",
    "upper": "请填写转交的上级人大代表姓名",
    "village": "请填写转交的村（社区）",
}
ITEM_FIELDS = (
    "visitor_name",
    "visitor_gender",
    "visitor_age",
    "contact",
    "village",
    "content",
    "within_powers",
    "handling",
    "forwarded_to",
    "result",
    "feedback_date",
    "feedback_way",
)
ITEM_LABELS = {
    "visitor_name": "来访人姓名",
    "visitor_gender": "性别",
    "visitor_age": "年龄",
    "contact": "联系方式",
    "village": "所在村（社区）",
    "content": "反映的问题",
    "within_powers": "属于人大职权范围",
    "handling": "处理方式",
    "forwarded_to": "转交单位或代表",
    "result": "办理结果",
    "feedback_date": "反馈日期",
    "feedback_way": "反馈方式",
}


@dataclass(frozen=True)
class ReceptionItem:
    """One visitor and what they raised."""

    content: str
    visitor_name: str = ""
    visitor_gender: str = ""
    visitor_age: int | None = None
    contact: str = ""
    village: str = ""
    within_powers: bool = True
    handling: str = "answered"
    forwarded_to: str = ""
    result: str = ""
    feedback_date: str = ""
    feedback_way: str = ""
    suggestion_uuid: str = ""
    id: int | None = None
    uuid: str = ""
    position: int = 0

    @property
    def handling_label(self) -> str:
        return HANDLINGS.get(self.handling, self.handling)

    @property
    def gender_label(self) -> str:
        return GENDER_LABELS.get(self.visitor_gender, "")

    @property
    def visitor_label(self) -> str:
        parts = [self.visitor_name or "（未留姓名）"]
        if self.visitor_gender:
            parts.append(self.gender_label)
        if self.visitor_age:
            parts.append(f"{self.visitor_age}岁")
        return "，".join(parts)

    def form_values(self) -> dict[str, Any]:
        values = {key: getattr(self, key) for key in ITEM_FIELDS}
        values["visitor_gender"] = self.gender_label
        values["visitor_age"] = "" if self.visitor_age is None else str(self.visitor_age)
        values["id"] = self.id
        return values


@dataclass(frozen=True)
class Reception:
    id: ReceptionId
    uuid: str
    township_id: TownshipId
    station_id: StationId
    date: str
    start_time: str = ""
    end_time: str = ""
    note: str = ""
    station_name: str = ""
    deputy_ids: tuple[DeputyId, ...] = ()
    items: tuple[ReceptionItem, ...] = ()

    @property
    def time_label(self) -> str:
        if self.start_time and self.end_time:
            return f"{self.start_time}—{self.end_time}"
        return self.start_time

    def form_values(self) -> dict[str, Any]:
        return {
            "station_id": self.station_id,
            "date": self.date,
            "start_time": self.start_time,
            "end_time": self.end_time,
            "note": self.note,
            "deputy_ids": list(self.deputy_ids),
            "items": [item.form_values() for item in self.items],
        }


@dataclass(frozen=True)
class ReceptionRow:
    id: ReceptionId
    date: str
    start_time: str
    end_time: str
    station_id: StationId
    station_name: str
    deputy_names: str
    visitors: int
    first_item: str
    open_items: int
    township_name: str

    @property
    def time_label(self) -> str:
        if self.start_time and self.end_time:
            return f"{self.start_time}—{self.end_time}"
        return self.start_time


@dataclass(frozen=True)
class ReceptionQuery:
    township_id: int | None = None
    station_id: int | None = None
    year: int | None = None
    text: str = ""
    deputy_id: int | None = None


@dataclass(frozen=True)
class CheckItem:
    item: str
    done: bool
    note: str = ""


@dataclass(frozen=True)
class StationSummary:
    """A station as the receptions page lists it."""

    id: StationId
    name: str
    kind: str
    village: str
    checks_done: int
    checks_total: int
    receptions_this_year: int
    last_reception: str
    deputies: int


_TEXT_COLUMNS = ("content", "visitor_name", "village", "forwarded_to", "result")


def _text_condition(words: str) -> tuple[str, ...]:
    """Receptions with a visitor whose record holds the words (separated by spaces: each
    of them): looked up in the index of characters and pairs (reception_search); a word
    of three characters or more is then checked in the text of the few candidates."""
    match = match_expression(words)
    if match is None:  # nothing the index holds (punctuation only): the text itself
        anywhere = " OR ".join(f"instr(i.{c}, ?) > 0" for c in _TEXT_COLUMNS)
        return (
            f"r.id IN (SELECT i.reception_id FROM reception_items i WHERE {anywhere})",
            *[words] * len(_TEXT_COLUMNS),
        )
    clauses = ["i.id IN (SELECT rowid FROM reception_search WHERE reception_search MATCH ?)"]
    params = [match]
    for word in needs_check(words):  # normalised as the index is: lower case, half width
        lowered = " OR ".join(f"instr(lower(i.{c}), ?) > 0" for c in _TEXT_COLUMNS)
        clauses.append(f"({lowered})")
        params += [word] * len(_TEXT_COLUMNS)
    where = " AND ".join(clauses)
    return f"r.id IN (SELECT i.reception_id FROM reception_items i WHERE {where})", *params


class Receptions:
    """office.receptions"""

    def __init__(self, office: Office) -> None:
        self._office = office

    # ---- reading ----------------------------------------------------------------------

    def get(self, reception_id: int) -> Reception:
        db = self._office.db
        row = one_row(
            db,
            "SELECT r.*, s.name AS station_name FROM receptions r"
            " JOIN liaison_stations s ON s.id = r.station_id WHERE r.id = ?",
            reception_id,
            f"找不到编号为 {reception_id} 的接待记录",
        )
        items = [
            from_row(ReceptionItem, item)
            for item in db.query(
                "SELECT * FROM reception_items WHERE reception_id = ? ORDER BY position, id",
                [reception_id],
            )
        ]
        deputy_ids = linked_deputies(db, "reception_deputies", "reception_id", reception_id)
        return from_row(Reception, {**row, "deputy_ids": deputy_ids, "items": tuple(items)})

    def item(self, item_id: int) -> tuple[Reception, ReceptionItem]:
        row = self._office.db.execute(
            "SELECT reception_id FROM reception_items WHERE id = ?", [item_id]
        ).fetchone()
        if row is None:
            raise NotFound("找不到该来访事项")
        reception = self.get(row[0])
        return reception, next(i for i in reception.items if i.id == item_id)

    def _where(self, query: ReceptionQuery) -> tuple[str, list[Any]]:
        where = (
            Where()
            .township(self._office, "r.township_id", query.township_id)
            .equal("r.station_id", query.station_id)
            .year("r.date", query.year)
        )
        if query.deputy_id is not None:
            where.add(
                "r.id IN (SELECT reception_id FROM reception_deputies WHERE deputy_id = ?)",
                query.deputy_id,
            )
        words = clean_text(query.text)
        if words:
            where.add(*_text_condition(words))
        return where.sql, where.params

    def search(self, query: ReceptionQuery) -> list[ReceptionId]:
        """Ids of the matching receptions, latest first."""
        order = "r.date DESC, r.start_time DESC, r.id DESC"
        return [
            ReceptionId(i)
            for i in ids_where(self._office.db, " receptions r", self._where(query), order)
        ]

    def rows(self, ids: list[int]) -> list[ReceptionRow]:
        return rows_by_id(
            self._office.db,
            "SELECT r.id, r.date, r.start_time, r.end_time, r.station_id,"
            " s.name AS station_name, coalesce(t.name, '') AS township_name,"
            " (SELECT group_concat(name, '、') FROM (SELECT d.name FROM reception_deputies rd"
            "  JOIN deputies d ON d.id = rd.deputy_id WHERE rd.reception_id = r.id"
            "  ORDER BY d.name_strokes)) AS deputy_names,"
            " (SELECT count(*) FROM reception_items WHERE reception_id = r.id) AS visitors,"
            " coalesce((SELECT content FROM reception_items WHERE reception_id = r.id"
            "  ORDER BY position, id LIMIT 1), '') AS first_item,"
            " (SELECT count(*) FROM reception_items WHERE reception_id = r.id"
            "  AND handling <> 'answered' AND feedback_date = '') AS open_items"
            " FROM receptions r JOIN liaison_stations s ON s.id = r.station_id"
            " LEFT JOIN townships t ON t.id = r.township_id WHERE r.id IN ({})",
            ids,
            lambda row: from_row(ReceptionRow, {**row, "deputy_names": row["deputy_names"] or ""}),
        )

    def items_of(self, ids: list[int]) -> dict[int, list[ReceptionItem]]:
        """The visitors of these receptions, by reception, in their order (the export of
        a county's list reads thousands at once)."""
        found: dict[int, list[ReceptionItem]] = {i: [] for i in ids}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for row in self._office.db.query(
                f"SELECT * FROM reception_items WHERE reception_id IN ({placeholders(len(chunk))})"
                " ORDER BY reception_id, position, id",
                chunk,
            ):
                found[row["reception_id"]].append(from_row(ReceptionItem, row))
        return found

    def years(self) -> list[int]:
        return years_where(
            self._office.db, " receptions r", "r.date", self._where(ReceptionQuery())
        )

    def stations(self, year: int, township_id: int | None = None) -> list[StationSummary]:
        """Every station of the township with its checklist and this year's receptions."""
        office = self._office
        tid = township_id or office.home_township_id()
        total = len(office.reference.values(CHECKLIST))
        done = self._checks_done(tid)
        stats = {
            row[0]: row[1:]
            for row in office.db.execute(
                "SELECT station_id, sum(date >= ? AND date < ?), max(date) FROM receptions"
                " WHERE township_id = ? GROUP BY station_id",
                [f"{year}-01-01", f"{year + 1}-01-01", tid],
            ).fetchall()
        }
        deputies = dict(
            office.db.execute(
                "SELECT station_id, count(*) FROM deputies WHERE township_id = ?"
                " AND status <> 'ended' AND station_id IS NOT NULL GROUP BY station_id",
                [tid],
            ).fetchall()
        )
        return [
            StationSummary(
                id=s.id,
                name=s.name,
                kind=s.kind_label,
                village=s.village,
                checks_done=done.get(s.id, 0),
                checks_total=total,
                receptions_this_year=int(stats.get(s.id, (0, ""))[0] or 0),
                last_reception=stats.get(s.id, (0, ""))[1] or "",
                deputies=deputies.get(s.id, 0),
            )
            for s in office.stations.list(tid)
        ]

    def _checks_done(self, township_id: int) -> dict[int, int]:
        active = self._office.reference.values(CHECKLIST)
        if not active:
            return {}
        rows = self._office.db.execute(
            "SELECT c.station_id, count(*) FROM station_checks c JOIN liaison_stations s"
            " ON s.id = c.station_id WHERE s.township_id = ? AND c.done = 1"
            f" AND c.item IN ({placeholders(len(active))}) GROUP BY c.station_id",
            [township_id, *active],
        ).fetchall()
        return dict(rows)

    # ---- the "六有" checklist ----------------------------------------------------------

    def checklist(self, station_id: int) -> list[CheckItem]:
        """The items of the (editable) checklist, in its order, with this station's marks."""
        self._office.stations.get(station_id)
        marks = {
            row[0]: (bool(row[1]), row[2])
            for row in self._office.db.execute(
                "SELECT item, done, note FROM station_checks WHERE station_id = ?", [station_id]
            ).fetchall()
        }
        return [
            CheckItem(item, *marks.get(item, (False, "")))
            for item in self._office.reference.values(CHECKLIST)
        ]

    def set_checklist(self, station_id: int, marks: dict[str, tuple[bool, str]]) -> list[CheckItem]:
        """Save the marks of several items at once: {item: (done, note)}."""
        self._office.stations.get(station_id)
        items = set(self._office.reference.values(CHECKLIST))
        errors = {item: f"“{item}”不在“六有”检查项中" for item in marks if item not in items}
        cleaned = {}
        for item, (done, note) in marks.items():
            cleaned[item] = (bool(done), check.text(errors, item, note, label="说明", limit=100))
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            for item, (done, note) in cleaned.items():
                db.execute(
                    "INSERT INTO station_checks (uuid, station_id, item, done, note, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (station_id, item) DO UPDATE SET"
                    " done = excluded.done, note = excluded.note, updated_at = excluded.updated_at",
                    [new_uuid(), station_id, item, int(done), note, now_iso()],
                )
        return self.checklist(station_id)

    # ---- checking ---------------------------------------------------------------------

    @staticmethod
    def check_item(values: dict[str, Any], *, reception_date: str = "") -> ReceptionItem:
        """One visitor's entry, cleaned, or ValidationError keyed by its fields."""
        errors: dict[str, str] = {}
        name = clean_name(values.get("visitor_name"))
        if len(name) > 20:
            errors["visitor_name"] = "姓名不能超过 20 个字"
        gender_text = clean_text(values.get("visitor_gender"))
        gender = GENDER_CODES.get(gender_text, "") if gender_text else ""
        if gender_text and not gender:
            errors["visitor_gender"] = "性别只能是“男”或“女”，也可不填"
        age_text = clean_text(values.get("visitor_age"))
        age = None
        if age_text:
            age = check.count(errors, "visitor_age", age_text, label="年龄", minimum=1, maximum=120)
        contact, problem = check_phone(values.get("contact"))
        if problem:
            errors["contact"] = problem
        village = check.text(errors, "village", values.get("village"), label="村（社区）", limit=40)
        content = check.long_text(
            errors, "content", values.get("content"), label="反映的问题", limit=2000
        )
        if not content:
            errors["content"] = "请填写来访人反映的问题（尽量照原话记录）"
        within = values.get("within_powers", True) in (True, 1, "1", "是", "true", "True")
        handling = values.get("handling") or "answered"
        if handling not in HANDLINGS:
            by_label = {label: key for key, label in HANDLINGS.items()}
            handling = by_label.get(handling, handling)
        if handling not in HANDLINGS:
            errors["handling"] = "请从列表中选择处理方式"
        forwarded = check.text(
            errors,
            "forwarded_to",
            values.get("forwarded_to"),
            label="转交单位或代表",
            limit=60,
            required=FORWARD_REQUIRED.get(handling, ""),
        )
        result = check.long_text(
            errors, "result", values.get("result"), label="办理结果", limit=2000
        )
        feedback = check.day(errors, "feedback_date", values.get("feedback_date"))
        if feedback and reception_date and feedback < reception_date:
            errors["feedback_date"] = "反馈日期早于接待日期，请核对"
        way = check.text(
            errors, "feedback_way", values.get("feedback_way"), label="反馈方式", limit=20
        )
        if way and not feedback and "feedback_date" not in errors:
            errors["feedback_date"] = "填了反馈方式，也请填写反馈日期"
        if errors:
            raise ValidationError(errors)
        return ReceptionItem(
            content=content,
            visitor_name=name,
            visitor_gender=gender,
            visitor_age=age,
            contact=contact,
            village=village,
            within_powers=within,
            handling=handling,
            forwarded_to=forwarded,
            result=result,
            feedback_date=feedback,
            feedback_way=way,
            id=values.get("id"),
        )

    def check(
        self, values: dict[str, Any], *, township_id: int | None = None
    ) -> tuple[dict[str, Any], list[ReceptionItem], dict[str, str]]:
        """Clean a whole reception: (values, items, errors by field). Writes nothing."""
        office = self._office
        tid = township_id or office.home_township_id()
        errors: dict[str, str] = {}
        clean: dict[str, Any] = {}
        station_id = values.get("station_id")
        row = (
            office.db.execute(
                "SELECT township_id FROM liaison_stations WHERE id = ?", [station_id]
            ).fetchone()
            if station_id
            else None
        )
        if row is None or row[0] != tid:
            errors["station_id"] = "请选择接待选民的联络站（点）"
        clean["station_id"] = int(station_id) if row is not None else None  # type: ignore[arg-type]
        clean["date"] = check.day(errors, "date", values.get("date"), required="请填写接待日期")
        clean["start_time"] = check.clock(errors, "start_time", values.get("start_time"))
        clean["end_time"] = check.clock(errors, "end_time", values.get("end_time"))
        if clean["end_time"] and not clean["start_time"] and "start_time" not in errors:
            errors["start_time"] = "填了结束时间，也请填写开始时间"
        elif clean["start_time"] and clean["end_time"] and clean["end_time"] <= clean["start_time"]:
            errors["end_time"] = "结束时间应晚于开始时间"
        clean["note"] = check.long_text(
            errors, "note", values.get("note"), label="备注", limit=2000
        )
        clean["deputy_ids"] = check.deputies(
            office,
            errors,
            "deputy_ids",
            values.get("deputy_ids") or [],
            township_id=tid,
            on=clean["date"],
            required="请选择坐班接待的代表",
        )
        items = []
        problems = []
        for number, item_values in enumerate(values.get("items") or [], start=1):
            try:
                items.append(self.check_item(item_values, reception_date=clean["date"]))
            except ValidationError as exc:
                problems.append(f"第 {number} 位来访人：" + "；".join(exc.fields.values()))
        if problems:
            errors["items"] = "\n".join(problems)
        return clean, items, errors

    # ---- writing ----------------------------------------------------------------------

    def add(self, *, township_id: int | None = None, **values: Any) -> Reception:
        """Record a reception with its duty deputies and visitors, in one transaction."""
        tid = township_id or self._office.home_township_id()
        clean, items, errors = self.check(values, township_id=tid)
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            cursor = db.execute(
                "INSERT INTO receptions (uuid, township_id, station_id, date, start_time,"
                " end_time, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    new_uuid(),
                    tid,
                    clean["station_id"],
                    clean["date"],
                    clean["start_time"],
                    clean["end_time"],
                    clean["note"],
                ],
            )
            reception_id = cursor.lastrowid
            self._write_people(reception_id, clean["deputy_ids"], items)
        return self.get(reception_id)

    def update(self, reception_id: int, **values: Any) -> Reception:
        current = self.get(reception_id)
        merged = {**current.form_values(), **values}
        clean, items, errors = self.check(merged, township_id=current.township_id)
        kept = {item.id for item in items if item.id is not None}
        linked = [i for i in current.items if i.suggestion_uuid and i.id not in kept]
        if linked:
            errors["items"] = f"“{linked[0].content[:20]}”已形成代表建议，不能从接待记录中删除"
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            db.execute(
                "UPDATE receptions SET station_id = ?, date = ?, start_time = ?, end_time = ?,"
                " note = ?, updated_at = ? WHERE id = ?",
                [
                    clean["station_id"],
                    clean["date"],
                    clean["start_time"],
                    clean["end_time"],
                    clean["note"],
                    now_iso(),
                    reception_id,
                ],
            )
            self._write_people(reception_id, clean["deputy_ids"], items)
        return self.get(reception_id)

    def _write_people(
        self, reception_id: int, deputy_ids: list[DeputyId], items: list[ReceptionItem]
    ) -> None:
        db = self._office.db
        db.execute("DELETE FROM reception_deputies WHERE reception_id = ?", [reception_id])
        db.conn.executemany(
            "INSERT INTO reception_deputies (reception_id, deputy_id) VALUES (?, ?)",
            [(reception_id, d) for d in deputy_ids],
        )
        kept = [item.id for item in items if item.id is not None]
        db.execute(
            "DELETE FROM reception_items WHERE reception_id = ?"
            f" AND id NOT IN ({placeholders(len(kept))})",
            [reception_id, *kept],
        )
        for position, item in enumerate(items):
            values = [getattr(item, f) for f in ITEM_FIELDS]
            values[ITEM_FIELDS.index("within_powers")] = int(item.within_powers)
            if item.id is None:
                db.execute(
                    f"INSERT INTO reception_items (uuid, reception_id, position,"
                    f" {', '.join(ITEM_FIELDS)}) VALUES (?, ?, ?{', ?' * len(ITEM_FIELDS)})",
                    [new_uuid(), reception_id, position, *values],
                )
            else:
                db.execute(
                    f"UPDATE reception_items SET position = ?,"
                    f" {', '.join(f'{f} = ?' for f in ITEM_FIELDS)}"
                    " WHERE id = ? AND reception_id = ?",
                    [position, *values, item.id, reception_id],
                )

    def delete(self, reception_id: int) -> None:
        reception = self.get(reception_id)
        if any(i.suggestion_uuid for i in reception.items):
            raise ValidationError(
                {"items": "这次接待中有事项已形成代表建议，不能删除；可修改接待记录"}
            )
        with self._office.transaction() as db:
            self._office.attachments.remove_all(ATTACHMENT_KIND, reception.uuid)
            db.execute("DELETE FROM receptions WHERE id = ?", [reception_id])
