"""The officials' register (国家机关领导人员): who held each post the township congress
fills — 人大主席, 人大副主席, 主席团成员, 镇长/乡长, 副镇长/副乡长 — from when to when, and
how they came (选举, 补选) and went (辞职被接受, 罢免, 调离, 届满).

An election's result writes its holdings here (app/elections/elections.py); the clerk may
also record a holding by hand (one that began before renda) and end one. The presidium
roles of the deputies' roster follow from this register: a deputy's role is that of the
presidium post they hold now, and the register keeps its history.

`check()` names what breaks the rules (DOMAIN.md §1): the chair, vice-chairs and
presidium members hold no post in the township government; no more vice-chairs than the
setting allows; and the posts left vacant."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, NewType

from app.core import dates
from app.core.chinese import clean_text, stroke_sort_key
from app.core.errors import NotFound, ValidationError
from app.core.records import from_row, new_uuid, now_iso, placeholders
from app.core.validate import GENDER_LABELS, check_name
from app.elections.rules import (
    HOW_BEGAN,
    HOW_ENDED,
    POST_ORDER,
    POSTS,
    ROLE_RANK,
    post_label,
)

if TYPE_CHECKING:
    from app.office import Office

HoldingId = NewType("HoldingId", int)


@dataclass(frozen=True)
class Holding:
    """One person in one post, from a day to a day (or to now)."""

    id: HoldingId
    uuid: str
    township_id: int
    term_id: int
    post: str
    deputy_id: int | None
    name: str
    gender: str
    unit: str
    start_date: str
    start_how: str
    start_meeting_id: int | None = None
    vote_id: int | None = None
    end_date: str = ""
    end_how: str = ""
    end_meeting_id: int | None = None
    end_note: str = ""
    note: str = ""
    township_name: str = ""
    start_meeting_title: str = ""
    end_meeting_title: str = ""

    @property
    def current(self) -> bool:
        return not self.end_date

    def holds_on(self, day: str) -> bool:
        return self.start_date <= day and (not self.end_date or self.end_date > day)

    @property
    def post_label(self) -> str:
        return post_label(self.post, self.township_name or "镇")

    @property
    def began_label(self) -> str:
        return HOW_BEGAN[self.start_how]

    @property
    def ended_label(self) -> str:
        return HOW_ENDED.get(self.end_how, "")

    @property
    def gender_label(self) -> str:
        return GENDER_LABELS.get(self.gender, "")

    @property
    def period_label(self) -> str:
        """'2025年2月11日 至今' or '2025年2月11日 至 2025年8月16日'"""
        end = dates.format_date(self.end_date) if self.end_date else "今"
        return f"{dates.format_date(self.start_date)} 至 {end}"

    @property
    def from_election(self) -> bool:
        return self.vote_id is not None


@dataclass(frozen=True)
class RegisterNote:
    """A finding of `check()`: a rule broken (warning) or a post left vacant."""

    kind: str  # "warning" | "vacancy"
    post: str
    text: str
    holding_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class OfficialQuery:
    township_id: int | None = None
    post: str | None = None
    current_only: bool = False
    text: str = ""


def _date(errors: dict[str, str], key: str, value: object, missing: str = "") -> str:
    try:
        day = dates.parse_date(str(value or ""))
    except dates.DateError as exc:
        errors[key] = str(exc)
        return ""
    if not day and missing:
        errors[key] = missing
    return day


class Officials:
    def __init__(self, office: Office) -> None:
        self._office = office

    # ---- reading ----------------------------------------------------------------------

    _SELECT = (
        "SELECT o.*, coalesce(t.name, '') AS township_name,"
        " coalesce(ms.title, '') AS start_meeting_title,"
        " coalesce(me.title, '') AS end_meeting_title"
        " FROM officials o JOIN townships t ON t.id = o.township_id"
        " LEFT JOIN meetings ms ON ms.id = o.start_meeting_id"
        " LEFT JOIN meetings me ON me.id = o.end_meeting_id"
    )

    def get(self, holding_id: int) -> Holding:
        rows = list(self._office.db.query(self._SELECT + " WHERE o.id = ?", [holding_id]))
        if not rows:
            raise NotFound(f"找不到编号为 {holding_id} 的任职记录")
        return from_row(Holding, rows[0])

    def _township(self, township_id: int | None) -> int | None:
        if township_id is None and self._office.mode == "township":
            return self._office.home_township_id(required=False)
        return township_id

    def list(self, query: OfficialQuery | None = None) -> list[Holding]:
        """Holdings in the order of the posts, the current first, then the newest."""
        q = query or OfficialQuery()
        clauses: list[str] = []
        params: list[Any] = []
        township_id = self._township(q.township_id)
        if township_id is not None:
            clauses.append("o.township_id = ?")
            params.append(township_id)
        if q.post is not None:
            clauses.append("o.post = ?")
            params.append(q.post)
        if q.current_only:
            clauses.append("o.end_date = ''")
        text = clean_text(q.text)
        if text:
            clauses.append("(instr(o.name, ?) > 0 OR instr(o.unit, ?) > 0)")
            params.extend([text, text])
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = [from_row(Holding, r) for r in self._office.db.query(self._SELECT + where, params)]
        return sorted(
            rows,
            key=lambda h: (
                h.township_name,
                POST_ORDER.index(h.post),
                not h.current,
                "" if h.current else _reverse(h.end_date),
                stroke_sort_key(h.name) if h.current else "",
                _reverse(h.start_date),
                h.id,
            ),
        )

    def on(self, day: str, township_id: int | None = None) -> list[Holding]:
        """The holdings in force on a day."""
        return [h for h in self.list(OfficialQuery(township_id=township_id)) if h.holds_on(day)]

    def current(self, township_id: int | None = None) -> list[Holding]:
        return self.list(OfficialQuery(township_id=township_id, current_only=True))

    def of_deputy(self, deputy_id: int) -> list[Holding]:
        rows = self._office.db.query(
            self._SELECT + " WHERE o.deputy_id = ? ORDER BY o.start_date, o.id", [deputy_id]
        )
        return [from_row(Holding, r) for r in rows]

    def holders(self, post: str, day: str, township_id: int) -> list[Holding]:
        return [
            h
            for h in self.list(OfficialQuery(township_id=township_id, post=post))
            if h.holds_on(day)
        ]

    # ---- rules ------------------------------------------------------------------------

    def seats_of(self, post: str) -> int | None:
        """How many hold the post when all is filled (None: as many as elected)."""
        if POSTS[post].chief:
            return 1
        if post == "vice_chair":
            return int(self._office.settings.get("election_vice_chairs_max"))
        if post == "deputy_head":
            return int(self._office.settings.get("election_deputy_heads"))
        return None

    def check(self, township_id: int | None = None, day: str | None = None) -> list[RegisterNote]:
        """What breaks the rules in the register on a day (today by default), and the
        posts left vacant. Warnings first."""
        tid = self._township(township_id)
        when = day or dates.today().isoformat()
        held = self.on(when, tid)
        if tid is None:
            return []
        township = self._office.townships.get(tid).name
        notes: list[RegisterNote] = []
        government = [h for h in held if POSTS[h.post].body == "government"]
        congress = [h for h in held if POSTS[h.post].body == "congress"]
        for g in government:
            for c in congress:
                if _same_person(g, c):
                    notes.append(
                        RegisterNote(
                            "warning",
                            c.post,
                            f"{c.name}担任{post_label(c.post, township)}，同时担任"
                            f"{post_label(g.post, township)}。人大主席、副主席和主席团成员"
                            "不得担任乡镇人民政府的职务，请核对。",
                            (c.id, g.id),
                        )
                    )
        # The roster's presidium roles against the register.
        roles = self._roster_roles(tid)
        by_deputy: dict[int, str] = {}
        for h in congress:
            if h.deputy_id is not None:
                by_deputy[h.deputy_id] = _higher(by_deputy.get(h.deputy_id, ""), h.post)
        for g in government:
            if g.deputy_id is not None and roles.get(g.deputy_id, ("", ""))[0]:
                name, role = roles[g.deputy_id][1], roles[g.deputy_id][0]
                if g.deputy_id not in by_deputy:
                    notes.append(
                        RegisterNote(
                            "warning",
                            g.post,
                            f"{name}在代表名册中是{_role_label(role)}，同时担任"
                            f"{post_label(g.post, township)}。主席团成员不得担任乡镇人民政府"
                            "的职务，请核对。",
                            (g.id,),
                        )
                    )
        for deputy_id, (role, name) in roles.items():
            if by_deputy.get(deputy_id, "") != role:
                registered = by_deputy.get(deputy_id, "")
                notes.append(
                    RegisterNote(
                        "warning",
                        role or registered,
                        f"{name}在代表名册中的主席团职务是“{_role_label(role) or '无'}”，"
                        f"任职登记中是“{_role_label(registered) or '无'}”，请核对后更正。",
                    )
                )
        for deputy_id, post in by_deputy.items():
            if deputy_id not in roles:
                name = next(h.name for h in congress if h.deputy_id == deputy_id)
                notes.append(
                    RegisterNote(
                        "warning",
                        post,
                        f"{name}在任职登记中是{post_label(post, township)}，"
                        "代表名册中没有主席团职务，请核对后更正。",
                    )
                )
        limit = self.seats_of("vice_chair") or 2
        vice = [h for h in held if h.post == "vice_chair"]
        if len(vice) > limit:
            notes.append(
                RegisterNote(
                    "warning",
                    "vice_chair",
                    f"人大副主席现有 {len(vice)} 名，多于 {limit} 名（可设副主席一至二人）。",
                    tuple(h.id for h in vice),
                )
            )
        for post in POST_ORDER:
            seats = self.seats_of(post)
            if seats is None:
                continue
            count = sum(1 for h in held if h.post == post)
            if post == "vice_chair" and count >= 1:
                continue  # one or two vice-chairs: one is not a vacancy
            if count < seats:
                missing = seats - count
                notes.append(
                    RegisterNote(
                        "vacancy",
                        post,
                        f"{post_label(post, township)}空缺"
                        + (f" {missing} 名" if seats > 1 else ""),
                    )
                )
        return notes

    def _roster_roles(self, township_id: int) -> dict[int, tuple[str, str]]:
        """deputy id -> (presidium role, name) for the current term's deputies with one."""
        term = self._office.terms.current(township_id)
        if term is None:
            return {}
        rows = self._office.db.execute(
            "SELECT id, presidium_role, name FROM deputies"
            " WHERE term_id = ? AND presidium_role <> '' AND status <> 'ended'",
            [term.id],
        ).fetchall()
        return {r[0]: (r[1], r[2]) for r in rows}

    # ---- writing ----------------------------------------------------------------------

    def insert(
        self,
        *,
        township_id: int,
        term_id: int,
        post: str,
        deputy_id: int | None,
        name: str,
        gender: str,
        unit: str,
        start_date: str,
        start_how: str,
        start_meeting_id: int | None = None,
        vote_id: int | None = None,
        note: str = "",
    ) -> HoldingId:
        """Write a checked holding (inside the caller's transaction) and bring the holder's
        presidium role up to date."""
        cursor = self._office.db.execute(
            "INSERT INTO officials (uuid, township_id, term_id, post, deputy_id, name, gender,"
            " unit, start_date, start_how, start_meeting_id, vote_id, note)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                new_uuid(),
                township_id,
                term_id,
                post,
                deputy_id,
                name,
                gender,
                unit,
                start_date,
                start_how,
                start_meeting_id,
                vote_id,
                note,
            ],
        )
        if deputy_id is not None:
            self.sync_roles([deputy_id])
        return HoldingId(cursor.lastrowid)

    def add(
        self,
        *,
        post: str,
        start_date: str,
        start_how: str = "election",
        deputy_id: int | None = None,
        name: str = "",
        gender: str = "",
        unit: str = "",
        meeting_id: int | None = None,
        note: str = "",
        term_id: int | None = None,
    ) -> Holding:
        """Record by hand a holding that did not come from an election entered in renda
        (one from before renda, say)."""
        errors: dict[str, str] = {}
        if post not in POSTS:
            errors["post"] = "请选择职务：人大主席、人大副主席、主席团成员、镇长或副镇长"
        if start_how not in HOW_BEGAN:
            errors["start_how"] = "任职方式只能是选举或补选"
        start = _date(errors, "start_date", start_date, "请填写任职日期，如 2021-12-28")
        tid = term_id or self._office.current_term_id()
        term = self._office.terms.get(tid)
        deputy = None
        if deputy_id is not None:
            deputy = self._office.deputies.get(deputy_id)
            person = deputy.name
            gender = deputy.gender
            unit = clean_text(unit) or deputy.unit
        else:
            person, problem = check_name(name)
            if problem:
                errors["name"] = problem
            gender = {"男": "M", "女": "F"}.get(gender, gender or "")
            unit = clean_text(unit)
        if post in POSTS and POSTS[post].from_deputies and deputy is None and "name" not in errors:
            errors["name"] = f"{post_label(post)}应从本级人民代表大会代表中选出，请选择代表"
        if len(unit) > 80:
            errors["unit"] = "工作单位及职务不能超过 80 个字"
        if meeting_id is not None:
            meeting = self._office.meetings.get(meeting_id)
            if meeting.kind != "session":
                errors["meeting_id"] = "选举只能在人民代表大会会议上进行，请选择人代会"
        if start and post in POSTS and not errors:
            self._check_room(errors, post, start, term.township_id, person, deputy_id)
        if errors:
            raise ValidationError(errors)
        with self._office.transaction():
            holding_id = self.insert(
                township_id=term.township_id,
                term_id=tid,
                post=post,
                deputy_id=deputy_id,
                name=person,
                gender=gender if gender in ("M", "F") else "",
                unit=unit,
                start_date=start,
                start_how=start_how,
                start_meeting_id=meeting_id,
                note=clean_text(note),
            )
        return self.get(holding_id)

    def _check_room(
        self,
        errors: dict[str, str],
        post: str,
        day: str,
        township_id: int,
        name: str,
        deputy_id: int | None,
    ) -> None:
        holders = self.holders(post, day, township_id)
        township = self._office.townships.get(township_id).name
        label = post_label(post, township)
        for h in holders:
            if (deputy_id is not None and h.deputy_id == deputy_id) or (
                deputy_id is None and h.name == name and h.deputy_id is None
            ):
                errors["post"] = f"{name}在{dates.format_date(day)}已经担任{label}"
                return
        seats = self.seats_of(post)
        if seats is not None and len(holders) >= seats:
            who = "、".join(h.name for h in holders)
            errors["post"] = (
                f"{dates.format_date(day)}{label}已由{who}担任，没有空缺；"
                "请先登记其离任（辞职、罢免、调离或届满）"
            )

    def end(
        self,
        holding_id: int,
        *,
        date: str,
        how: str,
        note: str = "",
        meeting_id: int | None = None,
        today: date | None = None,
    ) -> Holding:
        """End a holding: 辞职被接受, 罢免, 调离 or 届满, on a day."""
        holding = self.get(holding_id)
        errors: dict[str, str] = {}
        if holding.end_date:
            errors["end_date"] = (
                f"{holding.name}已于{dates.format_date(holding.end_date)}{holding.ended_label}离任"
            )
        if how not in HOW_ENDED:
            errors["end_how"] = "请选择离任方式：辞职被接受、罢免、调离或届满"
        day = _date(errors, "end_date", date, "请填写离任日期")
        if day and day < holding.start_date:
            errors["end_date"] = (
                f"离任日期早于任职日期（{dates.format_date(holding.start_date)}），请核对"
            )
        if day and day > (today or dates.today()).isoformat():
            errors["end_date"] = "离任日期不能晚于今天"
        if meeting_id is not None:
            self._office.meetings.get(meeting_id)
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            db.execute(
                "UPDATE officials SET end_date = ?, end_how = ?, end_note = ?,"
                " end_meeting_id = ?, updated_at = ? WHERE id = ?",
                [day, how, clean_text(note), meeting_id, now_iso(), holding_id],
            )
            if holding.deputy_id is not None:
                self.sync_roles([holding.deputy_id])
        return self.get(holding_id)

    def reopen(self, holding_id: int) -> Holding:
        """Undo an end recorded by mistake."""
        holding = self.get(holding_id)
        if holding.end_date:
            seats = self.seats_of(holding.post)
            now = [
                h
                for h in self.list(
                    OfficialQuery(
                        township_id=holding.township_id, post=holding.post, current_only=True
                    )
                )
                if h.id != holding.id
            ]
            if seats is not None and len(now) >= seats:
                raise ValidationError(
                    {
                        "end_date": f"{holding.post_label}现由{'、'.join(h.name for h in now)}"
                        "担任，不能撤销离任"
                    }
                )
        with self._office.transaction() as db:
            db.execute(
                "UPDATE officials SET end_date = '', end_how = '', end_note = '',"
                " end_meeting_id = NULL, updated_at = ? WHERE id = ?",
                [now_iso(), holding_id],
            )
            if holding.deputy_id is not None:
                self.sync_roles([holding.deputy_id])
        return self.get(holding_id)

    def remove(self, holding_id: int) -> None:
        """Delete a holding recorded by hand by mistake. A holding from an election goes
        with that election's result (撤销计票结果)."""
        holding = self.get(holding_id)
        if holding.from_election:
            raise ValidationError(
                {
                    "post": f"{holding.name}的任职来自选举结果，不能直接删除；"
                    "如计票结果录错，请在该次选举中撤销计票结果"
                }
            )
        blocked = self._office.elections.removals.blocking([holding_id])
        if blocked:
            raise ValidationError({"post": blocked})
        with self._office.transaction() as db:
            db.execute("DELETE FROM officials WHERE id = ?", [holding_id])
            if holding.deputy_id is not None:
                self.sync_roles([holding.deputy_id])

    def sync_roles(self, deputy_ids: Iterable[int]) -> None:
        """Make each deputy's presidium role in the roster that of the presidium post they
        hold now (inside the caller's transaction). The roster keeps no history of its
        own: the register is the history."""
        ids = sorted(set(deputy_ids))
        if not ids:
            return
        rows = self._office.db.execute(
            f"SELECT deputy_id, post FROM officials WHERE deputy_id IN ({placeholders(len(ids))})"
            " AND end_date = '' AND post IN ('chair', 'vice_chair', 'member')",
            ids,
        ).fetchall()
        role: dict[int, str] = dict.fromkeys(ids, "")
        for deputy_id, post in rows:
            role[deputy_id] = _higher(role[deputy_id], post)
        for deputy_id, value in role.items():
            self._office.db.execute(
                "UPDATE deputies SET presidium_role = ?, updated_at = ?"
                " WHERE id = ? AND presidium_role <> ?",
                [value, now_iso(), deputy_id, value],
            )


def _reverse(iso: str) -> str:
    """A key that sorts ISO dates newest first."""
    return "".join(chr(0x7E - ord(c)) if c.isdigit() else c for c in iso)


def _higher(a: str, b: str) -> str:
    """The higher of two presidium roles ('' is none)."""
    ranked = [r for r in ROLE_RANK if r in (a, b)]
    return ranked[0] if ranked else ""


def _role_label(role: str) -> str:
    return {"chair": "人大主席", "vice_chair": "人大副主席", "member": "主席团成员"}.get(role, "")


def _same_person(a: Holding, b: Holding) -> bool:
    if a.deputy_id is not None and b.deputy_id is not None:
        return a.deputy_id == b.deputy_id
    return a.name == b.name
