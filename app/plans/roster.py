"""The liaison stations' duty roster (排班/坐班安排): each station's cycle (market days by
the solar or the lunar calendar, or weekdays; a setting per station), the duty days of a
month with the deputies on duty (each day with its lunar date), a
month's roster made from the cycle by turns among the station's deputies, and who is on
duty at a station on a day (a reception entered that day offers them). The cycle rules are
in app/plans/rules.py."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from app.core import dates
from app.core.errors import NotFound, ValidationError
from app.core.records import new_uuid, now_iso, placeholders
from app.deputies.deputies import DeputyQuery
from app.duties import record_checks as check
from app.plans.lunar import lunar_label
from app.plans.rules import (
    CYCLE_KINDS,
    CycleError,
    cycle_dates,
    cycle_label,
    cycle_understood,
    month_end,
    read_cycle,
)

if TYPE_CHECKING:
    from app.office import Office

WEEKDAY_NAMES = "一二三四五六日"


@dataclass(frozen=True)
class DutyCycle:
    station_id: int
    kind: str = "market"
    days: str = "369"
    workdays_only: bool = True
    per_day: int = 2
    start_time: str = ""
    end_time: str = ""
    saved: bool = False  # False: the default, not yet set for this station
    calendar: str = "solar"  # market days counted by the solar or the lunar calendar

    @property
    def label(self) -> str:
        return cycle_label(self.kind, self.days, self.workdays_only, self.calendar)

    @property
    def understood(self) -> str:
        """The cycle in plain words: '农历每月初一、初四、初七、十一……'"""
        return cycle_understood(self.kind, self.days, self.calendar)

    @property
    def is_lunar(self) -> bool:
        return self.kind == "market" and self.calendar == "lunar"

    @property
    def hours_label(self) -> str:
        if self.start_time and self.end_time:
            return f"{self.start_time}—{self.end_time}"
        return self.start_time


@dataclass(frozen=True)
class DutyDay:
    id: int
    station_id: int
    station_name: str
    date: str
    deputy_ids: tuple[int, ...]
    names: tuple[str, ...]
    note: str = ""

    @property
    def weekday_label(self) -> str:
        return "星期" + WEEKDAY_NAMES[date.fromisoformat(self.date).weekday()]

    @property
    def lunar_label(self) -> str:
        """The day's lunar date, '三月初四' (shown beside every duty day: markets go by it)."""
        return lunar_label(self.date)


