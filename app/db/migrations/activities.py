"""Schema of the work between sessions: activities, liaison stations' checklists and
receptions, reports to voters, résumé and award entries, and the duty score rules."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from app.core.paths import data_path
from app.db.migration_set import MigrationSet
from app.db.sql import run_script

if TYPE_CHECKING:
    from sqlite_utils import Database

migrations = MigrationSet("renda.activities")


@migrations()
def m001_activities(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE activities (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            township_id INTEGER NOT NULL REFERENCES townships (id),
            kind TEXT NOT NULL CHECK (kind <> ''),
            date TEXT NOT NULL CHECK (date <> ''),
            topic TEXT NOT NULL CHECK (topic <> ''),
            place TEXT NOT NULL DEFAULT '',
            organiser_kind TEXT NOT NULL DEFAULT 'presidium'
                CHECK (organiser_kind IN ('presidium', 'group', 'other')),
            group_id INTEGER REFERENCES deputy_groups (id) ON DELETE SET NULL,
            organiser TEXT NOT NULL DEFAULT '',
            others TEXT NOT NULL DEFAULT '',
            plan TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '',
            appraised_unit TEXT NOT NULL DEFAULT '',
            appraisal_result TEXT NOT NULL DEFAULT '',
            follow_up TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
        );
        CREATE INDEX activities_township_date ON activities (township_id, date);

        CREATE TABLE activity_deputies (
            activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
            deputy_id INTEGER NOT NULL REFERENCES deputies (id) ON DELETE CASCADE,
            PRIMARY KEY (activity_id, deputy_id)
        );
        CREATE INDEX activity_deputies_deputy ON activity_deputies (deputy_id);

        CREATE TABLE station_checks (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            station_id INTEGER NOT NULL REFERENCES liaison_stations (id) ON DELETE CASCADE,
            item TEXT NOT NULL,
            done INTEGER NOT NULL DEFAULT 0,
            note TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
            UNIQUE (station_id, item)
        );

        CREATE TABLE receptions (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            township_id INTEGER NOT NULL REFERENCES townships (id),
            station_id INTEGER NOT NULL REFERENCES liaison_stations (id),
            date TEXT NOT NULL CHECK (date <> ''),
            start_time TEXT NOT NULL DEFAULT '',
            end_time TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
        );
        CREATE INDEX receptions_township_date ON receptions (township_id, date);
        CREATE INDEX receptions_station_date ON receptions (station_id, date);

        CREATE TABLE reception_deputies (
            reception_id INTEGER NOT NULL REFERENCES receptions (id) ON DELETE CASCADE,
            deputy_id INTEGER NOT NULL REFERENCES deputies (id) ON DELETE CASCADE,
            PRIMARY KEY (reception_id, deputy_id)
        );
        CREATE INDEX reception_deputies_deputy ON reception_deputies (deputy_id);

        CREATE TABLE reception_items (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            reception_id INTEGER NOT NULL REFERENCES receptions (id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            visitor_name TEXT NOT NULL DEFAULT '',
            visitor_gender TEXT NOT NULL DEFAULT '' CHECK (visitor_gender IN ('', 'M', 'F')),
            visitor_age INTEGER CHECK (visitor_age IS NULL OR visitor_age BETWEEN 1 AND 120),
            contact TEXT NOT NULL DEFAULT '',
            village TEXT NOT NULL DEFAULT '',
            content TEXT NOT NULL CHECK (content <> ''),
            within_powers INTEGER NOT NULL DEFAULT 1,
            handling TEXT NOT NULL DEFAULT 'answered',
            forwarded_to TEXT NOT NULL DEFAULT '',
            result TEXT NOT NULL DEFAULT '',
            feedback_date TEXT NOT NULL DEFAULT '',
            feedback_way TEXT NOT NULL DEFAULT '',
            suggestion_uuid TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX reception_items_reception ON reception_items (reception_id, position);

        CREATE TABLE voter_reports (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            township_id INTEGER NOT NULL REFERENCES townships (id),
            deputy_id INTEGER NOT NULL REFERENCES deputies (id) ON DELETE CASCADE,
            date TEXT NOT NULL CHECK (date <> ''),
            place TEXT NOT NULL DEFAULT '',
            voters_present INTEGER NOT NULL CHECK (voters_present > 0),
            satisfied INTEGER NOT NULL DEFAULT 0 CHECK (satisfied >= 0),
            basically_satisfied INTEGER NOT NULL DEFAULT 0 CHECK (basically_satisfied >= 0),
            unsatisfied INTEGER NOT NULL DEFAULT 0 CHECK (unsatisfied >= 0),
            result TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
            CHECK (satisfied + basically_satisfied + unsatisfied <= voters_present)
        );
        CREATE INDEX voter_reports_deputy ON voter_reports (deputy_id, date);
        CREATE INDEX voter_reports_township_date ON voter_reports (township_id, date);

        CREATE TABLE resume_entries (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            deputy_id INTEGER NOT NULL REFERENCES deputies (id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            start_date TEXT NOT NULL DEFAULT '',
            end_date TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL CHECK (text <> '')
        );
        CREATE INDEX resume_entries_deputy ON resume_entries (deputy_id, position);

        CREATE TABLE award_entries (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            deputy_id INTEGER NOT NULL REFERENCES deputies (id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            date TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL CHECK (title <> ''),
            issuer TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX award_entries_deputy ON award_entries (deputy_id, position);
        CREATE INDEX award_entries_date ON award_entries (date);

        CREATE TABLE score_rules (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            township_id INTEGER NOT NULL REFERENCES townships (id),
            event TEXT NOT NULL,
            variant TEXT NOT NULL DEFAULT '',
            points REAL NOT NULL,
            yearly_cap REAL CHECK (yearly_cap IS NULL OR yearly_cap >= 0),
            UNIQUE (township_id, event, variant)
        );

        CREATE TABLE score_policies (
            township_id INTEGER PRIMARY KEY REFERENCES townships (id),
            base REAL NOT NULL,
            maximum REAL NOT NULL,
            good_from REAL NOT NULL,
            fair_from REAL NOT NULL
        );
        """,
    )
    _seed_list(db, "station_checklist")
    _take_over_free_text(db)


