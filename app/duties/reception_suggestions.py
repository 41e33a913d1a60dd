"""A voter's problem raised at a reception, made into a deputy's suggestion (处理方式：形成代表
建议): the suggestion is registered (source 接待选民转化) and the reception item points at it,
in one transaction; each side finds the other."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core import dates
from app.core.errors import NotFound, ValidationError
from app.duties.receptions import Reception, ReceptionItem

if TYPE_CHECKING:
    from app.office import Office
    from app.suggestions.records import Suggestion


@dataclass(frozen=True)
class Draft:
    """What the suggestion dialog starts from."""

    lead_deputy_id: int | None
    title: str
    content: str
    source_note: str
    received_date: str


def source_note(reception: Reception, item: ReceptionItem) -> str:
    """'3月5日桃源村代表联络点接待选民时赵𠮷反映' (the year is the suggestion's own)."""
    day = dates.as_date(reception.date)
    who = item.visitor_name or "群众"
    return f"{day.month}月{day.day}日{reception.station_name}接待选民时{who}反映"


def draft(office: Office, item_id: int) -> Draft:
    reception, item = office.receptions.item(item_id)
    # The first clause of the voter's words, as a start for the clerk's title.
    words = re.split(r"[，。！？；,.!?;]", item.content.strip())[0]
    short = words[:20] + ("……" if len(words) > 20 else "")
    place = f"（{item.village}）" if item.village else ""
    content = (
        f"{dates.format_date(reception.date)}，{item.visitor_name or '群众'}{place}"
        f"在{reception.station_name}反映：“{item.content}”"
    )
    return Draft(
        lead_deputy_id=reception.deputy_ids[0] if reception.deputy_ids else None,
        title=f"关于{short}的建议",
        content=content,
        source_note=source_note(reception, item),
        received_date=dates.today().isoformat(),
    )


def make_suggestion(
    office: Office,
    item_id: int,
    *,
    lead_deputy_id: int,
    title: str,
    category: str,
    co_signer_ids: list[int] | tuple[int, ...] = (),
    content: str | None = None,
    proposal: str = "",
    received_date: str = "",
) -> Suggestion:
    """Register the suggestion and mark the item handled by it, or change nothing."""
    reception, item = office.receptions.item(item_id)
    if item.suggestion_uuid:
        existing = suggestion_of_item(office, item)
        number = f"（编号 {existing.number}）" if existing else ""
        raise ValidationError({"item": f"这一事项已经形成代表建议{number}，不能重复转交"})
    start = draft(office, item_id)
    with office.transaction() as db:
        suggestion = office.suggestions.register(
            lead_deputy_id=lead_deputy_id,
            co_signer_ids=list(co_signer_ids),
            title=title,
            category=category,
            content=start.content if content is None else content,
            proposal=proposal,
            source="reception",
            source_note=start.source_note,
            received_date=received_date or start.received_date,
            township_id=reception.township_id,
        )
        lead = office.deputies.get(suggestion.lead_deputy_id).name
        db.execute(
            "UPDATE reception_items SET handling = 'suggestion', forwarded_to = ?,"
            " suggestion_uuid = ? WHERE id = ?",
            [f"{lead}（建议 {suggestion.number}）", suggestion.uuid, item.id],
        )
    return suggestion


def suggestion_of_item(office: Office, item: ReceptionItem) -> Suggestion | None:
    if not item.suggestion_uuid:
        return None
    row = office.db.execute(
        "SELECT id FROM suggestions WHERE uuid = ?", [item.suggestion_uuid]
    ).fetchone()
    return office.suggestions.get(row[0]) if row else None


def item_of_suggestion(
    office: Office, suggestion_uuid: str
) -> tuple[Reception, ReceptionItem] | None:
    """The reception (and the visitor's item) a suggestion was made from, if any."""
    row = office.db.execute(
        "SELECT id FROM reception_items WHERE suggestion_uuid = ?", [suggestion_uuid]
    ).fetchone()
    if row is None:
        return None
    try:
        return office.receptions.item(row[0])
    except NotFound:
        return None
