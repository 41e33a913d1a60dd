"""Handling a suggestion (DOMAIN.md §4): every step of the state machine as one method.

Each step checks everything first (the rules' table in app/suggestions/rules.py, the dates,
the fields) and raises ValidationError with a Chinese message per field, then writes the
new state and one permanent history record in one transaction."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict

from app.core import dates
from app.core.chinese import clean_text
from app.core.errors import ValidationError
from app.core.records import new_uuid, now_iso, placeholders
from app.suggestions.deadlines import iso_add_months, iso_add_workdays
from app.suggestions.rules import (
    ACTION_BY_KEY,
    ACTION_LABELS,
    COMBINED,
    RATING_CODES,
    SUPERVISION_METHODS,
    SUPERVISION_REASONS,
    Action,
    allowed_actions,
    allowed_combined,
    outcome_of_ratings,
    refusal,
)

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from app.office import Office
    from app.suggestions.records import Suggestion


@dataclass(frozen=True)
class _Letters:
    """A reply step's checked letters (see Handling._letter_step)."""

    code: str  # result class
    text: str  # summary
    last: str  # the latest letter's date
    details: dict[str, Any]  # for the timeline
    write: Callable[[int], None]  # writes the letters under the step's event


class StepArgs(TypedDict, total=False):
    """What every step records besides its own fields."""

    date: str  # the day it happened (ISO or as typed); today when empty
    operator: str  # who did it; the setting 建议办理：经办人 when empty
    note: str
    today: date | None  # the day the clerk works on (tests and the demo set it)


def _long(value: object) -> str:
    from app.deputies.deputies import _clean_long

    return _clean_long(value)