def _seed_list(db: Database, key: str) -> None:
    """A reference list that arrived with this area: the core migration seeded it only in
    databases created after it shipped."""
    spec = json.loads(data_path("reference", f"{key}.json").read_text(encoding="utf-8"))
    for position, value in enumerate(spec["items"]):
        db.execute(
            "INSERT OR IGNORE INTO ref_items (list_key, value, position, active)"
            " VALUES (?, ?, ?, 1)",
            [key, value, position],
        )


def _take_over_free_text(db: Database) -> None:
    """Turn the résumé and awards typed as free text into entries, line by line, so that
    nothing a clerk typed is lost when the entries take over."""
    from app.core.records import new_uuid
    from app.deputies.careers import parse_awards, parse_resume

    rows = db.execute(
        "SELECT id, resume, awards FROM deputies WHERE resume <> '' OR awards <> ''"
    ).fetchall()
    for deputy_id, resume, awards in rows:
        for position, entry in enumerate(parse_resume(resume)):
            db.execute(
                "INSERT INTO resume_entries (uuid, deputy_id, position, start_date, end_date, text)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [new_uuid(), deputy_id, position, entry.start_date, entry.end_date, entry.text],
            )
        for position, award in enumerate(parse_awards(awards)):
            db.execute(
                "INSERT INTO award_entries (uuid, deputy_id, position, date, title, issuer)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [new_uuid(), deputy_id, position, award.date, award.title, award.issuer],
            )


@migrations()
def m002_receptions_list_order(db: Database) -> None:
    """The receptions list's order (latest first) from an index, not a sort of every
    reception: a prefecture keeps 46,000 of them (issue 18)."""
    run_script(db, "CREATE INDEX receptions_list_order ON receptions (date, start_time, id);")


# The receptions' search index: every character and pair of neighbouring characters of a
# visitor's record (app/core/grams.py), as the suggestions have. Searching the text itself
# read 65,000 records of a prefecture (40-68 ms); the index answers in a few.
_RECEPTION_TEXT = "{0}.content, {0}.visitor_name, {0}.village, {0}.forwarded_to, {0}.result"


@migrations()
def m003_reception_search(db: Database) -> None:
    """The receptions' search index, kept by triggers (issue 18)."""
    new, old = _RECEPTION_TEXT.format("new"), _RECEPTION_TEXT.format("old")
    run_script(
        db,
        f"""
        CREATE VIRTUAL TABLE reception_search USING fts5(
            grams, content='', detail=none,
            tokenize='unicode61 remove_diacritics 0'
        );
        CREATE TRIGGER reception_items_search_insert AFTER INSERT ON reception_items BEGIN
            INSERT INTO reception_search (rowid, grams) VALUES (new.id, text_grams({new}));
        END;
        CREATE TRIGGER reception_items_search_update
        AFTER UPDATE OF content, visitor_name, village, forwarded_to, result
        ON reception_items BEGIN
            INSERT INTO reception_search (reception_search, rowid, grams) VALUES ('delete',
                old.id, text_grams({old}));
            INSERT INTO reception_search (rowid, grams) VALUES (new.id, text_grams({new}));
        END;
        CREATE TRIGGER reception_items_search_delete AFTER DELETE ON reception_items BEGIN
            INSERT INTO reception_search (reception_search, rowid, grams) VALUES ('delete',
                old.id, text_grams({old}));
        END;
        INSERT INTO reception_search (rowid, grams)
            SELECT id, text_grams({_RECEPTION_TEXT.format("reception_items")})
            FROM reception_items;
        """,
    )
