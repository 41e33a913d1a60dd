"""One deputy's yearly duty file (年度履职档案, 一人一档): the eight parts of DOMAIN.md §2
for one year, and the duty score. The file tab shows it and the printed file prints it.

Each area adds what it knows to `part_sources()`: a function `(office, deputy, year)`
returning entries for one or more parts (meetings fill ②, suggestions ⑥)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core import dates
from app.core.errors import NotFound
from app.deputies.careers import AwardEntry, ResumeEntry
from app.deputies.deputies import Deputy
from app.duties.activities import ActivityQuery, file_part
from app.duties.file_parts import REGISTERED_PART_SOURCES
from app.duties.receptions import ReceptionQuery
from app.duties.scoring import DeputyScore

if TYPE_CHECKING:
    from app.office import Office

PART_TITLES = {
    1: "基本情况",
    2: "参加人大各类会议情况",
    3: "参加视察、调研、执法检查等活动情况",
    4: "参加学习培训情况",
    5: "参加代表小组活动情况",
    6: "提出建议、批评和意见及办理情况",
    7: "联系选民、向选民述职及选民评议情况",
    8: "获得表彰奖励情况",
}
NUMBERS = "①②③④⑤⑥⑦⑧"


@dataclass(frozen=True)
class FileEntry:
    """One line of a part: a dated record, with what to open to see it whole."""

    part: int
    date: str
    text: str
    detail: str = ""
    record_kind: str = ""  # activity | reception | voter_report | deputy_awards | meeting | …
    record_id: int | None = None
    kind: str = ""  # of a meeting: session | presidium | …

    @property
    def is_session(self) -> bool:
        return self.record_kind == "meeting" and self.kind == "session"

    @property
    def date_label(self) -> str:
        if len(self.date) == 4:
            return f"{self.date}年"
        return dates.format_date(self.date)


@dataclass(frozen=True)
class FilePart:
    number: int
    title: str
    entries: tuple[FileEntry, ...] = ()
    summary: str = ""

    @property
    def heading(self) -> str:
        return f"{NUMBERS[self.number - 1]} {self.title}"


@dataclass(frozen=True)
class YearFile:
    deputy: Deputy
    year: int
    township_name: str
    term_name: str
    basic: tuple[tuple[str, str], ...]
    resume: tuple[ResumeEntry, ...]
    awards: tuple[AwardEntry, ...]
    parts: tuple[FilePart, ...]
    score: DeputyScore | None = None
    score_note: str = ""

    def part(self, number: int) -> FilePart:
        return self.parts[number - 1]


PartSource = Callable[["Office", Deputy, int], list[FileEntry]]


def part_sources() -> list[PartSource]:
    """Every area's entries of the yearly file, in the order they are listed in a part."""
    return [
        meeting_entries,
        activity_entries,
        suggestion_entries,
        reception_entries,
        report_entries,
        award_entries,
        # Areas that read this one register theirs (app.duties.file_parts, app.areas).
        *REGISTERED_PART_SOURCES,
    ]


def meeting_entries(office: Office, deputy: Deputy, year: int) -> list[FileEntry]:
    """Part ② the meetings held that the deputy was expected at: sessions of the congress
    and the other meetings (presidium …), listed and counted apart (group meetings: part ⑤)."""
    held = {
        r[0]
        for r in office.db.execute(
            "SELECT m.id FROM meetings m JOIN meeting_attendance a ON a.meeting_id = m.id"
            " WHERE a.deputy_id = ? AND m.status = 'held'",
            [deputy.id],
        ).fetchall()
    }
    entries = []
    for m in office.meetings.attendance.deputy_record(deputy.id).meetings:
        if not m.start_date.startswith(str(year)) or not m.status or m.meeting_id not in held:
            continue
        leave = "，".join(x for x in (m.leave_kind, m.leave_reason) if x)
        entries.append(
            FileEntry(
                5 if m.kind == "group" else 2,
                m.start_date,
                f"{m.title}：{m.status_label}",
                f"请假：{leave}" if leave else "",
                "meeting",
                m.meeting_id,
                m.kind,
            )
        )
    return entries


def activity_entries(office: Office, deputy: Deputy, year: int) -> list[FileEntry]:
    ids = office.activities.search(
        ActivityQuery(township_id=deputy.township_id, year=year, deputy_id=deputy.id)
    )
    entries = []
    for row in office.activities.rows(ids):
        detail = f"组织：{row.organiser_label}" + (f"；地点：{row.place}" if row.place else "")
        entries.append(
            FileEntry(
                file_part(row.kind),
                row.date,
                f"{row.kind}：{row.topic}",
                detail,
                "activity",
                row.id,
            )
        )
    return entries


def suggestion_entries(office: Office, deputy: Deputy, year: int) -> list[FileEntry]:
    """Part ⑥: the suggestions and motions the deputy led or signed, with their outcome."""
    entries = []
    for row, role in office.suggestions.of_deputy(deputy.id):
        if not row.received_date.startswith(str(year)):
            continue
        outcome = [row.status_label]
        if row.result_class:
            outcome.append(f"办理结果 {row.result_class} 类")
        if row.satisfaction_label:
            outcome.append(f"代表评价：{row.satisfaction_label}")
        kind = "议案" if row.kind == "motion" else "建议"
        entries.append(
            FileEntry(
                6,
                row.received_date,
                f"{role}{kind} {row.number}：{row.title}",
                "；".join(outcome),
                "suggestion",
                row.id,
            )
        )
    return entries


