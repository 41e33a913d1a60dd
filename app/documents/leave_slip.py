"""代表请假单: a deputy's written request for leave from a meeting, with the approver's
opinion, A4 portrait, two slips to a page (cut along the line). Printed for one deputy, or
for everyone on leave from a meeting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.core.errors import RendaError
from app.documents.base import Document, Kit, PdfResult, date_text
from app.documents.fonts import office_font_set
from app.meetings.attendance import LEAVE_KINDS, AttendanceRow
from app.meetings.meetings import Meeting

if TYPE_CHECKING:
    from app.office import Office

TITLE = "代表请假单"
WIDTHS = (31, 56, 28, 59)  # mm, 174 in all
CUT = "- " * 18 + "沿此线剪开" + " -" * 18


@dataclass(frozen=True)
class LeaveSlip:
    meeting: Meeting
    township: str
    row: AttendanceRow
    card_number: str


def gather(
    office: Office, meeting_id: int, deputy_ids: Sequence[int] | None = None
) -> list[LeaveSlip]:
    """The slips of the deputies on leave (or of these deputies, marked on leave or not:
    a blank slip to be filled in before the meeting)."""
    meetings = office.meetings
    meeting = meetings.get(meeting_id)
    township = office.townships.get(meeting.township_id).name
    rows = [r for r in meetings.attendance.rows(meeting_id) if not r.is_observer]
    if deputy_ids is None:
        chosen = [r for r in rows if r.status == "leave"]
    else:
        wanted = set(deputy_ids)
        chosen = [r for r in rows if r.deputy_id in wanted]
    return [
        LeaveSlip(meeting, township, r, office.deputies.get(r.deputy_id).card_number)
        for r in chosen
    ]


def flowables(kit: Kit, slip: LeaveSlip) -> list[Flowable]:
    m, r = slip.meeting, slip.row
    label, text, one = kit.label, kit.text, kit.one_line
    kinds = "　".join(("■" if r.leave_kind == k else "□") + k for k in LEAVE_KINDS)
    approver = r.leave_approved_by
    opinion = f"同意请假。\n\n批准人：{approver}" if approver else "\n\n批准人（签名）："
    rows = [
        [label("姓名"), text(r.name, align="center"), label("代表证号"), one(slip.card_number)],
        [label("工作单位及职务"), text(r.unit), "", ""],
        [label("会议名称"), text(m.title), "", ""],
        [label("会议时间"), text(m.when_label), "", ""],
        [label("请假类别"), text(kinds), label("请假日期"), one(date_text(r.leave_date))],
        [label("请假事由"), text(r.leave_reason), "", ""],
        [label("请假人签名"), "", label("审批意见"), text(opinion)],
    ]
    spans = [((1, i), (3, i)) for i in (1, 2, 3, 5)]
    return [
        *kit.title(f"{slip.township}人民代表大会{TITLE}", size=16),
        kit.grid(
            rows,
            [w * mm for w in WIDTHS],
            spans=spans,
            heights=[10 * mm] * 5 + [22 * mm, 24 * mm],
        ),
        Spacer(1, 2 * mm),
        kit.line("注：代表因故不能出席会议的，应当事先书面请假。", date_text("")),
    ]


def leave_pdf(
    office: Office, meeting_id: int, deputy_ids: Sequence[int] | None = None
) -> PdfResult:
    slips = gather(office, meeting_id, deputy_ids)
    if not slips:
        raise RendaError(
            "本次会议没有登记请假的代表。请先在“出席情况”中把请假的代表标为请假，"
            "或选中代表后打印空白请假单。"
        )
    meeting = slips[0].meeting
    doc = Document(
        office_font_set(office.settings.get("print_fonts")),
        title=f"{meeting.title}{TITLE}",
        numbers="never",
    )
    kit = doc.kit()
    story: list[Flowable] = []
    for i, slip in enumerate(slips):
        if i % 2:
            story += [Spacer(1, 6 * mm), kit.text(CUT, align="center"), Spacer(1, 6 * mm)]
        elif i:
            from reportlab.platypus import PageBreak

            story.append(PageBreak())
        story += flowables(kit, slip)
    return doc.build(story, kit=kit)
