"""The papers of a vote on a resignation or a recall at a session, A4 portrait:

- 表决票 (罢免表决票 for a recall): the matter put to the vote, with boxes for 赞成 / 反对 /
  弃权 and the instructions; secret, so it carries no name of the voter.
- 表决结果及公告: the count — all deputies, the votes needed (more than half of ALL
  deputies), for, against, abstaining, passed or not — then the notice (公告) of a
  resignation accepted or a recall decided (选举法第五十五条: accepting a deputy's
  resignation is announced). Before the vote the figures print blank, never as 0.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from app.core import dates
from app.core.errors import RendaError
from app.documents.base import BODY_SIZE, SMALL_SIZE, Document, Kit, PdfResult
from app.documents.fonts import markup, office_font_set
from app.elections.removals import Removal
from app.elections.rules import elected_threshold

if TYPE_CHECKING:
    from app.office import Office

BLANK = "　　　"


def _ballot_name(r: Removal) -> str:
    return "罢免表决票" if r.kind == "recall" else "表决票"


def removal_ballot_flowables(kit: Kit, r: Removal) -> list[Flowable]:
    story: list[Flowable] = [*kit.title(r.meeting_title, _ballot_name(r))]
    story.append(
        kit.text(
            "说明：一、本次表决采用无记名投票方式，表决票上不写投票人姓名。"
            "二、赞成的在“赞成”格内划“○”，反对的在“反对”格内划“×”，弃权的在“弃权”格内"
            "划“△”；只能划一种符号，多划或不划的按弃权计。"
            "三、须经全体代表的过半数赞成方为通过。",
            size=SMALL_SIZE,
        )
    )
    story.append(Spacer(1, 5 * mm))
    matter = r.motion_title if r.kind == "recall" else f"接受{r.name}辞去{r.what}的请求"
    rows = [
        [kit.label(t) for t in ("表决事项", "赞成", "反对", "弃权")],
        [kit.text(matter), "", "", ""],
    ]
    story.append(kit.grid(rows, [99 * mm, 25 * mm, 25 * mm, 25 * mm], heights=[8 * mm, 18 * mm]))
    story += [
        Spacer(1, 4 * mm),
        kit.text(f"本表决票加盖{r.meeting_title}主席团印章有效。", align="right", size=SMALL_SIZE),
    ]
    return story


def _n(value: int | None) -> str:
    return BLANK if value is None else str(value)


def removal_result_flowables(kit: Kit, r: Removal, total: int) -> list[Flowable]:
    what = "罢免案" if r.kind == "recall" else "辞职请求"
    story: list[Flowable] = [
        *kit.title(r.meeting_title, "表决结果报告单"),
        kit.line(f"日期：{dates.format_date(r.meeting_date)}", f"全体代表 {total} 人"),
    ]
    rows = [
        [kit.label("表决事项"), kit.text(r.motion_title)],
        [
            kit.label("提出"),
            kit.text(
                r.moved_label + (f"（{_date(r.submitted_date)}）" if r.submitted_date else "")
            ),
        ],
    ]
    if r.movers:
        rows.append([kit.label("联名代表"), kit.text("、".join(r.movers))])
    if r.reason:
        rows.append([kit.label("理由" if r.kind != "recall" else "罢免理由"), kit.text(r.reason)])
    need = r.threshold or elected_threshold(total)
    rows += [
        [kit.label("通过所需"), kit.text(f"全体代表 {total} 人的过半数，即赞成 {need} 票以上")],
        [
            kit.label("表决结果"),
            kit.text(
                f"赞成 {_n(r.votes_for)} 票，反对 {_n(r.votes_against)} 票，"
                f"弃权 {_n(r.votes_abstain)} 票。"
                + (f"{what}{'获得通过' if r.passed else '未获通过'}。" if r.voted else "")
            ),
        ],
    ]
    story += [
        Spacer(1, 2 * mm),
        kit.grid(rows, [30 * mm, 144 * mm], heights=[10 * mm] * len(rows), split_in_row=True),
        Spacer(1, 2 * mm),
        kit.signatures(["监票人签名：", "计票人签名：", f"{r.meeting_title}主席团（盖章）"]),
    ]
    return story


def _date(iso: str) -> str:
    return dates.format_date(iso)


def removal_notice_flowables(kit: Kit, r: Removal) -> list[Flowable]:
    if not (r.voted and r.passed):
        raise RendaError("这项表决还没有通过，没有可公告的结果")
    if r.kind == "recall":
        body = (
            f"　　{r.meeting_title}于{_date(r.meeting_date)}以无记名投票方式表决，"
            f"决定罢免{r.name}的{r.what}。"
        )
    elif r.kind == "deputy_resignation":
        body = (
            f"　　{r.meeting_title}于{_date(r.meeting_date)}表决，决定接受{r.name}辞去"
            f"{r.what}的请求。依照《中华人民共和国全国人民代表大会和地方各级人民代表大会"
            f"选举法》的规定，{r.name}的代表资格终止。"
        )
    else:
        body = (
            f"　　{r.meeting_title}于{_date(r.meeting_date)}表决，决定接受{r.name}辞去"
            f"{r.what}的请求。"
        )
    return [
        *kit.title(r.meeting_title, "公告"),
        Spacer(1, 6 * mm),
        _indented(kit, body.strip(), BODY_SIZE + 3),
        _indented(kit, "现予公告。", BODY_SIZE + 3),
        Spacer(1, 16 * mm),
        kit.text(f"{r.meeting_title}主席团", align="right", size=BODY_SIZE + 1.5),
        kit.text(_date(r.meeting_date), align="right", size=BODY_SIZE + 1.5),
    ]


def _indented(kit: Kit, text: str, size: float) -> Paragraph:
    """A paragraph of a notice, its first line indented two characters (公文 style);
    reportlab drops leading spaces, so the indent is the style's."""
    style = kit.style("left", size).clone(f"indented-{size}", firstLineIndent=2 * size)
    return Paragraph(markup(text, kit.fonts.body), style)


def removal_ballot_pdf(office: Office, removal_id: int) -> PdfResult:
    r = office.elections.removals.get(removal_id)
    doc = Document(
        office_font_set(office.settings.get("print_fonts")),
        title=f"{r.meeting_title}{_ballot_name(r)}",
        numbers="never",
    )
    kit = doc.kit()
    return doc.build(removal_ballot_flowables(kit, r), kit=kit)


def removal_result_pdf(office: Office, removal_id: int) -> PdfResult:
    """The count (blank before the vote) and, once passed, the notice after it."""
    r = office.elections.removals.get(removal_id)
    total = r.total_deputies or office.meetings.attendance.counts(r.meeting_id).expected
    doc = Document(
        office_font_set(office.settings.get("print_fonts")),
        title=f"{r.meeting_title}{r.motion_title}表决结果",
        numbers="auto",
    )
    kit = doc.kit()
    story = removal_result_flowables(kit, r, total)
    if r.voted and r.passed:
        story += [PageBreak(), kit.section("公告"), *removal_notice_flowables(kit, r)]
    return doc.build(story, kit=kit)
