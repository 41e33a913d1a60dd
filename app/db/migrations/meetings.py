"""Schema of meetings: congress sessions, presidium meetings, group activities and other
meetings, with their agenda, attendance, resolutions and the livelihood-project vote."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.db.migration_set import MigrationSet
from app.db.sql import run_script

if TYPE_CHECKING:
    from sqlite_utils import Database

migrations = MigrationSet("renda.meetings")

_NOW = "(strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))"


@migrations()
def m001_meetings(db: Database) -> None:
    run_script(
        db,
        f"""
        CREATE TABLE meetings (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            township_id INTEGER NOT NULL REFERENCES townships (id),
            term_id INTEGER NOT NULL REFERENCES terms (id),
            kind TEXT NOT NULL CHECK (kind IN ('session', 'presidium', 'group', 'other')),
            number INTEGER NOT NULL DEFAULT 0,
            group_id INTEGER REFERENCES deputy_groups (id) ON DELETE SET NULL,
            title TEXT NOT NULL CHECK (title <> ''),
            start_date TEXT NOT NULL CHECK (start_date <> ''),
            start_time TEXT NOT NULL DEFAULT '',
            end_date TEXT NOT NULL DEFAULT '',
            end_time TEXT NOT NULL DEFAULT '',
            place TEXT NOT NULL DEFAULT '',
            chair TEXT NOT NULL DEFAULT '',
            recorder TEXT NOT NULL DEFAULT '',
            minutes TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held')),
            quorum_note TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT {_NOW},
            updated_at TEXT NOT NULL DEFAULT {_NOW}
        );
        CREATE UNIQUE INDEX meetings_numbered ON meetings (term_id, kind, number)
            WHERE kind IN ('session', 'presidium');
        CREATE INDEX meetings_township_date ON meetings (township_id, start_date);
        CREATE INDEX meetings_group ON meetings (group_id, start_date);

        CREATE TABLE meeting_agenda (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            title TEXT NOT NULL CHECK (title <> ''),
            presenter TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX meeting_agenda_meeting ON meeting_agenda (meeting_id, position);

        -- One row per person expected or attending: a deputy (deputy_id) or a non-voting
        -- attendee who is not a deputy of this congress (列席: name and unit).
        CREATE TABLE meeting_attendance (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
            deputy_id INTEGER REFERENCES deputies (id) ON DELETE CASCADE,
            name TEXT NOT NULL DEFAULT '',
            unit TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT ''
                CHECK (status IN ('', 'present', 'leave', 'absent', 'observer')),
            leave_kind TEXT NOT NULL DEFAULT '',
            leave_reason TEXT NOT NULL DEFAULT '',
            leave_approved_by TEXT NOT NULL DEFAULT '',
            leave_date TEXT NOT NULL DEFAULT '',
            CHECK ((deputy_id IS NULL) = (status = 'observer')),
            UNIQUE (meeting_id, deputy_id)
        );
        CREATE INDEX meeting_attendance_deputy ON meeting_attendance (deputy_id, status);
        CREATE INDEX meeting_attendance_meeting
            ON meeting_attendance (meeting_id, status, deputy_id);

        CREATE TABLE meeting_resolutions (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL DEFAULT '决议' CHECK (kind IN ('决议', '决定')),
            title TEXT NOT NULL CHECK (title <> ''),
            text TEXT NOT NULL DEFAULT '',
            votes_for INTEGER NOT NULL CHECK (votes_for >= 0),
            votes_against INTEGER NOT NULL CHECK (votes_against >= 0),
            votes_abstain INTEGER NOT NULL CHECK (votes_abstain >= 0),
            passed INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX meeting_resolutions_meeting ON meeting_resolutions (meeting_id, position);

        -- 民生实事项目票决: the vote at a session, its candidates, then the progress of
        -- the elected projects and the deputies' year-end rating.
        CREATE TABLE project_votes (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            township_id INTEGER NOT NULL REFERENCES townships (id),
            meeting_id INTEGER NOT NULL UNIQUE REFERENCES meetings (id) ON DELETE CASCADE,
            year INTEGER NOT NULL,
            places INTEGER NOT NULL CHECK (places > 0),
            voters INTEGER NOT NULL DEFAULT 0,
            voted INTEGER NOT NULL DEFAULT 0,
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE livelihood_projects (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            vote_id INTEGER NOT NULL REFERENCES project_votes (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL CHECK (name <> ''),
            investment REAL NOT NULL DEFAULT 0 CHECK (investment >= 0),
            description TEXT NOT NULL DEFAULT '',
            planned_completion TEXT NOT NULL DEFAULT '',
            lead_unit TEXT NOT NULL DEFAULT '',
            votes INTEGER CHECK (votes IS NULL OR votes >= 0),
            rank INTEGER,
            elected INTEGER NOT NULL DEFAULT 0,
            progress_status TEXT NOT NULL DEFAULT '',
            percent_done INTEGER NOT NULL DEFAULT 0 CHECK (percent_done BETWEEN 0 AND 100),
            completed_date TEXT NOT NULL DEFAULT '',
            rating_satisfied INTEGER,
            rating_basic INTEGER,
            rating_unsatisfied INTEGER,
            rating_date TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX livelihood_projects_vote ON livelihood_projects (vote_id, position);
        CREATE TABLE project_progress (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            project_id INTEGER NOT NULL REFERENCES livelihood_projects (id) ON DELETE CASCADE,
            date TEXT NOT NULL,
            status TEXT NOT NULL,
            percent INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX project_progress_project ON project_progress (project_id, date);
        """,
    )
