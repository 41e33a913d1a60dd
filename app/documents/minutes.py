"""会议记录: the record of a meeting, A4 portrait: its particulars, who attended (the
figures, and by name who was on leave, absent, or attended without a vote), the agenda,
the minutes, and the resolutions with their votes and results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.documents.base import Document, Kit, PdfResult
from app.documents.fonts import office_font_set
from app.meetings.attendance import AttendanceRow, Counts
from app.meetings.meetings import AgendaItem, Meeting
from app.meetings.resolutions import Resolution

if TYPE_CHECKING:
    from app.office import Office

TITLE = "会议记录"
WIDTHS = (26, 61, 26, 61)  # mm, 174 in all


@dataclass(frozen=True)
class Minutes:
    meeting: Meeting
    counts: Counts
    rows: tuple[AttendanceRow, ...]
    agenda: tuple[AgendaItem, ...]
    resolutions: tuple[Resolution, ...]


def gather(office: Office, meeting_id: int) -> Minutes:
    meetings = office.meetings
    return Minutes(
        meeting=meetings.get(meeting_id),
        counts=meetings.attendance.counts(meeting_id),
        rows=tuple(meetings.attendance.rows(meeting_id)),
        agenda=tuple(meetings.agenda(meeting_id)),
        resolutions=tuple(meetings.resolutions.list(meeting_id)),
    )


WRITE = "＿＿＿"  # room to write a figure by hand


def attendance_text(m: Minutes) -> str:
    c = m.counts
    if c.unmarked or not c.expected:
        # Attendance not recorded yet (printed before the meeting): what is not known is
        # left to be written in, never printed as 0 or as 不足法定人数.
        lines = [
            f"应到 {c.expected} 人，实到{WRITE}人，请假{WRITE}人，缺席{WRITE}人，列席{WRITE}人。"
        ]
        if c.applies_quorum and c.expected:
            lines.append(
                f"出席须达到应到人数的三分之二（{c.quorum_needed} 人）。"
                "□ 符合法定人数　□ 不足法定人数"
            )
        return "\n".join(lines)
    lines = [c.summary + "。"]
    if c.applies_quorum and c.expected:
        lines.append(c.quorum_text + "。")
    if m.meeting.quorum_note:
        lines.append(f"不足法定人数仍召开的原因：{m.meeting.quorum_note}")
    on_leave = [
        f"{r.name}（{r.leave_kind}）" if r.leave_kind else r.name
        for r in m.rows
        if r.status == "leave"
    ]
    absent = [r.name for r in m.rows if r.status == "absent"]
    observers = [f"{r.name}（{r.unit}）" if r.unit else r.name for r in m.rows if r.is_observer]
    for caption, names in (("请假", on_leave), ("缺席", absent), ("列席", observers)):
        if names:
            lines.append(f"{caption}：" + "、".join(names))
    return "\n".join(lines)


def resolution_text(r: Resolution, counts: Counts) -> str:
    return (
        f"{r.kind}：{r.title}\n表决结果：{r.votes_label}。"
        f"赞成票{'超过' if r.passed else '未超过'}全体代表（{counts.expected} 人）的半数，"
        f"{r.result_label}。"
    )


def flowables(kit: Kit, m: Minutes) -> list[Flowable]:
    meeting = m.meeting
    label, text = kit.label, kit.text
    agenda = "\n".join(
        f"{i}. {a.title}" + (f"（{a.presenter}）" if a.presenter else "")
        for i, a in enumerate(m.agenda, 1)
    )
    top = kit.grid(
        [
            [label("会议名称"), text(meeting.title), "", ""],
            [label("时间"), text(meeting.when_label), "", ""],
            [label("地点"), text(meeting.place), label("主持人"), text(meeting.chair)],
            [label("记录人"), text(meeting.recorder), label("会议类别"), text(meeting.kind_label)],
            [label("出席情况"), text(attendance_text(m)), "", ""],
            [label("议程"), text(agenda), "", ""],
        ],
        [w * mm for w in WIDTHS],
        spans=[((1, r), (3, r)) for r in (0, 1, 4, 5)],
        heights=[10 * mm] * 4 + [16 * mm, 16 * mm],
    )
    resolutions = "\n\n".join(resolution_text(r, m.counts) for r in m.resolutions) or "无"
    body = kit.grid(
        [
            [label("会\n议\n记\n录"), text(meeting.minutes)],
            [label("决\n议\n决\n定"), text(resolutions)],
        ],
        [WIDTHS[0] * mm, sum(WIDTHS[1:]) * mm],
        heights=[70 * mm, 20 * mm],
        split_in_row=True,
        top_aligned=[((0, 0), (1, -1))],
        open_top=True,
    )
    return [
        *kit.title(meeting.title, TITLE),
        top,
        body,
        Spacer(1, 2 * mm),
        kit.signatures(["主持人（签名）：", "记录人（签名）："]),
    ]


def minutes_pdf(office: Office, meeting_id: int) -> PdfResult:
    m = gather(office, meeting_id)
    doc = Document(
        office_font_set(office.settings.get("print_fonts")),
        title=f"{m.meeting.title}{TITLE}",
        numbers="auto",
    )
    kit = doc.kit()
    return doc.build(flowables(kit, m), kit=kit)
