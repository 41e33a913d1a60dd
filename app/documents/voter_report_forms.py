"""述职测评票 and 述职测评结果: the anonymous ballot voters fill in after a deputy's report
to them (three to an A4 page, to cut apart), and the result announced on the spot."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.core import dates
from app.documents.base import (
    SMALL_SIZE,
    Document,
    Kit,
    PdfResult,
    blank_date,
    draw_runs,
    presidium_name,
)
from app.documents.fonts import office_font_set
from app.duties.voter_reports import VoterReport

if TYPE_CHECKING:
    from app.office import Office

BALLOT = "述职测评票"
RESULT = "述职测评结果"
BALLOTS_PER_PAGE = 3


class CutLine(Flowable):
    """A dashed line across the page, with 沿虚线剪开 in its middle."""

    def __init__(self, chain: tuple[str, ...]) -> None:
        super().__init__()
        self.chain = chain
        self._width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._width = avail_width
        return avail_width, 8 * mm

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor("#888888"))
        canvas.setDash(3, 3)
        canvas.line(0, 4 * mm, self._width, 4 * mm)
        canvas.restoreState()
        canvas.setFillColor(colors.white)
        canvas.rect(self._width / 2 - 18 * mm, 2.5 * mm, 36 * mm, 3.5 * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.HexColor("#666666"))
        draw_runs(canvas, self._width / 2, 3 * mm, "（沿虚线剪开）", self.chain, 8, align="center")


@dataclass(frozen=True)
class Ballot:
    township: str
    deputy: str
    date: str
    place: str


def _ballot(kit: Kit, b: Ballot, width: float) -> list[Flowable]:
    when = dates.format_date(b.date) if b.date else blank_date()
    options = "□ 满意　　　　□ 基本满意　　　　□ 不满意"
    grid = kit.grid(
        [
            [kit.label("述职代表"), kit.text(b.deputy, align="center"), kit.label("述职时间"),
             kit.one_line(when)],
            [kit.label("述职地点"), kit.text(b.place or " "), "", ""],
            [kit.label("测评意见"), kit.text(options, align="center"), "", ""],
            [kit.label("意见和建议"), kit.text(" "), "", ""],
        ],
        [width * 0.16, width * 0.3, width * 0.16, width * 0.38],
        spans=[((1, 1), (3, 1)), ((1, 2), (3, 2)), ((1, 3), (3, 3))],
        heights=[9 * mm, 9 * mm, 11 * mm, 20 * mm],
    )  # fmt: skip
    return [
        *kit.title(f"{b.township}人大代表向选民{BALLOT}", size=15),
        grid,
        Spacer(1, 1.5 * mm),
        kit.text(
            "说明：本票不记名。请在您同意的测评意见前的“□”内划“√”，只能划一个；"
            "多划或不划的为无效票。",
            size=SMALL_SIZE,
        ),
    ]


def ballot_pdf(office: Office, deputy_id: int, *, report_id: int | None = None) -> PdfResult:
    """Ballots for voters rating this deputy's report (date and place from the report,
    when it is recorded already; blank lines otherwise)."""
    deputy = office.deputies.get(deputy_id)
    report = office.voter_reports.get(report_id) if report_id else None
    township = office.townships.get(deputy.township_id).name
    ballot = Ballot(township, deputy.name, report.date if report else "",
                    report.place if report else "")  # fmt: skip
    doc = Document(
        office_font_set(office.settings.get("print_fonts")),
        title=f"{BALLOT}（{deputy.name}）",
        numbers="never",
        margin=14 * mm,
    )
    kit = doc.kit()
    story: list[Flowable] = []
    for n in range(BALLOTS_PER_PAGE):
        if n:
            story += [Spacer(1, 3 * mm), CutLine(kit.fonts.body), Spacer(1, 4 * mm)]
        story += _ballot(kit, ballot, doc.width)
    return doc.build(story, kit=kit)


def _result(kit: Kit, r: VoterReport, township: str, width: float) -> list[Flowable]:
    approval = f"{r.approval:.1%}" if r.approval is not None else "—"
    invalid = max(r.voters_present - r.ballots, 0)
    rows = [
        [kit.label("述职代表"), kit.text(r.deputy_name, align="center"), kit.label("述职日期"),
         kit.one_line(dates.format_date(r.date))],
        [kit.label("述职地点"), kit.text(r.place), "", ""],
        [kit.label("到会选民"), kit.one_line(f"{r.voters_present} 人"), kit.label("有效测评票"),
         kit.one_line(f"{r.ballots} 张")],
        [kit.label("满意"), kit.one_line(f"{r.satisfied} 票"), kit.label("基本满意"),
         kit.one_line(f"{r.basically_satisfied} 票")],
        [kit.label("不满意"), kit.one_line(f"{r.unsatisfied} 票"), kit.label("未投或无效"),
         kit.one_line(f"{invalid} 张")],
        [kit.label("满意率"), kit.one_line(approval), kit.label("测评结果"),
         kit.text(r.result or r.verdict, align="center")],
        [kit.label("备注"), kit.text(r.note), "", ""],
    ]  # fmt: skip
    grid = kit.grid(
        rows,
        [width * 0.18, width * 0.32, width * 0.18, width * 0.32],
        spans=[((1, 1), (3, 1)), ((1, 6), (3, 6))],
        heights=[10 * mm] * 6 + [24 * mm],
    )
    return [
        *kit.title(f"{township}人大代表向选民{RESULT}"),
        grid,
        Spacer(1, 2 * mm),
        kit.text(
            "满意率 =（满意票 + 基本满意票）÷ 有效测评票。测评结果已当场向选民宣布。",
            size=SMALL_SIZE,
        ),
        Spacer(1, 4 * mm),
        kit.signatures(["计票人：", "监票人：", f"{presidium_name(township)}（盖章）"]),
    ]


def report_result_pdf(office: Office, report_id: int) -> PdfResult:
    report = office.voter_reports.get(report_id)
    township = office.townships.get(report.township_id).name
    doc = Document(
        office_font_set(office.settings.get("print_fonts")),
        title=f"{RESULT}（{report.deputy_name}）",
    )
    kit = doc.kit()
    return doc.build(_result(kit, report, township, doc.width), kit=kit)
