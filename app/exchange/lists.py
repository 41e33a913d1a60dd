"""What the lists of the program show, column by column, for the screen and for Excel.

A `ListColumn` holds a column's value (`get`: text, an ISO date, a number, a share) and
its kind; the screen shows the value as text (`text`), the export writes the value
itself through `app.exchange.table_export` (a real date, a number). One definition per
list, so the file has the columns the list has. A column may be only on the screen (a
combined text) or only in the file (the parts of that text, each in its own cell).

Lists that join several records (a handling unit and what it owes, a group with its leader
and member count, a visitor with the reception) have their lines made here too, for the
page and the export alike."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from app.core import dates
from app.core.validate import mask_phone
from app.duties.scoring import QUARTERS, format_points
from app.exchange.table_export import ExportColumn

if TYPE_CHECKING:
    from app.deputies.structure import Constituency, DeputyGroup, Station
    from app.deputies.township import Term
    from app.duties.activities import ActivityRow
    from app.duties.receptions import ReceptionItem, ReceptionRow
    from app.duties.scoring import DeputyScore, ScoreLine
    from app.duties.voter_reports import VoterReport
    from app.meetings.attendance import AttendanceRow
    from app.meetings.meetings import MeetingRow
    from app.meetings.resolutions import Resolution
    from app.office import Office
    from app.oversight.appraisals import AppraisalRow
    from app.oversight.opinions import Opinion
    from app.suggestions.records import SuggestionRow
    from app.suggestions.stats import Rates, YearlyRates

R = TypeVar("R")


@dataclass(frozen=True)
class ListColumn(Generic[R]):
    title: str
    get: Callable[[R], Any]  # the value; None or "" for a blank cell
    kind: str = "text"  # as app.exchange.table_export.ExportColumn
    width: int = 80  # on the screen, in pixels
    key: str = ""  # the area's sort key ("" = the list does not sort by it)
    show: Callable[[R], str] | None = None  # the screen's text, when not the value's
    blank: str = ""  # the screen's text for a missing value
    screen: bool = True
    file: bool = True

    @property
    def numeric(self) -> bool:
        return self.kind in ("number", "percent")

    def text(self, row: R) -> str:
        """What the screen shows."""
        if self.show is not None:
            return self.show(row)
        return value_text(self.kind, self.get(row)) or self.blank

    def export_column(self) -> ExportColumn:
        return ExportColumn(self.title, self.kind)


def value_text(kind: str, value: Any) -> str:
    """A value as the screen shows it: 2026年3月12日, 87.5%, 3, 是."""
    if value is None or value == "":
        return ""
    if kind == "date":
        if isinstance(value, str) and len(value) == 4:
            return f"{value}年"  # a year alone
        return dates.format_date(value.isoformat() if isinstance(value, date) else value)
    if kind == "month":
        return dates.format_month(value)
    if kind == "percent":
        return f"{value:.1%}"
    if kind == "number" and isinstance(value, float):
        return format_points(value)
    if kind == "bool":
        return "是" if value else ""
    return str(value)


def on_screen(columns: Sequence[ListColumn[R]]) -> list[ListColumn[R]]:
    return [c for c in columns if c.screen]


def in_file(columns: Sequence[ListColumn[R]]) -> list[ListColumn[R]]:
    return [c for c in columns if c.file]


def _township(columns: list[ListColumn[Any]], county: bool, width: int = 80) -> list:
    """A county's lists start with the township."""
    if county:
        columns.insert(
            0, ListColumn("乡镇", lambda r: r.township_name, width=width, key="township")
        )
    return columns


def _if_listed(value: int, listed: int) -> int | None:
    """An attendance figure, blank for a meeting without an attendance list."""
    return value if listed else None


# ---- meetings -----------------------------------------------------------------------


def meeting_columns(*, county: bool) -> list[ListColumn[MeetingRow]]:
    return _township(
        [
            ListColumn("日期", lambda r: r.start_date, "date", 112),
            ListColumn("类别", lambda r: r.kind_label, width=90),
            ListColumn("会议名称", lambda r: r.title, width=330),
            ListColumn("地点", lambda r: r.place, width=150),
            ListColumn("应到", lambda r: r.expected or None, "number", 50),
            ListColumn("实到", lambda r: _if_listed(r.present, r.expected), "number", 50),
            ListColumn("请假", lambda r: _if_listed(r.leave, r.expected), "number", 50),
            ListColumn("缺席", lambda r: _if_listed(r.absent, r.expected), "number", 50),
            ListColumn("列席", lambda r: r.observers or None, "number", 50),
            ListColumn("决议", lambda r: r.resolutions or None, "number", 50),
            ListColumn("状态", lambda r: r.status_label, width=70),
        ],
        county,
    )


