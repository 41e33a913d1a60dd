"""代表基本情况登记表: one deputy's registration form, A4 portrait, with the photo.

Every field of the deputy's basic information (DOMAIN.md §2) in a ruled grid like the paper
form; empty fields print as blank cells, a missing photo as an empty photo box. The form is
the deputy's record for the file, so ID number, phone and address print in full.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.core import dates
from app.core.errors import RendaError
from app.core.progress import NO_PROGRESS, Progress
from app.deputies.deputies import Deputy
from app.deputies.township import Township
from app.documents.base import Document, Kit, PdfResult, presidium_name
from app.documents.batch import FolderResult, one_file_each, one_pdf
from app.documents.fonts import office_font_set

if TYPE_CHECKING:
    from app.office import Office

TITLE = "代表基本情况登记表"
CHECKED, UNCHECKED = "■", "□"

# Column widths of the grid (mm): label, value, label, value, label, value, photo = 174 mm.
COLUMNS = (23, 29, 21, 26, 21, 24, 30)
ROW = 10 * mm  # the least height of an ordinary row
PHOTO = (25 * mm, 35 * mm)  # a one-inch photo


@dataclass(frozen=True)
class Registration:
    """What the form prints for one deputy, read from the office."""

    deputy: Deputy
    township: Township
    term_name: str
    constituency: str
    group: str
    station: str
    photo: bytes | None
    printed_on: str


def gather(office: Office, deputy_ids: Sequence[int]) -> list[Registration]:
    """Read the deputies' forms (in the given order)."""
    today = dates.today().isoformat()
    townships: dict[int, Township] = {}
    result = []
    for deputy_id in deputy_ids:
        d = office.deputies.get(deputy_id)
        if d.township_id not in townships:
            townships[d.township_id] = office.townships.get(d.township_id)

        def name_of(table: Any, record_id: int | None) -> str:
            return table.get(record_id).name if record_id else ""

        result.append(
            Registration(
                deputy=d,
                township=townships[d.township_id],
                term_name=office.terms.get(d.term_id).name,
                constituency=name_of(office.constituencies, d.constituency_id),
                group=name_of(office.groups, d.group_id),
                station=name_of(office.stations, d.station_id),
                photo=office.deputies.photo(d.id) if d.has_photo else None,
                printed_on=today,
            )
        )
    return result


def _box(checked: bool, label: str) -> str:
    return f"{CHECKED if checked else UNCHECKED}{label}"


def title_of(r: Registration) -> str:
    if r.deputy.is_township_deputy:
        return f"{r.township.name}{r.term_name}人民代表大会{TITLE}"
    return f"{r.township.county}人民代表大会{TITLE}"


def status_text(d: Deputy) -> str:
    if d.status == "serving":
        return d.status_label
    details = "，".join(x for x in (dates.format_date(d.status_date), d.status_reason) if x)
    return f"{d.status_label}（{details}）" if details else d.status_label


