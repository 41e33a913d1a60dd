"""A picture on an A4 landscape page with a title and the date: the 工作台's charts, printed
through the print preview like every form."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image

from app.core import dates
from app.core.errors import RendaError
from app.documents.base import Document, PdfResult
from app.documents.fonts import office_font_set

if TYPE_CHECKING:
    from app.office import Office


def picture_pdf(office: Office, png: bytes, *, title: str) -> PdfResult:
    """One page: the title, then the picture scaled to fit the rest of the page."""
    try:
        width, height = ImageReader(io.BytesIO(png)).getSize()
    except Exception as exc:  # reportlab raises plain errors for a broken image
        raise RendaError("图表图片无法读取，请刷新工作台后再打印") from exc
    doc = Document(
        office_font_set(office.settings.get("print_fonts")),
        title=title,
        orientation="landscape",
        numbers="never",
        footer=f"打印日期：{dates.format_date(dates.today().isoformat())}",
    )
    kit = doc.kit()
    heading = kit.title(title)
    room_w, room_h = doc.width, doc.height - 20 * mm  # the title takes about 20 mm
    scale = min(room_w / width, room_h / height)
    picture = Image(io.BytesIO(png), width=width * scale, height=height * scale)
    return doc.build([*heading, picture], kit=kit)
