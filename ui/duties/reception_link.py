"""The link from a suggestion made at a voters' reception back to that reception."""

from __future__ import annotations

from app.duties.reception_suggestions import item_of_suggestion
from app.office import Office


def reception_link(office: Office, suggestion_uuid: str) -> str:
    """' [查看接待记录]' as a link (rich text), or '' when the suggestion has none."""
    found = item_of_suggestion(office, suggestion_uuid)
    if found is None:
        return ""
    reception, _item = found
    return f" <a href='{reception.id}'>[查看接待记录]</a>"
