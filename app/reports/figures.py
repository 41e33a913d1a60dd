"""What each draft says, gathered from the records through the areas' own functions (the
ones the lists and statistics of the window use), so a figure in a draft is the figure the
clerk sees on the screen. Pure reading: no document is made here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from app.core import dates
from app.core.errors import NotFound, RendaError, ValidationError
from app.deputies.deputies import Deputy, DeputyQuery
from app.duties.activities import ActivityQuery, ActivityRow
from app.duties.receptions import ReceptionQuery
from app.duties.voter_reports import VoterReport
from app.meetings.meetings import MeetingQuery, MeetingRow
from app.meetings.projects import Project
from app.suggestions.records import SuggestionQuery, SuggestionRow
from app.suggestions.stats import YearlyRates, yearly_rates

if TYPE_CHECKING:
    from app.office import Office


# ---- the handling of suggestions ----------------------------------------------------------


@dataclass(frozen=True)
class HandlingFigures:
    township: str
    year: int
    meeting_id: int | None
    scope: str  # "2026年" | "清溪镇第十七届人民代表大会第四次会议"
    rates: YearlyRates
    overdue: tuple[SuggestionRow, ...]  # reply owed, deadline passed: named in the report
    today: date

    @property
    def query(self) -> SuggestionQuery:
        """The list of the suggestions the report counts (建议办理, kind 建议)."""
        return handling_query(self.year, self.meeting_id)


def handling_query(year: int, meeting_id: int | None, **more: object) -> SuggestionQuery:
    if meeting_id is not None:
        return SuggestionQuery(meeting_id=meeting_id, kind="suggestion", **more)  # type: ignore[arg-type]
    return SuggestionQuery(year=year, kind="suggestion", **more)  # type: ignore[arg-type]


def _check_year(year: object) -> int:
    try:
        value = int(str(year))
    except (TypeError, ValueError):
        value = 0
    if not 1949 <= value <= 2200:
        raise ValidationError({"year": f"“{year}”不是有效的年度，请写四位年份，如 2026"})
    return value


def township_only(office: Office) -> None:
    """The drafts speak for one township's presidium: not in a county database."""
    if office.mode == "county":
        raise RendaError(
            "报告稿由乡镇人大主席团起草：请在乡镇的数据库中起草，县级汇总数据库不能起草"
        )


def handling_figures(
    office: Office,
    *,
    year: int | None = None,
    meeting_id: int | None = None,
    today: date | None = None,
) -> HandlingFigures:
    """The figures of the 办理情况报告 for a year, or for the suggestions made at one
    congress session (`meeting_id`)."""
    township_only(office)
    day = today or dates.today()
    township = office.township
    name = township.name if township else ""
    if meeting_id is not None:
        try:
            meeting = office.meetings.get(meeting_id)
        except NotFound:
            raise ValidationError(
                {"meeting": f"找不到编号为 {meeting_id} 的会议，请用 meetings 命令查看会议编号"}
            ) from None
        if meeting.kind != "session":
            raise ValidationError(
                {"meeting": f"“{meeting.title}”不是人民代表大会会议，请选择一次人代会"}
            )
        the_year, scope = meeting.year, meeting.title
    elif year is None:
        raise ValidationError({"year": "请给出年度（--year）或人代会（--meeting）"})
    else:
        the_year = _check_year(year)
        scope = f"{the_year}年"
    rates = yearly_rates(office, the_year, today=day, meeting_id=meeting_id)
    suggestions = office.suggestions
    overdue_ids = suggestions.search(handling_query(the_year, meeting_id, due="overdue"), today=day)
    overdue = tuple(sorted(suggestions.rows(overdue_ids), key=lambda r: (r.deadline, r.number)))
    return HandlingFigures(name, the_year, meeting_id, scope, rates, overdue, day)


# ---- the presidium's work report ----------------------------------------------------------


@dataclass(frozen=True)
class WorkFigures:
    township: str
    term_name: str
    year: int
    sessions: tuple[MeetingRow, ...]  # held congress sessions of the year, oldest first
    presidium: tuple[MeetingRow, ...]  # held presidium meetings
    groups: tuple[MeetingRow, ...]  # held deputy-group activities (meetings of kind group)
    resolutions: int  # resolutions and decisions of the held sessions and presidium meetings
    projects: tuple[Project, ...]  # livelihood projects voted in the year
    earlier_projects: tuple[Project, ...]  # voted the year before, carried out since
    activities: dict[str, tuple[ActivityRow, ...]]  # by kind, oldest first
    receptions: int
    visitors: int
    voter_reports: tuple[VoterReport, ...]
    handling: HandlingFigures
    awards: int  # awards dated in the year, of the township's deputies

    def activity_count(self, kind: str) -> int:
        return len(self.activities.get(kind, ()))


def held_meetings(office: Office, kind: str, year: int) -> tuple[MeetingRow, ...]:
    """The meetings of a kind held in the year, oldest first (the 会议 list, filtered)."""
    rows = office.meetings.list(MeetingQuery(kind=kind, year=year))
    return tuple(sorted((r for r in rows if r.status == "held"), key=lambda r: r.start_date))


