"""代表履职情况公示 (代表法 art. 58: the presidium publishes its deputies' basic and duty
information): for the noticeboard of the township or of one liaison station, each deputy's
basic information and duty record for the year — meetings attended, activities, suggestions,
receptions of voters, reports to voters, awards — counted from the same entries as the
deputy's yearly file (一人一档). Sensitive fields (ID number, phone, address, exact birth
date) are never printed. A4 landscape, 以姓氏笔画为序."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.units import mm

from app.core import dates
from app.core.errors import NotFound, RendaError, ValidationError
from app.core.progress import NO_PROGRESS, Progress
from app.deputies.deputies import Deputy, DeputyQuery
from app.documents.base import SMALL_SIZE, Document, PdfResult
from app.documents.fonts import office_font_set
from app.duties.year_file import FileEntry, part_sources

if TYPE_CHECKING:
    from app.office import Office

TITLE = "代表履职情况公示"
# (heading, width in mm); 261 mm is the landscape page less its margins.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 9),
    ("姓名", 16),
    ("性别", 9),
    ("民族", 13),
    ("出生年月", 16),
    ("政治面貌", 20),
    ("工作单位及职务", 46),
    ("选区", 22),
    ("出席会议\n（出席/应出席）", 22),
    ("参加活动\n（次）", 16),
    ("提出建议\n（件）", 16),
    ("坐班接待\n选民（次）", 17),
    ("向选民\n述职（次）", 16),
    ("获得表彰\n（项）", 16),
)
# The fields a public notice leaves out (DESIGN.md: sensitive fields are never published).
LEFT_OUT = ("id_number", "phone", "address", "postcode")


@dataclass(frozen=True)
class NoticeLine:
    deputy_id: int
    name: str
    gender: str
    ethnicity: str
    birth_month: str  # 1975年3月
    political_status: str
    unit: str
    constituency: str
    meetings_present: int  # congress sessions and presidium meetings (part ② of the file)
    meetings_expected: int
    activities: int  # every activity taken part in, and the group activities attended
    suggestions: int  # led or co-signed (part ⑥)
    receptions: int  # on duty at a liaison station (part ⑦)
    reports: int  # to the voters (part ⑦)
    awards: int  # part ⑧


@dataclass(frozen=True)
class PublicNotice:
    title: str
    intro: str
    year: int
    township: str
    lines: tuple[NoticeLine, ...]
    issued_on: str


def notice_line(office: Office, deputy: Deputy, year: int) -> NoticeLine:
    """One deputy's line, counted from the entries of the yearly file."""
    entries: list[FileEntry] = [e for s in part_sources() for e in s(office, deputy, year)]

    def part(number: int) -> list[FileEntry]:
        return [e for e in entries if e.part == number]

    meetings = part(2)
    visits = part(7)
    constituency = ""
    if deputy.constituency_id:
        try:
            constituency = office.constituencies.get(deputy.constituency_id).name
        except NotFound:
            constituency = ""
    return NoticeLine(
        deputy_id=deputy.id,
        name=deputy.name,
        gender=deputy.gender_label,
        ethnicity=deputy.ethnicity,
        birth_month=dates.format_date(deputy.birth_date[:7]),
        political_status=deputy.political_status,
        unit=deputy.unit,
        constituency=constituency,
        meetings_present=sum(e.text.endswith("：出席") for e in meetings),
        meetings_expected=len(meetings),
        # Every activity the deputy took part in (inspections … visits to voters), and the
        # group activities attended (part ⑤ lists those expected, present or not).
        activities=sum(e.record_kind == "activity" for e in entries)
        + sum(e.record_kind == "meeting" and e.text.endswith("：出席") for e in part(5)),
        suggestions=len(part(6)),
        receptions=sum(e.record_kind == "reception" for e in visits),
        reports=sum(e.record_kind == "voter_report" for e in visits),
        awards=len(part(8)),
    )


def gather(
    office: Office,
    year: int,
    *,
    station_id: int | None = None,
    progress: Progress = NO_PROGRESS,
) -> PublicNotice:
    """The serving township deputies of the current term (of one station if given)."""
    if office.mode != "township":
        raise RendaError("履职情况公示由乡镇人大主席团发布：请在乡镇的数据库中打印")
    if not 1949 <= int(year) <= 2200:
        raise ValidationError({"year": f"“{year}”不是有效的年度，请写四位年份，如 2026"})
    township = office.township
    place = township.name if township else ""
    where = ""
    if station_id is not None:
        try:
            where = office.stations.get(station_id).name
        except NotFound:
            raise ValidationError(
                {"station": f"找不到编号为 {station_id} 的联络站，请在“基础数据”中查看"}
            ) from None
    query = DeputyQuery(
        term_id=office.current_term_id(),
        status="active",
        level="township",
        station_id=station_id,
        sort="strokes",
    )
    ids = office.deputies.search(query)
    lines = []
    for n, deputy_id in enumerate(ids):
        progress.report(n, len(ids), "正在统计代表履职情况")
        lines.append(notice_line(office, office.deputies.get(deputy_id), year))
    who = f"{where}的" if where else ""
    intro = (
        f"根据《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》第五十八条的规定，"
        f"现将{who}{place}人大代表{year}年度履职情况予以公示。公示期间，选民对代表履职有意见"
        f"和建议的，可以向{place}人民代表大会主席团反映。"
    )
    title = f"{place}人民代表大会代表{year}年度履职情况公示"
    return PublicNotice(title, intro, year, place, tuple(lines), dates.today().isoformat())


def public_notice_pdf(
    office: Office,
    year: int,
    *,
    station_id: int | None = None,
    progress: Progress = NO_PROGRESS,
) -> PdfResult:
    notice = gather(office, year, station_id=station_id, progress=progress)
    if not notice.lines:
        raise RendaError("没有在任的乡镇人大代表，公示表为空。请检查联络站或届次。")
    doc = Document(
        office_font_set(office.settings.get("print_fonts")),
        title=notice.title,
        orientation="landscape",
        numbers="auto",
    )
    kit = doc.kit()
    size = SMALL_SIZE

    def cell(value: object) -> object:
        return kit.text(str(value), align="center", size=size)

    header = [kit.label(name, size=size) for name, _w in COLUMNS]
    body = [
        [
            cell(i),
            cell(x.name),
            cell(x.gender),
            cell(x.ethnicity),
            kit.one_line(x.birth_month, size=size),
            cell(x.political_status),
            kit.text(x.unit, size=size),
            cell(x.constituency),
            cell(f"{x.meetings_present}/{x.meetings_expected}"),
            cell(x.activities),
            cell(x.suggestions),
            cell(x.receptions),
            cell(x.reports),
            cell(x.awards),
        ]
        for i, x in enumerate(notice.lines, 1)
    ]
    grid = kit.grid(
        [header, *body],
        [w * mm for _name, w in COLUMNS],
        heights=[11 * mm] + [6.5 * mm] * len(body),
        repeat_rows=1,
        header_rows=1,
    )
    story = [
        *kit.title(notice.title),
        kit.text(notice.intro),
        kit.line("", f"共 {len(notice.lines)} 名，以姓氏笔画为序"),
        grid,
        kit.text(
            "说明：出席会议指本年度召开的人民代表大会会议和主席团会议等（代表小组活动计入参加活动）；"
            "参加活动含视察、调研、执法检查、工作评议、学习培训、走访选民和出席的代表小组活动；提出建议含领衔和附议。",
            size=size,
        ),
        kit.line(
            "",
            f"{notice.township}人民代表大会主席团\n{dates.format_date(notice.issued_on)}",
        ),
    ]
    return doc.build(story, kit=kit)
