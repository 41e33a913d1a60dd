"""坐班安排表: a liaison station's duty roster of a month, A4 portrait, to post on the
station's board as a public notice: the days, the deputies on duty with their phones
(masked unless the clerk asks for them in full), the hours and where to find them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.units import mm

from app.core import dates
from app.core.errors import RendaError
from app.core.validate import mask_phone
from app.documents.base import BODY_SIZE, Document, PdfResult
from app.documents.fonts import office_font_set
from app.plans.roster import DutyCycle, DutyDay

if TYPE_CHECKING:
    from app.office import Office

COLUMNS: tuple[tuple[str, float], ...] = (
    ("坐班日期", 36),
    ("农历", 24),
    ("星期", 18),
    ("坐班代表", 48),
    ("联系电话", 44),
)


@dataclass(frozen=True)
class RosterSheet:
    title: str
    station: str
    place: str
    cycle: DutyCycle
    days: tuple[DutyDay, ...]
    phones: dict[int, str]
    township: str
    printed_on: str


def gather(
    office: Office, station_id: int, year: int, month: int, *, reveal: bool | None = None
) -> RosterSheet:
    station = office.stations.get(station_id)
    days = tuple(office.duty_roster.month(station_id, year, month))
    if not days:
        raise RendaError(f"{station.name}{year}年{month}月还没有排班，请先排班再打印")
    if reveal is None:
        reveal = not office.settings.get("mask_sensitive")
    ids = sorted({i for d in days for i in d.deputy_ids})
    phones = {r.id: (r.phone if reveal else mask_phone(r.phone)) for r in office.deputies.rows(ids)}
    township = office.township.name if office.township else ""
    return RosterSheet(
        f"{station.name}代表坐班安排表",
        station.name,
        station.address or station.village,
        office.duty_roster.cycle(station_id),
        days,
        phones,
        township,
        dates.today().isoformat(),
    )


def _cycle_text(cycle: DutyCycle) -> str:
    """'逢农历一、四、七（即农历初一、初四……），遇周末不坐班' as a notice says it."""
    if cycle.kind != "market":
        return cycle.label
    weekends = "，遇周末不坐班" if cycle.workdays_only else ""
    return f"{cycle.label.split('（')[0]}（{cycle.understood}）{weekends}"


def duty_roster_pdf(
    office: Office, station_id: int, year: int, month: int, *, reveal: bool | None = None
) -> PdfResult:
    sheet = gather(office, station_id, year, month, reveal=reveal)
    doc = Document(
        office_font_set(office.settings.get("print_fonts")),
        title=sheet.title,
        orientation="portrait",
        numbers="auto",
        footer=f"打印日期：{dates.format_date(sheet.printed_on)}",
    )
    kit = doc.kit()
    header = [kit.label(name) for name, _w in COLUMNS]
    body = []
    for day in sheet.days:
        body.append(
            [
                kit.one_line(dates.format_date(day.date)),
                kit.text(day.lunar_label, align="center"),
                kit.text(day.weekday_label, align="center"),
                kit.text("\n".join(day.names), align="center"),
                kit.text(
                    "\n".join(sheet.phones.get(i, "") for i in day.deputy_ids), align="center"
                ),
            ]
        )
    grid = kit.grid(
        [header, *body],
        [w * mm for _n, w in COLUMNS],
        heights=[9 * mm] + [11 * mm] * len(body),
        repeat_rows=1,
        header_rows=1,
    )
    # The hours and the place on a line of their own, so "09:00" is never split.
    hours = f"坐班时间：{sheet.cycle.hours_label}" if sheet.cycle.hours_label else ""
    where = f"地点：{sheet.place}" if sheet.place else ""
    when_where = "　".join(x for x in (hours, where) if x)
    story = [
        *kit.title(sheet.title, f"（{sheet.days[0].date[:4]}年{int(sheet.days[0].date[5:7])}月）"),
        kit.text(f"坐班日：{_cycle_text(sheet.cycle)}。", size=BODY_SIZE),
        *([kit.text(when_where + "。", size=BODY_SIZE)] if when_where else []),
        grid,
        kit.text(
            "欢迎选民在坐班日前来反映意见和建议；坐班代表因故不能到岗的，由联络站另行安排。",
            size=BODY_SIZE,
        ),
        kit.signatures([f"{sheet.township}人大主席团"]),
    ]
    return doc.build(story, kit=kit)
