"""The whole paper pack of a session (会议材料), in one PDF, each part with its own page
numbers: 会议通知, 会议日程, 代表分组名单, 会议签到表, for each election its 选举票, 计票单 or
选举结果报告单 and 当选公告, for each resignation or recall put to the session its 表决票 and
表决结果 (with the 公告 once passed), the texts of the resolutions and decisions, and a
代表请假单 for each deputy on leave.

Printed before the session, it never states what is not known yet: the sign-in sheet's
figures and the count sheets are blank, and parts that do not exist yet (resolutions, the
notice of who was elected, leave slips) are left out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from app.core import dates
from app.core.chinese import cn_number, stroke_sort_key
from app.core.errors import RendaError
from app.core.progress import NO_PROGRESS, Progress
from app.documents import election_forms, leave_slip, removal_forms, signin
from app.documents.base import BODY_SIZE, Document, Kit, PdfResult, presidium_name
from app.documents.fonts import office_font_set
from app.meetings.attendance import AttendanceRow
from app.meetings.meetings import AgendaItem, Meeting
from app.meetings.resolutions import Resolution

if TYPE_CHECKING:
    from app.office import Office

TITLE = "会议材料"
PER_ROW = 6  # names in a row of the group list


@dataclass(frozen=True)
class Pack:
    meeting: Meeting
    township: str
    agenda: tuple[AgendaItem, ...]
    deputies: tuple[AttendanceRow, ...]
    leaders: dict[str, str]  # group name -> leader's name
    resolutions: tuple[Resolution, ...]
    notice_date: str
    bring: str
    election_ids: tuple[int, ...]


def gather(office: Office, meeting_id: int) -> Pack:
    meetings = office.meetings
    meeting = meetings.get(meeting_id)
    if meeting.kind != "session":
        raise RendaError("全套会议材料只用于人民代表大会会议")
    township = office.townships.get(meeting.township_id).name
    days = int(office.settings.get("session_notice_days"))
    notice = dates.as_date(meeting.start_date) - timedelta(days=days)
    leaders = {}
    for group in office.groups.list(meeting.term_id):
        if group.leader_id:
            leaders[group.name] = office.deputies.get(group.leader_id).name
    return Pack(
        meeting=meeting,
        township=township,
        agenda=tuple(meetings.agenda(meeting_id)),
        deputies=tuple(r for r in meetings.attendance.rows(meeting_id) if not r.is_observer),
        leaders=leaders,
        resolutions=tuple(meetings.resolutions.list(meeting_id)),
        notice_date=notice.isoformat(),
        bring=str(office.settings.get("session_notice_bring")),
        election_ids=tuple(e.id for e in office.elections.of_meeting(meeting_id)),
    )


def notice_flowables(kit: Kit, p: Pack) -> list[Flowable]:
    m = p.meeting
    agenda = (
        "\n".join(f"　　{i}. {a.title}" for i, a in enumerate(p.agenda, 1)) or "　　（另行通知）"
    )
    body = (
        "各位代表：\n"
        f"　　经{presidium_name(p.township)}研究决定，{m.title}定于"
        f"{m.when_label}在{m.place or '（地点另行通知）'}召开。现将有关事项通知如下：\n"
        f"　　一、会议时间：{m.when_label}。\n"
        f"　　二、会议地点：{m.place or '另行通知'}。\n"
        f"　　三、会议议程：\n{agenda}\n"
        f"　　四、请携带：{p.bring}。\n"
        "　　五、代表因故不能出席会议的，应当事先向大会主席团书面请假。"
    )
    return [
        *kit.title(f"关于召开{m.title}的通知"),
        kit.text(body, size=BODY_SIZE + 1.5),
        Spacer(1, 14 * mm),
        kit.text(presidium_name(p.township), align="right", size=BODY_SIZE + 1.5),
        kit.text(dates.format_date(p.notice_date), align="right", size=BODY_SIZE + 1.5),
    ]


def schedule_flowables(kit: Kit, p: Pack) -> list[Flowable]:
    m = p.meeting
    rows = [[kit.label(t) for t in ("序号", "议程", "报告人")]]
    rows += [
        [kit.one_line(str(i)), kit.text(a.title), kit.text(a.presenter, align="center")]
        for i, a in enumerate(p.agenda, 1)
    ]
    if len(rows) == 1:
        rows.append(["", kit.text("（议程尚未确定）"), ""])
    return [
        *kit.title(m.title, "会议日程"),
        kit.line(f"时间：{m.when_label}", f"地点：{m.place}"),
        kit.grid(
            rows,
            [14 * mm, 120 * mm, 40 * mm],
            heights=[8 * mm] + [10 * mm] * (len(rows) - 1),
            header_rows=1,
            repeat_rows=1,
        ),
        Spacer(1, 2 * mm),
        kit.text(f"主持：{m.chair}" if m.chair else "主持：大会主席团"),
    ]


def groups_flowables(kit: Kit, p: Pack) -> list[Flowable]:
    groups: dict[str, list[str]] = {}
    for r in p.deputies:
        groups.setdefault(r.group_name or "未分组", []).append(r.name)
    story: list[Flowable] = [
        *kit.title(p.meeting.title, "代表分组名单"),
        kit.line(f"应到代表 {len(p.deputies)} 人，以姓氏笔画为序", ""),
    ]
    width = 174 * mm / PER_ROW
    for name in sorted(groups, key=lambda g: (g == "未分组", g)):
        members = sorted(groups[name], key=stroke_sort_key)
        leader = p.leaders.get(name)
        head = f"{name}（{len(members)} 人）" + (f"　组长：{leader}" if leader else "")
        rows = [members[i : i + PER_ROW] for i in range(0, len(members), PER_ROW)]
        rows = [[kit.text(n, align="center") for n in r] + [""] * (PER_ROW - len(r)) for r in rows]
        story += [
            Spacer(1, 3 * mm),
            kit.text(head, size=BODY_SIZE + 1),
            Spacer(1, 1 * mm),
            kit.grid(rows, [width] * PER_ROW, heights=[8 * mm] * len(rows)),
        ]
    return story


def resolutions_flowables(kit: Kit, p: Pack) -> list[Flowable]:
    story: list[Flowable] = []
    for i, r in enumerate(p.resolutions):
        if i:
            story.append(PageBreak())
        story += [
            *kit.title(r.title),
            kit.text(
                f"（{p.meeting.title}{dates.format_date(p.meeting.start_date)}通过）"
                if r.passed
                else f"（{p.meeting.title}表决未通过）",
                align="center",
            ),
            Spacer(1, 5 * mm),
            kit.text(r.text or "（正文未录入）", size=BODY_SIZE + 1.5),
            Spacer(1, 5 * mm),
            kit.text(f"表决结果：{r.votes_label}。", size=BODY_SIZE),
        ]
    return story


def session_pack_pdf(
    office: Office, meeting_id: int, *, progress: Progress = NO_PROGRESS
) -> PdfResult:
    """Every paper of a session in one PDF (see the module's docstring)."""
    p = gather(office, meeting_id)
    doc = Document(
        office_font_set(office.settings.get("print_fonts")),
        title=f"{p.meeting.title}{TITLE}",
        numbers="auto",
    )
    kit = doc.kit()
    parts: list[tuple[str, list[Flowable]]] = [
        ("会议通知", notice_flowables(kit, p)),
        ("会议日程", schedule_flowables(kit, p)),
        ("代表分组名单", groups_flowables(kit, p)),
        ("会议签到表", signin.flowables(kit, signin.gather(office, meeting_id))),
    ]
    for election_id in p.election_ids:
        detail = office.elections.detail(election_id)
        try:
            ballot = election_forms.gather_ballot(office, election_id)
        except RendaError as exc:
            kit.notes.append(f"“{detail.election.title}”的选票没有打印：{exc.message}")
        else:
            parts.append(
                (f"{detail.election.title}选票", election_forms.ballot_flowables(kit, ballot))
            )
        if detail.posts:
            parts.append(
                (f"{detail.election.title}计票单", election_forms.result_flowables(kit, detail))
            )
        if detail.elected:
            parts.append(("当选公告", election_forms.notice_flowables(kit, detail)))
    for removal in office.elections.removals.of_meeting(meeting_id):
        # A resignation or recall put to the session: its 表决票 and its count (blank
        # until voted), with the 公告 once it passed.
        total = removal.total_deputies or office.meetings.attendance.counts(meeting_id).expected
        parts.append(
            (
                f"{removal.motion_title}表决票",
                removal_forms.removal_ballot_flowables(kit, removal),
            )
        )
        result = removal_forms.removal_result_flowables(kit, removal, total)
        if removal.voted and removal.passed:
            result += [PageBreak(), *removal_forms.removal_notice_flowables(kit, removal)]
        parts.append((f"{removal.motion_title}表决结果", result))
    if p.resolutions:
        parts.append(("决议、决定", resolutions_flowables(kit, p)))
    slips = leave_slip.gather(office, meeting_id)
    if slips:
        story: list[Flowable] = []
        for i, slip in enumerate(slips):
            if i % 2:
                story += [Spacer(1, 6 * mm), kit.text(leave_slip.CUT, align="center"),
                          Spacer(1, 6 * mm)]  # fmt: skip
            elif i:
                story.append(PageBreak())
            story += leave_slip.flowables(kit, slip)
        parts.append(("代表请假单", story))
    flowables: list[Flowable] = []
    for i, (label, part) in enumerate(parts):
        if i:
            flowables.append(PageBreak())
        flowables += [kit.section(f"{cn_number(i + 1)}、{label}"), *part]
    return doc.build(flowables, kit=kit, progress=progress, sections=len(parts))
