"""Open the record a line of the duty score or of the yearly file came from."""

from __future__ import annotations

from ui.context import AppContext

# record kind (ScoreEvent.record_kind, FileEntry.record_kind) -> the page that shows it.
# Areas whose records earn points add theirs (meetings, suggestions …).
RECORD_PAGES = {
    "activity": "activities",
    "reception": "receptions",
    "voter_report": "reports",
    "suggestion": "suggestions",
    "meeting": "meetings",
}
# Kinds whose record id is a deputy's: their file opens.
DEPUTY_RECORDS = {"deputy_awards"}


def open_trace(context: AppContext, record_kind: str, record_id: int | None) -> bool:
    if record_id is None:
        return False
    if record_kind in DEPUTY_RECORDS:
        context.open_deputy(record_id)
        return True
    page = RECORD_PAGES.get(record_kind)
    if page is None:
        return False
    context.open_record(page, record_id)
    return True
