"""The congress's votes on who leaves (辞职、罢免): an official's resignation put to the
session (接受辞职), a recall motion (罢免案) by the presidium or by one fifth or more of the
deputies jointly, whose names are kept, and a deputy's own resignation (选举法第五十五条).

Each is put on the session's record first and voted on later. A vote that passes (more
than half of ALL deputies, app/elections/rules.py) ends the holding in the officials'
register — 辞职被接受 or 罢免 — on the session's date, or ends the deputy's status through
the deputies' own status history (the presidium posts they held end with it). A vote
that fails is kept and changes nothing else.

    removal = office.elections.removals.add(meeting_id=…, kind="recall", holding_id=…,
                                            moved_by="deputies", mover_ids=[…], reason=…)
    office.elections.removals.record_vote(removal.id, votes_for=40, against=10, abstain=2)
    office.elections.removals.undo_vote(removal.id)     # a count entered by mistake
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as Date
from typing import TYPE_CHECKING, Any, NewType

from app.core import dates
from app.core.chinese import clean_text, stroke_sort_key
from app.core.errors import NotFound, ValidationError
from app.core.records import from_row, new_uuid, now_iso
from app.elections.rules import (
    DEPUTY_RESIGNED_REASON,
    POSTS,
    RECALLABLE,
    REMOVAL_ENDS,
    REMOVAL_KINDS,
    REMOVAL_MOVED_BY,
    check_vote,
    elected_threshold,
    fraction_label,
    joint_label,
    post_full_label,
    post_label,
    recall_movers_needed,
)
from app.meetings.resolutions import vote_count
from app.meetings.rules import passes

if TYPE_CHECKING:
    from app.meetings.attendance import Counts
    from app.office import Office

RemovalId = NewType("RemovalId", int)
REASON_MAX = 2000


@dataclass(frozen=True)
class Removal:
    id: RemovalId
    uuid: str
    township_id: int
    meeting_id: int
    kind: str
    holding_id: int | None
    deputy_id: int | None
    name: str
    moved_by: str
    submitted_date: str = ""
    reason: str = ""
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    total_deputies: int | None = None
    passed: int | None = None
    note: str = ""
    created_at: str = ""
    updated_at: str = ""
    meeting_title: str = ""
    meeting_date: str = ""
    township_name: str = ""
    post: str = ""  # the holding's post ('' for a deputy's resignation)
    movers: tuple[str, ...] = ()  # joint movers, 姓氏笔画 order

    @property
    def kind_label(self) -> str:
        return REMOVAL_KINDS[self.kind]

    @property
    def moved_label(self) -> str:
        """'本人书面提出', '主席团提出' or '代表王一、王二等 13 人联名提出'"""
        if self.moved_by == "deputies":
            return joint_label(self.movers, "联名提出")
        return REMOVAL_MOVED_BY[self.moved_by]

    @property
    def post_label(self) -> str:
        return post_label(self.post, self.township_name or "镇") if self.post else "代表"

    @property
    def what(self) -> str:
        """What leaves: '清溪镇人民政府副镇长职务' or '清溪镇人民代表大会代表职务'."""
        place = self.township_name or "镇"
        if self.post:
            return f"{post_full_label(self.post, place)}职务"
        return f"{place}人民代表大会代表职务"

    @property
    def title(self) -> str:
        """The decision's name, as the session's papers call it."""
        if self.kind == "recall":
            return f"关于罢免{self.name}{self.what}的决定"
        return f"关于接受{self.name}辞去{self.what}的决定"

    @property
    def motion_title(self) -> str:
        """What is put to the vote: 罢免案 or the resignation."""
        if self.kind == "recall":
            return f"关于罢免{self.name}{self.what}的议案"
        return f"{self.name}请求辞去{self.what}"

    @property
    def voted(self) -> bool:
        return self.votes_for is not None

    @property
    def result_label(self) -> str:
        if not self.voted:
            return "待表决"
        return "通过" if self.passed else "未通过"

    @property
    def votes_label(self) -> str:
        if not self.voted:
            return ""
        return f"赞成 {self.votes_for}，反对 {self.votes_against}，弃权 {self.votes_abstain}"

    @property
    def threshold(self) -> int | None:
        return elected_threshold(self.total_deputies) if self.total_deputies else None

    @property
    def outcome_text(self) -> str:
        """'罢免张三清溪镇人民政府副镇长职务' / '未通过：…' for the register and notices."""
        if not self.voted:
            return ""
        if self.kind == "recall":
            done = f"罢免{self.name}{self.what}"
        else:
            done = f"接受{self.name}辞去{self.what}"
        return done if self.passed else f"表决未通过：{done}"


class Removals:
    def __init__(self, office: Office) -> None:
        self._office = office
        office.meetings.attendance.add_check(self.conflict)

    @property
    def recall_share(self) -> int:
        return int(self._office.settings.get("election_recall_share"))

    # ---- reading ------------------------------------------------------------------------

    _SELECT = (
        "SELECT r.*, m.title AS meeting_title, m.start_date AS meeting_date,"
        " t.name AS township_name, coalesce(o.post, '') AS post"
        " FROM removals r JOIN meetings m ON m.id = r.meeting_id"
        " JOIN townships t ON t.id = r.township_id"
        " LEFT JOIN officials o ON o.id = r.holding_id"
    )

    def _rows(self, where: str, params: Sequence[Any]) -> list[Removal]:
        rows = [dict(r) for r in self._office.db.query(self._SELECT + where, list(params))]
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        movers: dict[int, list[str]] = {}
        marks = ", ".join("?" * len(ids))
        for rid, name in self._office.db.execute(
            "SELECT v.removal_id, d.name FROM removal_movers v JOIN deputies d"
            f" ON d.id = v.deputy_id WHERE v.removal_id IN ({marks})",
            ids,
        ):
            movers.setdefault(rid, []).append(name)
        return [
            from_row(
                Removal,
                r | {"movers": tuple(sorted(movers.get(r["id"], []), key=stroke_sort_key))},
            )
            for r in rows
        ]

    def get(self, removal_id: int) -> Removal:
        found = self._rows(" WHERE r.id = ?", [removal_id])
        if not found:
            raise NotFound(f"找不到编号为 {removal_id} 的辞职或罢免记录")
        return found[0]

    def of_meeting(self, meeting_id: int) -> list[Removal]:
        return self._rows(" WHERE r.meeting_id = ? ORDER BY r.id", [meeting_id])

    def list(self, *, township_id: int | None = None) -> list[Removal]:
        """Every resignation and recall, the newest session first."""
        if township_id is None and self._office.mode == "township":
            township_id = self._office.home_township_id(required=False)
        where = " WHERE r.township_id = ?" if township_id is not None else ""
        params = [township_id] if township_id is not None else []
        return self._rows(where + " ORDER BY m.start_date DESC, r.id DESC", params)

    def of_holding(self, holding_id: int) -> list[Removal]:
        return self._rows(" WHERE r.holding_id = ? ORDER BY r.id", [holding_id])

    def mover_ids(self, removal_id: int) -> list[int]:
        rows = self._office.db.execute(
            "SELECT deputy_id FROM removal_movers WHERE removal_id = ?", [removal_id]
        ).fetchall()
        return [r[0] for r in rows]

    def movers_needed(self, meeting_id: int) -> int:
        """Deputies needed to move a recall jointly at this session."""
        expected = self._office.meetings.attendance.counts(meeting_id).expected
        return recall_movers_needed(expected, self.recall_share)

    def blocking(self, holding_ids: Sequence[int]) -> str | None:
        """Why these holdings cannot be deleted: a resignation or recall refers to them."""
        for hid in holding_ids:
            found = self.of_holding(hid)
            if found:
                r = found[0]
                return (
                    f"{r.name}的任职已有{r.kind_label}记录（{r.meeting_title}），不能删除；"
                    "请先删除该辞职或罢免记录"
                )
        return None

    def conflict(self, meeting_id: int, counts: Counts) -> str | None:
        """What a change of the session's attendance would contradict: a vote on a
        resignation or recall with more ballots than deputies present."""
        for r in self.of_meeting(meeting_id):
            if not r.voted:
                continue
            cast = (r.votes_for or 0) + (r.votes_against or 0) + (r.votes_abstain or 0)
            if cast > counts.present:
                return (
                    f"“{r.motion_title}”的表决已登记 {cast} 票，出席代表不能少于 {cast} 人；"
                    "请先核对该表决的票数"
                )
        return None

    # ---- writing ------------------------------------------------------------------------

    def add(
        self,
        *,
        meeting_id: int,
        kind: str,
        holding_id: int | None = None,
        deputy_id: int | None = None,
        moved_by: str | None = None,
        mover_ids: Sequence[int] = (),
        reason: str = "",
        submitted_date: str = "",
        note: str = "",
    ) -> Removal:
        """Put a resignation or a recall motion on the session's record, to be voted on."""
        meeting = self._office.meetings.get(meeting_id)
        township = self._office.townships.get(meeting.township_id).name
        errors: dict[str, str] = {}
        if meeting.kind != "session":
            errors["meeting_id"] = "辞职、罢免只能由人民代表大会会议表决，请在人代会中登记"
        if kind not in REMOVAL_KINDS:
            errors["kind"] = "请选择：接受辞职、罢免或接受代表辞职"
            raise ValidationError(errors)
        who = "self" if kind != "recall" else (moved_by or "presidium")
        if kind == "recall" and who not in ("presidium", "deputies"):
            errors["moved_by"] = "罢免案由主席团提出，或由代表联名提出"
        values: dict[str, Any] = {"holding_id": None, "deputy_id": None, "name": ""}
        if kind == "deputy_resignation":
            if deputy_id is None:
                errors["deputy_id"] = "请选择提出辞职的代表"
            else:
                deputy = self._office.elections._township_deputy(
                    int(deputy_id), meeting, errors, "deputy_id"
                )
                if deputy is not None:
                    values |= {"deputy_id": deputy.id, "name": deputy.name}
        elif holding_id is None:
            errors["holding_id"] = "请选择辞职或被提出罢免的人员及其职务"
        else:
            holding = self._office.officials.get(int(holding_id))
            label = post_label(holding.post, township)
            if holding.township_id != meeting.township_id:
                errors["holding_id"] = f"{holding.name}不是本乡镇的任职人员"
            elif not holding.holds_on(meeting.start_date):
                when = dates.format_date(meeting.start_date)
                errors["holding_id"] = f"{holding.name}在{when}不担任{label}，请核对"
            elif kind == "recall" and holding.post not in RECALLABLE:
                errors["holding_id"] = (
                    f"罢免案只能针对人大主席、副主席和{post_label('head', township)}、"
                    f"{post_label('deputy_head', township)}（地方组织法第三十一条），"
                    f"不能针对{label}"
                )
            values |= {"holding_id": holding.id, "deputy_id": holding.deputy_id}
            values["name"] = holding.name
        movers: list[int] = []
        if kind == "recall" and who == "deputies":
            seen: set[int] = set()
            for raw in mover_ids:
                nid = int(raw)
                if nid in seen:
                    continue
                seen.add(nid)
                d = self._office.elections._township_deputy(nid, meeting, errors, "movers")
                if d is not None:
                    movers.append(nid)
            expected = self._office.meetings.attendance.counts(meeting_id).expected
            needed = recall_movers_needed(expected, self.recall_share)
            if "movers" not in errors:
                if expected == 0:
                    errors["movers"] = (
                        "本次会议没有应到代表名单，无法计算联名所需人数；"
                        "请先在“出席情况”中列出应到代表"
                    )
                elif len(movers) < needed:
                    errors["movers"] = (
                        f"代表联名提出罢免案，须有全体代表（{expected} 人）的"
                        f"{fraction_label(self.recall_share)}以上，即至少 {needed} 人联名"
                        f"（地方组织法第三十一条），现只有 {len(movers)} 人"
                    )
        text = str(reason or "").replace("\r\n", "\n").strip()
        if kind == "recall" and not text:
            errors["reason"] = "罢免案应当写明罢免理由"
        elif len(text) > REASON_MAX:
            errors["reason"] = f"理由不能超过 {REASON_MAX} 个字"
        try:
            submitted = dates.parse_date(str(submitted_date or ""))
        except dates.DateError as exc:
            errors["submitted_date"] = str(exc)
            submitted = ""
        if submitted and submitted > meeting.start_date:
            errors["submitted_date"] = (
                f"提出日期晚于会议日期（{dates.format_date(meeting.start_date)}），请核对"
            )
        if not errors:
            pending = self._pending(values["holding_id"], values["deputy_id"], kind)
            if pending is not None:
                errors["holding_id" if kind != "deputy_resignation" else "deputy_id"] = (
                    f"{values['name']}已有{pending.kind_label}记录（{pending.meeting_title}），"
                    + ("尚未表决" if not pending.voted else "已表决通过")
                    + "，不能重复登记"
                )
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            cursor = db.execute(
                "INSERT INTO removals (uuid, township_id, meeting_id, kind, holding_id,"
                " deputy_id, name, moved_by, submitted_date, reason, note)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    new_uuid(),
                    meeting.township_id,
                    meeting_id,
                    kind,
                    values["holding_id"],
                    values["deputy_id"],
                    values["name"],
                    who,
                    submitted,
                    text,
                    clean_text(note),
                ],
            )
            removal_id = cursor.lastrowid
            db.conn.executemany(
                "INSERT INTO removal_movers (removal_id, deputy_id) VALUES (?, ?)",
                [(removal_id, m) for m in movers],
            )
        return self.get(removal_id)

    def _pending(self, holding_id: int | None, deputy_id: int | None, kind: str) -> Removal | None:
        """A record about the same holding (or deputy) not voted on yet, or passed."""
        if kind == "deputy_resignation":
            found = self._rows(
                " WHERE r.kind = 'deputy_resignation' AND r.deputy_id = ?", [deputy_id]
            )
        else:
            found = self._rows(" WHERE r.holding_id = ?", [holding_id])
        return next((r for r in found if not r.voted or r.passed), None)

    def record_vote(
        self,
        removal_id: int,
        *,
        votes_for: Any,
        against: Any,
        abstain: Any,
        today: Date | None = None,
    ) -> Removal:
        """The session's vote: passes with more than half of ALL deputies. A pass ends the
        holding (辞职被接受 / 罢免) or the deputy's status on the session's date, in the
        same transaction; a fail changes nothing but this record."""
        removal = self.get(removal_id)
        meeting = self._office.meetings.get(removal.meeting_id)
        errors: dict[str, str] = {}
        if removal.voted:
            raise ValidationError(
                {"votes_for": "表决结果已经登记；如有误，请先撤销表决结果再重新登记"}
            )
        day = (today or dates.today()).isoformat()
        if meeting.start_date > day:
            raise ValidationError(
                {
                    "votes_for": f"会议日期（{dates.format_date(meeting.start_date)}）还没到，"
                    "会议表决后再登记表决结果"
                }
            )
        numbers = {
            key: vote_count(errors, key, value, label)
            for key, value, label in (
                ("votes_for", votes_for, "赞成"),
                ("votes_against", against, "反对"),
                ("votes_abstain", abstain, "弃权"),
            )
        }
        counts = self._office.meetings.attendance.counts(meeting.id)
        if not errors:
            errors.update(
                check_vote(
                    votes_for=numbers["votes_for"],
                    against=numbers["votes_against"],
                    abstain=numbers["votes_abstain"],
                    present=counts.present,
                    expected=counts.expected,
                )
            )
        if errors:
            raise ValidationError(errors)
        carried = passes(numbers["votes_for"], counts.expected)
        with self._office.transaction() as db:
            db.execute(
                "UPDATE removals SET votes_for = ?, votes_against = ?, votes_abstain = ?,"
                " total_deputies = ?, passed = ?, updated_at = ? WHERE id = ?",
                [
                    numbers["votes_for"],
                    numbers["votes_against"],
                    numbers["votes_abstain"],
                    counts.expected,
                    int(carried),
                    now_iso(),
                    removal_id,
                ],
            )
            if carried:
                self._carry_out(self.get(removal_id), meeting.start_date, today)
        return self.get(removal_id)

    def _carry_out(self, removal: Removal, day: str, today: Date | None) -> None:
        officials = self._office.officials
        if removal.holding_id is not None:
            officials.end(
                removal.holding_id,
                date=day,
                how=REMOVAL_ENDS[removal.kind],
                note=f"{removal.meeting_title}表决{removal.outcome_text}",
                meeting_id=removal.meeting_id,
                today=today,
            )
            return
        # A deputy's resignation: their status ends through the deputies' own history,
        # and the presidium posts they hold end with it.
        self._office.deputies.set_status(
            removal.deputy_id,
            status="ended",
            date=day,
            reason=DEPUTY_RESIGNED_REASON,
            note=f"{removal.meeting_title}表决接受其辞去代表职务",
            today=today,
        )
        for h in officials.of_deputy(removal.deputy_id):
            if h.current and POSTS[h.post].from_deputies:
                officials.end(
                    h.id,
                    date=day,
                    how="resigned",
                    note="辞去代表职务被接受，其职务相应终止",
                    meeting_id=removal.meeting_id,
                    today=today,
                )

    def undo_vote(self, removal_id: int) -> Removal:
        """Take back a vote's count entered by mistake; what a pass changed is undone."""
        removal = self.get(removal_id)
        if not removal.voted:
            raise ValidationError({"votes_for": "还没有登记表决结果"})
        officials = self._office.officials
        with self._office.transaction() as db:
            if removal.passed:
                if removal.holding_id is not None:
                    officials.reopen(removal.holding_id)
                else:
                    meeting_day = removal.meeting_date
                    for h in officials.of_deputy(removal.deputy_id):
                        if (
                            h.end_meeting_id == removal.meeting_id
                            and h.end_how == "resigned"
                            and h.end_date == meeting_day
                        ):
                            officials.reopen(h.id)
                    deputy = self._office.deputies.get(removal.deputy_id)
                    if deputy.status == "ended":
                        self._office.deputies.set_status(
                            removal.deputy_id,
                            status="serving",
                            date=meeting_day,
                            note="撤销误录的辞职表决结果",
                        )
            db.execute(
                "UPDATE removals SET votes_for = NULL, votes_against = NULL,"
                " votes_abstain = NULL, total_deputies = NULL, passed = NULL, updated_at = ?"
                " WHERE id = ?",
                [now_iso(), removal_id],
            )
        return self.get(removal_id)

    def delete(self, removal_id: int) -> None:
        """Remove a record entered by mistake; one with a vote keeps it until undone."""
        removal = self.get(removal_id)
        if removal.voted:
            raise ValidationError(
                {"votes_for": "已登记表决结果，不能删除；如确属误录，请先撤销表决结果"}
            )
        with self._office.transaction() as db:
            db.execute("DELETE FROM removals WHERE id = ?", [removal_id])
