"""The papers of an election at a session, A4 portrait:

- 选举票 / 补选票 (the ballot): one section per post, its seats, the candidates in 姓氏笔画
  order with boxes for 赞成 / 反对 / 弃权, blank lines for 另选他人 (as many as the seats),
  and the instructions; a further vote (另行选举) gets its own ballot of the tied or the
  rest. Secret: the ballot carries no name of the voter.
- 计票单 / 选举结果报告单: per vote, the ballots issued, returned, valid and invalid and
  each person's votes, who is elected with the majority of ALL deputies worked out; a vote
  not yet counted prints blank, to be filled in by the tellers (a pack printed before the
  session never states counts that are not known).
- 当选公告: who was elected to which post, by the session, on its date.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from app.core import dates
from app.core.chinese import cn_number, stroke_sort_key
from app.core.errors import RendaError
from app.documents.base import BODY_SIZE, SMALL_SIZE, Document, Kit, PdfResult
from app.documents.fonts import office_font_set
from app.elections.elections import ElectionDetail, PostDetail, RoundDetail, SectionDetail
from app.elections.rules import ELECTION_KINDS

if TYPE_CHECKING:
    from app.office import Office

BLANK = "　　　"
NAME_W, MARK_W = 69 * mm, 35 * mm  # 174 mm in all


@dataclass(frozen=True)
class BallotSection:
    number: int
    full_label: str
    seats: int
    names: tuple[str, ...]  # 姓氏笔画 order


@dataclass(frozen=True)
class Ballot:
    detail: ElectionDetail
    round_number: int
    sections: tuple[BallotSection, ...]


def _ballot_title(d: ElectionDetail, round_number: int) -> str:
    kind = ELECTION_KINDS[d.election.kind]
    if round_number > 1:
        return f"{kind}票（第{cn_number(round_number)}次投票）"
    return f"{kind}票"


def gather_ballot(office: Office, election_id: int) -> Ballot:
    """The ballot of the vote under way (or, before voting, of the first vote)."""
    elections = office.elections
    d = elections.detail(election_id)
    if d.election.status == "preparing":
        problems = elections.slate_problems(election_id)
        if "candidates" in problems:
            raise RendaError(
                "候选人人数不符合差额选举的规定，不能打印选票：" + problems["candidates"]
            )
        sections = tuple(
            BallotSection(i, p.full_label, p.post.seats, tuple(c.name for c in p.candidates))
            for i, p in enumerate(d.posts, 1)
        )
        if not any(s.names for s in sections):
            raise RendaError("还没有候选人，请先提名候选人")
        return Ballot(d, 1, sections)
    current = d.current_round
    if current is None:
        raise RendaError("这次选举还没有投票")
    return Ballot(
        d,
        current.round.number,
        tuple(
            BallotSection(
                i,
                s.full_label,
                s.section.seats,
                tuple(line.name for line in s.on_ballot),
            )
            for i, s in enumerate(current.sections, 1)
        ),
    )


def ballot_flowables(kit: Kit, b: Ballot) -> list[Flowable]:
    d = b.detail
    story: list[Flowable] = [*kit.title(d.meeting_title, _ballot_title(d, b.round_number))]
    story.append(
        kit.text(
            "说明：一、本次选举采用无记名投票方式，选票上不写投票人姓名。"
            "二、对候选人，赞成的在其姓名后“赞成”格内划“○”，反对的在“反对”格内划“×”，"
            "弃权的在“弃权”格内划“△”；每一候选人只能划一种符号。"
            "三、如另选他人，在“另选他人”栏内写上其姓名，并在其后“赞成”格内划“○”。"
            "四、每一职务所赞成的人数（含另选他人）不得多于应选名额，多于应选名额的，"
            "该职务的选票无效；等于或少于应选名额的有效。"
            "五、候选人按姓氏笔画为序排列。写错的可向工作人员更换选票。",
            size=SMALL_SIZE,
        )
    )
    for s in b.sections:
        count = len(s.names)
        way = "等额选举" if count == s.seats else "差额选举"
        story += [
            Spacer(1, 4 * mm),
            kit.text(
                f"{cn_number(s.number)}、{s.full_label}（应选 {s.seats} 名，"
                f"候选人 {count} 名，{way}）",
                size=BODY_SIZE + 1.5,
            ),
            Spacer(1, 1.5 * mm),
        ]
        rows = [[kit.label(t) for t in ("候选人姓名", "赞成", "反对", "弃权")]]
        rows += [[kit.text(name, align="center"), "", "", ""] for name in s.names]
        rows += [[kit.text("另选他人：", size=SMALL_SIZE), "", "", ""] for _ in range(s.seats)]
        story.append(
            kit.grid(
                rows,
                [NAME_W, MARK_W, MARK_W, MARK_W],
                heights=[8 * mm] + [10 * mm] * (len(rows) - 1),
                header_rows=1,
            )
        )
    story += [
        Spacer(1, 4 * mm),
        kit.text(f"本选票加盖{d.meeting_title}主席团印章有效。", align="right", size=SMALL_SIZE),
    ]
    return story


def election_ballot_pdf(office: Office, election_id: int) -> PdfResult:
    b = gather_ballot(office, election_id)
    doc = Document(
        office_font_set(office.settings.get("print_fonts")),
        title=f"{b.detail.meeting_title}{_ballot_title(b.detail, b.round_number)}",
        numbers="auto",
    )
    kit = doc.kit()
    return doc.build(ballot_flowables(kit, b), kit=kit)


# ---- the count and the result -----------------------------------------------------------


def _n(value: int | None) -> str:
    return BLANK if value is None else str(value)


def _count_rows(kit: Kit, s: SectionDetail, counted: bool) -> list[list]:
    rows = [[kit.label(t) for t in ("序号", "姓名", "赞成", "反对", "弃权", "结果")]]
    lines = list(s.lines)
    if counted:
        lines.sort(key=lambda v: (-(v.votes_for or 0), v.write_in, stroke_sort_key(v.name)))
    for i, line in enumerate(lines, 1):
        if not counted:
            verdict = ""
        elif line.elected:
            verdict = "当选"
        elif line.tied:
            verdict = "得票相等，再次投票"
        else:
            verdict = "未当选"
        name = line.name + ("（另选）" if line.write_in else "")
        rows.append(
            [
                kit.one_line(str(i)),
                kit.text(name, align="center"),
                kit.one_line(_n(line.votes_for) if counted else ""),
                kit.one_line(
                    _n(line.votes_against) if counted and line.votes_against is not None else ""
                ),
                kit.one_line(
                    _n(line.votes_abstain) if counted and line.votes_abstain is not None else ""
                ),
                kit.text(verdict, align="center"),
            ]
        )
    if not counted:
        rows += [
            [kit.one_line(""), kit.text("另选他人：", size=SMALL_SIZE), "", "", "", ""]
            for _ in range(s.section.seats)
        ]
    return rows


def _round_flowables(kit: Kit, d: ElectionDetail, r: RoundDetail) -> list[Flowable]:
    counted = r.round.votes_recorded
    story: list[Flowable] = [
        Spacer(1, 3 * mm),
        kit.text(r.round.label, size=BODY_SIZE + 1.5),
        Spacer(1, 1 * mm),
        kit.text(
            f"发出选票 {_n(r.round.ballots_issued) if r.round.counted else BLANK} 张，"
            f"收回选票 {_n(r.round.ballots_returned) if r.round.counted else BLANK} 张。"
            + (
                "收回的选票等于或少于发出的选票，本次选举有效。"
                if r.round.counted
                else "收回的选票多于发出的选票的，本次选举无效。"
            )
        ),
    ]
    for s in r.sections:
        valid = _n(s.section.ballots_valid) if r.round.counted else BLANK
        invalid = _n(s.section.ballots_invalid) if r.round.counted else BLANK
        story += [
            Spacer(1, 2 * mm),
            kit.text(
                f"{s.full_label}（应选 {s.section.seats} 名）：有效票 {valid} 张，"
                f"无效票 {invalid} 张。"
            ),
            Spacer(1, 1 * mm),
            kit.grid(
                _count_rows(kit, s, counted),
                [12 * mm, 52 * mm, 22 * mm, 22 * mm, 22 * mm, 44 * mm],
                heights=[8 * mm] + [8 * mm] * (len(s.lines) + (0 if counted else s.section.seats)),
                header_rows=1,
            ),
        ]
        if counted and s.result is not None and not s.result.complete:
            reason = (
                "得票相等的候选人不能确定当选人，应当就票数相等的候选人再次投票"
                if s.result.reason == "tie"
                else "获得过半数选票的当选人数少于应选名额，不足的名额另行选举"
            )
            story += [
                Spacer(1, 1 * mm),
                kit.text(f"尚缺 {s.result.remaining} 名：{reason}。", size=SMALL_SIZE),
            ]
    return story


def result_flowables(kit: Kit, d: ElectionDetail) -> list[Flowable]:
    counted = any(r.round.votes_recorded for r in d.rounds)
    title = "选举结果报告单" if counted else "计票单"
    story: list[Flowable] = [
        *kit.title(d.meeting_title, f"{d.election.title}{title}"),
        kit.line(f"日期：{dates.format_date(d.meeting_date)}", f"全体代表 {d.total_deputies} 人"),
        kit.text(
            f"依照地方组织法第二十五条，候选人获得全体代表过半数的选票始得当选：全体代表 "
            f"{d.total_deputies} 人，当选须得赞成票 {d.threshold} 票以上；获得过半数选票的人数"
            "超过应选名额时，以得票多的当选。"
        ),
    ]
    rounds = list(d.rounds)
    if not rounds:
        # Before the vote: a blank sheet for the first vote, from the candidate list.
        from app.elections.elections import Round, Section, VoteLine

        blank = Round(0, d.election.id, 1, None, None, False)
        sections = []
        for p in d.posts:
            lines = tuple(
                VoteLine(0, 0, c.id, None, None, None, False, False, c.name, c.nominated_by)
                for c in p.candidates
            )
            sections.append(
                SectionDetail(
                    Section(0, 0, p.post.id, p.post.seats, None, None),
                    p.post.post,
                    p.label,
                    p.full_label,
                    lines,
                    None,
                )
            )
        rounds = [RoundDetail(blank, tuple(sections))]
    for r in rounds:
        story += _round_flowables(kit, d, r)
    if counted:
        elected = "；".join(f"{c.name}当选为{p.full_label}" for p, c in d.elected)
        story += [Spacer(1, 3 * mm), kit.text(f"选举结果：{elected or '无人当选'}。")]
    people = []
    if d.monitors:
        people.append("监票人：" + "、".join(s.name for s in d.monitors))
    if d.tellers:
        people.append("计票人：" + "、".join(s.name for s in d.tellers))
    if people:
        story += [Spacer(1, 2 * mm), kit.text("　　".join(people))]
    story += [
        Spacer(1, 1 * mm),
        kit.signatures(["监票人签名：", "计票人签名：", f"{d.meeting_title}主席团（盖章）"]),
    ]
    return story


def notice_flowables(kit: Kit, d: ElectionDetail) -> list[Flowable]:
    if not d.elected:
        raise RendaError("这次选举还没有人当选，没有可公告的结果")
    kind = ELECTION_KINDS[d.election.kind]
    by_post: dict[int, tuple[PostDetail, list[str]]] = {}
    for p, c in d.elected:
        by_post.setdefault(p.post.id, (p, []))[1].append(c.name)
    lines = [f"{'、'.join(names)}当选为{p.full_label}" for p, names in by_post.values()]
    body = (
        f"　　{d.meeting_title}于{dates.format_date(d.meeting_date)}以无记名投票方式{kind}："
        + "；".join(lines)
        + "。\n　　现予公告。"
    )
    return [
        *kit.title(d.meeting_title, "当选公告"),
        Spacer(1, 6 * mm),
        kit.text(body, size=BODY_SIZE + 3),
        Spacer(1, 16 * mm),
        kit.text(f"{d.meeting_title}主席团", align="right", size=BODY_SIZE + 1.5),
        kit.text(dates.format_date(d.meeting_date), align="right", size=BODY_SIZE + 1.5),
    ]


def election_result_pdf(office: Office, election_id: int, *, notice: bool = True) -> PdfResult:
    """The count sheet or result report; with the 当选公告 after it once someone is
    elected."""
    d = office.elections.detail(election_id)
    if not d.posts:
        raise RendaError("这次选举还没有列出职务")
    counted = any(r.round.votes_recorded for r in d.rounds)
    doc = Document(
        office_font_set(office.settings.get("print_fonts")),
        title=f"{d.meeting_title}{d.election.title}" + ("选举结果报告单" if counted else "计票单"),
        numbers="auto",
    )
    kit = doc.kit()
    story = result_flowables(kit, d)
    if notice and d.elected:
        story += [PageBreak(), kit.section("当选公告"), *notice_flowables(kit, d)]
    return doc.build(story, kit=kit)


def election_notice_pdf(office: Office, election_id: int) -> PdfResult:
    d = office.elections.detail(election_id)
    doc = Document(
        office_font_set(office.settings.get("print_fonts")),
        title=f"{d.meeting_title}当选公告",
        numbers="never",
    )
    kit = doc.kit()
    return doc.build(notice_flowables(kit, d), kit=kit)
