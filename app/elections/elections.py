"""Elections at a session (选举, 补选): the posts and their seats, the candidates and who
nominated them, the scrutineers, then each round of voting — ballots issued, returned,
valid and invalid, votes per person including write-ins — and who is elected. The result
goes into the officials' register on the session's date (app/elections/officials.py).

The steps, each refused in Chinese with nothing changed when it breaks a rule:

    election = office.elections.add(meeting_id=…, kind="by_election", posts=[("deputy_head", 1)])
    office.elections.add_candidate(election.id, post="deputy_head", deputy_id=…,
                                   nominated_by="presidium")
    office.elections.set_scrutineers(election.id, monitors=[…], tellers=["人大办 王敏"])
    office.elections.start_voting(election.id)          # the slate checked (差额), round 1
    office.elections.count_ballots(election.id, issued=64, returned=64, valid=63, invalid=1)
    outcome = office.elections.record_votes(election.id, votes={candidate_id: 40, …})
    office.elections.next_round(election.id)             # a tie or too few elected
    office.elections.undo(election.id)                   # the last step, entered by mistake

The rules themselves (差额, majority of all deputies, ties) are in app/elections/rules.py."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NewType

from app.core import dates
from app.core.chinese import clean_text, stroke_sort_key
from app.core.errors import NotFound, ValidationError
from app.core.records import from_row, new_uuid, now_iso, placeholders
from app.core.validate import GENDER_CODES, GENDER_LABELS, check_name
from app.elections.removals import Removals
from app.elections.rules import (
    ELECTION_KINDS,
    ELECTION_STATUS,
    NOMINATED_BY,
    POST_ORDER,
    POSTS,
    SCRUTINEER_ROLES,
    SectionResult,
    SlateRules,
    candidate_range,
    check_ballots,
    check_votes,
    count_section,
    elected_threshold,
    joint_label,
    next_round_keys,
    post_code,
    post_full_label,
    post_label,
    slate_problem,
)

if TYPE_CHECKING:
    from app.meetings.meetings import Meeting
    from app.office import Office

ElectionId = NewType("ElectionId", int)
CandidateId = NewType("CandidateId", int)

TITLE_MAX = 100
UNIT_MAX = 80


# ---- values -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Election:
    id: ElectionId
    uuid: str
    township_id: int
    meeting_id: int
    kind: str
    title: str
    status: str
    note: str = ""
    created_at: str = ""
    updated_at: str = ""

    @property
    def kind_label(self) -> str:
        return ELECTION_KINDS[self.kind]

    @property
    def status_label(self) -> str:
        return ELECTION_STATUS[self.status]

    @property
    def preparing(self) -> bool:
        return self.status == "preparing"


@dataclass(frozen=True)
class ElectionPost:
    id: int
    election_id: int
    position: int
    post: str
    seats: int


@dataclass(frozen=True)
class Candidate:
    id: CandidateId
    uuid: str
    election_id: int
    post_id: int
    deputy_id: int | None
    name: str
    gender: str = ""
    birth_date: str = ""
    political_status: str = ""
    education: str = ""
    unit: str = ""
    nominated_by: str = "presidium"
    position: int = 0
    note: str = ""
    nominators: tuple[str, ...] = ()

    @property
    def gender_label(self) -> str:
        return GENDER_LABELS.get(self.gender, "")

    @property
    def nominated_label(self) -> str:
        """'主席团提名' or '代表王一、王二等 10 人联合提名'"""
        if self.nominated_by == "deputies":
            return joint_label(self.nominators, "联合提名")
        return NOMINATED_BY[self.nominated_by]

    @property
    def write_in(self) -> bool:
        return self.nominated_by == "write_in"

    @property
    def is_deputy(self) -> bool:
        return self.deputy_id is not None


@dataclass(frozen=True)
class Scrutineer:
    id: int
    election_id: int
    role: str
    deputy_id: int | None
    name: str
    position: int = 0

    @property
    def role_label(self) -> str:
        return SCRUTINEER_ROLES[self.role]


@dataclass(frozen=True)
class Round:
    id: int
    election_id: int
    number: int
    ballots_issued: int | None
    ballots_returned: int | None
    votes_recorded: bool
    total_deputies: int | None = None
    note: str = ""

    @property
    def counted(self) -> bool:
        """The ballots have been counted (issued and returned known)."""
        return self.ballots_issued is not None and self.ballots_returned is not None

    @property
    def label(self) -> str:
        return f"第{_cn(self.number)}次投票"


@dataclass(frozen=True)
class Section:
    id: int
    round_id: int
    post_id: int
    seats: int
    ballots_valid: int | None
    ballots_invalid: int | None


@dataclass(frozen=True)
class VoteLine:
    id: int
    section_id: int
    candidate_id: int
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    elected: bool
    tied: bool
    name: str = ""
    nominated_by: str = ""
    deputy_id: int | None = None

    @property
    def write_in(self) -> bool:
        return self.nominated_by == "write_in"


@dataclass(frozen=True)
class SectionDetail:
    section: Section
    post: str
    label: str  # 副镇长
    full_label: str  # 镇人民政府副镇长
    lines: tuple[VoteLine, ...]  # the ballot's order, write-ins after
    result: SectionResult | None  # once the votes are recorded

    @property
    def write_ins(self) -> tuple[VoteLine, ...]:
        return tuple(line for line in self.lines if line.write_in)

    @property
    def on_ballot(self) -> tuple[VoteLine, ...]:
        return tuple(line for line in self.lines if not line.write_in)


@dataclass(frozen=True)
class RoundDetail:
    round: Round
    sections: tuple[SectionDetail, ...]

    @property
    def complete(self) -> bool:
        return all(s.result is not None and s.result.complete for s in self.sections)


@dataclass(frozen=True)
class PostDetail:
    post: ElectionPost
    label: str
    full_label: str
    candidates: tuple[Candidate, ...]  # nominated, in 姓氏笔画 order (no write-ins)
    elected: tuple[Candidate, ...]  # over all rounds, in the order they were elected

    @property
    def remaining(self) -> int:
        return self.post.seats - len(self.elected)

    @property
    def contested(self) -> bool:
        return len(self.candidates) > self.post.seats


@dataclass(frozen=True)
class ElectionDetail:
    election: Election
    meeting_title: str
    meeting_date: str
    township_name: str
    total_deputies: int  # 全体代表 (the session's expected list)
    present: int
    threshold: int  # votes to be elected: more than half of all deputies
    posts: tuple[PostDetail, ...]
    scrutineers: tuple[Scrutineer, ...]
    rounds: tuple[RoundDetail, ...]
    warnings: tuple[str, ...] = ()

    @property
    def monitors(self) -> tuple[Scrutineer, ...]:
        return tuple(s for s in self.scrutineers if s.role == "monitor")

    @property
    def tellers(self) -> tuple[Scrutineer, ...]:
        return tuple(s for s in self.scrutineers if s.role == "teller")

    @property
    def current_round(self) -> RoundDetail | None:
        return self.rounds[-1] if self.rounds else None

    @property
    def elected(self) -> tuple[tuple[PostDetail, Candidate], ...]:
        return tuple((p, c) for p in self.posts for c in p.elected)

    @property
    def posts_label(self) -> str:
        """'副镇长 2 名、人大副主席 1 名'"""
        return "、".join(f"{p.label} {p.post.seats} 名" for p in self.posts)

    @property
    def next_step(self) -> str:
        """What the clerk does next, in a sentence."""
        e = self.election
        if e.status == "preparing":
            return "确定候选人和监票人后，开始投票（打印选票）"
        if e.status == "done":
            return "选举已完成，当选人员已记入任职登记"
        if e.status == "closed":
            return "选举已结束，尚有名额未选出，可在以后的会议上另行选举"
        current = self.current_round
        if current is None:
            return ""
        if not current.round.counted:
            return f"{current.round.label}：清点选票，登记发出、收回、有效和无效票数"
        if not current.round.votes_recorded:
            return f"{current.round.label}：登记各候选人的得票"
        return "尚有名额未选出：另行选举（再次投票），或结束选举"


@dataclass(frozen=True)
class ElectionRow:
    """One line of the elections list."""

    id: ElectionId
    meeting_id: int
    meeting_title: str
    meeting_date: str
    kind: str
    title: str
    status: str
    posts: str
    rounds: int
    elected: str

    @property
    def kind_label(self) -> str:
        return ELECTION_KINDS[self.kind]

    @property
    def status_label(self) -> str:
        return ELECTION_STATUS[self.status]


@dataclass(frozen=True)
class PostOutcome:
    post: str
    label: str
    elected: tuple[str, ...]
    tied: tuple[str, ...]
    remaining: int
    reason: str  # '' | 'tie' | 'short'


@dataclass(frozen=True)
class RoundOutcome:
    round_number: int
    threshold: int
    total_deputies: int
    posts: tuple[PostOutcome, ...] = field(default_factory=tuple)

    @property
    def complete(self) -> bool:
        return all(p.remaining == 0 for p in self.posts)

    @property
    def summary(self) -> str:
        lines = [
            f"当选须获得全体代表 {self.total_deputies} 人的过半数选票，即至少 {self.threshold} 票。"
        ]
        for p in self.posts:
            text = f"{p.label}：" + ("、".join(p.elected) + "当选" if p.elected else "无人当选")
            if p.reason == "tie":
                text += (
                    f"；{'、'.join(p.tied)}得票相等，不能确定当选人，应就票数相等的候选人"
                    f"再次投票（尚缺 {p.remaining} 名）"
                )
            elif p.reason == "short":
                text += f"；获得过半数选票的不足应选名额，尚缺 {p.remaining} 名，可另行选举"
            lines.append(text)
        return "\n".join(lines)


def _cn(n: int) -> str:
    from app.core.chinese import cn_number

    return cn_number(n)


def _stored_result(section: Section, lines: Sequence[VoteLine], r: Round) -> SectionResult:
    """A recorded section's result as it was decided (the majority of the deputies of
    that day), from the flags kept with the votes."""
    ranking = tuple(
        sorted(
            ((line.candidate_id, line.votes_for or 0) for line in lines),
            key=lambda kv: (-kv[1], kv[0]),
        )
    )
    elected = tuple(
        cid for cid, _n in ranking if any(v.elected for v in lines if v.candidate_id == cid)
    )
    tied = tuple(cid for cid, _n in ranking if any(v.tied for v in lines if v.candidate_id == cid))
    return SectionResult(
        section.seats, elected_threshold(r.total_deputies or 0), elected, tied, ranking
    )


def _int(errors: dict[str, str], key: str, value: Any, label: str) -> int:
    text = str(value if value is not None else "").strip()
    if not text:
        errors.setdefault(key, f"请填写{label}（没有填 0）")
        return 0
    try:
        number = int(text)
    except ValueError:
        errors.setdefault(key, f"{label}应是整数")
        return 0
    if number < 0:
        errors.setdefault(key, f"{label}不能是负数")
    return number


# ---- the area ---------------------------------------------------------------------------


class Elections:
    def __init__(self, office: Office) -> None:
        self._office = office
        # Meetings asks before an attendance change (it never imports this area).
        office.meetings.attendance.add_check(self.conflict)
        self.removals = Removals(office)

    @property
    def rules(self) -> SlateRules:
        s = self._office.settings
        return SlateRules(
            chief_extra=int(s.get("election_chief_extra")),
            chief_single=bool(s.get("election_chief_single")),
            vice_extra_min=int(s.get("election_vice_extra_min")),
            vice_extra_max=max(
                int(s.get("election_vice_extra_max")), int(s.get("election_vice_extra_min"))
            ),
            joint_nominators=int(s.get("election_joint_nominators")),
        )

    # ---- reading ----------------------------------------------------------------------

    def get(self, election_id: int) -> Election:
        rows = list(self._office.db.query("SELECT * FROM elections WHERE id = ?", [election_id]))
        if not rows:
            raise NotFound(f"找不到编号为 {election_id} 的选举")
        return from_row(Election, rows[0])

    def of_meeting(self, meeting_id: int) -> list[Election]:
        rows = self._office.db.query(
            "SELECT * FROM elections WHERE meeting_id = ? ORDER BY id", [meeting_id]
        )
        return [from_row(Election, r) for r in rows]

    def list(
        self, *, meeting_id: int | None = None, township_id: int | None = None
    ) -> list[ElectionRow]:
        """Every election, the newest session first."""
        clauses: list[str] = []
        params: list[Any] = []
        if township_id is None and self._office.mode == "township":
            township_id = self._office.home_township_id(required=False)
        if township_id is not None:
            clauses.append("e.township_id = ?")
            params.append(township_id)
        if meeting_id is not None:
            clauses.append("e.meeting_id = ?")
            params.append(meeting_id)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = self._office.db.execute(
            "SELECT e.id, e.meeting_id, m.title, m.start_date, e.kind, e.title, e.status,"
            " t.name,"
            " (SELECT count(*) FROM election_rounds r WHERE r.election_id = e.id)"
            " FROM elections e JOIN meetings m ON m.id = e.meeting_id"
            " JOIN townships t ON t.id = e.township_id"
            + where
            + " ORDER BY m.start_date DESC, e.id DESC",
            params,
        ).fetchall()
        result = []
        for eid, mid, mtitle, mdate, kind, title, status, township, rounds in rows:
            posts = self._posts(eid)
            elected = self._elected_names(eid)
            result.append(
                ElectionRow(
                    id=ElectionId(eid),
                    meeting_id=mid,
                    meeting_title=mtitle,
                    meeting_date=mdate,
                    kind=kind,
                    title=title,
                    status=status,
                    posts="、".join(f"{post_label(p.post, township)} {p.seats} 名" for p in posts),
                    rounds=rounds,
                    elected="、".join(
                        f"{name}（{post_label(post, township)}）" for post, name in elected
                    ),
                )
            )
        return result

    def _posts(self, election_id: int) -> list[ElectionPost]:
        rows = self._office.db.query(
            "SELECT id, election_id, position, post, seats FROM election_posts"
            " WHERE election_id = ? ORDER BY position, id",
            [election_id],
        )
        return [from_row(ElectionPost, r) for r in rows]

    def _elected_names(self, election_id: int) -> list[tuple[str, str]]:
        rows = self._office.db.execute(
            "SELECT p.post, c.name FROM election_votes v"
            " JOIN election_candidates c ON c.id = v.candidate_id"
            " JOIN election_posts p ON p.id = c.post_id"
            " JOIN election_sections s ON s.id = v.section_id"
            " JOIN election_rounds r ON r.id = s.round_id"
            " WHERE c.election_id = ? AND v.elected = 1"
            " ORDER BY p.position, r.number, v.votes_for DESC, c.id",
            [election_id],
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def candidates(self, election_id: int, *, include_write_ins: bool = False) -> list[Candidate]:
        """Candidates in 姓氏笔画 order (the ballot's order), with their nominators."""
        sql = "SELECT * FROM election_candidates WHERE election_id = ?"
        if not include_write_ins:
            sql += " AND nominated_by <> 'write_in'"
        rows = [dict(r) for r in self._office.db.query(sql, [election_id])]
        nominators: dict[int, list[tuple[str, str]]] = {}
        for cid, name in self._office.db.execute(
            "SELECT n.candidate_id, d.name FROM election_nominators n"
            " JOIN deputies d ON d.id = n.deputy_id JOIN election_candidates c"
            " ON c.id = n.candidate_id WHERE c.election_id = ?",
            [election_id],
        ):
            nominators.setdefault(cid, []).append((stroke_sort_key(name), name))
        result = []
        for row in rows:
            names = tuple(n for _k, n in sorted(nominators.get(row["id"], [])))
            result.append(from_row(Candidate, row | {"nominators": names}))
        return sorted(result, key=lambda c: (stroke_sort_key(c.name), c.id))

    def candidate(self, candidate_id: int) -> Candidate:
        row = self._office.db.execute(
            "SELECT election_id FROM election_candidates WHERE id = ?", [candidate_id]
        ).fetchone()
        if row is None:
            raise NotFound("该候选人已不存在")
        return next(
            c for c in self.candidates(row[0], include_write_ins=True) if c.id == candidate_id
        )

    def scrutineers(self, election_id: int) -> list[Scrutineer]:
        rows = self._office.db.query(
            "SELECT id, election_id, role, deputy_id, name, position FROM election_scrutineers"
            " WHERE election_id = ? ORDER BY role = 'teller', position, id",
            [election_id],
        )
        return [from_row(Scrutineer, r) for r in rows]

    def rounds(self, election_id: int) -> list[Round]:
        rows = self._office.db.query(
            "SELECT * FROM election_rounds WHERE election_id = ? ORDER BY number", [election_id]
        )
        return [from_row(Round, r) for r in rows]

    def _sections(self, round_id: int) -> list[Section]:
        rows = self._office.db.query(
            "SELECT s.* FROM election_sections s JOIN election_posts p ON p.id = s.post_id"
            " WHERE s.round_id = ? ORDER BY p.position, s.id",
            [round_id],
        )
        return [from_row(Section, r) for r in rows]

    def _lines(self, section_id: int) -> list[VoteLine]:
        rows = self._office.db.query(
            "SELECT v.*, c.name, c.nominated_by, c.deputy_id FROM election_votes v"
            " JOIN election_candidates c ON c.id = v.candidate_id WHERE v.section_id = ?",
            [section_id],
        )
        lines = [from_row(VoteLine, r) for r in rows]
        return sorted(lines, key=lambda v: (v.write_in, stroke_sort_key(v.name), v.candidate_id))

    def _context(self, election: Election) -> tuple[Meeting, str, int, int]:
        meeting = self._office.meetings.get(election.meeting_id)
        township = self._office.townships.get(election.township_id).name
        counts = self._office.meetings.attendance.counts(meeting.id)
        return meeting, township, counts.expected, counts.present

    def detail(self, election_id: int) -> ElectionDetail:
        election = self.get(election_id)
        meeting, township, total, present = self._context(election)
        candidates = self.candidates(election_id, include_write_ins=True)
        by_id = {c.id: c for c in candidates}
        elected_rows = self._office.db.execute(
            "SELECT v.candidate_id FROM election_votes v"
            " JOIN election_sections s ON s.id = v.section_id"
            " JOIN election_rounds r ON r.id = s.round_id"
            " WHERE r.election_id = ? AND v.elected = 1 ORDER BY r.number, v.votes_for DESC",
            [election_id],
        ).fetchall()
        elected_ids = [r[0] for r in elected_rows]
        posts = []
        for p in self._posts(election_id):
            posts.append(
                PostDetail(
                    post=p,
                    label=post_label(p.post, township),
                    full_label=post_full_label(p.post, township),
                    candidates=tuple(c for c in candidates if c.post_id == p.id and not c.write_in),
                    elected=tuple(
                        by_id[i] for i in elected_ids if i in by_id and by_id[i].post_id == p.id
                    ),
                )
            )
        post_of = {p.post.id: p for p in posts}
        rounds = []
        for r in self.rounds(election_id):
            sections = []
            for s in self._sections(r.id):
                lines = tuple(self._lines(s.id))
                result = _stored_result(s, lines, r) if r.votes_recorded else None
                pd = post_of[s.post_id]
                sections.append(
                    SectionDetail(s, pd.post.post, pd.label, pd.full_label, lines, result)
                )
            rounds.append(RoundDetail(r, tuple(sections)))
        return ElectionDetail(
            election=election,
            meeting_title=meeting.title,
            meeting_date=meeting.start_date,
            township_name=township,
            total_deputies=total,
            present=present,
            threshold=elected_threshold(total),
            posts=tuple(posts),
            scrutineers=tuple(self.scrutineers(election_id)),
            rounds=tuple(rounds),
            warnings=tuple(self._warnings(election, township, candidates, meeting.start_date)),
        )

    def _warnings(
        self, election: Election, township: str, candidates: list[Candidate], day: str
    ) -> list[str]:
        """Rule checks that do not block: a candidate for the presidium who holds a post in
        the government, or the other way round (DOMAIN.md §1)."""
        if election.status in ("done", "closed"):
            return []
        posts = {p.id: p.post for p in self._posts(election.id)}
        held = self._office.officials.on(day, election.township_id)
        warnings = []
        for c in candidates:
            if c.write_in or (c.deputy_id is None and not c.name):
                continue
            post = posts[c.post_id]
            body = POSTS[post].body
            for h in held:
                same = (c.deputy_id is not None and h.deputy_id == c.deputy_id) or (
                    c.deputy_id is None and h.deputy_id is None and h.name == c.name
                )
                if same and POSTS[h.post].body != body:
                    warnings.append(
                        f"候选人{c.name}（{post_label(post, township)}）现任"
                        f"{post_label(h.post, township)}：人大主席、副主席和主席团成员不得"
                        "担任乡镇人民政府的职务，当选后应辞去原职务。"
                    )
        return warnings

    def conflict(self, meeting_id: int, counts: Any) -> str | None:
        """What a change of the session's attendance would contradict: ballots issued to
        more deputies than would be present (app.meetings.attendance asks before writing)."""
        for e in self.of_meeting(meeting_id):
            for r in self.rounds(e.id):
                if r.ballots_issued is not None and r.ballots_issued > counts.present:
                    return (
                        f"“{e.title}”{r.label}已发出选票 {r.ballots_issued} 张，出席代表不能少于 "
                        f"{r.ballots_issued} 人；请先核对该选举的票数"
                    )
        return None

    # ---- checks shared by the steps ------------------------------------------------------

    def _editable(self, election: Election, *, statuses: Sequence[str], doing: str) -> None:
        if election.status not in statuses:
            raise ValidationError({"status": f"这次选举{election.status_label}，不能再{doing}"})

    def _township_deputy(
        self, deputy_id: int, meeting: Meeting, errors: dict[str, str], key: str
    ) -> Any:
        """The deputy, if they are a township deputy of the session's term serving on its
        day; else an error at `key`."""
        try:
            deputy = self._office.deputies.get(deputy_id)
        except NotFound as exc:
            errors[key] = exc.message
            return None
        if deputy.term_id != meeting.term_id or not deputy.is_township_deputy:
            errors[key] = f"{deputy.name}不是本届乡镇人大代表"
            return None
        row = self._office.db.execute(
            "SELECT status FROM deputy_status_changes WHERE deputy_id = ? AND date <= ?"
            " ORDER BY date DESC, id DESC LIMIT 1",
            [deputy_id, meeting.start_date],
        ).fetchone()
        status = row[0] if row else "serving"
        if status != "serving" or (
            deputy.elected_date and deputy.elected_date > meeting.start_date
        ):
            errors[key] = f"{deputy.name}在{dates.format_date(meeting.start_date)}不是在任代表"
            return None
        return deputy

    # ---- preparing ----------------------------------------------------------------------

    def add(
        self,
        *,
        meeting_id: int,
        kind: str = "election",
        posts: Sequence[tuple[str, Any]] | Mapping[str, Any],
        title: str = "",
        note: str = "",
    ) -> Election:
        """An election at a session: its posts (code or name, seats)."""
        meeting = self._office.meetings.get(meeting_id)
        township = self._office.townships.get(meeting.township_id).name
        errors: dict[str, str] = {}
        if meeting.kind != "session":
            errors["meeting_id"] = "选举只能在人民代表大会会议上进行，请在人代会中新建选举"
        if kind not in ELECTION_KINDS:
            errors["kind"] = "请选择选举或补选"
        items = list(posts.items()) if isinstance(posts, Mapping) else list(posts)
        wanted: list[tuple[str, int]] = []
        for raw, seats_raw in items:
            code = post_code(str(raw), township)
            if code is None:
                errors["posts"] = (
                    f"没有“{raw}”这个职务；可选：人大主席、人大副主席、主席团成员、"
                    + (f"{post_label('head', township)}、{post_label('deputy_head', township)}")
                )
                continue
            label = post_label(code, township)
            seats = _int(errors, "posts", seats_raw, f"{label}应选名额")
            if "posts" in errors:
                continue
            if seats < 1:
                errors["posts"] = f"{label}应选名额至少 1 名"
            elif any(code == c for c, _s in wanted):
                errors["posts"] = f"{label}列了两次，请合并为一项"
            else:
                wanted.append((code, seats))
        if not wanted and "posts" not in errors:
            errors["posts"] = "请至少列出一个选举的职务及应选名额"
        if not errors and meeting.kind == "session":
            for code, seats in wanted:
                self._check_vacancies(errors, code, seats, meeting, township)
        text = clean_text(title) or (
            ELECTION_KINDS.get(kind, "选举")
            + "、".join(post_label(c, township) for c, _s in wanted)
        )
        if len(text) > TITLE_MAX:
            errors["title"] = f"名称不能超过 {TITLE_MAX} 个字"
        if errors:
            raise ValidationError(errors)
        wanted.sort(key=lambda item: POST_ORDER.index(item[0]))
        with self._office.transaction() as db:
            cursor = db.execute(
                "INSERT INTO elections (uuid, township_id, meeting_id, kind, title, note)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [new_uuid(), meeting.township_id, meeting_id, kind, text, clean_text(note)],
            )
            election_id = ElectionId(cursor.lastrowid)
            for position, (code, seats) in enumerate(wanted, 1):
                db.execute(
                    "INSERT INTO election_posts (uuid, election_id, position, post, seats)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [new_uuid(), election_id, position, code, seats],
                )
        return self.get(election_id)

    def _check_vacancies(
        self, errors: dict[str, str], code: str, seats: int, meeting: Meeting, township: str
    ) -> None:
        officials = self._office.officials
        label = post_label(code, township)
        limit = officials.seats_of(code)
        if POSTS[code].chief and seats > 1:
            errors["posts"] = f"{label}只设一名，应选名额应为 1"
            return
        if code == "vice_chair" and seats > (limit or 2):
            errors["posts"] = (
                f"人大副主席可设一至二人（设置中为 {limit} 人），应选名额不能是 {seats}"
            )
            return
        if code == "deputy_head" or limit is None:
            return
        holders = officials.holders(code, meeting.start_date, meeting.township_id)
        if len(holders) + seats > limit:
            who = "、".join(h.name for h in holders)
            errors["posts"] = (
                f"{dates.format_date(meeting.start_date)}{label}由{who}担任，"
                f"只能再选 {max(limit - len(holders), 0)} 名；如已离任（辞职、罢免、调离或届满），"
                "请先在任职登记中登记其离任"
            )

    def update(
        self, election_id: int, *, title: str | None = None, note: str | None = None
    ) -> Election:
        election = self.get(election_id)
        errors: dict[str, str] = {}
        text = election.title if title is None else clean_text(title)
        if not text:
            errors["title"] = "请填写选举名称"
        elif len(text) > TITLE_MAX:
            errors["title"] = f"名称不能超过 {TITLE_MAX} 个字"
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            db.execute(
                "UPDATE elections SET title = ?, note = ?, updated_at = ? WHERE id = ?",
                [text, election.note if note is None else clean_text(note), now_iso(), election_id],
            )
        return self.get(election_id)

    def delete(self, election_id: int) -> None:
        """Remove an election entered by mistake; one with votes recorded keeps them until
        they are undone (their result is in the register)."""
        election = self.get(election_id)
        if any(r.votes_recorded for r in self.rounds(election_id)):
            raise ValidationError(
                {
                    "status": f"“{election.title}”已登记计票结果，当选人员已记入任职登记；"
                    "如确属误录，请先撤销计票结果"
                }
            )
        with self._office.transaction() as db:
            db.execute("DELETE FROM elections WHERE id = ?", [election_id])

    def _post_of(self, election_id: int, post: Any, township: str) -> ElectionPost:
        posts = self._posts(election_id)
        if isinstance(post, int) and not isinstance(post, bool):
            found = [p for p in posts if p.id == post]
        else:
            code = post_code(str(post), township)
            found = [p for p in posts if p.post == code]
        if not found:
            listed = "、".join(post_label(p.post, township) for p in posts)
            raise ValidationError({"post": f"这次选举没有“{post}”这个职务；本次选举：{listed}"})
        return found[0]

    def add_candidate(
        self,
        election_id: int,
        *,
        post: Any,
        deputy_id: int | None = None,
        name: str = "",
        gender: str = "",
        birth_date: str = "",
        political_status: str = "",
        education: str = "",
        unit: str = "",
        nominated_by: str = "presidium",
        nominator_ids: Sequence[int] = (),
        note: str = "",
    ) -> Candidate:
        """Nominate a candidate for a post: by the presidium, or by ten or more deputies
        jointly (地方组织法第二十六条), whose names are kept."""
        election = self.get(election_id)
        self._editable(election, statuses=("preparing",), doing="增减候选人（已开始投票）")
        meeting = self._office.meetings.get(election.meeting_id)
        township = self._office.townships.get(election.township_id).name
        the_post = self._post_of(election_id, post, township)
        label = post_label(the_post.post, township)
        rules = self.rules
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        if deputy_id is not None:
            deputy = self._township_deputy(int(deputy_id), meeting, errors, "deputy_id")
            if deputy is not None:
                values = {
                    "deputy_id": deputy.id,
                    "name": deputy.name,
                    "gender": deputy.gender,
                    "birth_date": deputy.birth_date,
                    "political_status": deputy.political_status,
                    "education": deputy.education,
                    "unit": clean_text(unit) or deputy.unit,
                }
        else:
            person, problem = check_name(name)
            if problem:
                errors["name"] = problem
            sex = GENDER_CODES.get(clean_text(gender), "") if gender else ""
            if gender and not sex:
                errors["gender"] = "性别只能是“男”或“女”"
            try:
                born = dates.parse_partial_date(str(birth_date or ""))
            except dates.DateError as exc:
                errors["birth_date"] = str(exc)
                born = ""
            values = {
                "deputy_id": None,
                "name": person,
                "gender": sex,
                "birth_date": born,
                "political_status": clean_text(political_status),
                "education": clean_text(education),
                "unit": clean_text(unit),
            }
            if POSTS[the_post.post].from_deputies and "name" not in errors:
                errors["deputy_id"] = f"{label}应从本级人民代表大会代表中选出，请从代表中选择候选人"
        if len(values.get("unit", "")) > UNIT_MAX:
            errors["unit"] = f"工作单位及职务不能超过 {UNIT_MAX} 个字"
        if nominated_by not in ("presidium", "deputies"):
            errors["nominated_by"] = "请选择提名方式：主席团提名或代表联合提名"
        existing = [c for c in self.candidates(election_id) if c.nominated_by != "write_in"]
        person_name = values.get("name", "")
        if person_name and not errors:
            for c in existing:
                same = (
                    c.deputy_id == values["deputy_id"]
                    if values["deputy_id"] is not None
                    else c.deputy_id is None and c.name == person_name
                )
                if same:
                    where = post_label(
                        next(p.post for p in self._posts(election_id) if p.id == c.post_id),
                        township,
                    )
                    errors["name"] = (
                        f"{person_name}已是本次选举{where}的候选人；同一次选举中一人只能被提名为"
                        "一个职务的候选人"
                    )
                    break
            for s in self.scrutineers(election_id):
                if (values["deputy_id"] is not None and s.deputy_id == values["deputy_id"]) or (
                    s.name == person_name and values["deputy_id"] is None
                ):
                    errors["name"] = (
                        f"{person_name}是本次选举的{s.role_label}，候选人不能担任监票人、"
                        f"计票人；如要提名{person_name}，请先另选{s.role_label}"
                    )
        same_post = [c for c in existing if c.post_id == the_post.id]
        _low, high = candidate_range(the_post.post, the_post.seats, rules)
        if len(same_post) + 1 > high and "name" not in errors:
            errors["post"] = slate_problem(
                the_post.post, the_post.seats, len(same_post) + 1, rules, label
            ).replace("现有候选人", "提名后候选人将有")
        nominators: list[int] = []
        if nominated_by == "presidium":
            by_presidium = [c for c in same_post if c.nominated_by == "presidium"]
            if len(by_presidium) + 1 > the_post.seats:
                errors["nominated_by"] = (
                    f"{label}应选 {the_post.seats} 名，主席团已提名 {len(by_presidium)} 名，"
                    "主席团提名的候选人人数不应超过应选名额（地方组织法第二十六条）"
                )
        elif nominated_by == "deputies":
            seen: set[int] = set()
            for raw in nominator_ids:
                nid = int(raw)
                if nid in seen:
                    continue
                seen.add(nid)
                d = self._township_deputy(nid, meeting, errors, "nominators")
                if d is not None:
                    nominators.append(nid)
            if "nominators" not in errors and len(nominators) < rules.joint_nominators:
                errors["nominators"] = (
                    f"代表联合提名须有 {rules.joint_nominators} 名以上代表书面联名"
                    f"（地方组织法第二十六条），现只有 {len(nominators)} 名"
                )
            if "nominators" not in errors:
                counts = self._nominations(election_id, the_post.id)
                over = [
                    self._office.deputies.get(n).name
                    for n in nominators
                    if counts.get(n, 0) + 1 > the_post.seats
                ]
                if over:
                    errors["nominators"] = (
                        f"{'、'.join(over)}已联名提名{label}候选人 {the_post.seats} 名，"
                        "每一代表与其他代表联合提名的候选人人数不应超过应选名额"
                    )
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            cursor = db.execute(
                "INSERT INTO election_candidates (uuid, election_id, post_id, deputy_id, name,"
                " gender, birth_date, political_status, education, unit, nominated_by, note)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    new_uuid(),
                    election_id,
                    the_post.id,
                    values["deputy_id"],
                    values["name"],
                    values["gender"],
                    values["birth_date"],
                    values["political_status"],
                    values["education"],
                    values["unit"],
                    nominated_by,
                    clean_text(note),
                ],
            )
            candidate_id = cursor.lastrowid
            db.conn.executemany(
                "INSERT INTO election_nominators (candidate_id, deputy_id) VALUES (?, ?)",
                [(candidate_id, n) for n in nominators],
            )
        return self.candidate(candidate_id)

    def _nominations(self, election_id: int, post_id: int) -> dict[int, int]:
        rows = self._office.db.execute(
            "SELECT n.deputy_id, count(*) FROM election_nominators n"
            " JOIN election_candidates c ON c.id = n.candidate_id"
            " WHERE c.election_id = ? AND c.post_id = ? GROUP BY n.deputy_id",
            [election_id, post_id],
        ).fetchall()
        return {r[0]: r[1] for r in rows}

    def remove_candidate(self, candidate_id: int) -> None:
        candidate = self.candidate(candidate_id)
        election = self.get(candidate.election_id)
        self._editable(election, statuses=("preparing",), doing="增减候选人（已开始投票）")
        with self._office.transaction() as db:
            db.execute("DELETE FROM election_candidates WHERE id = ?", [candidate_id])

    def set_scrutineers(
        self,
        election_id: int,
        *,
        monitors: Sequence[int],
        tellers: Sequence[int | str] = (),
    ) -> list[Scrutineer]:
        """The 监票人 (deputies who are not candidates) and 计票人 (deputies who are not
        candidates, or the session's staff by name), replacing those chosen before."""
        election = self.get(election_id)
        self._editable(election, statuses=("preparing", "voting"), doing="更换监票人、计票人")
        rounds = self.rounds(election_id)
        if rounds and rounds[-1].counted and not rounds[-1].votes_recorded:
            raise ValidationError({"monitors": "本轮选票已经清点，监票人、计票人不能再更换"})
        meeting = self._office.meetings.get(election.meeting_id)
        candidates = self.candidates(election_id, include_write_ins=False)
        by_deputy = {c.deputy_id: c for c in candidates if c.deputy_id is not None}
        names = {c.name for c in candidates if c.deputy_id is None}
        errors: dict[str, str] = {}
        rows: list[tuple[str, int | None, str]] = []
        seen: set[tuple[str, str]] = set()
        for role, people in (("monitor", monitors), ("teller", tellers)):
            key = "monitors" if role == "monitor" else "tellers"
            for person in people:
                deputy_id: int | None = None
                if isinstance(person, int) and not isinstance(person, bool):
                    deputy = self._township_deputy(person, meeting, errors, key)
                    if deputy is None:
                        continue
                    deputy_id, name = deputy.id, deputy.name
                    if deputy_id in by_deputy:
                        errors[key] = (
                            f"{name}是本次选举的候选人，不能担任{SCRUTINEER_ROLES[role]}；"
                            "监票人、计票人应从不是候选人的代表中推选"
                        )
                        continue
                elif role == "monitor":
                    errors[key] = f"监票人应从代表中推选，请从代表名单中选择（不是“{person}”）"
                    continue
                else:
                    name = clean_text(person)
                    if not name:
                        continue
                    if len(name) > 40:
                        errors[key] = "计票人姓名及单位不能超过 40 个字"
                        continue
                    if name in names or any(c.name == name for c in candidates):
                        errors[key] = f"{name}是本次选举的候选人，不能担任{SCRUTINEER_ROLES[role]}"
                        continue
                if (role, name) in seen:
                    continue
                seen.add((role, name))
                rows.append((role, deputy_id, name))
        monitor_ids = {d for r, d, _n in rows if r == "monitor"}
        for role, deputy_id, name in rows:
            if role == "teller" and deputy_id in monitor_ids and deputy_id is not None:
                errors["tellers"] = f"{name}已是监票人，不能同时担任计票人"
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            db.execute("DELETE FROM election_scrutineers WHERE election_id = ?", [election_id])
            for position, (role, deputy_id, name) in enumerate(rows, 1):
                db.execute(
                    "INSERT INTO election_scrutineers (uuid, election_id, role, deputy_id, name,"
                    " position) VALUES (?, ?, ?, ?, ?, ?)",
                    [new_uuid(), election_id, role, deputy_id, name, position],
                )
        return self.scrutineers(election_id)

    def slate_problems(self, election_id: int) -> dict[str, str]:
        """What stops the vote from starting: a post whose candidates are outside the 差额
        rules, no monitor. Empty when the ballot may be printed."""
        election = self.get(election_id)
        township = self._office.townships.get(election.township_id).name
        rules = self.rules
        candidates = self.candidates(election_id)
        errors: dict[str, str] = {}
        problems = []
        for p in self._posts(election_id):
            count = sum(1 for c in candidates if c.post_id == p.id)
            problem = slate_problem(p.post, p.seats, count, rules, post_label(p.post, township))
            if problem:
                problems.append(problem)
        if problems:
            errors["candidates"] = "；".join(problems)
        if not any(s.role == "monitor" for s in self.scrutineers(election_id)):
            errors["monitors"] = "请先推选监票人（从不是候选人的代表中推选）"
        return errors

    # ---- voting -------------------------------------------------------------------------

    def start_voting(self, election_id: int) -> RoundDetail:
        """The candidate list is final: check it (差额) and open the first vote."""
        election = self.get(election_id)
        self._editable(election, statuses=("preparing",), doing="开始投票")
        errors = self.slate_problems(election_id)
        if errors:
            raise ValidationError(errors)
        candidates = self.candidates(election_id)
        with self._office.transaction() as db:
            round_id = self._insert_round(
                election_id,
                1,
                [
                    (p.id, p.seats, [c.id for c in candidates if c.post_id == p.id])
                    for p in self._posts(election_id)
                ],
            )
            db.execute(
                "UPDATE elections SET status = 'voting', updated_at = ? WHERE id = ?",
                [now_iso(), election_id],
            )
        return self._round_detail(election_id, round_id)

    def _insert_round(
        self, election_id: int, number: int, sections: Sequence[tuple[int, int, Sequence[int]]]
    ) -> int:
        db = self._office.db
        cursor = db.execute(
            "INSERT INTO election_rounds (uuid, election_id, number) VALUES (?, ?, ?)",
            [new_uuid(), election_id, number],
        )
        round_id = cursor.lastrowid
        for post_id, seats, candidate_ids in sections:
            section = db.execute(
                "INSERT INTO election_sections (uuid, round_id, post_id, seats)"
                " VALUES (?, ?, ?, ?)",
                [new_uuid(), round_id, post_id, seats],
            )
            db.conn.executemany(
                "INSERT INTO election_votes (uuid, section_id, candidate_id) VALUES (?, ?, ?)",
                [(new_uuid(), section.lastrowid, cid) for cid in candidate_ids],
            )
        return round_id

    def _round_detail(self, election_id: int, round_id: int) -> RoundDetail:
        return next(r for r in self.detail(election_id).rounds if r.round.id == round_id)

    def _open_round(self, election: Election, doing: str) -> Round:
        self._editable(election, statuses=("voting",), doing=doing)
        rounds = self.rounds(election.id)
        if not rounds:
            raise ValidationError({"status": "还没有开始投票"})
        return rounds[-1]

    def count_ballots(
        self,
        election_id: int,
        *,
        issued: Any,
        returned: Any,
        valid: Any = None,
        invalid: Any = None,
        sections: Mapping[Any, tuple[Any, Any]] | None = None,
    ) -> RoundDetail:
        """The count of the current vote's ballots: issued, returned, and per post valid and
        invalid (`valid`/`invalid` for every post, or `sections` post -> (valid, invalid))."""
        election = self.get(election_id)
        current = self._open_round(election, "清点选票")
        if current.votes_recorded:
            raise ValidationError(
                {"issued": f"{current.label}的得票已经登记；如票数有误，请先撤销计票结果"}
            )
        _meeting, township, _total, present = self._context(election)
        errors: dict[str, str] = {}
        n_issued = _int(errors, "issued", issued, "发出的选票张数")
        n_returned = _int(errors, "returned", returned, "收回的选票张数")
        posts = {p.id: p for p in self._posts(election_id)}
        figures: dict[int, tuple[int, int]] = {}
        labelled: dict[str, tuple[int, int]] = {}
        for s in self._sections(current.id):
            p = posts[s.post_id]
            label = post_label(p.post, township)
            if sections is not None:
                pair = next(
                    (
                        v
                        for k, v in sections.items()
                        if k == p.id or post_code(str(k), township) == p.post
                    ),
                    None,
                )
                if pair is None:
                    errors.setdefault("valid", f"请填写{label}的有效票和无效票张数")
                    continue
                v_raw, i_raw = pair
            else:
                v_raw, i_raw = valid, invalid
            v = _int(errors, "valid", v_raw, f"{label}有效票张数")
            i = _int(errors, "invalid", i_raw, f"{label}无效票张数")
            figures[s.id] = (v, i)
            labelled[label] = (v, i)
        if present == 0 and "issued" not in errors:
            errors["issued"] = "还没有登记出席的代表，请先在“出席情况”中登记出席，再清点选票"
        if not errors:
            errors.update(
                check_ballots(
                    issued=n_issued, returned=n_returned, present=present, sections=labelled
                )
            )
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            db.execute(
                "UPDATE election_rounds SET ballots_issued = ?, ballots_returned = ? WHERE id = ?",
                [n_issued, n_returned, current.id],
            )
            for section_id, (v, i) in figures.items():
                db.execute(
                    "UPDATE election_sections SET ballots_valid = ?, ballots_invalid = ?"
                    " WHERE id = ?",
                    [v, i, section_id],
                )
            db.execute("UPDATE elections SET updated_at = ? WHERE id = ?", [now_iso(), election_id])
        return self._round_detail(election_id, current.id)

    def record_votes(
        self,
        election_id: int,
        *,
        votes: Mapping[int, Any],
        against: Mapping[int, Any] | None = None,
        abstain: Mapping[int, Any] | None = None,
        write_ins: Sequence[tuple[Any, str, Any]] = (),
    ) -> RoundOutcome:
        """The votes of the current vote: per candidate on the ballot (votes for, and if
        counted, against and abstaining), plus write-ins (post, name, votes). Those with
        more than half of ALL deputies' votes are elected, highest first; the elected go
        into the officials' register on the session's date."""
        election = self.get(election_id)
        current = self._open_round(election, "登记选举结果")
        if current.votes_recorded:
            raise ValidationError(
                {"votes": f"{current.label}的得票已经登记；如有误，请先撤销计票结果再重新登记"}
            )
        sections = self._sections(current.id)
        if not current.counted or any(s.ballots_valid is None for s in sections):
            raise ValidationError(
                {
                    "votes": f"{current.label}还没有清点选票。请先登记发出、收回、有效和无效"
                    "选票的张数，再登记选举结果"
                }
            )
        meeting, township, total, _present = self._context(election)
        if total == 0:
            raise ValidationError(
                {
                    "votes": "本次会议没有应到代表名单，无法按全体代表过半数确定当选人；"
                    "请先在“出席情况”中列出应到代表"
                }
            )
        posts = {p.id: p for p in self._posts(election_id)}
        errors: dict[str, str] = {}
        returned = current.ballots_returned or 0
        plan: list[
            tuple[
                Section,
                list[tuple[VoteLine, int, int | None, int | None]],
                list[tuple[str, int | None, int]],
            ]
        ] = []
        # Write-ins by section.
        extra: dict[int, list[tuple[str, int | None, int]]] = {}
        for raw_post, raw_name, raw_votes in write_ins:
            name, problem = check_name(raw_name)
            if problem:
                errors["write_ins"] = f"另选他人：{problem}"
                continue
            the_post = self._post_of(election_id, raw_post, township)
            section = next((s for s in sections if s.post_id == the_post.id), None)
            label = post_label(the_post.post, township)
            if section is None:
                errors["write_ins"] = f"{current.label}不选举{label}，不能登记另选他人"
                continue
            n = _int(errors, "write_ins", raw_votes, f"另选他人{name}的得票")
            deputy_id = self._deputy_by_name(name, meeting)
            if POSTS[the_post.post].from_deputies and deputy_id is None:
                errors["write_ins"] = (
                    f"另选他人“{name}”不是本届代表；{label}应从代表中选出，"
                    "这些选票的该项应作无效处理"
                )
                continue
            extra.setdefault(section.id, []).append((name, deputy_id, n))
        for section in sections:
            the_post = posts[section.post_id]
            label = post_label(the_post.post, township)
            lines = self._lines(section.id)
            ballot_names = {line.name for line in lines}
            entries = []
            tallies: dict[str, tuple[int, int, int]] = {}
            for line in lines:
                name = line.name
                raw = votes.get(line.candidate_id)
                n_for = _int(errors, f"votes_{line.candidate_id}", raw, f"{name}的得票")
                n_against = self._optional(errors, line.candidate_id, against, f"{name}的反对票")
                n_abstain = self._optional(errors, line.candidate_id, abstain, f"{name}的弃权票")
                entries.append((line, n_for, n_against, n_abstain))
                tallies[name] = (n_for, n_against or 0, n_abstain or 0)
            for name, _d, n in extra.get(section.id, []):
                if name in ballot_names:
                    errors["write_ins"] = f"{name}是候选人，其得票请记在候选人名下"
                elif name in tallies:
                    errors["write_ins"] = f"另选他人{name}登记了两次，请合并"
                tallies[name] = (n, 0, 0)
            if errors:
                continue
            problems = check_votes(
                label=label,
                seats=section.seats,
                returned=returned,
                valid=section.ballots_valid or 0,
                votes=tallies,
            )
            ids = {line.name: line.candidate_id for line in lines}
            for key, message in problems.items():
                errors[f"votes_{ids[key]}" if key in ids else "votes"] = message
            plan.append((section, entries, extra.get(section.id, [])))
        if errors:
            raise ValidationError(errors)
        outcomes: list[PostOutcome] = []
        with self._office.transaction() as db:
            touched: list[int] = []
            for section, entries, written in plan:
                the_post = posts[section.post_id]
                tally: dict[int, int] = {}
                for line, n_for, n_against, n_abstain in entries:
                    db.execute(
                        "UPDATE election_votes SET votes_for = ?, votes_against = ?,"
                        " votes_abstain = ? WHERE id = ?",
                        [n_for, n_against, n_abstain, line.id],
                    )
                    tally[line.candidate_id] = n_for
                for name, deputy_id, n in written:
                    candidate_id = self._write_in_candidate(
                        election_id, the_post.id, name, deputy_id
                    )
                    db.execute(
                        "INSERT INTO election_votes (uuid, section_id, candidate_id, votes_for)"
                        " VALUES (?, ?, ?, ?)",
                        [new_uuid(), section.id, candidate_id, n],
                    )
                    tally[candidate_id] = n
                result = count_section(tally, section.seats, total)
                if result.elected:
                    self._check_room_for(the_post.post, len(result.elected), meeting, township)
                for cid in result.elected:
                    db.execute(
                        "UPDATE election_votes SET elected = 1 WHERE section_id = ? AND"
                        " candidate_id = ?",
                        [section.id, cid],
                    )
                for cid in result.tied:
                    db.execute(
                        "UPDATE election_votes SET tied = 1"
                        " WHERE section_id = ? AND candidate_id = ?",
                        [section.id, cid],
                    )
                names = {
                    r[0]: r[1]
                    for r in db.execute(
                        "SELECT id, name FROM election_candidates WHERE election_id = ?",
                        [election_id],
                    ).fetchall()
                }
                for cid in result.elected:
                    touched.extend(
                        self._register(election, meeting, the_post.post, section.id, cid)
                    )
                outcomes.append(
                    PostOutcome(
                        post=the_post.post,
                        label=post_label(the_post.post, township),
                        elected=tuple(names[c] for c in result.elected),
                        tied=tuple(names[c] for c in result.tied),
                        remaining=result.remaining,
                        reason=result.reason,
                    )
                )
            done = all(o.remaining == 0 for o in outcomes)
            db.execute(
                "UPDATE election_rounds SET votes_recorded = 1, total_deputies = ? WHERE id = ?",
                [total, current.id],
            )
            db.execute(
                "UPDATE elections SET status = ?, updated_at = ? WHERE id = ?",
                ["done" if done else "voting", now_iso(), election_id],
            )
        return RoundOutcome(current.number, elected_threshold(total), total, tuple(outcomes))

    @staticmethod
    def _optional(
        errors: dict[str, str], candidate_id: int, values: Mapping[int, Any] | None, label: str
    ) -> int | None:
        if values is None:
            return None
        raw = values.get(candidate_id)
        if raw is None or str(raw).strip() == "":
            return None
        return _int(errors, f"votes_{candidate_id}", raw, label)

    def _deputy_by_name(self, name: str, meeting: Meeting) -> int | None:
        rows = self._office.db.execute(
            "SELECT id FROM deputies WHERE term_id = ? AND name = ? AND is_township_deputy = 1",
            [meeting.term_id, name],
        ).fetchall()
        return rows[0][0] if len(rows) == 1 else None

    def _write_in_candidate(
        self, election_id: int, post_id: int, name: str, deputy_id: int | None
    ) -> int:
        """The candidate row of a write-in (reused when written in again)."""
        row = self._office.db.execute(
            "SELECT id FROM election_candidates WHERE election_id = ? AND post_id = ?"
            " AND nominated_by = 'write_in' AND name = ?",
            [election_id, post_id, name],
        ).fetchone()
        if row:
            return row[0]
        values: dict[str, Any] = {
            "gender": "",
            "birth_date": "",
            "political_status": "",
            "education": "",
            "unit": "",
        }
        if deputy_id is not None:
            d = self._office.deputies.get(deputy_id)
            values = {
                "gender": d.gender,
                "birth_date": d.birth_date,
                "political_status": d.political_status,
                "education": d.education,
                "unit": d.unit,
            }
        cursor = self._office.db.execute(
            "INSERT INTO election_candidates (uuid, election_id, post_id, deputy_id, name,"
            " gender, birth_date, political_status, education, unit, nominated_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'write_in')",
            [
                new_uuid(),
                election_id,
                post_id,
                deputy_id,
                name,
                values["gender"],
                values["birth_date"],
                values["political_status"],
                values["education"],
                values["unit"],
            ],
        )
        return cursor.lastrowid

    def _check_room_for(self, post: str, elected: int, meeting: Meeting, township: str) -> None:
        officials = self._office.officials
        limit = officials.seats_of(post)
        if limit is None or post == "deputy_head":
            return
        holders = officials.holders(post, meeting.start_date, meeting.township_id)
        if len(holders) + elected > limit:
            raise ValidationError(
                {
                    "votes": f"{post_label(post, township)}现由{'、'.join(h.name for h in holders)}"
                    f"担任，没有 {elected} 个空缺；请先在任职登记中登记其离任"
                }
            )

    def _register(
        self, election: Election, meeting: Meeting, post: str, section_id: int, candidate_id: int
    ) -> list[int]:
        row = self._office.db.execute(
            "SELECT v.id, c.deputy_id, c.name, c.gender, c.unit FROM election_votes v"
            " JOIN election_candidates c ON c.id = v.candidate_id"
            " WHERE v.section_id = ? AND v.candidate_id = ?",
            [section_id, candidate_id],
        ).fetchone()
        vote_id, deputy_id, name, gender, unit = row
        self._office.officials.insert(
            township_id=meeting.township_id,
            term_id=meeting.term_id,
            post=post,
            deputy_id=deputy_id,
            name=name,
            gender=gender,
            unit=unit,
            start_date=meeting.start_date,
            start_how=election.kind,
            start_meeting_id=meeting.id,
            vote_id=vote_id,
        )
        return [deputy_id] if deputy_id is not None else []

    def next_round(
        self, election_id: int, *, candidates: Mapping[Any, Sequence[int]] | None = None
    ) -> RoundDetail:
        """A further vote for the seats left: among the tied (再次投票), or among the rest in
        the order of their votes (另行选举). `candidates` (post -> candidate ids) overrides
        who stands; a further vote for deputy heads is contested again."""
        election = self.get(election_id)
        last = self._open_round(election, "另行选举")
        if not last.votes_recorded:
            raise ValidationError({"status": f"{last.label}的结果还没有登记"})
        detail = self.detail(election_id)
        township = detail.township_name
        previous = next(r for r in detail.rounds if r.round.id == last.id)
        rules = self.rules
        errors: dict[str, str] = {}
        sections: list[tuple[int, int, list[int]]] = []
        for pd in detail.posts:
            if pd.remaining <= 0:
                continue
            label = pd.label
            elected_ids = {c.id for c in pd.elected}
            contenders = [
                c.id
                for c in self.candidates(election_id, include_write_ins=True)
                if c.post_id == pd.post.id and c.id not in elected_ids
            ]
            section = next((s for s in previous.sections if s.section.post_id == pd.post.id), None)
            chosen: list[int]
            if candidates is not None:
                given = next(
                    (
                        v
                        for k, v in candidates.items()
                        if k == pd.post.id or post_code(str(k), township) == pd.post.post
                    ),
                    None,
                )
                chosen = [int(c) for c in given] if given is not None else []
            elif section is not None and section.result is not None:
                chosen = next_round_keys(section.result, contenders)
            else:
                chosen = contenders[: pd.remaining + 1]
            strangers = [c for c in chosen if c not in contenders]
            if strangers:
                errors["candidates"] = f"{label}另行选举的候选人应是本次选举中未当选的人"
                continue
            tie = section is not None and section.result is not None and bool(section.result.tied)
            if len(chosen) < pd.remaining:
                errors["candidates"] = (
                    f"{label}尚缺 {pd.remaining} 名，另行选举的候选人不能少于 {pd.remaining} 名"
                    "；如本次会议不再选举，请结束选举"
                )
                continue
            if not tie:
                low, high = candidate_range(pd.post.post, pd.remaining, rules)
                if not low <= len(chosen) <= high and POSTS[pd.post.post].vice:
                    errors["candidates"] = slate_problem(
                        pd.post.post, pd.remaining, len(chosen), rules, label
                    )
                    continue
            sections.append((pd.post.id, pd.remaining, chosen))
        if not sections and not errors:
            errors["status"] = "各职务都已选出，不需要另行选举"
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            round_id = self._insert_round(election_id, last.number + 1, sections)
            db.execute("UPDATE elections SET updated_at = ? WHERE id = ?", [now_iso(), election_id])
        return self._round_detail(election_id, round_id)

    def close(self, election_id: int, *, note: str = "") -> Election:
        """End an election with seats left unfilled (另行选举 at a later session)."""
        election = self.get(election_id)
        last = self._open_round(election, "结束")
        if last.counted and not last.votes_recorded:
            raise ValidationError(
                {"status": f"{last.label}的选票已清点，请先登记得票或撤销清点，再结束选举"}
            )
        text = clean_text(note) or election.note
        with self._office.transaction() as db:
            if not last.counted and last.number > 1:
                db.execute("DELETE FROM election_rounds WHERE id = ?", [last.id])
            db.execute(
                "UPDATE elections SET status = 'closed', note = ?, updated_at = ? WHERE id = ?",
                [text, now_iso(), election_id],
            )
        return self.get(election_id)

    def undo(self, election_id: int) -> str:
        """Undo the last step entered (a result, a count, a further vote, the start), for a
        mistake in entry. A result whose elected have since left office stays."""
        election = self.get(election_id)
        rounds = self.rounds(election_id)
        with self._office.transaction() as db:
            if election.status == "closed":
                db.execute(
                    "UPDATE elections SET status = 'voting', updated_at = ? WHERE id = ?",
                    [now_iso(), election_id],
                )
                return "已撤销“结束选举”"
            if not rounds:
                raise ValidationError({"status": "还没有开始投票，没有可撤销的步骤"})
            last = rounds[-1]
            if last.votes_recorded:
                vote_ids = [
                    r[0]
                    for r in db.execute(
                        "SELECT v.id FROM election_votes v JOIN election_sections s"
                        " ON s.id = v.section_id WHERE s.round_id = ?",
                        [last.id],
                    ).fetchall()
                ]
                holdings = db.execute(
                    f"SELECT id, name, end_date, deputy_id FROM officials WHERE vote_id IN"
                    f" ({placeholders(len(vote_ids))})",
                    vote_ids,
                ).fetchall()
                ended = [h[1] for h in holdings if h[2]]
                blocked = self.removals.blocking([h[0] for h in holdings])
                if blocked and not ended:
                    raise ValidationError({"status": blocked})
                if ended:
                    raise ValidationError(
                        {
                            "status": f"{'、'.join(ended)}已登记离任，不能撤销这次计票结果；"
                            "请先撤销其离任登记"
                        }
                    )
                db.execute(
                    f"DELETE FROM officials WHERE vote_id IN ({placeholders(len(vote_ids))})",
                    vote_ids,
                )
                self._office.officials.sync_roles([h[3] for h in holdings if h[3] is not None])
                db.execute(
                    "DELETE FROM election_votes WHERE section_id IN (SELECT id FROM"
                    " election_sections WHERE round_id = ?) AND candidate_id IN (SELECT id FROM"
                    " election_candidates WHERE nominated_by = 'write_in')",
                    [last.id],
                )
                db.execute(
                    "DELETE FROM election_candidates WHERE election_id = ? AND nominated_by ="
                    " 'write_in' AND id NOT IN (SELECT candidate_id FROM election_votes)",
                    [election_id],
                )
                db.execute(
                    "UPDATE election_votes SET votes_for = NULL, votes_against = NULL,"
                    " votes_abstain = NULL, elected = 0, tied = 0 WHERE section_id IN"
                    " (SELECT id FROM election_sections WHERE round_id = ?)",
                    [last.id],
                )
                db.execute(
                    "UPDATE election_rounds SET votes_recorded = 0, total_deputies = NULL"
                    " WHERE id = ?",
                    [last.id],
                )
                db.execute(
                    "UPDATE elections SET status = 'voting', updated_at = ? WHERE id = ?",
                    [now_iso(), election_id],
                )
                return f"已撤销{last.label}的计票结果，当选人员已从任职登记中移除"
            if last.counted:
                db.execute(
                    "UPDATE election_rounds SET ballots_issued = NULL, ballots_returned = NULL"
                    " WHERE id = ?",
                    [last.id],
                )
                db.execute(
                    "UPDATE election_sections SET ballots_valid = NULL, ballots_invalid = NULL"
                    " WHERE round_id = ?",
                    [last.id],
                )
                return f"已撤销{last.label}的清点选票"
            db.execute("DELETE FROM election_rounds WHERE id = ?", [last.id])
            if last.number == 1:
                db.execute(
                    "UPDATE elections SET status = 'preparing', updated_at = ? WHERE id = ?",
                    [now_iso(), election_id],
                )
                return "已撤销“开始投票”，可以重新调整候选人"
            return f"已撤销{last.label}"
