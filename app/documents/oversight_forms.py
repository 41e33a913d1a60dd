"""The forms of oversight: 测评票 (the anonymous satisfaction ballot of a work appraisal or an
official's duty appraisal, three to an A4 page), 测评结果统计表 (the tally, announced and
filed), 审议意见书 (the opinions sent to the government or the office, with the feedback
deadline) and 整改情况反馈表 (the office's written feedback, printed blank for it to fill
in, or with the feedback once recorded)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.core import dates
from app.core.tally import percent
from app.documents.base import SMALL_SIZE, Document, Kit, PdfResult, blank_date, date_text
from app.documents.fonts import office_font_set
from app.documents.voter_report_forms import CutLine
from app.oversight.appraisals import Appraisal
from app.oversight.opinions import Opinion

if TYPE_CHECKING:
    from app.office import Office

BALLOT = "测评票"
RESULT = "测评结果统计表"
LETTER = "审议意见书"
FEEDBACK = "整改情况反馈表"
# The same form for a review opinion (or an inspection's): its handling, not a rectification.
HANDLING_FEEDBACK = "审议意见办理情况反馈表"
BALLOTS_PER_PAGE = 3


def _document(office: Office, title: str, **kw: object) -> Document:
    return Document(office_font_set(office.settings.get("print_fonts")), title=title, **kw)


def _township(office: Office, township_id: int) -> str:
    return office.townships.get(township_id).name


def _who(a: Appraisal) -> str:
    return f"{a.post}{a.subject}" if a.kind == "duty" else a.subject


# ---- 测评票 ---------------------------------------------------------------------------


def _ballot(kit: Kit, township: str, a: Appraisal, width: float) -> list[Flowable]:
    review = a.stage("review")
    when = date_text(a.rating.date) if a.rating else blank_date()
    subject_label = "述职人" if a.kind == "duty" else "被评议单位"
    options = "□ 满意　　　　□ 基本满意　　　　□ 不满意"
    grid = kit.grid(
        [
            [kit.label(subject_label), kit.text(_who(a), align="center"), kit.label("测评时间"),
             kit.one_line(when)],
            [kit.label("评议会议"), kit.text(review.meeting_title or " "), "", ""],
            [kit.label("测评意见"), kit.text(options, align="center"), "", ""],
            [kit.label("意见和建议"), kit.text(" "), "", ""],
        ],
        [width * 0.17, width * 0.35, width * 0.15, width * 0.33],
        spans=[((1, 1), (3, 1)), ((1, 2), (3, 2)), ((1, 3), (3, 3))],
        heights=[10 * mm, 9 * mm, 11 * mm, 20 * mm],
    )  # fmt: skip
    return [
        *kit.title(f"{township}人民代表大会{a.kind_label}{BALLOT}", size=15),
        grid,
        Spacer(1, 1.5 * mm),
        kit.text(
            "说明：本票不记名。请在您同意的测评意见前的“□”内划“√”，只能划一个；"
            "多划或不划的为无效票。",
            size=SMALL_SIZE,
        ),
    ]


def appraisal_ballot_pdf(office: Office, appraisal_id: int) -> PdfResult:
    """Ballots to cut apart, three to a page (print as many pages as deputies need)."""
    a = office.appraisals.get(appraisal_id)
    township = _township(office, a.township_id)
    doc = _document(office, f"{a.kind_label}{BALLOT}（{_who(a)}）", numbers="never", margin=14 * mm)
    kit = doc.kit()
    story: list[Flowable] = []
    for n in range(BALLOTS_PER_PAGE):
        if n:
            story += [Spacer(1, 3 * mm), CutLine(kit.fonts.body), Spacer(1, 4 * mm)]
        story += _ballot(kit, township, a, doc.width)
    return doc.build(story, kit=kit)


# ---- 测评结果统计表 --------------------------------------------------------------------


def appraisal_result_pdf(office: Office, appraisal_id: int) -> PdfResult:
    """The tally of the ballot, as counted: every figure is the stored one, the shares
    are computed from them (满意率 = (满意 + 基本满意) ÷ 有效票)."""
    a = office.appraisals.get(appraisal_id)
    township = _township(office, a.township_id)
    doc = _document(office, f"{a.kind_label}{RESULT}（{_who(a)}）")
    kit = doc.kit()
    w = doc.width
    label, one, text = kit.label, kit.one_line, kit.text
    r = a.rating
    if r is None:
        figures = [["—"] * 4] * 3
        result, approval, when, place = "未测评", "—", blank_date(), ""
    else:
        t = r.tally

        def share(n: int) -> str:
            return percent(n / t.counted) if t.counted else "—"

        figures = [
            [label("满意"), one(f"{t.satisfied} 票"), one(share(t.satisfied))],
            [label("基本满意"), one(f"{t.basic} 票"), one(share(t.basic))],
            [label("不满意"), one(f"{t.unsatisfied} 票"), one(share(t.unsatisfied))],
        ]
        result, approval, when, place = r.result, percent(t.approval), date_text(r.date), r.place
    subject_label = "述职人" if a.kind == "duty" else "被评议单位"
    head = kit.grid(
        [
            [label(subject_label), text(_who(a), align="center"), label("评议年度"),
             one(f"{a.year}年")],
            [label("评议对象产生"), text(a.chosen_text), "", ""],
            [label("测评时间"), one(when), label("测评地点"), text(place)],
        ],
        [w * 0.2, w * 0.3, w * 0.2, w * 0.3],
        spans=[((1, 1), (3, 1))],
        heights=[10 * mm] * 3,
    )  # fmt: skip
    counts = kit.grid(
        [
            [label("发出票数"), one(f"{r.tally.issued} 张" if r else ""), label("收回票数"),
             one(f"{r.tally.returned} 张" if r else "")],
            [label("有效票"), one(f"{r.tally.counted} 张" if r else ""), label("无效票"),
             one(f"{r.tally.invalid} 张" if r else "")],
        ],
        [w * 0.2, w * 0.3, w * 0.2, w * 0.3],
        heights=[10 * mm] * 2,
        open_top=True,
    )  # fmt: skip
    split = kit.grid(
        [[label("测评意见"), label("票数"), label("占有效票")], *figures],
        [w * 0.2, w * 0.3, w * 0.5],
        heights=[9 * mm] * 4,
        header_rows=1,
        open_top=True,
    )
    outcome = kit.grid(
        [
            [label("满意率"), one(approval), label("测评结果"), text(result, align="center")],
            [label("备注"), text(r.note if r else ""), "", ""],
        ],
        [w * 0.2, w * 0.3, w * 0.2, w * 0.3],
        spans=[((1, 1), (3, 1))],
        heights=[10 * mm, 18 * mm],
        open_top=True,
    )
    shares = (
        f"测评结果：满意票超过有效票 {office.settings.get('rating_satisfied_share')}% 的为"
        f"“满意”；满意率达到 {office.settings.get('rating_pass_share')}% 的为“基本满意”；"
        "其余为“不满意”。满意率 =（满意票 + 基本满意票）÷ 有效票。"
    )
    story = [
        *kit.title(f"{township}人民代表大会{a.kind_label}{RESULT}"),
        head,
        counts,
        split,
        outcome,
        Spacer(1, 2 * mm),
        kit.text(shares, size=SMALL_SIZE),
        Spacer(1, 4 * mm),
        kit.signatures(["计票人：", "监票人：", f"{township}人大主席团（盖章）"]),
    ]
    return doc.build(story, kit=kit)


# ---- 审议意见书 -----------------------------------------------------------------------


def _letter_number(o: Opinion) -> str:
    year = (o.sent_date or dates.today().isoformat())[:4]
    return f"（{year}）第 {o.id} 号"


def opinion_letter_pdf(office: Office, opinion_id: int) -> PdfResult:
    """The opinions as sent: to whom, on what, the opinions themselves, the deadline for
    the written feedback; signed by the presidium."""
    o = office.opinions.get(opinion_id)
    township = _township(office, o.township_id)
    title = "工作评议意见书" if o.source == "appraisal" else LETTER
    doc = _document(office, f"{title}（{o.topic}）")
    kit = doc.kit()
    deadline = date_text(o.deadline) if o.deadline else blank_date()
    source = {
        "meeting": f"{o.source_title}审议了{o.topic}",
        "activity": f"人大代表开展了{o.source_title}",
        "appraisal": f"{township}人民代表大会开展了{o.topic}",
    }.get(o.source, f"人大代表对{o.topic}提出了意见")
    intro = f"{o.recipient}：\n　　{source}，现将代表们提出的意见和建议转交你单位，请认真研究办理。"
    ask = (
        f"　　请于{deadline}前将办理（整改）情况书面反馈{township}人大主席团，"
        "办理情况将向下一次人民代表大会会议或主席团会议报告。"
    )
    story: list[Flowable] = [
        *kit.title(f"{township}人大主席团{title}", _letter_number(o)),
        kit.text(intro),
        Spacer(1, 3 * mm),
        kit.grid(
            [
                [kit.label("审议事项"), kit.text(o.topic)],
                [kit.label("意见和建议"), kit.text(o.content)],
            ],
            [doc.width * 0.18, doc.width * 0.82],
            heights=[10 * mm, 60 * mm],
            split_in_row=True,
            top_aligned=[((1, 1), (1, 1))],
        ),
        Spacer(1, 3 * mm),
        kit.text(ask),
        Spacer(1, 8 * mm),
        kit.line("", f"{township}人大主席团（盖章）"),
        kit.line("", date_text(o.sent_date) if o.sent_date else blank_date()),
    ]
    return doc.build(story, kit=kit)


# ---- 整改情况反馈表 -------------------------------------------------------------------


def feedback_form_pdf(office: Office, opinion_id: int) -> PdfResult:
    """The office's written feedback on the opinions sent to it: blank lines to fill in,
    or the feedback already recorded."""
    o = office.opinions.get(opinion_id)
    township = _township(office, o.township_id)
    name = FEEDBACK if o.appraisal_id else HANDLING_FEEDBACK
    doc = _document(office, f"{name}（{o.recipient}）")
    kit = doc.kit()
    w = doc.width
    label, one, text = kit.label, kit.one_line, kit.text
    rows = [
        [label("反馈单位"), text(o.recipient, align="center"), label("反馈日期"),
         one(date_text(o.feedback_date))],
        [label("事项"), text(o.topic), "", ""],
        [label("意见送交日期"), one(date_text(o.sent_date)), label("反馈期限"),
         one(date_text(o.deadline))],
        [label("意见和建议"), text(o.content), "", ""],
        [label("办理（整改）\n情况"), text(o.feedback), "", ""],
        [label("回头看情况"), text(o.check_note), "", ""],
        [label("落实情况"), text(o.verdict_label or "□ 已落实　□ 部分落实　□ 未落实"), "", ""],
    ]  # fmt: skip
    grid = kit.grid(
        rows,
        [w * 0.18, w * 0.34, w * 0.16, w * 0.32],
        spans=[((1, r), (3, r)) for r in (1, 3, 4, 5, 6)],
        heights=[10 * mm, 10 * mm, 10 * mm, 30 * mm, 70 * mm, 25 * mm, 10 * mm],
        top_aligned=[((1, 3), (3, 5))],
    )
    story = [
        *kit.title(f"{township}人大主席团{name}", _letter_number(o)),
        grid,
        Spacer(1, 3 * mm),
        kit.signatures(["单位负责人（签字）：", f"{o.recipient}（盖章）"]),
    ]
    return doc.build(story, kit=kit)


# ---- 审议意见办理情况一览表 -------------------------------------------------------------

LIST_TITLE = "审议意见办理情况一览表"
# (heading, share of the landscape width)
LIST_COLUMNS = (
    ("序号", 0.05), ("审议事项", 0.17), ("意见和建议", 0.3), ("送交单位", 0.1),
    ("送交日期", 0.09), ("反馈期限", 0.09), ("办理情况", 0.2),
)  # fmt: skip


def opinions_list_pdf(office: Office, *, open_only: bool = False) -> PdfResult:
    """Every opinion (or the open ones) with where it stands, overdue first, as the
    presidium reports them back to the next session or presidium meeting."""
    found = office.opinions.list(open_only=open_only)
    home = office.township
    township = home.name if home else ""
    doc = _document(office, LIST_TITLE, orientation="landscape")
    kit = doc.kit()
    w = doc.width
    rows: list[list[object]] = [[kit.label(h) for h, _share in LIST_COLUMNS]]
    for n, o in enumerate(found, 1):
        state = o.state_label()
        if o.feedback_date:
            state += f"（{date_text(o.feedback_date)}反馈）：{o.feedback}"
        if o.verdict:
            state += f"\n落实情况：{o.verdict_label}"
        rows.append([
            kit.one_line(str(n)), kit.text(o.topic), kit.text(o.content), kit.text(o.recipient),
            kit.one_line(date_text(o.sent_date), size=SMALL_SIZE),
            kit.one_line(date_text(o.deadline), size=SMALL_SIZE), kit.text(state),
        ])  # fmt: skip
    overdue = sum(o.state() == "overdue" for o in found)
    story: list[Flowable] = [
        *kit.title(f"{township}人大主席团{LIST_TITLE}"),
        kit.line(
            f"共 {len(found)} 项意见，逾期未反馈 {overdue} 项",
            f"打印日期：{date_text(dates.today().isoformat())}",
        ),
        kit.grid(
            rows,
            [w * share for _h, share in LIST_COLUMNS],
            repeat_rows=1,
            header_rows=1,
            split_in_row=True,
        ),
    ]
    return doc.build(story, kit=kit)


# ---- 工作评议方案 ---------------------------------------------------------------------


def appraisal_plan_pdf(office: Office, appraisal_id: int) -> PdfResult:
    """The appraisal's plan: the subject and how it was chosen, the plan's text and the
    stages with their planned dates."""
    a = office.appraisals.get(appraisal_id)
    township = _township(office, a.township_id)
    title = f"{a.kind_label}方案"
    doc = _document(office, f"{title}（{_who(a)}）")
    kit = doc.kit()
    w = doc.width
    label, text, one = kit.label, kit.text, kit.one_line
    stage_rows = [
        [
            label(s.label),
            one(date_text(s.planned_date)),
            one(date_text(s.done_date)),
            text(s.record),
        ]
        for s in a.stages
    ]
    story: list[Flowable] = [
        *kit.title(f"{township}人大主席团{title}"),
        kit.grid(
            [
                [label("评议对象"), text(_who(a)), label("年度"), one(f"{a.year}年")],
                [label("对象产生"), text(a.chosen_text), "", ""],
                [label("评议方案"), text(a.plan or " "), "", ""],
            ],
            [w * 0.2, w * 0.3, w * 0.2, w * 0.3],
            spans=[((1, 1), (3, 1)), ((1, 2), (3, 2))],
            heights=[10 * mm, 10 * mm, 40 * mm],
            top_aligned=[((1, 2), (3, 2))],
        ),
        Spacer(1, 3 * mm),
        kit.grid(
            [[label("环节"), label("计划时间"), label("完成时间"), label("工作内容")], *stage_rows],
            [w * 0.14, w * 0.23, w * 0.23, w * 0.4],
            header_rows=1,
            heights=[9 * mm] + [12 * mm] * len(stage_rows),
        ),
        Spacer(1, 8 * mm),
        kit.line("", f"{township}人大主席团（盖章）"),
        kit.line("", blank_date()),
    ]
    return doc.build(story, kit=kit)
