"""换届: starting the next term (承担换届选举的有关工作). One guided step, one transaction:
the new term becomes current; the constituencies and the deputy groups continue under the
same names (the liaison stations belong to the township and continue by themselves); each
re-elected deputy gets a record of the new term carrying their identity and photo, with a
new card number (numbered for the clerk if they wish, repeats refused) and constituency,
linked to their record of the term before. Nothing of the old term is changed: its
deputies, meetings and files stay as they were and stay browsable.

The posts the old congress filled (人大主席、副主席、主席团成员、镇长、副镇长) last as long
as its term (地方组织法: 任期同本级人民代表大会每届任期): when the new term has begun,
their holdings in the officials' register end as 届满 on its first day, and the new term's
presidium is the one its first session elects — entered once, in 任职与选举, whose result
gives the new term's deputies their presidium roles (app/elections). `presidium()` shows
it. The old term's deputies keep, on their records, the role they held when it ended.

Refused: a term number not after the current one, and a start before the current term ends
(terms may not overlap; a term ended early has its end date corrected first)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.core import dates
from app.core.chinese import cn_number, to_halfwidth
from app.core.errors import NotFound, ValidationError
from app.deputies.township import Term
from app.elections.officials import Holding, OfficialQuery

if TYPE_CHECKING:
    from app.office import Office

PRESIDIUM_POSTS = ("chair", "vice_chair", "member")
CARD_WIDTH = 3  # 18001: the term's number, then a serial of three digits

# The registration form's fields a re-elected deputy carries into the new term.
CARRIED_FIELDS = (
    "name", "gender", "ethnicity", "birth_date", "native_place", "political_status",
    "education", "unit", "category", "is_returned_overseas", "is_front_line",
    "is_township_deputy", "is_county_deputy", "phone", "address", "postcode", "id_number",
    "resume", "awards",
)  # fmt: skip


@dataclass(frozen=True)
class Reelected:
    """One re-elected deputy: their record of the current term, the new card number and
    the new constituency (its number in the new term; None: the one of the same number)."""

    deputy_id: int
    card_number: str = ""
    constituency_number: int | None = None


@dataclass(frozen=True)
class NewTermResult:
    term: Term
    deputies: dict[int, int] = field(default_factory=dict)  # old record id -> new record id
    groups: int = 0
    constituencies: int = 0
    posts_ended: int = 0  # the old term's holdings ended as 届满
    posts_pending: int = 0  # … or still to end: the new term begins on a later day

    @property
    def text(self) -> str:
        ended = f"上一届 {self.posts_ended} 项任职按届满结束；" if self.posts_ended else ""
        if self.posts_pending:
            ended = (
                f"上一届 {self.posts_pending} 项任职到"
                f"{dates.format_date(self.term.start_date)}届满，届时在“年度工作—换届”中结束；"
            )
        return (
            f"已开始{self.term.name}（{dates.format_date(self.term.start_date)}起）："
            f"连任代表 {len(self.deputies)} 名转入新一届，延续代表小组 {self.groups} 个、"
            f"选区 {self.constituencies} 个；{ended}上一届的记录全部保留"
        )


@dataclass(frozen=True)
class TermPresidium:
    """A term's presidium as its sessions elected it (the officials' register)."""

    term: Term
    holdings: tuple[Holding, ...]
    township: str = "镇"

    @property
    def elected(self) -> bool:
        return bool(self.holdings)

    def names(self, post: str) -> list[str]:
        return [h.name for h in self.holdings if h.post == post]

    @property
    def sessions(self) -> list[str]:
        """The meetings that elected them, in order."""
        return list(dict.fromkeys(h.start_meeting_title for h in self.holdings
                                  if h.start_meeting_title))  # fmt: skip

    @property
    def text(self) -> str:
        if not self.holdings:
            return (
                f"{self.term.name}主席团尚未产生：在“任职与选举”中登记{self.term.name}"
                "人民代表大会第一次会议的选举结果后，主席、副主席和主席团成员即从选举结果"
                "中产生，代表名册中的主席团职务随之填好，不必另行录入。"
            )
        parts = []
        for post, label in (("chair", "人大主席"), ("vice_chair", "副主席"),
                            ("member", "主席团成员")):  # fmt: skip
            names = self.names(post)
            if names:
                parts.append(f"{label} {'、'.join(names)}")
        where = f"（{'、'.join(self.sessions)}选举产生）" if self.sessions else ""
        return f"{self.term.name}主席团{where}：" + "；".join(parts)


def numbered_cards(prefix: object, count: int, first: object = 1) -> list[str]:
    """Card numbers for `count` deputies: ('18', 3) -> ['18001', '18002', '18003'] (the
    term's number, then a serial); `first` where the serial starts."""
    head = to_halfwidth(str(prefix or "")).strip()
    try:
        start = int(to_halfwidth(str(first or 1)).strip())
        if start < 0:
            raise ValueError
    except ValueError:
        raise ValidationError({"cards": "起始编号应是不小于 0 的整数，如 1"}) from None
    if any(ch.isspace() for ch in head) or len(head) > 12:
        raise ValidationError({"cards": "证号前缀不能有空格，最多 12 个字符，如 18"})
    width = max(CARD_WIDTH, len(str(start + count - 1)))
    return [f"{head}{n:0{width}d}" for n in range(start, start + count)]


@dataclass(frozen=True)
class TermRecord:
    """A deputy's record in one term (for the file's 历届 list)."""

    deputy_id: int
    term_name: str
    start_date: str
    end_date: str
    card_number: str
    status: str


class NewTerm:
    """office.new_term"""

    def __init__(self, office: Office) -> None:
        self._office = office

    def check(self, *, number: object, start_date: object) -> tuple[Term, int, str]:
        """(current term, new number, start) or ValidationError; writes nothing."""
        current = self._office.terms.current()
        if current is None:
            raise ValidationError({"number": "还没有本届，请先完成初始设置"})
        errors: dict[str, str] = {}
        try:
            n = int(to_halfwidth(str(number or current.number + 1)).strip())
        except ValueError:
            errors["number"] = "届次应是整数，如第十八届填 18"
            n = 0
        if n and n <= current.number:
            errors["number"] = (
                f"新一届应在{current.name}之后，如第{cn_number(current.number + 1)}届"
            )
        try:
            start = dates.parse_date(str(start_date or ""))
            if not start:
                errors["start_date"] = "请填写新一届开始日期（新一届人民代表大会第一次会议的日期）"
        except dates.DateError as exc:
            errors["start_date"] = str(exc)
            start = ""
        overlaps = start and (
            start <= current.start_date or (current.end_date and start < current.end_date)
        )
        if overlaps and "start_date" not in errors:
            errors["start_date"] = (
                f"新一届开始日期（{dates.format_date(start)}）与{current.name}"
                f"（{dates.format_date(current.start_date)}至"
                f"{dates.format_date(current.end_date)}）重叠；如{current.name}提前结束，"
                "请先在“基础数据—届次”中改正它的届满日期"
            )
        if errors:
            raise ValidationError(errors)
        return current, n, start

    def start(
        self,
        *,
        number: object,
        start_date: object,
        end_date: str = "",
        reelected: Sequence[Reelected] = (),
        carry_groups: bool = True,
        carry_constituencies: bool = True,
    ) -> NewTermResult:
        """Start the next term, all or nothing."""
        office = self._office
        current, n, start = self.check(number=number, start_date=start_date)
        olds: dict[int, Any] = {}
        errors: list[str] = []
        cards: dict[str, str] = {}
        for r in reelected:
            try:
                old = office.deputies.get(r.deputy_id)
            except NotFound:
                errors.append(f"编号为 {r.deputy_id} 的代表不存在")
                continue
            if old.term_id != current.id:
                errors.append(f"{old.name}不是{current.name}的代表")
            elif old.status == "ended":
                errors.append(f"{old.name}已终止代表资格，不能作为连任代表转入")
            card = to_halfwidth(r.card_number).strip()
            if card and card in cards:
                errors.append(
                    f"{old.name}与{cards[card]}的代表证号相同（{card}），一人一号，请改正"
                )
            if card:
                cards[card] = old.name
            olds[r.deputy_id] = old
        if errors:
            raise ValidationError({"reelected": "；".join(errors)})
        result_deputies: dict[int, int] = {}
        with office.transaction() as db:
            posts_ended = self._end_old_posts(db, current, start)
            term = office.terms.add(number=n, start_date=start, end_date=end_date)
            constituencies: dict[int, int] = {}
            if carry_constituencies:
                for c in office.constituencies.list(current.id):
                    made = office.constituencies.add(
                        name=c.name, area=c.area, seats=c.seats, number=c.number, term_id=term.id
                    )
                    constituencies[c.number] = made.id
            old_numbers = {c.id: c.number for c in office.constituencies.list(current.id)}
            groups: dict[int, int] = {}
            if carry_groups:
                for g in office.groups.list(current.id):
                    groups[g.id] = office.groups.add(name=g.name, note=g.note, term_id=term.id).id
            for r in reelected:
                old = olds[r.deputy_id]
                values = {key: getattr(old, key) for key in CARRIED_FIELDS}
                wanted = r.constituency_number or old_numbers.get(old.constituency_id or 0)
                values.update(
                    is_reelected=True,
                    card_number=to_halfwidth(r.card_number).strip(),
                    constituency_id=constituencies.get(wanted or 0),
                    # A term started ahead of its first session: the day is filled in later.
                    elected_date=start if start <= dates.today().isoformat() else "",
                    group_id=groups.get(old.group_id or 0),
                    station_id=old.station_id,
                )
                try:
                    new = office.deputies.add(term_id=term.id, **values)
                except ValidationError as exc:
                    raise ValidationError(
                        {"reelected": f"{old.name}：" + "；".join(exc.fields.values())}
                    ) from None
                # The photo as it is (set_photo would scale and re-encode it once more).
                db.execute(
                    "INSERT INTO deputy_photos (deputy_id, image, width, height)"
                    " SELECT ?, image, width, height FROM deputy_photos WHERE deputy_id = ?",
                    [new.id, old.id],
                )
                db.execute(
                    "INSERT INTO deputy_term_links (deputy_id, previous_id) VALUES (?, ?)",
                    [new.id, old.id],
                )
                result_deputies[old.id] = new.id
            for g in office.groups.list(current.id) if carry_groups else ():
                if g.leader_id in result_deputies:  # a re-elected leader leads on
                    office.groups.update(
                        groups[g.id], name=g.name, note=g.note,
                        leader_id=result_deputies[g.leader_id],
                    )  # fmt: skip
        pending = len(self.old_posts_open()) if not posts_ended else 0
        return NewTermResult(
            office.terms.get(term.id),
            result_deputies,
            len(groups),
            len(constituencies),
            posts_ended,
            pending,
        )

    # ---- the posts: the old term's end, the new term's presidium ---------------------

    def _end_old_posts(self, db: Any, old: Term, start: str) -> int:
        """End the old term's holdings still in force as 届满 on the new term's first day
        (inside the caller's transaction), so the first session's elections find the posts
        vacant. The old term's deputies keep on their records the presidium role they held
        when it ended (the register keeps the history; the archive keeps its picture). A
        term begun ahead of its first session ends them when that day has come
        (`end_old_posts`)."""
        if start > dates.today().isoformat():
            return 0
        officials = self._office.officials
        open_ = [h for h in officials.current(old.township_id) if h.term_id == old.id]
        if not open_:
            return 0
        before = db.execute(
            "SELECT id, presidium_role, updated_at FROM deputies WHERE term_id = ?", [old.id]
        ).fetchall()
        for h in open_:
            officials.end(h.id, date=start, how="term_end", note=f"{old.name}任期届满")
        for deputy_id, role, updated in before:  # as they stood when the term ended
            db.execute(
                "UPDATE deputies SET presidium_role = ?, updated_at = ?"
                " WHERE id = ? AND presidium_role <> ?",
                [role, updated, deputy_id, role],
            )
        return len(open_)

    def old_posts_open(self) -> list[Holding]:
        """Holdings of earlier terms still in force although a later term has begun."""
        current = self._office.terms.current()
        if current is None:
            return []
        return [
            h
            for h in self._office.officials.current(current.township_id)
            if h.term_id != current.id
        ]

    def end_old_posts(self) -> int:
        """End, as 届满 on the current term's first day, the earlier terms' holdings still
        in force (a term begun ahead of its first session, once that day has come)."""
        current = self._office.terms.current()
        if current is None or not self.old_posts_open():
            return 0
        if current.start_date > dates.today().isoformat():
            raise ValidationError(
                {"start_date": f"{current.name}从{dates.format_date(current.start_date)}"
                 "开始，到那天才能结束上一届的任职"}
            )  # fmt: skip
        ended = 0
        with self._office.transaction() as db:
            for term in self._office.terms.list(current.township_id):
                if term.id != current.id and term.start_date < current.start_date:
                    ended += self._end_old_posts(db, term, current.start_date)
        return ended

    def presidium(self, term_id: int | None = None) -> TermPresidium:
        """The term's presidium (current term by default) from the officials' register:
        those its sessions elected as 人大主席、副主席、主席团成员 and still serving."""
        term = self._office.terms.get(term_id) if term_id is not None else self._office.current_term
        if term is None:
            raise ValidationError({"term_id": "还没有本届，请先完成初始设置"})
        holdings = tuple(
            h
            for h in self._office.officials.list(
                OfficialQuery(township_id=term.township_id, current_only=True)
            )
            if h.term_id == term.id and h.post in PRESIDIUM_POSTS
        )
        township = self._office.townships.get(term.township_id).name
        return TermPresidium(term, holdings, township)

    # ---- the links between terms ------------------------------------------------------

    def record(self, deputy_id: int) -> TermRecord:
        d = self._office.deputies.get(deputy_id)
        term = self._office.terms.get(d.term_id)
        return TermRecord(d.id, term.name, term.start_date, term.end_date, d.card_number,
                          d.status)  # fmt: skip

    def earlier(self, deputy_id: int) -> list[TermRecord]:
        """The deputy's records of earlier terms, latest first."""
        found, seen = [], {deputy_id}
        current: int | None = deputy_id
        while current is not None:
            row = self._office.db.execute(
                "SELECT previous_id FROM deputy_term_links WHERE deputy_id = ?", [current]
            ).fetchone()
            current = row[0] if row and row[0] not in seen else None
            if current is not None:
                seen.add(current)
                found.append(self.record(current))
        return found

    def later(self, deputy_id: int) -> list[TermRecord]:
        """The deputy's records of later terms, next first."""
        found, seen = [], {deputy_id}
        current: int | None = deputy_id
        while current is not None:
            row = self._office.db.execute(
                "SELECT deputy_id FROM deputy_term_links WHERE previous_id = ?", [current]
            ).fetchone()
            current = row[0] if row and row[0] not in seen else None
            if current is not None:
                seen.add(current)
                found.append(self.record(current))
        return found


def reelected_from(pairs: Mapping[int, str]) -> list[Reelected]:
    """{old deputy id: new card number} -> the list start() takes."""
    return [Reelected(deputy_id, card) for deputy_id, card in pairs.items()]
