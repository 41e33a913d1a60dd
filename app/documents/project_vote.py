"""民生实事项目票决: the ballot (票决选票) the deputies mark at the session, and the result
(票决结果) the presidium announces, ranked by votes, with the elected projects. A4 portrait."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.core import dates
from app.core.errors import RendaError
from app.documents.base import Document, Kit, PdfResult
from app.documents.fonts import office_font_set
from app.meetings.attendance import Counts
from app.meetings.meetings import Meeting
from app.meetings.projects import Project, ProjectVote

if TYPE_CHECKING:
    from app.office import Office

BALLOT = "民生实事项目票决票"
RESULT = "民生实事项目票决结果"


@dataclass(frozen=True)
class VoteSheet:
    meeting: Meeting
    vote: ProjectVote
    counts: Counts
    candidates: tuple[Project, ...]  # the ballot's order
    ranking: tuple[Project, ...]


def gather(office: Office, meeting_id: int) -> VoteSheet:
    meetings = office.meetings
    meeting = meetings.get(meeting_id)
    vote = meetings.projects.vote_of_meeting(meeting_id)
    if vote is None:
        raise RendaError(f"{meeting.title}还没有设立民生实事项目票决")
    candidates = tuple(meetings.projects.candidates(vote.id))
    if not candidates:
        raise RendaError("还没有候选项目，请先录入候选项目")
    return VoteSheet(
        meeting=meeting,
        vote=vote,
        counts=meetings.attendance.counts(meeting_id),
        candidates=candidates,
        ranking=tuple(meetings.projects.ranking(vote.id)),
    )


def _completion(p: Project) -> str:
    return dates.format_date(p.planned_completion)


def ballot_flowables(kit: Kit, s: VoteSheet) -> list[Flowable]:
    places = s.vote.places
    note = (
        f"说明：本次从 {len(s.candidates)} 个候选项目中票决确定 {places} 个项目。"
        f"请在同意的项目后“表决”栏内划“○”，所选项目不得超过 {places} 个，"
        "超过的为废票；不划的视为不同意。"
    )
    widths = [10 * mm, 62 * mm, 24 * mm, 26 * mm, 32 * mm, 20 * mm]
    header = [
        kit.label(t) for t in ("序号", "项目名称", "总投资（万元）", "计划完成", "责任单位", "表决")
    ]
    rows = [header]
    for i, p in enumerate(s.candidates, 1):
        rows.append(
            [
                kit.one_line(str(i)),
                kit.text(p.name),
                kit.one_line(p.investment_label),
                kit.one_line(_completion(p)),
                kit.text(p.lead_unit, align="center"),
                "",
            ]
        )
    return [
        *kit.title(s.meeting.title, BALLOT),
        kit.text(note),
        Spacer(1, 3 * mm),
        kit.grid(rows, widths, heights=[9 * mm] + [10 * mm] * len(s.candidates), header_rows=1),
    ]


def ballot_pdf(office: Office, meeting_id: int) -> PdfResult:
    s = gather(office, meeting_id)
    doc = Document(
        office_font_set(office.settings.get("print_fonts")),
        title=f"{s.meeting.title}{BALLOT}",
        numbers="auto",
    )
    kit = doc.kit()
    return doc.build(ballot_flowables(kit, s), kit=kit)


def result_flowables(kit: Kit, s: VoteSheet) -> list[Flowable]:
    vote, counts = s.vote, s.counts
    elected = [p for p in s.ranking if p.elected]
    total = sum(p.investment for p in elected)
    amount = f"{total:,.2f}".rstrip("0").rstrip(".")
    summary = (
        f"应到代表 {counts.expected} 人，实到 {vote.voters} 人参加票决。"
        f"候选项目 {len(s.candidates)} 个，拟确定 {vote.places} 个；项目得票超过全体代表"
        f"半数（{counts.majority_needed} 票）的，按得票多少确定。"
        f"当选 {len(elected)} 个项目，总投资 {amount} 万元。"
    )
    widths = [12 * mm, 72 * mm, 26 * mm, 26 * mm, 18 * mm, 20 * mm]
    header = [
        kit.label(t) for t in ("名次", "项目名称", "总投资（万元）", "计划完成", "得票", "结果")
    ]
    rows = [header]
    for p in s.ranking:
        rows.append(
            [
                kit.one_line(str(p.rank or "")),
                kit.text(p.name),
                kit.one_line(p.investment_label),
                kit.one_line(_completion(p)),
                kit.one_line("" if p.votes is None else str(p.votes)),
                kit.text("当选" if p.elected else "未当选", align="center"),
            ]
        )
    return [
        *kit.title(s.meeting.title, RESULT),
        kit.text(summary),
        Spacer(1, 3 * mm),
        kit.grid(rows, widths, heights=[9 * mm] + [9 * mm] * len(s.ranking), header_rows=1),
        Spacer(1, 2 * mm),
        kit.signatures(["计票人：", "监票人：", f"{s.meeting.title}主席团（盖章）"]),
    ]


def vote_result_pdf(office: Office, meeting_id: int) -> PdfResult:
    s = gather(office, meeting_id)
    if not s.vote.voted:
        raise RendaError("还没有登记票决结果，请先在“民生实事票决”中登记各项目得票")
    doc = Document(
        office_font_set(office.settings.get("print_fonts")),
        title=f"{s.meeting.title}{RESULT}",
        numbers="auto",
    )
    kit = doc.kit()
    return doc.build(result_flowables(kit, s), kit=kit)