def reception_entries(office: Office, deputy: Deputy, year: int) -> list[FileEntry]:
    ids = office.receptions.search(
        ReceptionQuery(township_id=deputy.township_id, year=year, deputy_id=deputy.id)
    )
    entries = []
    for row in office.receptions.rows(ids):
        visitors = f"接待来访选民 {row.visitors} 人次" if row.visitors else "无选民来访"
        entries.append(
            FileEntry(
                7,
                row.date,
                f"在{row.station_name}坐班接待选民，{visitors}",
                row.first_item[:60],
                "reception",
                row.id,
            )
        )
    return entries


def report_entries(office: Office, deputy: Deputy, year: int) -> list[FileEntry]:
    return [
        FileEntry(
            7,
            report.date,
            f"在{report.place}向选民述职，到会选民 {report.voters_present} 人，"
            f"测评结果：{report.result or report.verdict}",
            report.rating_text,
            "voter_report",
            report.id,
        )
        for report in office.voter_reports.list(
            year=year, deputy_id=deputy.id, township_id=deputy.township_id
        )
    ]


def award_entries(office: Office, deputy: Deputy, year: int) -> list[FileEntry]:
    return [
        FileEntry(8, award.date, award.title, award.issuer, "deputy_awards", deputy.id)
        for award in office.careers.awards(deputy.id)
        if award.year == year
    ]


def _basic(office: Office, deputy: Deputy) -> tuple[tuple[str, str], ...]:
    def name_of(table: object, record_id: int | None) -> str:
        if not record_id:
            return ""
        try:
            return table.get(record_id).name  # type: ignore[attr-defined]
        except NotFound:
            return ""

    return (
        ("姓名", deputy.name),
        ("性别", deputy.gender_label),
        ("民族", deputy.ethnicity),
        ("出生年月", dates.format_date(deputy.birth_date[:7])),
        ("政治面貌", deputy.political_status),
        ("文化程度", deputy.education),
        ("工作单位及职务", deputy.unit),
        ("代表构成", deputy.category),
        ("代表级别", deputy.level_label),
        ("选区", name_of(office.constituencies, deputy.constituency_id)),
        ("代表小组", name_of(office.groups, deputy.group_id)),
        ("联络站", name_of(office.stations, deputy.station_id)),
        ("当选日期", dates.format_date(deputy.elected_date)),
        ("代表证号", deputy.card_number),
        ("主席团职务", deputy.presidium_role_label),
        ("状态", deputy.status_label),
    )


def year_file(office: Office, deputy_id: int, year: int) -> YearFile:
    """Everything the yearly file of this deputy shows; reads only."""
    deputy = office.deputies.get(deputy_id)
    entries = [e for source in part_sources() for e in source(office, deputy, year)]
    by_part: dict[int, list[FileEntry]] = {n: [] for n in PART_TITLES}
    for entry in entries:
        by_part[entry.part].append(entry)
    for change in office.deputies.status_history(deputy.id):
        if change.date.startswith(str(year)):
            by_part[1].append(
                FileEntry(
                    1,
                    change.date,
                    f"{change.status_label}" + (f"（{change.reason}）" if change.reason else ""),
                    change.note,
                )
            )
    parts = []
    for number, title in PART_TITLES.items():
        # Part ②: the sessions of the congress first, then the other meetings.
        found = sorted(by_part[number], key=lambda e: (not e.is_session, e.date, e.text))
        parts.append(FilePart(number, title, tuple(found), _summary(number, found)))
    score, note = None, ""
    try:
        score = office.scores.deputy(deputy.id, year)
    except NotFound as exc:
        note = exc.message
    return YearFile(
        deputy=deputy,
        year=year,
        township_name=office.townships.get(deputy.township_id).name,
        term_name=office.terms.get(deputy.term_id).name,
        basic=_basic(office, deputy),
        resume=tuple(office.careers.resume(deputy.id)),
        awards=tuple(office.careers.awards(deputy.id)),
        parts=tuple(parts),
        score=score,
        score_note=note,
    )


def _summary(number: int, entries: list[FileEntry]) -> str:
    if not entries:
        return "本年度无记录"
    if number == 2:
        out = []
        for label, chosen in (
            ("人民代表大会会议", [e for e in entries if e.is_session]),
            ("其他会议", [e for e in entries if not e.is_session]),
        ):
            statuses = [e.text.rsplit("：", 1)[-1] for e in chosen]
            counted = "，".join(f"{s} {statuses.count(s)} 次" for s in ("出席", "请假", "缺席"))
            out.append(f"{label}：{counted if chosen else '无'}")
        return "；".join(out)
    if number == 7:
        kinds = [e.record_kind for e in entries]
        receptions = kinds.count("reception")
        reports = kinds.count("voter_report")
        visits = kinds.count("activity")
        return f"坐班接待选民 {receptions} 次，走访选民 {visits} 次，向选民述职 {reports} 次"
    if number in (3, 4, 5):
        return f"共 {len(entries)} 次"
    if number == 8:
        return f"共 {len(entries)} 项"
    return f"共 {len(entries)} 条"
