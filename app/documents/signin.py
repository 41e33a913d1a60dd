"""会议签到表: the sign-in sheet of a meeting, A4 portrait.

The figures 应到 / 实到 / 请假 / 缺席 / 列席 and the quorum line at the top; the expected
deputies two to a row in 姓氏笔画 order, each with a column to sign in and a remark (请假,
缺席); then the non-voting attendees (列席). Printed before the meeting, the figures not yet
known are left blank to be written in by hand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.documents.base import BODY_SIZE, Document, Kit, PdfResult
from app.documents.fonts import office_font_set
from app.meetings.attendance import AttendanceRow, Counts
from app.meetings.meetings import Meeting

if TYPE_CHECKING:
    from app.office import Office

TITLE = "会议签到表"
# Room to write a figure by hand: full-width low lines, which (unlike spaces) are not
# collapsed by the paragraph.
WRITE = "＿＿＿"
# One person: 序号, 姓名, 签名, 备注 (mm); two people to a row = 174 mm.
PERSON = (10, 22, 36, 19)
ROW = 9 * mm


@dataclass(frozen=True)
class SignIn:
    meeting: Meeting
    counts: Counts
    deputies: tuple[AttendanceRow, ...]
    observers: tuple[AttendanceRow, ...]

    @property
    def marked(self) -> bool:
        """Attendance was recorded for everyone: the sheet prints the figures."""
        return self.counts.unmarked == 0 and self.counts.expected > 0


def gather(office: Office, meeting_id: int) -> SignIn:
    meetings = office.meetings
    rows = meetings.attendance.rows(meeting_id)
    return SignIn(
        meeting=meetings.get(meeting_id),
        counts=meetings.attendance.counts(meeting_id),
        deputies=tuple(r for r in rows if not r.is_observer),
        observers=tuple(r for r in rows if r.is_observer),
    )


def _remark(row: AttendanceRow) -> str:
    if row.status == "leave":
        return row.leave_kind or "请假"
    return "缺席" if row.status == "absent" else ""


FIGURES = ("应到（人）", "实到（人）", "请假（人）", "缺席（人）", "列席（人）")


def figures(s: SignIn) -> list[str]:
    """应到, 实到, 请假, 缺席, 列席; a figure not known before the meeting is blank (a ruled
    cell to write it in)."""
    c = s.counts

    def n(value: int) -> str:
        return str(value) if s.marked else ""

    return [str(c.expected), n(c.present), n(c.leave), n(c.absent), n(c.observers)]


def figures_line(s: SignIn) -> str:
    """'应到 68 人　实到 64 人 …' as a line (the blank ones as a line to write on)."""
    return "　".join(
        f"{label[:2]} {value or WRITE} 人" for label, value in zip(FIGURES, figures(s), strict=True)
    )


def quorum_line(s: SignIn) -> str:
    c = s.counts
    if not c.applies_quorum:
        return ""
    rule = f"出席人数须达到应到人数的三分之二（{c.quorum_needed} 人）"
    if not s.marked:
        return rule + "。□ 符合法定人数　□ 不足法定人数"
    verdict = "■ 符合法定人数" if c.has_quorum else "■ 不足法定人数"
    return f"{rule}，实到 {c.present} 人，{verdict}"


def flowables(kit: Kit, s: SignIn) -> list[Flowable]:
    m = s.meeting
    person = [w * mm for w in PERSON]
    header = [kit.label(t) for t in ("序号", "姓名", "签名", "备注")] * 2
    rows = [header]
    people = list(s.deputies)
    # Two to a row, numbered along the row, so that each page holds a run of numbers.
    half = (len(people) + 1) // 2
    for i in range(half):
        row = []
        for index in (2 * i, 2 * i + 1):
            if index < len(people):
                r = people[index]
                row += [
                    kit.one_line(str(index + 1)),
                    kit.text(r.name, align="center"),
                    "",
                    kit.text(_remark(r), align="center"),
                ]
            else:
                row += ["", "", "", ""]
        rows.append(row)
    story: list[Flowable] = [
        *kit.title(m.title, TITLE),
        kit.line(f"时间：{m.when_label}", f"地点：{m.place}"),
        kit.grid(
            [
                [kit.label(t) for t in FIGURES],
                [kit.one_line(v, size=BODY_SIZE + 1) for v in figures(s)],
                *([[kit.text(quorum_line(s)), "", "", "", ""]] if s.counts.applies_quorum else []),
            ],
            [sum(person) * 2 / 5] * 5,
            spans=[((0, 2), (4, 2))] if s.counts.applies_quorum else [],
            heights=[7 * mm, 10 * mm, None],
            header_rows=1,
        ),
        Spacer(1, 3 * mm),
        kit.grid(
            rows,
            person * 2,
            heights=[8 * mm] + [ROW] * half,
            repeat_rows=1,
            header_rows=1,
        ),
    ]
    if s.observers:
        widths = [9 * mm, 28 * mm, 90 * mm, 47 * mm]
        observer_rows = [[kit.label(t) for t in ("序号", "姓名", "单位及职务", "签名")]]
        observer_rows += [
            [kit.one_line(str(i)), kit.text(r.name, align="center"), kit.text(r.unit), ""]
            for i, r in enumerate(s.observers, 1)
        ]
        story += [
            Spacer(1, 5 * mm),
            kit.line("列席人员", ""),
            kit.grid(
                observer_rows,
                widths,
                heights=[8 * mm] + [ROW] * len(s.observers),
                repeat_rows=1,
                header_rows=1,
            ),
        ]
    story += [Spacer(1, 2 * mm), kit.signatures(["签到统计人：", "监督人："], dated=False)]
    return story


def signin_pdf(office: Office, meeting_id: int) -> PdfResult:
    s = gather(office, meeting_id)
    doc = Document(
        office_font_set(office.settings.get("print_fonts")),
        title=f"{s.meeting.title}{TITLE}",
        numbers="auto",
    )
    kit = doc.kit()
    return doc.build(flowables(kit, s), kit=kit)