def _leave(field: str) -> Callable[[AttendanceRow], str]:
    return lambda r: getattr(r, field) if r.status == "leave" else ""


def attendance_columns() -> list[ListColumn[AttendanceRow]]:
    """The attendance list of a meeting (the grid numbers its rows: 序号 comes first)."""
    return [
        ListColumn("姓名", lambda r: r.name, width=90),
        ListColumn("工作单位及职务", lambda r: r.unit, width=300),
        ListColumn("代表小组", lambda r: "列席人员" if r.is_observer else r.group_name, width=110),
        ListColumn("出席情况", lambda r: r.status_label, width=80),
        ListColumn("请假说明", lambda r: r.leave_label, file=False),
        ListColumn("请假类别", _leave("leave_kind"), screen=False),
        ListColumn("请假事由", _leave("leave_reason"), screen=False),
        ListColumn("批准人", _leave("leave_approved_by"), screen=False),
        ListColumn("请假日期", _leave("leave_date"), "date", screen=False),
    ]


def resolution_columns() -> list[ListColumn[Resolution]]:
    return [
        ListColumn("类别", lambda r: r.kind, width=60),
        ListColumn("名称", lambda r: r.title, width=420),
        ListColumn("赞成", lambda r: r.votes_for, "number", 60),
        ListColumn("反对", lambda r: r.votes_against, "number", 60),
        ListColumn("弃权", lambda r: r.votes_abstain, "number", 60),
        ListColumn("表决结果", lambda r: r.result_label),
    ]


# ---- suggestions --------------------------------------------------------------------


def _lead(row: SuggestionRow) -> str:
    return row.lead_name + (f" 等{row.co_count + 1}人" if row.co_count else "")


def due_note(row: SuggestionRow, today_iso: str, soon_iso: str) -> str:
    """逾期12天 / 还有3天 for a reply owed, overdue or due soon; '' otherwise."""
    state = row.due_state(today_iso, soon_iso)
    if state == "overdue":
        return f"逾期{(date.fromisoformat(today_iso) - date.fromisoformat(row.deadline)).days}天"
    if state == "due_soon":
        return f"还有{(date.fromisoformat(row.deadline) - date.fromisoformat(today_iso)).days}天"
    return ""


def suggestion_columns(
    *, county: bool, due: tuple[str, str] | None = None
) -> list[ListColumn[SuggestionRow]]:
    """The suggestion list. With `due` (today and the due-soon day, ISO), the file has a
    column saying what the screen marks in the deadline's colour."""
    columns = [
        ListColumn("编号", lambda r: r.number, "code", 96, "number"),
        ListColumn("标题", lambda r: ("★ " if r.is_key else "") + r.title, width=290, key="title"),
        ListColumn("提出代表", _lead, width=100, key="lead"),
        ListColumn("附议代表", lambda r: r.co_signers, screen=False),
        ListColumn("类别", lambda r: r.category, width=76, key="category"),
        ListColumn("收到日期", lambda r: r.received_date, "date", screen=False),
        ListColumn("状态", lambda r: r.status_label, width=86, key="status"),
        ListColumn("主办单位", lambda r: r.lead_unit_name, width=150, key="unit"),
        ListColumn("答复期限", lambda r: r.deadline, "date", 170, "deadline"),
        ListColumn("答复日期", lambda r: r.replied_date, "date", screen=False),
        ListColumn("结果", lambda r: r.result_class, width=44, key="result"),
        ListColumn("满意度", lambda r: r.satisfaction_label, width=70),
    ]
    if due is not None:
        today_iso, soon_iso = due
        at = next(i for i, c in enumerate(columns) if c.title == "答复期限") + 1
        columns.insert(
            at, ListColumn("期限提醒", lambda r: due_note(r, today_iso, soon_iso), screen=False)
        )
    return _township(columns, county, 70)


class UnitLine(NamedTuple):
    """A handling unit with what it owes (all years)."""

    id: int
    township_name: str
    name: str
    contact: str
    phone: str
    owed: int
    overdue: int
    replied: int
    active: bool


