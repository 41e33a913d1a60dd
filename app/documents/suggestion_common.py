"""What the suggestion forms (交办单, 督办单, 征询意见表) share: the suggestion as printed,
the document in the office's fonts, and the grid of its particulars."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm

from app.core import dates
from app.core.errors import RendaError
from app.documents.base import Document, Kit
from app.documents.fonts import office_font_set
from app.suggestions.records import Event, Suggestion

if TYPE_CHECKING:
    from app.office import Office

# label, value, label, value (mm): 174 mm, the portrait page less its margins.
COLUMNS = (26, 61, 26, 61)
ROW = 10 * mm


@dataclass(frozen=True)
class Printed:
    """One suggestion as the forms print it."""

    suggestion: Suggestion
    township: str
    result_label: str  # 'A类（已解决或采纳）'
    events: tuple[Event, ...]
    printed_on: str


def gather(office: Office, suggestion_ids: Sequence[int]) -> list[Printed]:
    if not suggestion_ids:
        raise RendaError("请先选择要打印的建议")
    today = dates.today().isoformat()
    out = []
    for sid in suggestion_ids:
        s = office.suggestions.get(sid)
        label = (
            f"{s.result_class}类（{office.suggestions.class_label(s.result_class)}）"
            if s.result_class
            else ""
        )
        out.append(
            Printed(
                s,
                office.townships.get(s.township_id).name,
                label,
                tuple(office.suggestions.events(sid)),
                today,
            )
        )
    return out


def document(office: Office, title: str) -> Document:
    return Document(office_font_set(office.settings.get("print_fonts")), title=title)


def widths() -> list[float]:
    return [w * mm for w in COLUMNS]


def particulars(kit: Kit, p: Printed) -> list[list[Any]]:
    """The rows every form starts with: number, category, title, deputies, units."""
    s = p.suggestion
    label, text, one = kit.label, kit.text, kit.one_line
    return [
        [label("建议编号"), one(s.number), label("类别"), text(s.category, align="center")],
        [label("标题"), text(s.title), "", ""],
        [label("领衔代表"), text(s.lead_name, align="center"), label("附议代表"),
         text("、".join(x.name for x in s.co_signers) or "无", align="center")],
        [label("主办单位"), text(s.lead_unit_name), label("协办单位"),
         text("、".join(s.assist_unit_names) or "无")],
    ]  # fmt: skip


# Spans of the rows above (the title runs across the grid).
PARTICULAR_SPANS = [((1, 1), (3, 1))]


def span_rows(rows: Sequence[int]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """A value that runs from the second column to the last, in these rows."""
    return [((1, r), (3, r)) for r in rows]


def last_event(p: Printed, action: str) -> Event | None:
    found = [e for e in p.events if e.action == action]
    return found[-1] if found else None
