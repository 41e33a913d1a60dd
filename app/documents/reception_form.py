"""选民接待登记表: one reception of voters at a liaison station, A4 portrait: when, where,
the deputies on duty, then each visitor with what they raised and how it was handled.

The form is the station's record, so visitors' phone numbers print in full."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from app.core import dates
from app.documents.base import SMALL_SIZE, Document, Kit, PdfResult, yes_no
from app.documents.fonts import office_font_set
from app.duties.receptions import Reception

if TYPE_CHECKING:
    from app.office import Office

TITLE = "选民接待登记表"
ROW = 9 * mm


@dataclass(frozen=True)
class ReceptionForm:
    reception: Reception
    township: str
    deputies: tuple[str, ...]
    printed_on: str


def gather(office: Office, reception_id: int) -> ReceptionForm:
    reception = office.receptions.get(reception_id)
    names = tuple(r.name for r in office.deputies.rows(list(reception.deputy_ids)))
    township = office.townships.get(reception.township_id).name
    return ReceptionForm(reception, township, names, dates.today().isoformat())


def flowables(kit: Kit, form: ReceptionForm, width: float) -> list[Flowable]:
    r = form.reception
    label, text = kit.label, kit.text
    quarter = width / 4
    head = kit.grid(
        [
            [label("联络站（点）"), text(r.station_name), label("接待日期"),
             kit.one_line(dates.format_date(r.date))],
            [label("接待时间"), kit.one_line(r.time_label), label("来访人次"),
             kit.one_line(f"{len(r.items)} 人次")],
            [label("坐班代表"), text("、".join(form.deputies)), "", ""],
        ],
        [quarter * 0.8, quarter * 1.2, quarter * 0.8, quarter * 1.2],
        spans=[((1, 2), (3, 2))],
        heights=[ROW] * 3,
    )  # fmt: skip
    story: list[Flowable] = [
        *kit.title(f"{form.township}人大代表联络站（点）{TITLE}"),
        kit.line(f"编号：{r.id}", f"打印日期：{dates.format_date(form.printed_on)}"),
        head,
    ]
    sixth = width / 6
    for n, item in enumerate(r.items, 1):
        feedback = "，".join(
            x for x in (dates.format_date(item.feedback_date), item.feedback_way) if x
        )
        rows = [
            [label(f"来访人 {n}"), text(item.visitor_name or "（未留姓名）", align="center"),
             label("性别"), kit.one_line(item.gender_label), label("年龄"),
             kit.one_line(str(item.visitor_age or ""))],
            [label("联系方式"), kit.one_line(item.contact), label("所在村（社区）"),
             text(item.village, align="center"), "", ""],
            [label("反映的问题"), text(item.content), "", "", "", ""],
            [label("属于人大职权"), kit.one_line(yes_no(item.within_powers)), label("处理方式"),
             text(item.handling_label, align="center"), "", ""],
            [label("转交单位或代表"), text(item.forwarded_to), "", "", "", ""],
            [label("办理结果"), text(item.result), "", "", "", ""],
            [label("反馈时间及方式"), text(feedback), "", "", "", ""],
        ]  # fmt: skip
        spans = [((3, 1), (5, 1)), ((3, 3), (5, 3))]
        spans += [((1, row), (5, row)) for row in (2, 4, 5, 6)]
        story += [
            CondPageBreak(60 * mm),
            Spacer(1, 3 * mm),
            kit.grid(
                rows,
                [sixth * 1.1, sixth * 1.3, sixth * 1.0, sixth * 0.9, sixth * 0.7, sixth * 1.0],
                spans=spans,
                heights=[ROW, ROW, 22 * mm, ROW, ROW, 14 * mm, ROW],
            ),
        ]
    if not r.items:
        story += [Spacer(1, 3 * mm), text("本次坐班无选民来访。")]
    if r.note:
        story += [Spacer(1, 2 * mm), text(f"备注：{r.note}", size=SMALL_SIZE)]
    story += [Spacer(1, 4 * mm), kit.signatures(["坐班代表签名：", "登记人："])]
    return story


def reception_pdf(office: Office, reception_id: int) -> PdfResult:
    form = gather(office, reception_id)
    doc = Document(
        office_font_set(office.settings.get("print_fonts")),
        title=f"{TITLE}（{form.reception.station_name} {dates.format_date(form.reception.date)}）",
    )
    kit = doc.kit()
    return doc.build(flowables(kit, form, doc.width), kit=kit)
