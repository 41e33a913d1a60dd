"""Schema of oversight: work appraisals and officials' duty appraisals with their stages,
the session's vote choosing what to appraise, the 测评 tallies, and the opinions followed
to the end (review opinions of sessions and presidium meetings, opinions of inspections,
an appraisal's rectification)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.db.migration_set import MigrationSet
from app.db.sql import run_script

if TYPE_CHECKING:
    from sqlite_utils import Database

migrations = MigrationSet("renda.oversight")

_NOW = "(strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))"


@migrations()
def m001_oversight(db: Database) -> None:
    run_script(
        db,
        f"""
        CREATE TABLE appraisals (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            township_id INTEGER NOT NULL REFERENCES townships (id),
            kind TEXT NOT NULL DEFAULT 'work' CHECK (kind IN ('work', 'duty')),
            year INTEGER NOT NULL,
            subject TEXT NOT NULL CHECK (subject <> ''),
            post TEXT NOT NULL DEFAULT '',
            vote_meeting_id INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
            votes_for INTEGER,
            votes_total INTEGER,
            plan TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            closed_date TEXT NOT NULL DEFAULT '',
            verdict TEXT NOT NULL DEFAULT ''
                CHECK (verdict IN ('', 'done', 'partly', 'not_done')),
            closing_note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT {_NOW},
            updated_at TEXT NOT NULL DEFAULT {_NOW}
        );
        CREATE INDEX appraisals_township_year ON appraisals (township_id, year);

        CREATE TABLE appraisal_stages (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            appraisal_id INTEGER NOT NULL REFERENCES appraisals (id) ON DELETE CASCADE,
            stage TEXT NOT NULL
                CHECK (stage IN ('mobilize', 'survey', 'review', 'rating', 'rectify')),
            planned_date TEXT NOT NULL DEFAULT '',
            done_date TEXT NOT NULL DEFAULT '',
            record TEXT NOT NULL DEFAULT '',
            meeting_id INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
            UNIQUE (appraisal_id, stage)
        );

        -- Activities of the survey (inspections, visits, collected opinions): the
        -- activities' own records, linked, never copied.
        CREATE TABLE appraisal_activities (
            appraisal_id INTEGER NOT NULL REFERENCES appraisals (id) ON DELETE CASCADE,
            activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
            PRIMARY KEY (appraisal_id, activity_id)
        );
        CREATE INDEX appraisal_activities_activity ON appraisal_activities (activity_id);

        -- The session's vote on what to appraise (票决确定工作评议对象): each candidate
        -- office with its votes; the chosen ones become appraisals.
        CREATE TABLE appraisal_candidates (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            township_id INTEGER NOT NULL REFERENCES townships (id),
            meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
            subject TEXT NOT NULL CHECK (subject <> ''),
            votes INTEGER NOT NULL CHECK (votes >= 0),
            appraisal_id INTEGER REFERENCES appraisals (id) ON DELETE SET NULL,
            UNIQUE (meeting_id, subject)
        );

        -- A satisfaction ballot (测评): ballots issued and returned, the count of each rating.
        CREATE TABLE ratings (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            township_id INTEGER NOT NULL REFERENCES townships (id),
            appraisal_id INTEGER UNIQUE REFERENCES appraisals (id) ON DELETE CASCADE,
            date TEXT NOT NULL CHECK (date <> ''),
            place TEXT NOT NULL DEFAULT '',
            issued INTEGER NOT NULL CHECK (issued > 0),
            returned INTEGER NOT NULL CHECK (returned >= 0 AND returned <= issued),
            satisfied INTEGER NOT NULL DEFAULT 0 CHECK (satisfied >= 0),
            basic INTEGER NOT NULL DEFAULT 0 CHECK (basic >= 0),
            unsatisfied INTEGER NOT NULL DEFAULT 0 CHECK (unsatisfied >= 0),
            -- The result as announced, under the shares set when it was counted.
            result TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            CHECK (satisfied + basic + unsatisfied <= returned)
        );

        -- One opinion followed to the end: sent → deadline → feedback → check → verdict.
        CREATE TABLE oversight_opinions (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            township_id INTEGER NOT NULL REFERENCES townships (id),
            source TEXT NOT NULL
                CHECK (source IN ('meeting', 'activity', 'appraisal', 'project', 'other')),
            meeting_id INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
            activity_id INTEGER REFERENCES activities (id) ON DELETE SET NULL,
            appraisal_id INTEGER REFERENCES appraisals (id) ON DELETE CASCADE,
            -- Supervision of a livelihood project the session voted (民生实事项目).
            project_id INTEGER REFERENCES livelihood_projects (id) ON DELETE SET NULL,
            topic TEXT NOT NULL CHECK (topic <> ''),
            content TEXT NOT NULL CHECK (content <> ''),
            recipient TEXT NOT NULL DEFAULT '',
            sent_date TEXT NOT NULL DEFAULT '',
            deadline TEXT NOT NULL DEFAULT '',
            feedback_date TEXT NOT NULL DEFAULT '',
            feedback TEXT NOT NULL DEFAULT '',
            check_date TEXT NOT NULL DEFAULT '',
            check_note TEXT NOT NULL DEFAULT '',
            closed_date TEXT NOT NULL DEFAULT '',
            verdict TEXT NOT NULL DEFAULT ''
                CHECK (verdict IN ('', 'done', 'partly', 'not_done')),
            reported_meeting_id INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
            created_at TEXT NOT NULL DEFAULT {_NOW},
            updated_at TEXT NOT NULL DEFAULT {_NOW}
        );
        CREATE INDEX oversight_opinions_township ON oversight_opinions (township_id, sent_date);
        CREATE INDEX oversight_opinions_appraisal ON oversight_opinions (appraisal_id);
        CREATE INDEX oversight_opinions_meeting ON oversight_opinions (meeting_id);
        """,
    )


@migrations()
def m002_appraisal_receptions(db: Database) -> None:
    run_script(
        db,
        """
        -- Receptions of voters (接待选民) whose opinions the survey collected: the
        -- receptions' own records, linked as the activities are.
        CREATE TABLE appraisal_receptions (
            appraisal_id INTEGER NOT NULL REFERENCES appraisals (id) ON DELETE CASCADE,
            reception_id INTEGER NOT NULL REFERENCES receptions (id) ON DELETE CASCADE,
            PRIMARY KEY (appraisal_id, reception_id)
        );
        CREATE INDEX appraisal_receptions_reception ON appraisal_receptions (reception_id);
        """,
    )