def unit_lines(office: Office) -> list[UnitLine]:
    counts = office.suggestions.unit_counts()
    townships = {t.id: t.name for t in office.townships.list()}
    lines = []
    for u in office.handling_units.list():
        owed, overdue, replied = counts.get(u.id, (0, 0, 0))
        lines.append(
            UnitLine(u.id, townships.get(u.township_id, ""), u.name, u.contact, u.phone,
                     owed, overdue, replied, u.active)
        )  # fmt: skip
    return lines


def unit_columns(*, county: bool) -> list[ListColumn[UnitLine]]:
    """承办单位. The phone is the unit's office line, shown as the clerk typed it."""
    return _township(
        [
            ListColumn("承办单位", lambda u: u.name, width=220),
            ListColumn("联系人", lambda u: u.contact, width=90),
            ListColumn("联系电话", lambda u: u.phone, "code", 130),
            ListColumn("待答复", lambda u: u.owed, "number", 70),
            ListColumn("其中逾期", lambda u: u.overdue or None, "number", 80),
            ListColumn("已答复", lambda u: u.replied, "number", 70),
            ListColumn("状态", lambda u: "" if u.active else "已停用"),
        ],
        county,
    )


def rate_columns(report: YearlyRates) -> list[ListColumn[Rates]]:
    """办理统计: a line per lead unit (per township in a county), then the total."""

    def share(title: str, value: Callable[[Rates], float | None]) -> ListColumn[Rates]:
        return ListColumn(title, value, "percent", 76, blank="—")

    def count(title: str, value: Callable[[Rates], int]) -> ListColumn[Rates]:
        return ListColumn(title, value, "number", 76)

    return [
        ListColumn(report.group_title, lambda r: r.label, width=190),
        count("收到", lambda r: r.received),
        count("交办", lambda r: r.assigned),
        count("退回", lambda r: r.returned),
        count("已答复", lambda r: r.replied),
        share("按期答复率", lambda r: r.on_time_share),
        count("逾期未答复", lambda r: r.overdue),
        *[share(f"{c}类占比", lambda r, c=c: r.class_share(c)) for c, _ in report.classes],
        share("过程满意率", lambda r: r.process_satisfaction),
        share("结果满意率", lambda r: r.result_satisfaction),
        share("办成率", lambda r: r.solved_share),
        count("已办结", lambda r: r.closed),
    ]


# ---- between sessions ---------------------------------------------------------------


def activity_columns(*, county: bool) -> list[ListColumn[ActivityRow]]:
    return _township(
        [
            ListColumn("日期", lambda r: r.date, "date", 120),
            ListColumn("类型", lambda r: r.kind, width=90),
            ListColumn("活动主题", lambda r: r.topic, width=360),
            ListColumn("组织者", lambda r: r.organiser_label, width=130),
            ListColumn(
                "参加代表", lambda r: r.participants, "number", 80,
                show=lambda r: f"{r.participants} 名",
            ),
            ListColumn("地点", lambda r: r.place, width=160),
        ],
        county,
    )  # fmt: skip


def reception_columns(*, county: bool) -> list[ListColumn[ReceptionRow]]:
    return _township(
        [
            ListColumn("日期", lambda r: r.date, "date", 116),
            ListColumn("时间", lambda r: r.time_label, width=100),
            ListColumn("联络站（点）", lambda r: r.station_name, width=150),
            ListColumn("坐班代表", lambda r: r.deputy_names, width=150),
            ListColumn(
                "来访", lambda r: r.visitors, "number", 60, show=lambda r: f"{r.visitors} 人次"
            ),
            ListColumn("待反馈", lambda r: r.open_items or None, "number", 56),
            ListColumn("反映的问题", lambda r: r.first_item, width=300),
        ],
        county,
    )


class VisitorLine(NamedTuple):
    """One visitor of a reception and what they raised."""

    date: str
    station_name: str
    item: ReceptionItem
    township_name: str = ""


def _feedback(item: ReceptionItem) -> str:
    if not item.feedback_date:
        return item.result
    return f"{item.result}（{dates.format_date(item.feedback_date)}{item.feedback_way}反馈）"