def work_figures(office: Office, year: int, *, today: date | None = None) -> WorkFigures:
    township_only(office)
    the_year = _check_year(year)
    township = office.township
    term = office.current_term
    sessions = held_meetings(office, "session", the_year)
    presidium = held_meetings(office, "presidium", the_year)
    groups = held_meetings(office, "group", the_year)
    activities: dict[str, tuple[ActivityRow, ...]] = {}
    for kind in office.reference.values("activity_kinds"):
        rows = office.activities.rows(
            office.activities.search(ActivityQuery(year=the_year, kind=kind))
        )
        activities[kind] = tuple(sorted(rows, key=lambda r: r.date))
    receptions = office.receptions.rows(office.receptions.search(ReceptionQuery(year=the_year)))
    awards = 0
    if township is not None:
        awards = sum(len(a) for a in office.careers.awards_in_year(township.id, the_year).values())
    return WorkFigures(
        township=township.name if township else "",
        term_name=term.name if term else "",
        year=the_year,
        sessions=sessions,
        presidium=presidium,
        groups=groups,
        resolutions=sum(r.resolutions for r in (*sessions, *presidium)),
        projects=tuple(office.meetings.projects.elected(year=the_year)),
        earlier_projects=tuple(office.meetings.projects.elected(year=the_year - 1)),
        activities=activities,
        receptions=len(receptions),
        visitors=sum(r.visitors for r in receptions),
        voter_reports=tuple(office.voter_reports.list(year=the_year)),
        handling=handling_figures(office, year=the_year, today=today),
        awards=awards,
    )


# ---- the deputies' structure ----------------------------------------------------------------

AGE_BANDS = (
    (0, 35, "35岁及以下"),
    (36, 45, "36至45岁"),
    (46, 55, "46至55岁"),
    (56, 200, "56岁及以上"),
)
PARTY = "中共党员"
PARTY_LIKE = ("中共党员", "中共预备党员")
NON_PARTY = ("民革会员", "民盟盟员", "民建会员", "民进会员", "农工党党员", "致公党党员",
             "九三学社社员", "台盟盟员", "无党派人士")  # fmt: skip
COLLEGE = ("博士研究生", "硕士研究生", "大学本科", "大学专科")


@dataclass(frozen=True)
class StructureLine:
    group: str  # 性别, 年龄 …
    label: str
    count: int


@dataclass(frozen=True)
class StructureFigures:
    township: str
    term_name: str
    total: int  # serving deputies of the township congress (乡镇人大代表)
    lines: tuple[StructureLine, ...]
    as_of: date

    def count(self, group: str, label: str) -> int:
        for line in self.lines:
            if line.group == group and line.label == label:
                return line.count
        raise KeyError((group, label))


def structure_deputies(office: Office) -> list[Deputy]:
    """The serving township deputies of the current term (the roster filtered so)."""
    term_id = office.current_term_id()
    ids = office.deputies.search(DeputyQuery(term_id=term_id, status="serving", level="township"))
    return [office.deputies.get(i) for i in ids]


def structure_figures(office: Office, *, as_of: date | None = None) -> StructureFigures:
    """Gender, age bands (on `as_of`), ethnicity, party, education, category, re-elected and
    the other flags of 换届 statistics, over the serving township deputies."""
    township_only(office)
    day = as_of or dates.today()
    deputies = structure_deputies(office)
    lines: list[StructureLine] = []

    def add(group: str, label: str, count: int) -> None:
        lines.append(StructureLine(group, label, count))

    gender = Counter(d.gender for d in deputies)
    add("性别", "男", gender.get("M", 0))
    add("性别", "女", gender.get("F", 0))
    ages = [dates.age_on(d.birth_date, day) for d in deputies]
    for low, high, label in AGE_BANDS:
        add("年龄", label, sum(1 for a in ages if a is not None and low <= a <= high))
    if unknown := sum(1 for a in ages if a is None):
        add("年龄", "未填出生年月", unknown)
    han = sum(1 for d in deputies if d.ethnicity == "汉族")
    add("民族", "汉族", han)
    add("民族", "少数民族", sum(1 for d in deputies if d.ethnicity and d.ethnicity != "汉族"))
    if unknown := sum(1 for d in deputies if not d.ethnicity):
        add("民族", "未填民族", unknown)
    party = Counter(d.political_status for d in deputies)
    add("政治面貌", "中共党员（含预备党员）", sum(party.get(p, 0) for p in PARTY_LIKE))
    add("政治面貌", "民主党派成员和无党派人士", sum(party.get(p, 0) for p in NON_PARTY))
    add("政治面貌", "共青团员", party.get("共青团员", 0))
    add("政治面貌", "群众", party.get("群众", 0))
    if unknown := party.get("", 0):
        add("政治面貌", "未填政治面貌", unknown)
    levels = office.reference.values("education_levels")
    _listed(add, "文化程度", levels, deputies, "education")
    add("文化程度", "其中大专及以上", sum(d.education in COLLEGE for d in deputies))
    _listed(add, "代表构成", office.reference.values("deputy_categories"), deputies, "category")
    add("其他", "连任代表", sum(d.is_reelected for d in deputies))
    add("其他", "一线代表", sum(d.is_front_line for d in deputies))
    add("其他", "归侨侨眷", sum(d.is_returned_overseas for d in deputies))
    add("其他", "同时是县人大代表", sum(d.is_county_deputy for d in deputies))
    add("其他", "主席团成员", sum(bool(d.presidium_role) for d in deputies))
    township = office.township
    term = office.current_term
    return StructureFigures(
        township=township.name if township else "",
        term_name=term.name if term else "",
        total=len(deputies),
        lines=tuple(lines),
        as_of=day,
    )


def _listed(
    add: Callable[[str, str, int], None],
    group: str,
    values: list[str],
    deputies: list[Deputy],
    field: str,
) -> None:
    """One line per value of the reference list (zeros too), then any value the list no
    longer holds, then the deputies without one."""
    counts = Counter(getattr(d, field) for d in deputies)
    for value in values:
        add(group, value, counts.get(value, 0))
    for value in sorted(set(counts) - set(values) - {""}):
        add(group, value, counts[value])
    if counts.get("", 0):
        add(group, f"未填{group}", counts[""])
