"""办理情况征询意见表: one per signing deputy (the lead and each co-signer), to rate the
handling process and the result 满意 / 基本满意 / 不满意, with comments, returned by the
date the office set. A deputy's rating already recorded for this round is printed ticked,
so the filed copy matches what was entered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.core import dates
from app.core.errors import RendaError
from app.documents.base import Kit, PdfResult, date_text, presidium_name
from app.documents.batch import one_pdf
from app.documents.suggestion_common import ROW, Printed, document, gather, widths
from app.suggestions.deadlines import iso_add_workdays
from app.suggestions.records import Rating, Reply, Signer
from app.suggestions.rules import RATINGS

if TYPE_CHECKING:
    from app.office import Office

TITLE = "代表建议办理情况征询意见表"
CHECKED, UNCHECKED = "■", "□"


@dataclass(frozen=True)
class Form:
    printed: Printed
    signer: Signer
    reply: Reply | None
    rating: Rating | None
    due: str  # the return-by date: after the reply the form asks about


def choices(chosen: str) -> str:
    return "　　".join(f"{CHECKED if code == chosen else UNCHECKED}{label}"
                      for code, label in RATINGS.items())  # fmt: skip


def flowables(kit: Kit, f: Form) -> list[Flowable]:
    p, s = f.printed, f.printed.suggestion
    label, text, one = kit.label, kit.text, kit.one_line
    role = "领衔代表" if f.signer.role == "lead" else "附议代表"
    units = s.lead_unit_name + (f"（协办：{'、'.join(s.assist_unit_names)}）"
                                if s.assist_unit_names else "")  # fmt: skip
    reply = f.reply
    rows = [
        [label("代表姓名"), text(f.signer.name, align="center"), label("身份"),
         text(role, align="center")],
        [label("建议编号"), one(s.number), label("办理次数"),
         text(f"第 {s.round} 次", align="center")],
        [label("建议标题"), text(s.title), "", ""],
        [label("承办单位"), text(units), "", ""],
        [label("答复日期"), one(date_text(reply.date if reply else "")), label("办理结果"),
         text(p.result_label, align="center")],
        [label("答复内容"), text(reply.summary if reply else ""), "", ""],
        [label("对办理过程\n的评价"), text(choices(f.rating.process if f.rating else "")), "", ""],
        [label("对办理结果\n的评价"), text(choices(f.rating.result if f.rating else "")), "", ""],
        [label("具体意见\n和建议"), text(f.rating.comment if f.rating else ""), "", ""],
    ]  # fmt: skip
    grid = kit.grid(
        rows,
        widths(),
        spans=[((1, r), (3, r)) for r in (2, 3, 5, 6, 7, 8)],
        heights=[ROW] * 5 + [36 * mm, 14 * mm, 14 * mm, 60 * mm],
        top_aligned=[((1, 5), (3, 5)), ((1, 8), (3, 8))],
    )
    back = (
        f"请于{dates.format_date(f.due)}前将本表交回{presidium_name(p.township)}。"
        if f.due
        else f"请填写后交回{presidium_name(p.township)}。"
    )
    return [
        *kit.title(TITLE, presidium_name(p.township)),
        kit.text(back + "请在所选评价前的方框内打“√”。"),
        Spacer(1, 2 * mm),
        grid,
        Spacer(1, 3 * mm),
        kit.signatures(["代表签名："]),
    ]


def forms_of(office: Office, suggestion_id: int) -> list[Form]:
    p = gather(office, [suggestion_id])[0]
    s = p.suggestion
    if not s.replied_date:
        raise RendaError(f"{s.number}还没有答复，答复后才能征询代表意见")
    replies = [r for r in office.suggestions.replies(s.id) if r.round == s.round]
    ratings = [r for r in office.suggestions.ratings(s.id) if r.round == s.round]
    workdays = int(office.settings.get("suggestion_feedback_workdays"))
    forms = []
    for signer in s.signers:
        # The form asks about the deputy's latest reply (a further reply to a B or C item
        # comes after the first was rated): its ratings are those given since, and the
        # deputy has the usual time from that reply to return it.
        theirs = sorted(
            (r for r in replies if r.deputy_id == signer.deputy_id), key=lambda r: (r.date, r.id)
        )
        reply = theirs[-1] if theirs else None
        rating = next(
            (
                r
                for r in reversed(ratings)
                if r.deputy_id == signer.deputy_id and (reply is None or r.date >= reply.date)
            ),
            None,
        )
        due = s.feedback_due
        if reply is not None and reply.date > (s.consulted_date or ""):
            due = iso_add_workdays(reply.date, workdays)
        forms.append(Form(p, signer, reply, rating, due))
    return forms


def feedback_pdf(office: Office, suggestion_ids: Sequence[int]) -> PdfResult:
    """The rating forms of these suggestions: one page for each signing deputy."""
    forms = [f for sid in suggestion_ids for f in forms_of(office, sid)]
    if not forms:
        raise RendaError("请先选择要打印征询意见表的建议")
    numbers = dict.fromkeys(f.printed.suggestion.number for f in forms)
    doc = document(office, f"{TITLE}（{'、'.join(numbers)}）")
    return one_pdf(doc, forms, flowables, lambda f: f.signer.name)
