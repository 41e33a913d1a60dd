"""The areas, assembled: what each area contributes to the collectors that span them.

A collector lives in the kernel or in one area and never imports the others; each area
writes its contributions in its own package, and this module lists them, in the order they
are shown. A new area adds its lines here (docs/ARCHITECTURE.md, "How to add an area").
The county's comparison lists its figures in app/county/figures.py and the duty score its
sources in app/duties/scoring.py, since both already sit above the areas they read."""

from __future__ import annotations

from app.core.reminders import Source
from app.deputies.reminders import deputy_record_reminders, term_reminders
from app.duties.reminders import station_reminders, voter_report_reminders
from app.meetings.reminders import meeting_reminders
from app.oversight.reminders import oversight_reminders
from app.suggestions.reminders import suggestion_reminders


def reminder_sources() -> list[Source]:
    """Every area's reminders for the home page (工作台), in the order they are listed."""
    return [
        term_reminders,
        deputy_record_reminders,
        meeting_reminders,
        suggestion_reminders,
        voter_report_reminders,
        oversight_reminders,
        station_reminders,
    ]