class DutyRoster:
    """office.duty_roster"""

    def __init__(self, office: Office) -> None:
        self._office = office

    # ---- the cycle --------------------------------------------------------------------

    def _station(self, station_id: int) -> Any:
        try:
            return self._office.stations.get(station_id)
        except NotFound:
            raise ValidationError({"station_id": "请选择联络站（点）"}) from None

    def cycle(self, station_id: int) -> DutyCycle:
        row = self._office.db.execute(
            "SELECT kind, days, workdays_only, per_day, start_time, end_time, calendar"
            " FROM duty_cycles WHERE station_id = ?",
            [station_id],
        ).fetchone()
        if row is None:
            return DutyCycle(station_id)
        kind, days, workdays, per_day, start, end, calendar = row
        return DutyCycle(
            station_id, kind, days, bool(workdays), per_day, start, end, True, calendar
        )

    def set_cycle(
        self,
        station_id: int,
        *,
        kind: str,
        days: str,
        workdays_only: bool = True,
        per_day: object = 2,
        start_time: str = "",
        end_time: str = "",
        calendar: str = "solar",
    ) -> DutyCycle:
        """The station's duty days: market days ('369' = 逢三六九) by the solar or the
        lunar calendar (a text naming one, '农历逢一四七', wins over `calendar`), or
        weekdays ('135'). The saved cycle's `understood` says what was read."""
        self._station(station_id)
        errors: dict[str, str] = {}
        if kind not in CYCLE_KINDS:
            errors["kind"] = "坐班方式只能是“赶集日”或“每周固定日”"
        parsed, chosen = "", "solar"
        try:
            chosen, parsed = read_cycle(kind, days, calendar)
        except CycleError as exc:
            errors["days"] = str(exc)
        try:
            count = int(str(per_day).strip())
            if not 1 <= count <= 9:
                raise ValueError
        except ValueError:
            errors["per_day"] = "每次坐班代表人数应是 1 到 9"
            count = 0
        start = check.clock(errors, "start_time", start_time)
        end = check.clock(errors, "end_time", end_time)
        if start and end and end <= start and "end_time" not in errors:
            errors["end_time"] = "结束时间早于开始时间，请核对"
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            db.execute(
                "INSERT INTO duty_cycles (uuid, station_id, kind, days, workdays_only, per_day,"
                " start_time, end_time, calendar) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (station_id) DO UPDATE SET kind = excluded.kind,"
                " days = excluded.days, workdays_only = excluded.workdays_only,"
                " per_day = excluded.per_day, start_time = excluded.start_time,"
                " end_time = excluded.end_time, calendar = excluded.calendar, updated_at = ?",
                [new_uuid(), station_id, kind, parsed, int(workdays_only), count, start, end,
                 chosen, now_iso()],
            )  # fmt: skip
        return self.cycle(station_id)

    def has_cycles(self) -> bool:
        """Whether any station of the township has its duty days set."""
        row = self._office.db.execute(
            "SELECT 1 FROM duty_cycles c JOIN liaison_stations s ON s.id = c.station_id"
            " WHERE s.township_id = ? LIMIT 1",
            [self._office.home_township_id()],
        ).fetchone()
        return row is not None

    # ---- duty days --------------------------------------------------------------------

    def days(
        self, *, station_id: int | None = None, start: str = "", end: str = ""
    ) -> list[DutyDay]:
        """Duty days by date (and station), with the deputies on duty."""
        clauses, params = ["s.township_id = ?"], [self._office.home_township_id()]
        if station_id is not None:
            clauses.append("d.station_id = ?")
            params.append(station_id)
        if start:
            clauses.append("d.date >= ?")
            params.append(start)
        if end:
            clauses.append("d.date <= ?")
            params.append(end)
        rows = self._office.db.execute(
            "SELECT d.id, d.station_id, s.name, d.date, d.note,"
            " group_concat(p.id, ','), group_concat(p.name, '、') FROM duty_days d"
            " JOIN liaison_stations s ON s.id = d.station_id"
            " LEFT JOIN duty_day_deputies x ON x.duty_day_id = d.id"
            " LEFT JOIN deputies p ON p.id = x.deputy_id"
            f" WHERE {' AND '.join(clauses)} GROUP BY d.id ORDER BY d.date, s.name",
            params,
        ).fetchall()
        return [
            DutyDay(
                r[0],
                r[1],
                r[2],
                r[3],
                tuple(int(i) for i in (r[5] or "").split(",") if i),
                tuple(n for n in (r[6] or "").split("、") if n),
                r[4],
            )
            for r in rows
        ]

    def month(self, station_id: int, year: int, month: int) -> list[DutyDay]:
        return self.days(
            station_id=station_id,
            start=date(year, month, 1).isoformat(),
            end=month_end(year, month).isoformat(),
        )

    def on_duty(self, station_id: int, day: str) -> list[int]:
        """The deputies on duty at the station that day ([] if it is no duty day)."""
        rows = self._office.db.execute(
            "SELECT x.deputy_id FROM duty_days d JOIN duty_day_deputies x"
            " ON x.duty_day_id = d.id WHERE d.station_id = ? AND d.date = ?",
            [station_id, day],
        ).fetchall()
        return [r[0] for r in rows]

    def station_deputies(self, station_id: int, on: str = "") -> list[int]:
        """The serving deputies of the station (of the current term), in roster order."""
        ids = self._office.deputies.search(
            DeputyQuery(
                term_id=self._office.current_term_id(), station_id=station_id, status="serving"
            )
        )
        return list(ids)

    def _check_deputies(self, errors: dict[str, str], ids: Iterable[int], day: str) -> list[int]:
        wanted = check.deputies(
            self._office,
            errors,
            "deputy_ids",
            list(ids),
            township_id=self._office.home_township_id(),
            on=day,
            required="请选择坐班的代表",
        )
        if wanted and "deputy_ids" not in errors:
            rows = self._office.db.execute(
                f"SELECT name, status, status_date FROM deputies WHERE id IN"
                f" ({placeholders(len(wanted))})",
                wanted,
            ).fetchall()
            problems = []
            for name, status, status_date in rows:
                if status == "ended":
                    problems.append(
                        f"{name}已于{dates.format_date(status_date)}终止代表资格，不能安排坐班"
                        if status_date
                        else f"{name}已终止代表资格，不能安排坐班"
                    )
                elif status == "suspended":
                    problems.append(f"{name}正在暂停执行代表职务，不能安排坐班")
            if problems:
                errors["deputy_ids"] = "；".join(problems)
        return list(wanted)

    def set_day(
        self, station_id: int, *, date: str, deputy_ids: Iterable[int], note: str = ""
    ) -> DutyDay:
        """Make `date` a duty day of the station with these deputies (replacing any)."""
        self._station(station_id)
        errors: dict[str, str] = {}
        day = check.day(errors, "date", date, required="请填写坐班日期", allow_future=True)
        ids = self._check_deputies(errors, deputy_ids, day)
        clean_note = check.text(errors, "note", note, label="备注", limit=100)
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            self._write_day(db, station_id, day, ids, clean_note)
        return next(d for d in self.days(station_id=station_id, start=day, end=day))

    def _write_day(self, db: Any, station_id: int, day: str, ids: list[int], note: str) -> None:
        db.execute(
            "INSERT INTO duty_days (uuid, station_id, date, note) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (station_id, date) DO UPDATE SET note = excluded.note",
            [new_uuid(), station_id, day, note],
        )
        day_id = db.execute(
            "SELECT id FROM duty_days WHERE station_id = ? AND date = ?", [station_id, day]
        ).fetchone()[0]
        db.execute("DELETE FROM duty_day_deputies WHERE duty_day_id = ?", [day_id])
        db.conn.executemany(
            "INSERT INTO duty_day_deputies (duty_day_id, deputy_id) VALUES (?, ?)",
            [(day_id, d) for d in ids],
        )

    def delete_day(self, station_id: int, day: str) -> None:
        with self._office.transaction() as db:
            db.execute("DELETE FROM duty_days WHERE station_id = ? AND date = ?", [station_id, day])

    def make_month(
        self,
        station_id: int,
        year: int,
        month: int,
        *,
        deputy_ids: Iterable[int] | None = None,
        replace: bool = False,
    ) -> list[DutyDay]:
        """The month's duty days by the station's cycle, the deputies taking turns
        (`per_day` a day) in the order given (default: the station's serving deputies).
        A month already arranged is kept unless `replace`."""
        station = self._station(station_id)
        cycle = self.cycle(station_id)
        existing = self.month(station_id, year, month)
        if existing and not replace:
            raise ValidationError(
                {"month": f"{station.name}{year}年{month}月已经排班（{len(existing)} 天），"
                 "如要按规则重排，请选择“重新排班”"}
            )  # fmt: skip
        days = [d.isoformat() for d in cycle_dates(cycle.kind, cycle.days, cycle.workdays_only,
                                                    year, month, cycle.calendar)]  # fmt: skip
        term = self._office.current_term
        if term is not None:  # no duty after the term ends: the next term arranges its own
            days = [d for d in days if term.start_date <= d <= (term.end_date or d)]
        if not days:
            raise ValidationError(
                {"month": f"按“{cycle.label}”，{year}年{month}月在本届任期内没有坐班日"}
            )
        people = list(deputy_ids) if deputy_ids is not None else self.station_deputies(station_id)
        errors: dict[str, str] = {}
        if not people:
            errors["deputy_ids"] = (
                f"{station.name}还没有在任代表，请先在代表名册中为代表选择联络站，或指定坐班代表"
            )
        else:
            people = self._check_deputies(errors, people, days[-1])
        if errors:
            raise ValidationError(errors)
        # Continue the turn where last month stopped, so everyone sits as often.
        before = self.days(station_id=station_id, end=date(year, month, 1).isoformat())
        last = before[-1].deputy_ids if before else ()
        start = (
            (max(people.index(i) for i in last if i in people) + 1)
            if any(i in people for i in last)
            else 0
        )
        per_day = min(cycle.per_day, len(people))
        with self._office.transaction() as db:
            for d in existing:
                db.execute("DELETE FROM duty_days WHERE id = ?", [d.id])
            turn = start
            for day in days:
                on = [people[(turn + k) % len(people)] for k in range(per_day)]
                turn += per_day
                self._write_day(db, station_id, day, on, "")
        return self.month(station_id, year, month)
