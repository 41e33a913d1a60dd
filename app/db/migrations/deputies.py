"""Schema of deputies: the registration form, status history and photos."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.db.migration_set import MigrationSet
from app.db.sql import run_script

if TYPE_CHECKING:
    from sqlite_utils import Database

migrations = MigrationSet("renda.deputies")


@migrations()
def m001_deputies(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE deputies (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            township_id INTEGER NOT NULL REFERENCES townships (id),
            term_id INTEGER NOT NULL REFERENCES terms (id),
            name TEXT NOT NULL CHECK (name <> ''),
            gender TEXT NOT NULL CHECK (gender IN ('M', 'F')),
            ethnicity TEXT NOT NULL DEFAULT '',
            birth_date TEXT NOT NULL DEFAULT '',
            native_place TEXT NOT NULL DEFAULT '',
            political_status TEXT NOT NULL DEFAULT '',
            education TEXT NOT NULL DEFAULT '',
            unit TEXT NOT NULL DEFAULT '',
            category TEXT NOT NULL DEFAULT '',
            is_returned_overseas INTEGER NOT NULL DEFAULT 0,
            is_reelected INTEGER NOT NULL DEFAULT 0,
            is_front_line INTEGER NOT NULL DEFAULT 0,
            card_number TEXT NOT NULL DEFAULT '',
            constituency_id INTEGER REFERENCES constituencies (id) ON DELETE SET NULL,
            elected_date TEXT NOT NULL DEFAULT '',
            group_id INTEGER REFERENCES deputy_groups (id) ON DELETE SET NULL,
            station_id INTEGER REFERENCES liaison_stations (id) ON DELETE SET NULL,
            presidium_role TEXT NOT NULL DEFAULT ''
                CHECK (presidium_role IN ('', 'chair', 'vice_chair', 'member')),
            is_credentials_member INTEGER NOT NULL DEFAULT 0,
            is_township_deputy INTEGER NOT NULL DEFAULT 1,
            is_county_deputy INTEGER NOT NULL DEFAULT 0,
            phone TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            postcode TEXT NOT NULL DEFAULT '',
            id_number TEXT NOT NULL DEFAULT '',
            resume TEXT NOT NULL DEFAULT '',
            awards TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'serving'
                CHECK (status IN ('serving', 'suspended', 'ended')),
            status_date TEXT NOT NULL DEFAULT '',
            status_reason TEXT NOT NULL DEFAULT '',
            name_pinyin TEXT NOT NULL DEFAULT '',
            name_strokes TEXT NOT NULL DEFAULT '',
            name_sort TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
            CHECK (is_township_deputy = 1 OR is_county_deputy = 1)
        );
        CREATE UNIQUE INDEX deputies_id_number ON deputies (term_id, id_number)
            WHERE id_number <> '';
        CREATE INDEX deputies_term ON deputies (term_id, name_strokes);
        CREATE INDEX deputies_township ON deputies (township_id, name_strokes);
        CREATE INDEX deputies_group ON deputies (group_id);
        CREATE INDEX deputies_constituency ON deputies (constituency_id);

        CREATE TABLE deputy_status_changes (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            deputy_id INTEGER NOT NULL REFERENCES deputies (id) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN ('serving', 'suspended', 'ended')),
            date TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
        );
        CREATE INDEX deputy_status_changes_deputy ON deputy_status_changes (deputy_id, date);

        CREATE TABLE deputy_photos (
            deputy_id INTEGER PRIMARY KEY REFERENCES deputies (id) ON DELETE CASCADE,
            image BLOB NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
        );
        """,
    )


@migrations()
def m002_lookup_indexes(db: Database) -> None:
    """Indexes the checks of a deputy use with bound parameters. The unique index on
    id_number is partial (WHERE id_number <> ''), and SQLite cannot use a partial index
    for `id_number = ?`: every check scanned the term, and an import of n rows cost n²."""
    run_script(
        db,
        """
        CREATE INDEX deputies_term_id_number ON deputies (term_id, id_number);
        CREATE INDEX deputies_term_name ON deputies (term_id, name);
        CREATE INDEX deputies_term_card ON deputies (term_id, card_number);
        """,
    )
