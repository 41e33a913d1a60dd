"""The township (or, in county mode, the townships) an office keeps, and its terms (届)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from app.core.chinese import clean_text, cn_number
from app.core.dates import DateError, parse_date
from app.core.errors import NotFound, ValidationError
from app.core.ids import TermId, TownshipId
from app.core.records import from_row, new_uuid, now_iso

if TYPE_CHECKING:
    from app.office import Office


@dataclass(frozen=True)
class Township:
    id: TownshipId
    uuid: str
    name: str
    code: str
    county: str
    is_home: bool


@dataclass(frozen=True)
class Term:
    id: TermId
    uuid: str
    township_id: TownshipId
    number: int
    start_date: str
    end_date: str
    is_current: bool

    @property
    def name(self) -> str:
        """第十七届"""
        return f"第{cn_number(self.number)}届"


def _check_township_fields(name: str, county: str, code: str) -> tuple[str, str, str]:
    errors = {}
    name = clean_text(name)
    county = clean_text(county)
    code = clean_text(code)
    if not name:
        errors["name"] = "请填写乡镇名称，如“清溪镇”"
    elif not name.endswith(("镇", "乡", "街道", "民族乡")):
        errors["name"] = "乡镇名称应以“镇”或“乡”结尾，如“清溪镇”"
    if not county:
        errors["county"] = "请填写所属县（市、区），如“安平县”"
    if code and not (code.isdigit() and len(code) in (6, 9, 12)):
        errors["code"] = "行政区划代码应为 6、9 或 12 位数字，可以不填"
    if errors:
        raise ValidationError(errors)
    return name, county, code


class Townships:
    def __init__(self, office: Office) -> None:
        self._office = office

    def list(self) -> list[Township]:
        rows = self._office.db.query("SELECT * FROM townships ORDER BY is_home DESC, name")
        return [from_row(Township, row) for row in rows]

    def get(self, township_id: int) -> Township:
        rows = list(self._office.db.query("SELECT * FROM townships WHERE id = ?", [township_id]))
        if not rows:
            raise NotFound("找不到该乡镇")
        return from_row(Township, rows[0])

    def home(self) -> Township | None:
        rows = list(self._office.db.query("SELECT * FROM townships WHERE is_home = 1"))
        return from_row(Township, rows[0]) if rows else None

    def check(self, *, name: str, county: str, code: str = "") -> None:
        """Refuse (ValidationError, every field at once) what add() would refuse."""
        _check_township_fields(name, county, code)

    def add(self, *, name: str, county: str, code: str = "", is_home: bool = False) -> Township:
        name, county, code = _check_township_fields(name, county, code)
        with self._office.transaction() as db:
            if is_home and self.home() is not None:
                raise ValidationError({"name": "本数据库已设置本乡镇"})
            cursor = db.execute(
                "INSERT INTO townships (uuid, name, code, county, is_home) VALUES (?, ?, ?, ?, ?)",
                [new_uuid(), name, code, county, int(is_home)],
            )
        return self.get(cursor.lastrowid)

    def update(self, township_id: int, *, name: str, county: str, code: str = "") -> Township:
        self.get(township_id)
        name, county, code = _check_township_fields(name, county, code)
        with self._office.transaction() as db:
            db.execute(
                "UPDATE townships SET name = ?, county = ?, code = ?, updated_at = ? WHERE id = ?",
                [name, county, code, now_iso(), township_id],
            )
        return self.get(township_id)


def _default_end(start: str, years: int) -> str:
    d = date.fromisoformat(start)
    try:
        return d.replace(year=d.year + years).isoformat()
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28).isoformat()


class Terms:
    def __init__(self, office: Office) -> None:
        self._office = office

    def list(self, township_id: int | None = None) -> list[Term]:
        tid = township_id or self._office.home_township_id()
        rows = self._office.db.query(
            "SELECT * FROM terms WHERE township_id = ? ORDER BY number DESC", [tid]
        )
        return [from_row(Term, row) for row in rows]

    def get(self, term_id: int) -> Term:
        rows = list(self._office.db.query("SELECT * FROM terms WHERE id = ?", [term_id]))
        if not rows:
            raise NotFound("找不到该届次")
        return from_row(Term, rows[0])

    def current(self, township_id: int | None = None) -> Term | None:
        tid = township_id or self._office.home_township_id()
        rows = list(
            self._office.db.query(
                "SELECT * FROM terms WHERE township_id = ? AND is_current = 1", [tid]
            )
        )
        return from_row(Term, rows[0]) if rows else None

    def _checked(
        self, township_id: int, number: object, start_date: str, end_date: str, exclude: int | None
    ) -> tuple[int, str, str]:
        errors: dict[str, str] = {}
        try:
            n = int(str(number).strip())
            if not 1 <= n <= 99:
                raise ValueError
        except ValueError:
            errors["number"] = "届次应是 1 到 99 之间的整数，如第十七届填 17"
            n = 0
        start = end = ""
        try:
            start = parse_date(start_date)
            if not start:
                errors["start_date"] = "请填写本届开始日期（选举产生的日期）"
        except DateError as exc:
            errors["start_date"] = str(exc)
        try:
            end = parse_date(end_date)
        except DateError as exc:
            errors["end_date"] = str(exc)
        if start and not end and "end_date" not in errors:
            end = _default_end(start, int(self._office.settings.get("term_years")))
        if start and end and end <= start:
            errors["end_date"] = "届满日期应晚于开始日期"
        if n and "number" not in errors:
            row = self._office.db.execute(
                "SELECT id FROM terms WHERE township_id = ? AND number = ?", [township_id, n]
            ).fetchone()
            if row is not None and row[0] != exclude:
                errors["number"] = f"第{cn_number(n)}届已经存在"
        if errors:
            raise ValidationError(errors)
        return n, start, end

    def check(self, *, number: object, start_date: str, township_id: int = 0) -> None:
        """Refuse (ValidationError, every field at once) what add() would refuse."""
        self._checked(township_id, number, start_date, "", None)

    def add(
        self,
        *,
        number: int,
        start_date: str,
        end_date: str = "",
        make_current: bool = True,
        township_id: int | None = None,
    ) -> Term:
        tid = township_id or self._office.home_township_id()
        n, start, end = self._checked(tid, number, start_date, end_date, None)
        with self._office.transaction() as db:
            if make_current:
                db.execute("UPDATE terms SET is_current = 0 WHERE township_id = ?", [tid])
            cursor = db.execute(
                "INSERT INTO terms (uuid, township_id, number, start_date, end_date, is_current)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [new_uuid(), tid, n, start, end, int(make_current)],
            )
        return self.get(cursor.lastrowid)

    def update(self, term_id: int, *, number: int, start_date: str, end_date: str = "") -> Term:
        term = self.get(term_id)
        n, start, end = self._checked(term.township_id, number, start_date, end_date, term_id)
        with self._office.transaction() as db:
            db.execute(
                "UPDATE terms SET number = ?, start_date = ?, end_date = ? WHERE id = ?",
                [n, start, end, term_id],
            )
        return self.get(term_id)

    def make_current(self, term_id: int) -> Term:
        term = self.get(term_id)
        with self._office.transaction() as db:
            db.execute("UPDATE terms SET is_current = 0 WHERE township_id = ?", [term.township_id])
            db.execute("UPDATE terms SET is_current = 1 WHERE id = ?", [term_id])
        return self.get(term_id)
