"""Deputies' activities between sessions (代表活动): inspections, surveys, law-enforcement
checks, work appraisals of a government office, training, group activities, visits to
voters, county meetings attended. Photos and scans hang on them as attachments
(owner_kind "activity")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.core.chinese import clean_text
from app.core.errors import ValidationError
from app.core.ids import ActivityId, DeputyId, GroupId, TownshipId
from app.core.records import from_row, new_uuid, now_iso, placeholders
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

ATTACHMENT_KIND = "activity"
APPRAISAL = "工作评议"
ORGANISERS = {"presidium": "乡镇人大主席团", "group": "代表小组", "other": "其他单位"}

# Which part of the deputy's file (一人一档) an activity kind belongs to; kinds not named
# here (inspections, surveys, checks, appraisals, county meetings, others) go to part ③.
PART_OF_KIND = {"学习培训": 4, "小组活动": 5, "走访选民": 7}

FIELDS = (
    "kind",
    "date",
    "topic",
    "place",
    "organiser_kind",
    "group_id",
    "organiser",
    "deputy_ids",
    "others",
    "plan",
    "summary",
    "appraised_unit",
    "appraisal_result",
    "follow_up",
)


def file_part(kind: str) -> int:
    return PART_OF_KIND.get(kind, 3)


@dataclass(frozen=True)
class Activity:
    id: ActivityId
    uuid: str
    township_id: TownshipId
    kind: str
    date: str
    topic: str
    place: str = ""
    organiser_kind: str = "presidium"
    group_id: GroupId | None = None
    organiser: str = ""
    others: str = ""
    plan: str = ""
    summary: str = ""
    appraised_unit: str = ""
    appraisal_result: str = ""
    follow_up: str = ""
    group_name: str = ""
    deputy_ids: tuple[DeputyId, ...] = ()
    created_at: str = ""
    updated_at: str = ""

    @property
    def organiser_label(self) -> str:
        return organiser_label(self.organiser_kind, self.group_name, self.organiser)

    def form_values(self) -> dict[str, Any]:
        values = {key: getattr(self, key) for key in FIELDS}
        values["deputy_ids"] = list(self.deputy_ids)
        return values


def organiser_label(kind: str, group_name: str, organiser: str) -> str:
    if kind == "group":
        return group_name or "代表小组"
    if kind == "other":
        return organiser
    return ORGANISERS["presidium"]


@dataclass(frozen=True)
class ActivityRow:
    """One line of the activity list."""

    id: ActivityId
    kind: str
    date: str
    topic: str
    place: str
    organiser_kind: str
    group_name: str
    organiser: str
    participants: int
    township_name: str

    @property
    def organiser_label(self) -> str:
        return organiser_label(self.organiser_kind, self.group_name, self.organiser)


@dataclass(frozen=True)
class ActivityQuery:
    township_id: int | None = None  # None: the home township (all townships in county mode)
    year: int | None = None
    kind: str | None = None
    text: str = ""
    deputy_id: int | None = None
    group_id: int | None = None


class Activities:
    """office.activities"""

    def __init__(self, office: Office) -> None:
        self._office = office

    # ---- reading ----------------------------------------------------------------------

    def get(self, activity_id: int) -> Activity:
        db = self._office.db
        row = one_row(
            db,
            "SELECT a.*, coalesce(g.name, '') AS group_name FROM activities a"
            " LEFT JOIN deputy_groups g ON g.id = a.group_id WHERE a.id = ?",
            activity_id,
            f"找不到编号为 {activity_id} 的代表活动",
        )
        deputy_ids = linked_deputies(db, "activity_deputies", "activity_id", activity_id)
        return from_row(Activity, {**row, "deputy_ids": deputy_ids})

    def _where(self, query: ActivityQuery) -> tuple[str, list[Any]]:
        where = (
            Where()
            .township(self._office, "a.township_id", query.township_id)
            .year("a.date", query.year)
            .equal("a.kind", query.kind)
            .equal("a.group_id", query.group_id)
        )
        if query.deputy_id is not None:
            where.add(
                "a.id IN (SELECT activity_id FROM activity_deputies WHERE deputy_id = ?)",
                query.deputy_id,
            )
        words = clean_text(query.text)
        if words:
            where.add(
                "(instr(a.topic, ?) > 0 OR instr(a.place, ?) > 0 OR instr(a.summary, ?) > 0"
                " OR instr(a.appraised_unit, ?) > 0 OR instr(a.others, ?) > 0"
                " OR a.id IN (SELECT ad.activity_id FROM activity_deputies ad"
                " JOIN deputies d ON d.id = ad.deputy_id WHERE instr(d.name, ?) > 0))",
                *[words] * 6,
            )
        return where.sql, where.params

    def search(self, query: ActivityQuery) -> list[ActivityId]:
        """Ids of the matching activities, latest first."""
        ids = ids_where(
            self._office.db, " activities a", self._where(query), "a.date DESC, a.id DESC"
        )
        return [ActivityId(i) for i in ids]

    def rows(self, ids: list[int]) -> list[ActivityRow]:
        return rows_by_id(
            self._office.db,
            "SELECT a.id, a.kind, a.date, a.topic, a.place, a.organiser_kind,"
            " coalesce(g.name, '') AS group_name, a.organiser,"
            " (SELECT count(*) FROM activity_deputies WHERE activity_id = a.id)"
            " AS participants, coalesce(t.name, '') AS township_name"
            " FROM activities a LEFT JOIN deputy_groups g ON g.id = a.group_id"
            " LEFT JOIN townships t ON t.id = a.township_id WHERE a.id IN ({})",
            ids,
            lambda row: from_row(ActivityRow, row),
        )

    def years(self) -> list[int]:
        """The years that have activities, latest first (for the year filter)."""
        return years_where(self._office.db, " activities a", "a.date", self._where(ActivityQuery()))

    # ---- checking ---------------------------------------------------------------------

    def check(
        self, values: dict[str, Any], *, township_id: int | None = None
    ) -> tuple[dict[str, Any], dict[str, str]]:
        """Clean a whole form: (values, errors by field). Writes nothing."""
        unknown = set(values) - set(FIELDS)
        if unknown:
            raise TypeError(f"unknown activity fields: {sorted(unknown)}")
        office = self._office
        tid = township_id or office.home_township_id()
        errors: dict[str, str] = {}
        clean: dict[str, Any] = {}
        kind = clean_text(values.get("kind"))
        if not kind:
            errors["kind"] = "请选择活动类型"
        elif not office.reference.contains("activity_kinds", kind):
            errors["kind"] = f"“{kind}”不在活动类型列表中，请从列表中选择"
        clean["kind"] = kind
        clean["date"] = check.day(errors, "date", values.get("date"), required="请填写活动日期")
        clean["topic"] = check.text(
            errors,
            "topic",
            values.get("topic"),
            label="活动主题",
            required="请填写活动主题，如“全镇农村饮水安全工程视察”",
        )
        clean["place"] = check.text(errors, "place", values.get("place"), label="地点")
        organiser_kind = values.get("organiser_kind") or "presidium"
        clean["organiser_kind"] = organiser_kind
        clean["group_id"] = None
        clean["organiser"] = ""
        if organiser_kind == "group":
            group_id = values.get("group_id")
            row = (
                office.db.execute(
                    "SELECT township_id FROM deputy_groups WHERE id = ?", [group_id]
                ).fetchone()
                if group_id
                else None
            )
            if row is None or row[0] != tid:
                errors["group_id"] = "请选择组织活动的代表小组"
            else:
                clean["group_id"] = int(group_id)  # type: ignore[arg-type]
        elif organiser_kind == "other":
            clean["organiser"] = check.text(
                errors,
                "organiser",
                values.get("organiser"),
                label="组织单位",
                limit=40,
                required="请填写组织单位，如“县人大常委会”",
            )
        elif organiser_kind != "presidium":
            errors["organiser_kind"] = "组织者只能是主席团、代表小组或其他单位"
        clean["deputy_ids"] = check.deputies(
            office,
            errors,
            "deputy_ids",
            values.get("deputy_ids") or [],
            township_id=tid,
            on=clean["date"],
            required="请选择参加活动的代表",
        )
        clean["others"] = check.text(
            errors, "others", values.get("others"), label="其他参加人员", limit=400
        )
        clean["plan"] = check.long_text(errors, "plan", values.get("plan"), label="活动方案")
        clean["summary"] = check.long_text(
            errors, "summary", values.get("summary"), label="活动总结或报告"
        )
        is_appraisal = kind == APPRAISAL
        clean["appraised_unit"] = check.text(
            errors,
            "appraised_unit",
            values.get("appraised_unit") if is_appraisal else "",
            label="被评议单位",
            limit=60,
            required="工作评议请填写被评议的单位，如“镇农业综合服务中心”" if is_appraisal else "",
        )
        clean["appraisal_result"] = check.text(
            errors,
            "appraisal_result",
            values.get("appraisal_result") if is_appraisal else "",
            label="评议结果",
            limit=200,
        )
        clean["follow_up"] = check.long_text(
            errors,
            "follow_up",
            values.get("follow_up") if is_appraisal else "",
            label="整改落实情况",
            limit=4000,
        )
        return clean, errors

    # ---- writing ----------------------------------------------------------------------

    def add(self, *, township_id: int | None = None, **values: Any) -> Activity:
        tid = township_id or self._office.home_township_id()
        clean, errors = self.check(values, township_id=tid)
        if errors:
            raise ValidationError(errors)
        deputy_ids = clean.pop("deputy_ids")
        columns = ["uuid", "township_id", *clean]
        with self._office.transaction() as db:
            cursor = db.execute(
                f"INSERT INTO activities ({', '.join(columns)})"
                f" VALUES ({placeholders(len(columns))})",
                [new_uuid(), tid, *clean.values()],
            )
            activity_id = cursor.lastrowid
            db.conn.executemany(
                "INSERT INTO activity_deputies (activity_id, deputy_id) VALUES (?, ?)",
                [(activity_id, d) for d in deputy_ids],
            )
        return self.get(activity_id)

    def update(self, activity_id: int, **values: Any) -> Activity:
        current = self.get(activity_id)
        merged = {**current.form_values(), **values}
        clean, errors = self.check(merged, township_id=current.township_id)
        if errors:
            raise ValidationError(errors)
        deputy_ids = clean.pop("deputy_ids")
        assignments = ", ".join(f"{c} = ?" for c in clean)
        with self._office.transaction() as db:
            db.execute(
                f"UPDATE activities SET {assignments}, updated_at = ? WHERE id = ?",
                [*clean.values(), now_iso(), activity_id],
            )
            db.execute("DELETE FROM activity_deputies WHERE activity_id = ?", [activity_id])
            db.conn.executemany(
                "INSERT INTO activity_deputies (activity_id, deputy_id) VALUES (?, ?)",
                [(activity_id, d) for d in deputy_ids],
            )
        return self.get(activity_id)

    def delete(self, activity_id: int) -> None:
        activity = self.get(activity_id)
        with self._office.transaction() as db:
            self._office.attachments.remove_all(ATTACHMENT_KIND, activity.uuid)
            db.execute("DELETE FROM activities WHERE id = ?", [activity_id])
