"""The areas, assembled: what each area contributes to the collectors that span them.

A collector lives in the kernel or in one area and never imports the others; each area
writes its contributions in its own package, and this module lists them, in the order they
are shown. A new area adds its lines here (docs/ARCHITECTURE.md, "How to add an area").
The county's comparison lists its figures in app/county/figures.py and the duty score its
sources in app/duties/scoring.py, since both already sit above the areas they read; the
sources of areas above the duties' (training hours) are registered here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.duties.file_parts import register_part_source

if TYPE_CHECKING:
    from app.core.reminders import Source
    from app.deputies.deputies import Deputy
    from app.office import Office


def reminder_sources(office: Office) -> list[Source]:
    """Every area's reminders for the home page (工作台), in the order they are listed.
    Before the first roster, only the term and the roster itself: a new office is not
    told that sessions it could not hold are overdue."""
    from app.deputies.reminders import first_roster_reminder, roster_is_empty, term_reminders

    if roster_is_empty(office):
        return [term_reminders, first_roster_reminder]
    return all_reminder_sources()


def all_reminder_sources() -> list[Source]:
    """The areas' reminder modules are imported here, when the reminders are first
    collected (or loaded ahead on a thread, ui/home), not at start. Reads no database."""
    from app.deputies.reminders import deputy_record_reminders, term_reminders
    from app.duties.reminders import station_reminders, voter_report_reminders
    from app.elections.reminders import removal_reminders
    from app.exchange.reminders import offsite_backup_reminders
    from app.meetings.reminders import meeting_reminders
    from app.oversight.reminders import oversight_reminders
    from app.plans.reminders import group_plan_reminders, new_term_reminders, plan_reminders
    from app.suggestions.reminders import suggestion_reminders

    return [
        term_reminders,
        deputy_record_reminders,
        meeting_reminders,
        removal_reminders,
        suggestion_reminders,
        voter_report_reminders,
        oversight_reminders,
        station_reminders,
        offsite_backup_reminders,
        plan_reminders,
        group_plan_reminders,
        new_term_reminders,
    ]


def _training_entries(office: Office, deputy: Deputy, year: int) -> list:
    """Part ④ of the yearly file: the year's training hours (app.plans.training)."""
    from app.plans.training import training_file_entries

    return training_file_entries(office, deputy, year)


def register_file_parts() -> None:
    """Parts of the yearly file from areas above the duties' (which may not import them);
    loaded when a file is built, not at start."""
    register_part_source(_training_entries)


def register_score_sources() -> None:
    """Sources of the duty score from areas above the duties' (app.duties.scoring); the
    facade calls this before it builds its `scores` (the only reader), not at start."""
    from app.duties.scoring import register_score_source
    from app.plans.training import TRAINING_HOURS

    register_score_source(TRAINING_HOURS)


register_file_parts()