def flowables(kit: Kit, r: Registration) -> list[Flowable]:
    """The form of one deputy, to place in any document."""
    d = r.deputy
    widths = [w * mm for w in COLUMNS]
    label, text, one = kit.label, kit.text, kit.one_line
    identity = "　".join(
        (
            _box(d.is_township_deputy, "乡镇人大代表"),
            _box(d.is_county_deputy, "县人大代表"),
            _box(d.is_reelected, "连任代表"),
            _box(d.is_front_line, "一线代表"),
            _box(d.is_returned_overseas, "归侨侨眷"),
            _box(d.is_credentials_member, "代表资格审查委员会委员"),
        )
    )
    rows = [
        [label("姓名"), text(d.name, align="center"), label("性别"), one(d.gender_label),
         label("民族"), text(d.ethnicity, align="center"),
         kit.photo(r.photo, *PHOTO, who=d.name)],
        [label("出生年月"), one(dates.format_month(d.birth_date)), label("籍贯"),
         text(d.native_place, align="center"), label("政治面貌"),
         text(d.political_status, align="center"), ""],
        [label("文化程度"), text(d.education, align="center"), label("代表构成"),
         text(d.category, align="center"), label("代表证号"), one(d.card_number), ""],
        [label("届次"), text(r.term_name, align="center"), label("当选日期"),
         one(dates.format_date(d.elected_date), size=9.5), label("选区"),
         text(r.constituency, align="center"), ""],
        [label("身份证号码"), one(d.id_number), "", "", label("联系电话"), one(d.phone), ""],
        [label("工作单位及职务"), text(d.unit), "", "", "", "", ""],
        [label("代表小组"), text(r.group), "", "", label("联络站"), text(r.station), ""],
        [label("代表身份"), text(identity), "", "", "", "", ""],
        [label("主席团职务"), text(d.presidium_role_label or "无"), "", "",
         label("履职状态"), text(status_text(d)), ""],
        [label("家庭住址"), text(d.address), "", "", label("邮政编码"), one(d.postcode), ""],
    ]  # fmt: skip
    wide = ((1, 5), (1, 7))
    spans = [((6, 0), (6, 3))]  # the photo
    spans += [((c, r), (6, r)) for c, r in wide]
    spans += [((1, r), (3, r)) for r in (4, 6, 8, 9)]
    spans += [((5, r), (6, r)) for r in (4, 6, 8, 9)]
    top = kit.grid(rows, widths, spans=spans, heights=[ROW] * len(rows))
    # The long texts go in a grid of their own, without spans, so that a long résumé can
    # continue on the next page (reportlab splits a row only where no cell spans).
    bottom = kit.grid(
        [
            [label("个\n人\n简\n历"), text(d.resume)],
            [label("获\n奖\n情\n况"), text(d.awards)],
            [label("备\n注"), text(d.note)],
        ],
        [widths[0], sum(widths[1:])],
        heights=[66 * mm, 24 * mm, 14 * mm],
        split_in_row=True,
        top_aligned=[((0, 0), (1, -1))],
        open_top=True,
    )
    return [
        *kit.title(title_of(r)),
        kit.line(
            f"所属乡镇：{r.township.county}{r.township.name}",
            f"打印日期：{dates.format_date(r.printed_on)}",
        ),
        top,
        bottom,
        Spacer(1, 2 * mm),
        kit.signatures(
            ["代表本人签名：", "填表人：", f"{presidium_name(r.township.name)}（盖章）"]
        ),
    ]


def _document(office: Office, title: str) -> Document:
    return Document(office_font_set(office.settings.get("print_fonts")), title=title)


def registration_pdf(
    office: Office, deputy_ids: Sequence[int], *, progress: Progress = NO_PROGRESS
) -> PdfResult:
    """The forms of these deputies in one PDF (each on its own pages)."""
    if not deputy_ids:
        raise RendaError("请先选择要打印登记表的代表")
    forms = gather(office, deputy_ids)
    title = TITLE if len(forms) > 1 else f"{TITLE}（{forms[0].deputy.name}）"
    return one_pdf(
        _document(office, title),
        forms,
        flowables,
        lambda r: r.deputy.name,
        progress=progress,
    )


def file_name(r: Registration) -> str:
    return f"{TITLE}_{r.deputy.name}"


def registration_files(
    office: Office, deputy_ids: Sequence[int], folder: Path, *, progress: Progress = NO_PROGRESS
) -> FolderResult:
    """One PDF per deputy in `folder`, named 代表基本情况登记表_姓名.pdf."""
    if not deputy_ids:
        raise RendaError("请先选择要打印登记表的代表")
    forms = gather(office, deputy_ids)
    doc = _document(office, TITLE)

    def build(r: Registration) -> PdfResult:
        kit = doc.kit()
        return doc.build([kit.section(r.deputy.name), *flowables(kit, r)], kit=kit)

    return one_file_each(folder, forms, build, file_name, progress=progress)