def visitor_columns(*, reveal: bool, county: bool = False) -> list[ListColumn[VisitorLine]]:
    """The visitors of a reception (on the page: of the chosen one; in the file: of every
    reception listed). The contact is masked unless `reveal`."""
    columns: list[ListColumn[VisitorLine]] = [
        ListColumn("接待日期", lambda v: v.date, "date", screen=False),
        ListColumn("联络站（点）", lambda v: v.station_name, screen=False),
        ListColumn("来访人", lambda v: v.item.visitor_label, width=110, file=False),
        ListColumn("来访人", lambda v: v.item.visitor_name, screen=False),
        ListColumn("性别", lambda v: v.item.gender_label, screen=False),
        ListColumn("年龄", lambda v: v.item.visitor_age, "number", screen=False),
        ListColumn(
            "联系方式",
            lambda v: v.item.contact if reveal else mask_phone(v.item.contact),
            "code",
            100,
        ),
        ListColumn("村（社区）", lambda v: v.item.village, width=80),
        ListColumn("反映的问题", lambda v: v.item.content, "longtext", 300),
        ListColumn("职权内", lambda v: "是" if v.item.within_powers else "否", width=50),
        ListColumn(
            "处理方式",
            lambda v: v.item.handling_label + ("（已形成建议）" if v.item.suggestion_uuid else ""),
            width=130,
        ),
        ListColumn("转交", lambda v: v.item.forwarded_to, width=100),
        ListColumn("结果及反馈", lambda v: _feedback(v.item), file=False),
        ListColumn("办理结果", lambda v: v.item.result, "longtext", screen=False),
        ListColumn("反馈日期", lambda v: v.item.feedback_date, "date", screen=False),
        ListColumn("反馈方式", lambda v: v.item.feedback_way, screen=False),
    ]
    return _township(columns, county)


def report_columns() -> list[ListColumn[VoterReport]]:
    return [
        ListColumn("日期", lambda r: r.date, "date", 116),
        ListColumn("代表", lambda r: r.deputy_name, width=80),
        ListColumn("述职地点", lambda r: r.place, width=220),
        ListColumn("到会选民", lambda r: r.voters_present, "number", 70),
        ListColumn("满意", lambda r: r.satisfied, "number", 50),
        ListColumn("基本满意", lambda r: r.basically_satisfied, "number", 70),
        ListColumn("不满意", lambda r: r.unsatisfied, "number", 56),
        ListColumn("满意率", lambda r: r.approval, "percent", 66),
        ListColumn("测评结果", lambda r: r.result),
    ]


def appraisal_columns() -> list[ListColumn[AppraisalRow]]:
    """The yearly list of appraisals and their results (工作评议、述职评议)."""
    return [
        ListColumn("年度", lambda r: r.year, "number", 50),
        ListColumn("类型", lambda r: r.kind_label, width=70),
        ListColumn("评议对象", lambda r: r.subject, width=180),
        ListColumn("对象产生", lambda r: r.chosen, width=240),
        ListColumn("发出票数", lambda r: r.issued, "number", 60),
        ListColumn("收回票数", lambda r: r.returned, "number", 60),
        ListColumn("满意", lambda r: r.satisfied, "number", 50),
        ListColumn("基本满意", lambda r: r.basic, "number", 60),
        ListColumn("不满意", lambda r: r.unsatisfied, "number", 56),
        ListColumn("满意率", lambda r: r.approval_share, "percent", 66),
        ListColumn("测评结果", lambda r: r.rating, width=70),
        ListColumn("状态", lambda r: r.status, width=120),
        ListColumn("结束日期", lambda r: r.closed_date, "date", 110),
        ListColumn("整改落实", lambda r: r.verdict),
    ]


def opinion_columns() -> list[ListColumn[Opinion]]:
    """Opinions followed to the end (审议意见、视察意见、整改意见)."""
    return [
        ListColumn("状态", lambda o: o.state_label(), width=120),
        ListColumn("来源", lambda o: o.source_label, width=70),
        ListColumn("提出意见的会议或活动", lambda o: o.source_title, width=220),
        ListColumn("审议事项", lambda o: o.topic, width=200),
        ListColumn("意见和建议", lambda o: o.content, "longtext", 300),
        ListColumn("送交单位", lambda o: o.recipient, width=110),
        ListColumn("送交日期", lambda o: o.sent_date, "date", 110),
        ListColumn("反馈期限", lambda o: o.deadline, "date", 110),
        ListColumn("反馈日期", lambda o: o.feedback_date, "date", 110),
        ListColumn("反馈情况", lambda o: o.feedback, "longtext", 300),
        ListColumn("回头看", lambda o: o.check_note, "longtext", 200),
        ListColumn("办结日期", lambda o: o.closed_date, "date", 110),
        ListColumn("落实情况", lambda o: o.verdict_label),
    ]


