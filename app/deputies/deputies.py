"""Deputies (代表): the registration form, finding them, their status and photo."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from app.core import dates
from app.core.chinese import clean_text, cn_number, pinyin_keys, pinyin_sort_key, stroke_sort_key
from app.core.errors import NotFound, ValidationError
from app.core.ids import DeputyId
from app.core.records import from_row, new_uuid, now_iso, placeholders
from app.core.validate import (
    GENDER_LABELS,
    check_gender,
    check_id_number,
    check_name,
    check_phone,
    check_postcode,
)
from app.deputies.fields import (
    DEPUTY_FIELDS,
    FIELDS_BY_KEY,
    PRESIDIUM_ROLES,
    STATUS_LABELS,
    level_label,
)

if TYPE_CHECKING:
    from app.office import Office

MIN_AGE = 18


@dataclass(frozen=True)
class Deputy:
    id: DeputyId
    uuid: str
    township_id: int
    term_id: int
    name: str
    gender: str
    ethnicity: str = ""
    birth_date: str = ""
    native_place: str = ""
    political_status: str = ""
    education: str = ""
    unit: str = ""
    category: str = ""
    is_returned_overseas: bool = False
    is_reelected: bool = False
    is_front_line: bool = False
    card_number: str = ""
    constituency_id: int | None = None
    elected_date: str = ""
    group_id: int | None = None
    station_id: int | None = None
    presidium_role: str = ""
    is_credentials_member: bool = False
    is_township_deputy: bool = True
    is_county_deputy: bool = False
    phone: str = ""
    address: str = ""
    postcode: str = ""
    id_number: str = ""
    resume: str = ""
    awards: str = ""
    note: str = ""
    status: str = "serving"
    status_date: str = ""
    status_reason: str = ""
    has_photo: bool = False
    created_at: str = ""
    updated_at: str = ""

    @property
    def gender_label(self) -> str:
        return GENDER_LABELS.get(self.gender, "")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def level_label(self) -> str:
        return level_label(self.is_township_deputy, self.is_county_deputy)

    @property
    def presidium_role_label(self) -> str:
        return PRESIDIUM_ROLES.get(self.presidium_role, "")

    def form_values(self) -> dict[str, Any]:
        """The editable fields, as `add` and `update` take them."""
        return {f.key: getattr(self, f.key) for f in DEPUTY_FIELDS}


@dataclass(frozen=True)
class DeputyChoice:
    """A deputy as a chooser offers them: the label shown (with the unit, to tell namesakes
    apart) and the keys that find them (name, unit, pinyin initials and full pinyin)."""

    id: DeputyId
    label: str
    keys: str


@dataclass(frozen=True)
class DeputyRow:
    """One line of the roster: display values with the names of linked records."""

    id: DeputyId
    name: str
    gender: str
    birth_date: str
    ethnicity: str
    political_status: str
    education: str
    unit: str
    category: str
    group_name: str
    constituency_name: str
    station_name: str
    is_township_deputy: bool
    is_county_deputy: bool
    presidium_role: str
    status: str
    card_number: str
    phone: str
    id_number: str
    township_name: str
    term_number: int

    @property
    def gender_label(self) -> str:
        return GENDER_LABELS.get(self.gender, "")

    @property
    def level_label(self) -> str:
        return level_label(self.is_township_deputy, self.is_county_deputy)


SORT_KEYS: dict[str, str] = {
    "strokes": "d.name_strokes",
    "name": "d.name_sort",
    "gender": "d.gender",
    "birth_date": "d.birth_date",
    "ethnicity": "d.ethnicity",
    "political_status": "d.political_status",
    "education": "d.education",
    "unit": "d.unit",
    "category": "d.category",
    "group": "g.name",
    "constituency": "c.number",
    "station": "s.name",
    "level": "(d.is_county_deputy * 2 + d.is_township_deputy)",
    "presidium_role": "instr('chair vice_chair member', d.presidium_role)",
    "status": "d.status",
    "card_number": "d.card_number",
    "phone": "d.phone",
    "id_number": "d.id_number",
    "township": "t.name",
}


@dataclass(frozen=True)
class DeputyQuery:
    """What the roster shows. None means no filter on that field."""

    text: str = ""
    township_id: int | None = None
    term_id: int | None = None
    group_id: int | None = None
    constituency_id: int | None = None
    station_id: int | None = None
    category: str | None = None
    level: str | None = None  # "township" | "county"
    status: str | None = None  # "serving" | "suspended" | "ended" | "active" (not ended)
    presidium_only: bool = False
    sort: str = "strokes"
    descending: bool = False


@dataclass(frozen=True)
class Checked:
    """The cleaned values of a form, with errors (which block saving) and warnings
    (which the clerk confirms), both keyed by field."""

    values: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class StatusChange:
    id: int
    deputy_id: DeputyId
    status: str
    date: str
    reason: str
    note: str
    recorded_at: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


# status -> the statuses it may change to
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "serving": ("suspended", "ended"),
    "suspended": ("serving", "ended"),
    "ended": ("serving",),
}
STATUS_ACTIONS = {
    ("serving", "suspended"): "暂停执行代表职务",
    ("serving", "ended"): "终止代表资格",
    ("suspended", "serving"): "恢复执行代表职务",
    ("suspended", "ended"): "终止代表资格",
    ("ended", "serving"): "撤销终止（更正误录）",
}

_BOOL_TRUE = {True, "1", "是", "true", "True", "√", "✓", "yes", "Y", "y"}
# What a field left empty is, by kind (name and gender say they are missing).
_EMPTY_VALUES: dict[str, Any] = {
    "bool": False,
    "month": "",
    "date": "",
    "phone": "",
    "postcode": "",
    "id_number": "",
    "link": None,
    "role": "",
    "longtext": "",
    "text": "",
    "ref": "",
}


def _as_bool(value: object) -> bool:
    return value in _BOOL_TRUE


def _clean_long(value: object) -> str:
    """Multi-line text (résumé, notes): line endings unified, trailing spaces dropped; the
    spacing inside a line is kept, since clerks align résumé columns with it."""
    import unicodedata

    text = "" if value is None else str(value).replace("\r\n", "\n").replace("\r", "\n")
    lines = [unicodedata.normalize("NFC", line).rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


class Deputies:
    def __init__(self, office: Office) -> None:
        self._office = office
        self._cache: dict[tuple[str, Any], Any] | None = None

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many checks and writes in a row (a roster import): the reference lists, the
        term and the term of each group and constituency are read once. Use it inside one
        transaction, or for checks that write nothing, so what was read stays true."""
        outer = self._cache
        if outer is None:
            self._cache = {}
        try:
            yield
        finally:
            if outer is None:
                self._cache = None

    def _cached(self, key: tuple[str, Any], read: Callable[[], Any]) -> Any:
        cache = self._cache
        if cache is None:
            return read()
        if key not in cache:
            cache[key] = read()
        return cache[key]

    def _in_list(self, list_key: str, value: str) -> bool:
        if self._cache is None:
            return self._office.reference.contains(list_key, value)
        values = self._cached(
            ("list", list_key),
            lambda: {item.value for item in self._office.reference.items(list_key)},
        )
        return value in values

    # ---- reading ----------------------------------------------------------------------

    def get(self, deputy_id: int) -> Deputy:
        rows = list(
            self._office.db.query(
                "SELECT d.*, (p.deputy_id IS NOT NULL) AS has_photo FROM deputies d "
                "LEFT JOIN deputy_photos p ON p.deputy_id = d.id WHERE d.id = ?",
                [deputy_id],
            )
        )
        if not rows:
            raise NotFound(f"找不到编号为 {deputy_id} 的代表")
        return from_row(Deputy, rows[0])

    def find(self, name_or_id: str, *, term_id: int | None = None) -> list[Deputy]:
        """By record number, ID number or exact name (several people may share a name)."""
        text = clean_text(name_or_id)
        if text.isdigit() and len(text) < 10:
            try:
                return [self.get(int(text))]
            except NotFound:
                return []
        tid = term_id or self._office.current_term_id(required=False)
        sql = "SELECT id FROM deputies WHERE (name = ? OR id_number = ?)"
        params: list[Any] = [text, text.upper()]
        if tid is not None:
            sql += " AND term_id = ?"
            params.append(tid)
        rows = self._office.db.execute(sql + " ORDER BY name_strokes", params).fetchall()
        return [self.get(r[0]) for r in rows]

    def _where(self, query: DeputyQuery) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        township_id = query.township_id
        if township_id is None and self._office.mode == "township":
            township_id = self._office.home_township_id(required=False)
        if township_id is not None:
            clauses.append("d.township_id = ?")
            params.append(township_id)
        for column, value in (
            ("d.term_id", query.term_id),
            ("d.group_id", query.group_id),
            ("d.constituency_id", query.constituency_id),
            ("d.station_id", query.station_id),
            ("d.category", query.category),
        ):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if query.level == "township":
            clauses.append("d.is_township_deputy = 1")
        elif query.level == "county":
            clauses.append("d.is_county_deputy = 1")
        if query.status == "active":
            clauses.append("d.status <> 'ended'")
        elif query.status is not None:
            clauses.append("d.status = ?")
            params.append(query.status)
        if query.presidium_only:
            clauses.append("d.presidium_role <> ''")
        text = clean_text(query.text)
        if text:
            like = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            clauses.append(
                "(instr(d.name, ?) > 0 OR instr(d.unit, ?) > 0 OR d.card_number = ?"
                " OR d.name_pinyin LIKE ? ESCAPE '\\')"
            )
            params.extend([text, text, text, f"%|{like}%"])
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    _FROM = (
        " FROM deputies d"
        " LEFT JOIN deputy_groups g ON g.id = d.group_id"
        " LEFT JOIN constituencies c ON c.id = d.constituency_id"
        " LEFT JOIN liaison_stations s ON s.id = d.station_id"
        " LEFT JOIN townships t ON t.id = d.township_id"
        " LEFT JOIN terms tm ON tm.id = d.term_id"
    )

    def search(self, query: DeputyQuery) -> list[DeputyId]:
        """Ids of the matching deputies, in the asked order (stroke order breaks ties)."""
        where, params = self._where(query)
        order = SORT_KEYS.get(query.sort, SORT_KEYS["strokes"])
        direction = "DESC" if query.descending else "ASC"
        sql = (
            "SELECT d.id"
            + self._FROM
            + where
            + f" ORDER BY {order} {direction}, d.name_strokes, d.id"
        )
        return [DeputyId(r[0]) for r in self._office.db.execute(sql, params).fetchall()]

    def count(self, query: DeputyQuery) -> int:
        where, params = self._where(query)
        return self._office.db.execute("SELECT count(*)" + self._FROM + where, params).fetchone()[0]

    def choices(self, query: DeputyQuery) -> list[DeputyChoice]:
        """The deputies a query finds, in its order, as a chooser lists them. The pinyin
        keys are the stored ones: no pinyin is computed here."""
        ids = self.search(query)
        found: dict[int, DeputyChoice] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for row in self._office.db.execute(
                "SELECT id, name, unit, name_pinyin FROM deputies"
                f" WHERE id IN ({placeholders(len(chunk))})",
                chunk,
            ):
                label = f"{row[1]}（{row[2]}）" if row[2] else row[1]
                keys = f"{row[1]} {row[2]} {row[3].replace('|', ' ')}"
                found[row[0]] = DeputyChoice(DeputyId(row[0]), label, keys)
        return [found[i] for i in ids if i in found]

    def rows(self, ids: list[int]) -> list[DeputyRow]:
        """Display rows for these ids, in the same order."""
        found: dict[int, DeputyRow] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            sql = (
                "SELECT d.id, d.name, d.gender, d.birth_date, d.ethnicity, d.political_status,"
                " d.education, d.unit, d.category, coalesce(g.name, '') AS group_name,"
                " coalesce(c.name, '') AS constituency_name,"
                " coalesce(s.name, '') AS station_name, d.is_township_deputy,"
                " d.is_county_deputy, d.presidium_role, d.status, d.card_number, d.phone,"
                " d.id_number, coalesce(t.name, '') AS township_name,"
                " coalesce(tm.number, 0) AS term_number"
                + self._FROM
                + f" WHERE d.id IN ({placeholders(len(chunk))})"
            )
            for row in self._office.db.query(sql, chunk):
                found[row["id"]] = from_row(DeputyRow, row)
        return [found[i] for i in ids if i in found]

    def status_history(self, deputy_id: int) -> list[StatusChange]:
        rows = self._office.db.query(
            "SELECT * FROM deputy_status_changes WHERE deputy_id = ? ORDER BY date, id",
            [deputy_id],
        )
        return [from_row(StatusChange, row) for row in rows]

    def photo(self, deputy_id: int) -> bytes | None:
        row = self._office.db.execute(
            "SELECT image FROM deputy_photos WHERE deputy_id = ?", [deputy_id]
        ).fetchone()
        return bytes(row[0]) if row else None

    # ---- checking ---------------------------------------------------------------------

    def check(
        self,
        values: dict[str, Any],
        *,
        deputy_id: int | None = None,
        term_id: int | None = None,
        today: date | None = None,
    ) -> Checked:
        """Clean and check a whole form without writing anything."""
        unknown = set(values) - set(FIELDS_BY_KEY)
        if unknown:
            raise TypeError(f"unknown deputy fields: {sorted(unknown)}")
        day = today or dates.today()
        old_name = ""
        if deputy_id is not None:
            current = self.get(deputy_id)
            merged = {**current.form_values(), **values}
            term_id = current.term_id
            old_name = current.name
        else:
            merged = {f.key: values.get(f.key) for f in DEPUTY_FIELDS}
            if merged["is_township_deputy"] is None:
                merged["is_township_deputy"] = True
            term_id = term_id or self._office.current_term_id()
        errors: dict[str, str] = {}
        warnings: dict[str, str] = {}
        clean: dict[str, Any] = {}

        for spec in DEPUTY_FIELDS:
            raw = merged.get(spec.key)
            value: Any
            error: str | None = None
            if (raw is None or raw == "") and spec.kind in _EMPTY_VALUES:
                clean[spec.key] = _EMPTY_VALUES[spec.kind]  # nothing to check
                continue
            if spec.kind == "name":
                value, error = check_name(raw)
            elif spec.kind == "gender":
                value, error = check_gender(raw)
                if error == "请选择性别":
                    value, error = "", None  # may still come from the ID number below
            elif spec.kind == "bool":
                value = _as_bool(raw)
            elif spec.kind == "month":
                try:
                    value = dates.parse_partial_date(raw or "")
                except dates.DateError as exc:
                    value, error = clean_text(raw), str(exc)
            elif spec.kind == "date":
                try:
                    value = dates.parse_date(raw or "")
                except dates.DateError as exc:
                    value, error = clean_text(raw), str(exc)
            elif spec.kind == "phone":
                value, error = check_phone(raw)
            elif spec.kind == "postcode":
                value, error = check_postcode(raw)
            elif spec.kind == "id_number":
                result = check_id_number(raw, today=day)
                value, error = result.value, result.error
                if result.warning:
                    warnings["id_number"] = result.warning
            elif spec.kind == "link":
                value = int(raw) if raw not in (None, "", 0) else None
            elif spec.kind == "role":
                text = clean_text(raw)
                by_label = {label: key for key, label in PRESIDIUM_ROLES.items()}
                value = by_label.get(text, text)
                if value not in PRESIDIUM_ROLES:
                    error = "主席团职务只能是主席、副主席、主席团成员或空白"
            elif spec.kind == "longtext":
                value = _clean_long(raw)
            else:
                value = clean_text(raw)
            if spec.kind == "ref" and value and not self._in_list(spec.ref, value):
                error = (
                    f"“{value}”不在{spec.label}列表中，请从列表中选择（列表可在“基础数据”中增加）"
                )
            if (
                error is None
                and isinstance(value, str)
                and spec.kind not in ("name", "id_number")
                and len(value) > spec.max_length
            ):
                error = f"{spec.label}不能超过 {spec.max_length} 个字"
            clean[spec.key] = value
            if error:
                errors[spec.key] = error

        self._check_across(clean, errors, warnings, term_id, deputy_id, day)
        if "name" not in errors and clean["name"] != old_name:
            same = self._same_name(clean["name"], term_id, deputy_id)
            if same:
                warnings["name"] = same
        return Checked(clean, errors, warnings)

    def _same_name(self, name: str, term_id: int, deputy_id: int | None) -> str:
        """A warning when the term already has a deputy of this name: two people may share
        a name, so the clerk confirms, but it is also how a deputy gets registered twice."""
        rows = self._office.db.execute(
            "SELECT birth_date, unit FROM deputies WHERE term_id = ? AND name = ? AND id <> ?"
            " ORDER BY id LIMIT 3",
            [term_id, name, deputy_id or 0],
        ).fetchall()
        if not rows:
            return ""
        who = "；".join(
            "，".join(part for part in (dates.format_date(birth), unit) if part) or "未填出生年月"
            for birth, unit in rows
        )
        return f"本届已有同名代表“{name}”（{who}），请核对是否同一人、是否重复登记"

    def _check_across(
        self,
        clean: dict[str, Any],
        errors: dict[str, str],
        warnings: dict[str, str],
        term_id: int,
        deputy_id: int | None,
        day: date,
    ) -> None:
        db = self._office.db
        id_number = clean["id_number"]
        if id_number and "id_number" not in errors:
            result = check_id_number(id_number, today=day)
            if not clean["birth_date"] and "birth_date" not in errors:
                clean["birth_date"] = result.birth_date
            elif "birth_date" not in errors and not result.birth_date.startswith(
                clean["birth_date"]
            ):
                warnings["birth_date"] = (
                    f"与身份证号码中的出生日期（{dates.format_date(result.birth_date)}）不一致，"
                    "请核对"
                )
            if not clean["gender"]:
                clean["gender"] = result.gender
            elif clean["gender"] != result.gender:
                warnings["gender"] = (
                    f"身份证号码显示性别为“{GENDER_LABELS[result.gender]}”，与所选不一致，请核对"
                )
            row = db.execute(
                "SELECT id, name FROM deputies WHERE term_id = ? AND id_number = ?",
                [term_id, id_number],
            ).fetchone()
            if row is not None and row[0] != deputy_id:
                errors["id_number"] = f"本届代表“{row[1]}”已使用这个身份证号码，不能重复登记"
        if not clean["gender"] and "gender" not in errors:
            errors["gender"] = "请选择性别"

        birth = clean["birth_date"]
        if birth and "birth_date" not in errors:
            born = dates.as_date(birth)
            if born > day:
                errors["birth_date"] = "出生日期不能晚于今天"
            elif born.year < 1900:
                errors["birth_date"] = "出生年份不对，请核对"
            elif (dates.age_on(birth, day) or 0) < MIN_AGE:
                errors["birth_date"] = "按出生日期计算未满十八周岁，不能当选代表，请核对"
        elected = clean["elected_date"]
        if elected and "elected_date" not in errors:
            if date.fromisoformat(elected) > day:
                errors["elected_date"] = "当选日期不能晚于今天"
            elif birth and "birth_date" not in errors and elected[:7] < birth[:7]:
                errors["elected_date"] = "当选日期早于出生日期，请核对"

        if not clean["is_township_deputy"] and not clean["is_county_deputy"]:
            errors["is_township_deputy"] = "请至少勾选“乡镇人大代表”或“县人大代表”中的一项"

        for key, table, label in (
            ("constituency_id", "constituencies", "选区"),
            ("group_id", "deputy_groups", "代表小组"),
        ):
            if clean[key] is not None:
                found = self._cached(
                    (table, clean[key]),
                    lambda table=table, key=key: db.execute(
                        f"SELECT term_id FROM {table} WHERE id = ?", [clean[key]]
                    ).fetchone(),
                )
                if found is None or found[0] != term_id:
                    errors[key] = f"所选{label}不属于本届，请重新选择"
        if clean["station_id"] is not None:
            term = self._term(term_id)
            found = self._cached(
                ("liaison_stations", clean["station_id"]),
                lambda: db.execute(
                    "SELECT township_id FROM liaison_stations WHERE id = ?", [clean["station_id"]]
                ).fetchone(),
            )
            if found is None or found[0] != term.township_id:
                errors["station_id"] = "所选联络站不存在，请重新选择"

        card = clean["card_number"]
        if card and "card_number" not in errors:
            row = db.execute(
                "SELECT id, name FROM deputies WHERE term_id = ? AND card_number = ?",
                [term_id, card],
            ).fetchone()
            if row is not None and row[0] != deputy_id:
                errors["card_number"] = f"代表证号与本届代表“{row[1]}”重复"

    @contextmanager
    def _writing(self) -> Iterator[Any]:
        """A write of its own, or, in a batch inside the caller's transaction, part of that
        transaction: a batch is all or nothing, a savepoint per row would buy nothing."""
        db = self._office.db
        if self._cache is not None and db.conn.in_transaction:
            yield db
        else:
            with self._office.transaction() as db:
                yield db

    def _term(self, term_id: int) -> Any:
        return self._cached(("term", term_id), lambda: self._office.terms.get(term_id))

    def _raise_if_invalid(self, checked: Checked) -> None:
        if checked.errors:
            raise ValidationError(checked.errors)

    @staticmethod
    def _derived(values: dict[str, Any]) -> dict[str, Any]:
        name = values["name"]
        return {
            "name_pinyin": pinyin_keys(name),
            "name_strokes": stroke_sort_key(name),
            "name_sort": pinyin_sort_key(name),
        }

    # ---- writing ----------------------------------------------------------------------

    def add(self, *, term_id: int | None = None, **values: Any) -> Deputy:
        """Register a deputy of the given term (the current one by default)."""
        tid = term_id or self._office.current_term_id()
        checked = self.check(values, term_id=tid)
        self._raise_if_invalid(checked)
        return self.get(self.insert_checked(checked.values, term_id=tid))

    def insert_checked(self, values: dict[str, Any], *, term_id: int) -> DeputyId:
        """Write a new deputy from values that `check` cleaned and passed while the database
        was as it is now. `add` checks first; a roster import whose preview is proven
        current (nothing written anywhere since) writes its planned rows with this."""
        term = self._term(term_id)
        record = {
            **values,
            **self._derived(values),
            "uuid": new_uuid(),
            "township_id": term.township_id,
            "term_id": term_id,
        }
        for key, value in record.items():
            if isinstance(value, bool):
                record[key] = int(value)
        columns = list(record)
        with self._writing() as db:
            cursor = db.execute(
                f"INSERT INTO deputies ({', '.join(columns)}) "
                f"VALUES ({placeholders(len(columns))})",
                [record[c] for c in columns],
            )
        return DeputyId(cursor.lastrowid)

    def update(self, deputy_id: int, **values: Any) -> Deputy:
        """Change some fields; the whole record is checked again."""
        checked = self.check(values, deputy_id=deputy_id)
        self._raise_if_invalid(checked)
        record = {**checked.values, **self._derived(checked.values), "updated_at": now_iso()}
        for key, value in record.items():
            if isinstance(value, bool):
                record[key] = int(value)
        assignments = ", ".join(f"{c} = ?" for c in record)
        with self._writing() as db:
            db.execute(
                f"UPDATE deputies SET {assignments} WHERE id = ?", [*record.values(), deputy_id]
            )
        return self.get(deputy_id)

    def delete(self, deputy_id: int) -> None:
        """Remove a record entered by mistake. A deputy who served keeps their file:
        end their status instead."""
        deputy = self.get(deputy_id)
        try:
            with self._office.transaction() as db:
                db.execute(
                    "UPDATE deputy_groups SET leader_id = NULL WHERE leader_id = ?", [deputy.id]
                )
                self._office.attachments.remove_all("deputy", deputy.uuid)
                db.execute("DELETE FROM deputies WHERE id = ?", [deputy.id])
        except sqlite3.IntegrityError:
            # Records of other areas (suggestions signed, meetings attended …) point at
            # the deputy and are kept for good.
            raise ValidationError(
                {
                    "name": f"{deputy.name}已有履职记录（如提出或附议的建议），不能删除；"
                    "代表离任请用“变更状态”终止代表资格"
                }
            ) from None

    def allowed_status_changes(self, deputy: Deputy) -> list[tuple[str, str]]:
        """(new status, action label) pairs the clerk may choose from."""
        return [
            (to, STATUS_ACTIONS[(deputy.status, to)]) for to in STATUS_TRANSITIONS[deputy.status]
        ]

    def set_status(
        self,
        deputy_id: int,
        *,
        status: str,
        date: str,
        reason: str = "",
        note: str = "",
        today: date | None = None,
    ) -> Deputy:
        """Suspend, restore or end a deputy's status; every change is kept in the history."""
        deputy = self.get(deputy_id)
        errors: dict[str, str] = {}
        if status not in STATUS_TRANSITIONS.get(deputy.status, ()):
            wanted = STATUS_LABELS.get(status, status)
            errors["status"] = f"{deputy.name}现在是“{deputy.status_label}”，不能改为“{wanted}”"
        try:
            when = dates.parse_date(date)
            if not when:
                errors["date"] = "请填写日期"
        except dates.DateError as exc:
            when = ""
            errors["date"] = str(exc)
        day = today or dates.today()
        if when and when > day.isoformat():
            errors["date"] = "日期不能晚于今天"
        history = self.status_history(deputy_id)
        if when and history and when < history[-1].date:
            errors["date"] = (
                f"日期早于上一次状态变动（{dates.format_date(history[-1].date)}），请核对"
            )
        elif when and deputy.elected_date and when < deputy.elected_date:
            errors["date"] = "日期早于当选日期，请核对"
        reason_text = clean_text(reason)
        note_text = _clean_long(note)
        if status in ("suspended", "ended") and not reason_text:
            errors["reason"] = "请选择或填写原因"
        if deputy.status == "ended" and status == "serving" and not note_text:
            errors["note"] = "撤销终止须说明原因（如：误录）"
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            db.execute(
                "INSERT INTO deputy_status_changes (uuid, deputy_id, status, date, reason, note)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [new_uuid(), deputy_id, status, when, reason_text, note_text],
            )
            db.execute(
                "UPDATE deputies SET status = ?, status_date = ?, status_reason = ?,"
                " updated_at = ? WHERE id = ?",
                [
                    status,
                    when if status != "serving" else "",
                    reason_text if status != "serving" else "",
                    now_iso(),
                    deputy_id,
                ],
            )
        return self.get(deputy_id)

    def set_photo(self, deputy_id: int, image: bytes) -> Deputy:
        """Keep a scaled copy of the photo in the office's database."""
        from app.deputies.photos import prepare_photo

        self.get(deputy_id)
        photo = prepare_photo(image)
        with self._office.transaction() as db:
            db.execute(
                "INSERT INTO deputy_photos (deputy_id, image, width, height, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (deputy_id) DO UPDATE SET"
                " image = excluded.image, width = excluded.width, height = excluded.height,"
                " updated_at = excluded.updated_at",
                [deputy_id, photo.data, photo.width, photo.height, now_iso()],
            )
            db.execute("UPDATE deputies SET updated_at = ? WHERE id = ?", [now_iso(), deputy_id])
        return self.get(deputy_id)

    def remove_photo(self, deputy_id: int) -> Deputy:
        self.get(deputy_id)
        with self._office.transaction() as db:
            db.execute("DELETE FROM deputy_photos WHERE deputy_id = ?", [deputy_id])
        return self.get(deputy_id)


def term_label(number: int) -> str:
    return f"第{cn_number(number)}届" if number else ""
