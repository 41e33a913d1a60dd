"""换届: starting the next term (承担换届选举的有关工作). One guided step, one transaction:
the new term becomes current; the constituencies and the deputy groups continue under the
same names (the liaison stations belong to the township and continue by themselves); each
re-elected deputy gets a record of the new term carrying their identity and photo, with a
new card number and constituency, linked to their record of the term before. Nothing of the
old term is changed: its deputies, meetings and files stay as they were and stay browsable.

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

if TYPE_CHECKING:
    from app.office import Office

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

    @property
    def text(self) -> str:
        return (
            f"已开始{self.term.name}（{dates.format_date(self.term.start_date)}起）："
            f"连任代表 {len(self.deputies)} 名转入新一届，延续代表小组 {self.groups} 个、"
            f"选区 {self.constituencies} 个；上一届的记录全部保留"
        )


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
                errors.append(f"{old.name}与{cards[card]}的代表证号相同（{card}）")
            cards[card] = old.name
            olds[r.deputy_id] = old
        if errors:
            raise ValidationError({"reelected": "；".join(errors)})
        result_deputies: dict[int, int] = {}
        with office.transaction() as db:
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
        return NewTermResult(
            office.terms.get(term.id), result_deputies, len(groups), len(constituencies)
        )

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
