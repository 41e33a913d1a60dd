"""代表联系卡: a card per deputy for voters — photo, name, constituency, liaison station and
how to reach the deputy — eight to an A4 page with cut lines. The deputy's own phone is
printed only when the clerk asks for it (`reveal`, with the deputy's consent); otherwise
the office's phone if given, else the masked number. No ID number, no home address."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.units import mm

from app.core.errors import NotFound, RendaError
from app.core.progress import NO_PROGRESS, Progress
from app.core.validate import mask_phone
from app.deputies.deputies import DeputyQuery
from app.documents.base import SMALL_SIZE, Document, Kit, PdfResult
from app.documents.fonts import office_font_set

if TYPE_CHECKING:
    from app.office import Office

TITLE = "代表联系卡"
CARD = (87 * mm, 54 * mm)  # two across and four down fill the A4 page inside its margins
PHOTO = (22 * mm, 30 * mm)
PER_PAGE = 8


@dataclass(frozen=True)
class Card:
    deputy_id: int
    name: str
    role: str  # 清溪镇人大代表 · 主席团成员
    constituency: str
    station: str
    station_address: str
    phone_label: str  # 联系电话 | 人大办电话
    phone: str
    photo: bytes | None


def gather(
    office: Office,
    *,
    station_id: int | None = None,
    reveal: bool = False,
    office_phone: str = "",
    progress: Progress = NO_PROGRESS,
) -> list[Card]:
    if office.mode != "township":
        raise RendaError("代表联系卡请在乡镇的数据库中打印")
    township = office.township
    place = township.name if township else ""
    query = DeputyQuery(
        term_id=office.current_term_id(),
        status="active",
        level="township",
        station_id=station_id,
        sort="strokes",
    )
    ids = office.deputies.search(query)

    def name_of(table: object, record_id: int | None) -> object | None:
        if not record_id:
            return None
        try:
            return table.get(record_id)  # type: ignore[attr-defined]
        except NotFound:
            return None

    cards = []
    for n, deputy_id in enumerate(ids):
        progress.report(n, len(ids), "正在准备代表联系卡")
        d = office.deputies.get(deputy_id)
        constituency = name_of(office.constituencies, d.constituency_id)
        station = name_of(office.stations, d.station_id)
        if reveal and d.phone:
            label, phone = "联系电话", d.phone
        elif office_phone.strip():
            label, phone = "人大办电话", office_phone.strip()
        else:
            label, phone = "联系电话", mask_phone(d.phone) if d.phone else ""
        role = f"{place}人大代表"
        if d.presidium_role_label:
            role += f" · {d.presidium_role_label}"
        cards.append(
            Card(
                deputy_id=d.id,
                name=d.name,
                role=role,
                constituency=getattr(constituency, "name", ""),
                station=getattr(station, "name", ""),
                station_address=getattr(station, "address", ""),
                phone_label=label,
                phone=phone,
                photo=office.deputies.photo(d.id) if d.has_photo else None,
            )
        )
    return cards


def _card(kit: Kit, card: Card) -> object:
    lines = [
        kit.text(card.role, size=SMALL_SIZE),
        kit.text(card.name, size=16),
        kit.text(f"选区：{card.constituency or '—'}", size=SMALL_SIZE),
        kit.text(
            f"联络站：{card.station or '—'}"
            + (f"（{card.station_address}）" if card.station_address else ""),
            size=SMALL_SIZE,
        ),
        kit.text(f"{card.phone_label}：{card.phone or '—'}", size=SMALL_SIZE),
    ]
    info = kit.table(
        [[line] for line in lines],
        [CARD[0] - PHOTO[0] - 10 * mm],
        [
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ],
    )
    inner = kit.table(
        [[kit.photo(card.photo, *PHOTO, who=card.name), info]],
        [PHOTO[0] + 4 * mm, CARD[0] - PHOTO[0] - 6 * mm],
        [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 2 * mm)],
    )
    footer = kit.text("有事找代表：欢迎到代表联络站反映意见和建议", align="center", size=7.5)
    return kit.table(
        [[inner], [footer]],
        [CARD[0]],
        [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LINEABOVE", (0, 1), (0, 1), 0.5, colors.HexColor("#b22222")),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ],
        rowHeights=[CARD[1] - 9 * mm, 9 * mm],
    )


def contact_cards_pdf(
    office: Office,
    *,
    station_id: int | None = None,
    reveal: bool = False,
    office_phone: str = "",
    progress: Progress = NO_PROGRESS,
) -> PdfResult:
    cards = gather(
        office, station_id=station_id, reveal=reveal, office_phone=office_phone, progress=progress
    )
    if not cards:
        raise RendaError("没有在任的乡镇人大代表，没有可打印的联系卡")
    doc = Document(
        office_font_set(office.settings.get("print_fonts")),
        title=TITLE,
        numbers="never",
        margin=16 * mm,
    )
    kit = doc.kit()
    cells = [_card(kit, card) for card in cards]
    if len(cells) % 2:
        cells.append("")
    rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    grid = kit.table(
        rows,
        [CARD[0] + 2 * mm] * 2,
        [
            # Dashed cut lines around every card.
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999"), None, (2, 2)),
            ("LEFTPADDING", (0, 0), (-1, -1), 1 * mm),
            ("RIGHTPADDING", (0, 0), (-1, -1), 1 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 1 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1 * mm),
        ],
        rowHeights=[CARD[1] + 2 * mm] * len(rows),
    )
    return doc.build([grid], kit=kit)