class Handling:
    """The transitions of `office.suggestions` (mixed into
    app.suggestions.suggestions.Suggestions)."""

    _office: Office

    # ---- what may happen next ---------------------------------------------------------

    def allowed_actions(self, s: Suggestion) -> list[Action]:
        if self._office.mode != "township":
            return []
        return allowed_actions(self.snapshot(s))

    def combined_actions(self, s: Suggestion) -> list[Action]:
        """Steps offered together (立案并交办) where the rules allow each in turn."""
        if self._office.mode != "township":
            return []
        return allowed_combined(self.snapshot(s))

    def _refuse_unless_allowed(self, s: Suggestion, action: str) -> None:
        if self._office.mode != "township":
            raise ValidationError({"action": "县级汇总数据库中的建议来自各乡镇的报送包，不能办理"})
        reason = refusal(self.snapshot(s), action)
        if reason:
            raise ValidationError({"action": reason})

    def _operator(self, operator: str, errors: dict[str, str]) -> str:
        who = clean_text(operator) or clean_text(self._office.settings.get("suggestion_operator"))
        if not who:
            errors["operator"] = "请填写经办人"
        elif len(who) > 20:
            errors["operator"] = "经办人不能超过 20 个字"
        return who

    def _date(
        self, s: Suggestion, value: str, errors: dict[str, str], today: date, key: str = "date"
    ) -> str:
        """A step's date: given, not in the future, not before the step before it."""
        try:
            when = dates.parse_date(value or today.isoformat())
        except dates.DateError as exc:
            errors[key] = str(exc)
            return ""
        if when > today.isoformat():
            errors[key] = "日期不能晚于今天"
            return when
        # Corrections of the registration are dated when made, not part of the procedure.
        last = self._office.db.execute(
            "SELECT date, action FROM suggestion_events WHERE suggestion_id = ?"
            " AND action <> 'edit' ORDER BY date DESC, id DESC LIMIT 1",
            [s.id],
        ).fetchone()
        if last and when < last[0]:
            errors[key] = (
                f"日期早于上一步“{ACTION_LABELS.get(last[1], last[1])}”"
                f"（{dates.format_date(last[0])}），请核对"
            )
        return when

    def _record_event(
        self,
        suggestion_id: int,
        action: str,
        from_status: str,
        to_status: str,
        when: str,
        operator: str,
        note: str,
        details: Mapping[str, Any],
    ) -> int:
        cursor = self._office.db.execute(
            "INSERT INTO suggestion_events (uuid, suggestion_id, action, from_status, to_status,"
            " date, operator, note, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                new_uuid(),
                suggestion_id,
                action,
                from_status,
                to_status,
                when,
                operator,
                note,
                json.dumps(dict(details), ensure_ascii=False),
            ],
        )
        return cursor.lastrowid

    def _step(
        self,
        suggestion_id: int,
        action: str,
        step: Mapping[str, Any],
        *,
        check: Callable[[Suggestion, str, dict[str, str]], dict[str, Any]] | None = None,
    ) -> Suggestion:
        """The frame of every transition: refuse what the table forbids, check date,
        operator and the step's own fields, then write the state and the history.

        `check(s, when, errors)` adds its messages to `errors` and returns what to write:
        {"set": {column: value}, "details": {...}, "write": fn(event_id), "target": state}.
        """
        s = self.get(suggestion_id)
        self._refuse_unless_allowed(s, action)
        day = step.get("today") or dates.today()
        errors: dict[str, str] = {}
        when = self._date(s, step.get("date", ""), errors, day)
        who = self._operator(step.get("operator", ""), errors)
        plan = check(s, when, errors) if check and when else {}
        if errors:
            raise ValidationError(errors)
        spec = ACTION_BY_KEY[action]
        new_status = plan.get("target") or spec.target(s.status)
        columns = {"status": new_status, **plan.get("set", {}), "updated_at": now_iso()}
        with self._office.transaction() as db:
            db.execute(
                f"UPDATE suggestions SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                [*columns.values(), s.id],
            )
            event_id = self._record_event(
                s.id,
                action,
                s.status,
                new_status,
                when,
                who,
                _long(step.get("note", "")),
                plan.get("details", {}),
            )
            if plan.get("write"):
                plan["write"](event_id)
        return self.get(s.id)

    # ---- review (审查) -----------------------------------------------------------------

    def accept(
        self,
        suggestion_id: int,
        **step: Unpack[StepArgs],
    ) -> Suggestion:
        """立案: the presidium accepts it for handling."""
        return self._step(suggestion_id, "accept", step)

    def refuse(
        self,
        suggestion_id: int,
        *,
        reason: str,
        **step: Unpack[StepArgs],
    ) -> Suggestion:
        """不予受理, with the reason told to the deputy."""

        def check(_s: Suggestion, _when: str, errors: dict[str, str]) -> dict[str, Any]:
            text = clean_text(reason)
            if not text:
                errors["reason"] = "请选择或填写不予受理的理由（将告知代表）"
            return {"details": {"reason": text}}

        return self._step(suggestion_id, "refuse", step, check=check)

    def to_agenda(
        self,
        suggestion_id: int,
        **step: Unpack[StepArgs],
    ) -> Suggestion:
        """A motion goes on the session's agenda (its handling is the session's)."""
        return self._step(suggestion_id, "to_agenda", step)

    def convert(
        self,
        suggestion_id: int,
        **step: Unpack[StepArgs],
    ) -> Suggestion:
        """A motion is handled as a suggestion: it gets a suggestion number of its year."""

        def check(s: Suggestion, _when: str, _errors: dict[str, str]) -> dict[str, Any]:
            seq, number = self.next_number("suggestion", s.year, s.township_id)
            return {
                "set": {
                    "kind": "suggestion",
                    "source": "motion",
                    "seq": seq,
                    "number": number,
                    "motion_number": s.number,
                    "motion_seq": s.seq,
                },
                "details": {"motion_number": s.number, "number": number},
            }

        return self._step(suggestion_id, "convert", step, check=check)

    # ---- assignment (交办) -------------------------------------------------------------

    def _check_units(
        self,
        s: Suggestion,
        lead_unit_id: int | None,
        assist_unit_ids: list[int],
        errors: dict[str, str],
    ) -> tuple[str, list[str]]:
        db = self._office.db
        ids = [i for i in [lead_unit_id, *assist_unit_ids] if i]
        rows = (
            {
                r[0]: r
                for r in db.execute(
                    f"SELECT id, name, township_id, active FROM handling_units"
                    f" WHERE id IN ({placeholders(len(ids))})",
                    ids,
                )
            }
            if ids
            else {}
        )
        if not lead_unit_id:
            errors["lead_unit_id"] = "请选择主办单位"
        for unit_id in ids:
            key = "lead_unit_id" if unit_id == lead_unit_id else "assist_unit_ids"
            row = rows.get(unit_id)
            if row is None or row[2] != s.township_id:
                errors[key] = "所选承办单位不存在，请重新选择"
            elif not row[3]:
                errors[key] = f"“{row[1]}”已停用，请选择其他单位"
        if lead_unit_id in assist_unit_ids:
            errors["assist_unit_ids"] = "主办单位不能同时是协办单位"
        lead = rows[lead_unit_id][1] if lead_unit_id in rows else ""
        return lead, [rows[i][1] for i in assist_unit_ids if i in rows]

    def _assign(
        self,
        action: str,
        suggestion_id: int,
        lead_unit_id: int | None,
        assist_unit_ids: list[int] | tuple[int, ...],
        is_complex: bool | None,
        step: Mapping[str, Any],
    ) -> Suggestion:
        assist = [int(i) for i in dict.fromkeys(assist_unit_ids)]

        def check(s: Suggestion, when: str, errors: dict[str, str]) -> dict[str, Any]:
            lead, assist_names = self._check_units(s, lead_unit_id, assist, errors)
            complex_ = s.is_complex if is_complex is None else bool(is_complex)
            key = "suggestion_complex_months" if complex_ else "suggestion_reply_months"
            due = iso_add_months(when, int(self._office.settings.get(key)))

            def write(_event_id: int) -> None:
                db = self._office.db
                db.execute("DELETE FROM suggestion_units WHERE suggestion_id = ?", [s.id])
                db.conn.executemany(
                    "INSERT INTO suggestion_units (suggestion_id, unit_id, role) VALUES (?, ?, ?)",
                    [(s.id, lead_unit_id, "lead")] + [(s.id, u, "assist") for u in assist],
                )

            return {
                "set": {
                    "lead_unit_id": lead_unit_id,
                    "assigned_date": when,
                    "reply_due": due,
                    "deadline": due,
                    "is_complex": int(complex_),
                },
                "details": {
                    "lead_unit": lead,
                    "assist_units": assist_names,
                    "reply_due": due,
                    "complex": complex_,
                },
                "write": write,
            }

        return self._step(suggestion_id, action, step, check=check)

    def assign(
        self,
        suggestion_id: int,
        *,
        lead_unit_id: int,
        assist_unit_ids: list[int] | tuple = (),
        is_complex: bool | None = None,
        **step: Unpack[StepArgs],
    ) -> Suggestion:
        """交办 to a lead unit and assisting units; the reply is due 3 months later
        (6 for a complex item, both settings)."""
        return self._assign(
            "assign",
            suggestion_id,
            lead_unit_id,
            assist_unit_ids,
            is_complex,
            step,
        )

    def reassign(
        self,
        suggestion_id: int,
        *,
        lead_unit_id: int,
        assist_unit_ids: list[int] | tuple = (),
        is_complex: bool | None = None,
        **step: Unpack[StepArgs],
    ) -> Suggestion:
        """重新交办 after a return; the clock starts again."""
        return self._assign(
            "reassign",
            suggestion_id,
            lead_unit_id,
            assist_unit_ids,
            is_complex,
            step,
        )

    def assign_many(
        self,
        assignments: list[dict[str, Any]],
        **step: Unpack[StepArgs],
    ) -> list[Suggestion]:
        """交办会: assign many suggestions at once, all or none. Each entry holds
        suggestion_id, lead_unit_id and optionally assist_unit_ids, is_complex; an item
        still only registered is accepted (立案) on the same day first."""
        errors: dict[str, str] = {}
        if not assignments:
            raise ValidationError({"suggestions": "请至少选择一件建议"})
        done: list[Suggestion] = []
        with self._office.transaction():
            for entry in assignments:
                sid = entry["suggestion_id"]
                s = self.get(sid)
                try:
                    if s.status == "registered":
                        self.accept(sid, **step)
                    done.append(
                        self.assign(
                            sid,
                            lead_unit_id=entry.get("lead_unit_id"),
                            assist_unit_ids=entry.get("assist_unit_ids", ()),
                            is_complex=entry.get("is_complex"),
                            **step,
                        )
                    )
                except ValidationError as exc:
                    errors[str(sid)] = f"{s.number}：" + "；".join(exc.fields.values())
            if errors:
                raise ValidationError(errors)
        return done

    def accept_assign(
        self,
        suggestion_id: int,
        *,
        lead_unit_id: int,
        assist_unit_ids: list[int] | tuple = (),
        is_complex: bool | None = None,
        **step: Unpack[StepArgs],
    ) -> Suggestion:
        """立案并交办: both steps on the same day, in one transaction (all or nothing)."""
        with self._office.transaction():
            self.accept(suggestion_id, **step)
            return self.assign(
                suggestion_id,
                lead_unit_id=lead_unit_id,
                assist_unit_ids=assist_unit_ids,
                is_complex=is_complex,
                **step,
            )

    def give_back(
        self,
        suggestion_id: int,
        *,
        reason: str,
        **step: Unpack[StepArgs],
    ) -> Suggestion:
        """退回: the unit says it is not responsible, within 7 working days (setting)."""

        def check(s: Suggestion, when: str, errors: dict[str, str]) -> dict[str, Any]:
            text = clean_text(reason)
            if not text:
                errors["reason"] = "请填写承办单位退回的理由"
            workdays = int(self._office.settings.get("suggestion_return_workdays"))
            limit = iso_add_workdays(s.assigned_date, workdays)
            if when > limit:
                errors["date"] = (
                    f"交办后 {workdays} 个工作日内才能退回（{dates.format_date(limit)}前），"
                    "已经超过；如确需调整承办单位，请报主席团研究"
                )

            def write(_event_id: int) -> None:
                self._office.db.execute(
                    "DELETE FROM suggestion_units WHERE suggestion_id = ?", [s.id]
                )

            return {
                "set": {"lead_unit_id": None, "deadline": "", "reply_due": ""},
                "details": {"unit": s.lead_unit_name, "reason": text},
                "write": write,
            }

        return self._step(suggestion_id, "give_back", step, check=check)

    def start(
        self,
        suggestion_id: int,
        **step: Unpack[StepArgs],
    ) -> Suggestion:
        """The unit signs for it and starts handling (办理中)."""

        def check(s: Suggestion, _when: str, _errors: dict[str, str]) -> dict[str, Any]:
            return {"details": {"unit": s.lead_unit_name}}

        return self._step(suggestion_id, "start", step, check=check)

    def supervise(
        self,
        suggestion_id: int,
        *,
        reason: str,
        method: str,
        new_deadline: str = "",
        **step: Unpack[StepArgs],
    ) -> Suggestion:
        """督办: reason, method, progress (the note) and perhaps a new deadline."""

        def check(s: Suggestion, when: str, errors: dict[str, str]) -> dict[str, Any]:
            if reason not in SUPERVISION_REASONS:
                errors["reason"] = "请选择督办原因"
            how = clean_text(method)
            if not how:
                errors["method"] = "请选择督办方式：" + "、".join(SUPERVISION_METHODS)
            deadline = ""
            if clean_text(new_deadline):
                try:
                    deadline = dates.parse_date(new_deadline)
                    if deadline <= when:
                        errors["new_deadline"] = "新的答复期限应晚于督办日期"
                except dates.DateError as exc:
                    errors["new_deadline"] = str(exc)
            return {
                "set": {"deadline": deadline} if deadline else {},
                "details": {
                    "reason": reason,
                    "method": how,
                    "new_deadline": deadline,
                    "unit": s.lead_unit_name,
                },
            }

        return self._step(suggestion_id, "supervise", step, check=check)

    def set_key(
        self,
        suggestion_id: int,
        key: bool,
        **step: Unpack[StepArgs],
    ) -> Suggestion:
        """列为 (or 取消) 重点督办."""
        action = "mark_key" if key else "unmark_key"

        def check(_s: Suggestion, _when: str, _errors: dict[str, str]) -> dict[str, Any]:
            return {"set": {"is_key": int(key)}}

        return self._step(suggestion_id, action, step, check=check)

    # ---- replies and ratings ----------------------------------------------------------

    def _round_start(self, s: Suggestion) -> tuple[str, str]:
        """The date replies of this round may not precede, and what it was."""
        if s.round > 1:
            row = self._office.db.execute(
                "SELECT max(date) FROM suggestion_events WHERE suggestion_id = ?"
                " AND action = 'rehandle'",
                [s.id],
            ).fetchone()
            return row[0], "重新办理日期"
        return s.assigned_date, "交办日期"

    def _letters(
        self,
        s: Suggestion,
        when: str,
        letters: Mapping[int, str] | None,
        errors: dict[str, str],
        today: date,
        not_before: tuple[str, str],
    ) -> dict[int, str]:
        """One letter per signing deputy, dated `when` unless `letters` gives the deputy's
        own date; none may be dated before `not_before` (the assignment) or after today."""
        names = {x.deputy_id: x.name for x in s.signers}
        # A letter dated as the reply itself is not a date of its own (the GUI lists every
        # deputy with the reply's date): its refusal belongs at the reply's date.
        own = {
            int(k): v
            for k, v in (letters or {}).items()
            if clean_text(v) and clean_text(v) != clean_text(when)
        }
        if set(own) - set(names):
            errors["letters"] = "答复对象只能是领衔和附议代表"
        start, start_label = not_before
        out: dict[int, str] = {}
        for deputy_id, name in names.items():
            key, who = ("letters", f"{name}：") if deputy_id in own else ("date", "")
            try:
                day = dates.parse_date(own.get(deputy_id, when))
            except dates.DateError as exc:
                errors[key] = who + str(exc)
                continue
            if day > today.isoformat():
                errors[key] = who + "答复日期不能晚于今天"
            elif start and day < start:
                errors[key] = (
                    f"{who}答复日期早于{start_label}（{dates.format_date(start)}），"
                    "承办单位不可能在此之前答复，请核对"
                )
            out[deputy_id] = day
        return out

    def _write_letters(
        self,
        s: Suggestion,
        event_id: int,
        kind: str,
        letters: Mapping[int, str],
        result_class: str,
        summary: str,
    ) -> None:
        """One reply letter per deputy (答复 or 跟踪答复), from the lead unit."""
        self._office.db.conn.executemany(
            "INSERT INTO suggestion_replies (uuid, suggestion_id, event_id, round, kind,"
            " deputy_id, unit_id, date, result_class, summary)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (new_uuid(), s.id, event_id, s.round, kind, d, s.lead_unit_id, day,
                 result_class, summary)
                for d, day in letters.items()
            ],
        )  # fmt: skip

    def _letter_step(
        self,
        s: Suggestion,
        when: str,
        errors: dict[str, str],
        kind: str,
        result_class: str,
        summary: str,
        letters: Mapping[int, str] | None,
        today: date,
        start: tuple[str, str],
    ) -> _Letters:
        """What 答复 and 跟踪答复 share: the class, one dated letter per deputy, the summary,
        and the write of the letters once the step is accepted."""
        code = self._check_class(result_class, errors)
        given = self._letters(s, when, letters, errors, today, start)
        text = _long(summary)

        def write(event_id: int) -> None:
            self._write_letters(s, event_id, kind, given, code, text)

        details = {
            "class": code,
            "class_label": self.class_label(code),
            "unit": s.lead_unit_name,
            "letters": len(given),
        }
        return _Letters(code, text, max(given.values(), default=when), details, write)

    def _check_class(self, result_class: str, errors: dict[str, str]) -> str:
        codes = [c for c, _ in self.classes()]
        code = (
            clean_text(result_class).upper()
            if clean_text(result_class).isascii()
            else (clean_text(result_class))
        )
        by_label = {label: c for c, label in self.classes()}
        code = by_label.get(code, code)
        if code not in codes:
            errors["result_class"] = "请选择办理结果分类：" + "、".join(
                f"{c}类（{label}）" for c, label in self.classes()
            )
        return code

    def reply(
        self,
        suggestion_id: int,
        *,
        result_class: str,
        summary: str = "",
        letters: Mapping[int, str] | None = None,
        **step: Unpack[StepArgs],
    ) -> Suggestion:
        """答复: one letter per signing deputy (dated `date` unless `letters` gives a
        deputy's own date), with the result class. A letter dated before the assignment
        is refused."""
        day = step.get("today") or dates.today()

        def check(s: Suggestion, when: str, errors: dict[str, str]) -> dict[str, Any]:
            letter = self._letter_step(
                s, when, errors, "reply", result_class, summary, letters, day,
                self._round_start(s),
            )  # fmt: skip
            last = letter.last
            first_round = s.round == 1 and not s.first_reply_date
            on_time = int(last <= s.reply_due) if s.reply_due else 1
            late_days = (
                (dates.as_date(last) - dates.as_date(s.deadline)).days
                if s.deadline and last > s.deadline
                else 0
            )
            columns: dict[str, Any] = {"replied_date": last, "result_class": letter.code}
            if first_round:
                columns.update({"first_reply_date": last, "replied_on_time": on_time})
            return {
                "set": columns,
                "details": letter.details | {"round": s.round, "late_days": late_days},
                "write": letter.write,
            }

        return self._step(suggestion_id, "reply", step, check=check)

    def consult(
        self,
        suggestion_id: int,
        **step: Unpack[StepArgs],
    ) -> Suggestion:
        """征询意见: the rating forms go to the deputies, back within 20 working days."""

        def check(_s: Suggestion, when: str, _errors: dict[str, str]) -> dict[str, Any]:
            workdays = int(self._office.settings.get("suggestion_feedback_workdays"))
            due = iso_add_workdays(when, workdays)
            return {
                "set": {"consulted_date": when, "feedback_due": due},
                "details": {"feedback_due": due},
            }

        return self._step(suggestion_id, "consult", step, check=check)

    def rate(
        self,
        suggestion_id: int,
        *,
        ratings: Mapping[int, tuple[str, str] | tuple[str, str, str]],
        **step: Unpack[StepArgs],
    ) -> Suggestion:
        """录入满意度: each signing deputy's rating of the process and of the result
        (满意 / 基本满意 / 不满意, with a comment). Anyone 不满意 makes it 不满意."""

        def check(s: Suggestion, when: str, errors: dict[str, str]) -> dict[str, Any]:
            names = {x.deputy_id: x.name for x in s.signers}
            given = {int(k): v for k, v in ratings.items()}
            missing = [names[d] for d in names if d not in given]
            if missing:
                errors["ratings"] = "还缺" + "、".join(missing) + "的征询意见，请全部录入"
            if set(given) - set(names):
                errors["ratings"] = "只能录入领衔和附议代表的意见"
            rows = []
            for deputy_id, value in given.items():
                process, result = (RATING_CODES.get(v) for v in value[:2])
                comment = _long(value[2]) if len(value) > 2 else ""
                if process is None or result is None:
                    errors["ratings"] = (
                        f"{names.get(deputy_id, '')}的满意度只能是满意、基本满意或不满意"
                    )
                    continue
                rows.append((deputy_id, process, result, comment))
            outcome = outcome_of_ratings([(p, r) for _d, p, r, _c in rows])
            counts = {
                aspect: {
                    code: sum(1 for row in rows if row[index] == code)
                    for code in ("satisfied", "basic", "unsatisfied")
                }
                for aspect, index in (("process", 1), ("result", 2))
            }

            def write(event_id: int) -> None:
                self._office.db.conn.executemany(
                    "INSERT INTO suggestion_ratings (uuid, suggestion_id, event_id, round,"
                    " deputy_id, process, result, comment, date)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(new_uuid(), s.id, event_id, s.round, *row, when) for row in rows],
                )

            return {"target": outcome, "details": counts, "write": write}

        return self._step(suggestion_id, "rate", step, check=check)

    def rehandle(
        self,
        suggestion_id: int,
        **step: Unpack[StepArgs],
    ) -> Suggestion:
        """重新办理 after 不满意: a new reply is due within 1 month (setting)."""

        def check(s: Suggestion, when: str, _errors: dict[str, str]) -> dict[str, Any]:
            months = int(self._office.settings.get("suggestion_rehandle_months"))
            due = iso_add_months(when, months)
            return {
                "set": {"round": s.round + 1, "deadline": due, "reply_due": due},
                "details": {"round": s.round + 1, "deadline": due, "unit": s.lead_unit_name},
            }

        return self._step(suggestion_id, "rehandle", step, check=check)

    def close(
        self,
        suggestion_id: int,
        **step: Unpack[StepArgs],
    ) -> Suggestion:
        """办结. Still 不满意 after re-handling: only with a note saying why."""

        def check(s: Suggestion, when: str, errors: dict[str, str]) -> dict[str, Any]:
            if s.status == "unsatisfied" and not _long(step.get("note", "")):
                errors["note"] = "重新办理后代表仍不满意，办结时请在说明中写明情况"
            return {"set": {"closed_date": when}}

        return self._step(suggestion_id, "close", step, check=check)

    def follow_up(
        self,
        suggestion_id: int,
        *,
        result_class: str,
        summary: str = "",
        letters: Mapping[int, str] | None = None,
        **step: Unpack[StepArgs],
    ) -> Suggestion:
        """跟踪答复 of a B or C item: a further reply, perhaps now solved (A)."""
        day = step.get("today") or dates.today()

        def check(s: Suggestion, when: str, errors: dict[str, str]) -> dict[str, Any]:
            letter = self._letter_step(
                s, when, errors, "follow_up", result_class, summary, letters, day,
                (s.closed_date, "办结日期"),
            )  # fmt: skip
            if not letter.text:
                errors["summary"] = "请简要写明跟踪落实的情况"
            code = letter.code
            return {
                "set": {"result_class": code, "replied_date": letter.last},
                "details": letter.details
                | {"previous_class": s.result_class if s.result_class != code else ""},
                "write": letter.write,
            }

        return self._step(suggestion_id, "follow_up", step, check=check)

    def withdraw(
        self,
        suggestion_id: int,
        **step: Unpack[StepArgs],
    ) -> Suggestion:
        """撤回: the deputy withdraws it in writing before it is closed."""

        def check(_s: Suggestion, _when: str, errors: dict[str, str]) -> dict[str, Any]:
            if not _long(step.get("note", "")):
                errors["note"] = "请写明代表书面撤回的理由"
            return {"set": {"deadline": ""}}

        return self._step(suggestion_id, "withdraw", step, check=check)

    def act(self, suggestion_id: int, action: str, **inputs: Any) -> Suggestion:
        """Any step by its action key (what the GUI's buttons and the CLI call)."""
        if action in COMBINED:  # a method of the same name takes the steps together
            return getattr(self, action)(suggestion_id, **inputs)
        if action not in ACTION_BY_KEY:
            raise ValidationError({"action": f"没有“{action}”这项操作"})
        if action in ("mark_key", "unmark_key"):
            return self.set_key(suggestion_id, action == "mark_key", **inputs)
        if action == "edit":
            return self.edit(suggestion_id, **inputs)
        return getattr(self, action)(suggestion_id, **inputs)