def score_columns() -> list[ListColumn[DeputyScore]]:
    def points(
        title: str, value: Callable[[DeputyScore], float | None], width: int
    ) -> ListColumn[DeputyScore]:
        return ListColumn(title, value, "number", width)

    return [
        points("名次", lambda s: s.rank, 46),
        ListColumn("姓名", lambda s: s.name, width=80),
        ListColumn("代表小组", lambda s: s.group_name, width=110),
        *[points(q, lambda s, i=i: s.quarters[i], 62) for i, q in enumerate(QUARTERS)],
        points("加分", lambda s: s.added, 50),
        points("扣分", lambda s: s.deducted or None, 50),
        points("总分", lambda s: s.total, 56),
        ListColumn("等次", lambda s: s.grade),
    ]


def score_line_columns() -> list[ListColumn[ScoreLine]]:
    def signed(line: ScoreLine) -> str:
        text = format_points(line.points)
        return f"+{text}" if line.points > 0 else text

    return [
        ListColumn("日期", lambda line: line.event.date, "date", 116),
        ListColumn("积分项目", lambda line: line.rule_label, width=190),
        ListColumn("计分", lambda line: line.points, "number", 50, show=signed),
        ListColumn("说明", lambda line: line.note, width=140),
        ListColumn("来源", lambda line: line.event.text),
    ]


# ---- basic data ---------------------------------------------------------------------


def term_columns() -> list[ListColumn[Term]]:
    return [
        ListColumn("届次", lambda t: t.name, width=120),
        ListColumn("开始日期", lambda t: t.start_date, "date", 160),
        ListColumn("届满日期", lambda t: t.end_date, "date", 160),
        ListColumn("状态", lambda t: "本届" if t.is_current else ""),
    ]


class ConstituencyLine(NamedTuple):
    constituency: Constituency
    deputies: int

    @property
    def over(self) -> bool:
        return self.deputies > self.constituency.seats


def constituency_lines(office: Office) -> list[ConstituencyLine]:
    if office.current_term_id(required=False) is None:
        return []
    counts = office.constituencies.deputy_counts()
    return [ConstituencyLine(c, counts.get(c.id, 0)) for c in office.constituencies.list()]


def constituency_columns() -> list[ListColumn[ConstituencyLine]]:
    return [
        ListColumn("选区", lambda c: c.constituency.name, width=120),
        ListColumn("范围（村、社区）", lambda c: c.constituency.area, width=300),
        ListColumn("应选名额", lambda c: c.constituency.seats, "number", 90),
        ListColumn(
            "现有代表", lambda c: c.deputies, "number",
            show=lambda c: f"{c.deputies}" + ("（超出名额）" if c.over else ""),
        ),
        ListColumn("核对", lambda c: "超出名额" if c.over else "", screen=False),
    ]  # fmt: skip


class GroupLine(NamedTuple):
    group: DeputyGroup
    leader: str
    members: int


def group_lines(office: Office) -> list[GroupLine]:
    if office.current_term_id(required=False) is None:
        return []
    counts = office.groups.member_counts()
    lines = []
    for g in office.groups.list():
        leader = office.deputies.get(g.leader_id).name if g.leader_id else ""
        lines.append(GroupLine(g, leader, counts.get(g.id, 0)))
    return lines


def group_columns() -> list[ListColumn[GroupLine]]:
    return [
        ListColumn("代表小组", lambda g: g.group.name, width=160),
        ListColumn("组长", lambda g: g.leader, width=120),
        ListColumn("成员数", lambda g: g.members, "number", 80),
        ListColumn("备注", lambda g: g.group.note, "longtext"),
    ]


def station_columns() -> list[ListColumn[Station]]:
    return [
        ListColumn("名称", lambda s: s.name, width=220),
        ListColumn("类型", lambda s: s.kind_label, width=100),
        ListColumn("所在村（社区）", lambda s: s.village, width=140),
        ListColumn("地址", lambda s: s.address),
    ]
