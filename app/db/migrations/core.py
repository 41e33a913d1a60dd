"""Schema of the office itself: townships, settings, reference lists, terms and the
structures deputies belong to (constituencies, liaison stations, deputy groups)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from app.core.paths import data_path
from app.db.migration_set import MigrationSet
from app.db.sql import run_script

if TYPE_CHECKING:
    from sqlite_utils import Database

migrations = MigrationSet("renda.core")


@migrations()
def m001_office(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE renda_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO renda_meta (key, value) VALUES ('app', 'renda');

        CREATE TABLE townships (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            code TEXT NOT NULL DEFAULT '',
            county TEXT NOT NULL DEFAULT '',
            is_home INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
        );
        CREATE UNIQUE INDEX townships_one_home ON townships (is_home) WHERE is_home = 1;

        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        CREATE TABLE ref_items (
            id INTEGER PRIMARY KEY,
            list_key TEXT NOT NULL,
            value TEXT NOT NULL,
            position INTEGER NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            UNIQUE (list_key, value)
        );

        CREATE TABLE terms (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            township_id INTEGER NOT NULL REFERENCES townships (id),
            number INTEGER NOT NULL CHECK (number > 0),
            start_date TEXT NOT NULL,
            end_date TEXT NOT NULL DEFAULT '',
            is_current INTEGER NOT NULL DEFAULT 0,
            UNIQUE (township_id, number)
        );
        CREATE UNIQUE INDEX terms_one_current ON terms (township_id) WHERE is_current = 1;

        CREATE TABLE constituencies (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            township_id INTEGER NOT NULL REFERENCES townships (id),
            term_id INTEGER NOT NULL REFERENCES terms (id),
            number INTEGER NOT NULL DEFAULT 0,
            name TEXT NOT NULL,
            area TEXT NOT NULL DEFAULT '',
            seats INTEGER NOT NULL DEFAULT 1 CHECK (seats BETWEEN 1 AND 3),
            UNIQUE (term_id, name)
        );

        CREATE TABLE liaison_stations (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            township_id INTEGER NOT NULL REFERENCES townships (id),
            name TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'point' CHECK (kind IN ('station', 'point')),
            village TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            UNIQUE (township_id, name)
        );

        CREATE TABLE deputy_groups (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            township_id INTEGER NOT NULL REFERENCES townships (id),
            term_id INTEGER NOT NULL REFERENCES terms (id),
            name TEXT NOT NULL,
            leader_id INTEGER REFERENCES deputies (id) ON DELETE SET NULL,
            note TEXT NOT NULL DEFAULT '',
            UNIQUE (term_id, name)
        );
        """,
    )
    _seed_reference_lists(db)


@migrations()
def m002_attachments(db: Database) -> None:
    """Scans and photos attached to any record. The owner is named by kind and uuid (not
    by integer id) so that a county database can merge townships' records unchanged."""
    run_script(
        db,
        """
        CREATE TABLE attachments (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            owner_kind TEXT NOT NULL,
            owner_uuid TEXT NOT NULL,
            file_name TEXT NOT NULL,
            mime TEXT NOT NULL DEFAULT '',
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
        );
        CREATE INDEX attachments_owner ON attachments (owner_kind, owner_uuid);
        CREATE TABLE attachment_data (
            attachment_id INTEGER PRIMARY KEY REFERENCES attachments (id) ON DELETE CASCADE,
            data BLOB NOT NULL
        );
        """,
    )


@migrations()
def m003_figure_cache(db: Database) -> None:
    """The data version and the figures kept with it (app/db/figure_cache.py, issue 18)."""
    from app.db.figure_cache import create_tables

    create_tables(db)


@migrations()
def m004_township_versions(db: Database) -> None:
    """A data version per township, and figures kept per township: a change in one
    township sums only that township's figures again (app/db/figure_cache.py)."""
    from app.db.figure_cache import create_township_tables

    create_township_tables(db)


def _seed_reference_lists(db: Database) -> None:
    for path in sorted(data_path("reference").glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        db["ref_items"].insert_all(
            {"list_key": spec["key"], "value": value, "position": i, "active": 1}
            for i, value in enumerate(spec["items"])
        )


def new_uuid() -> str:
    import uuid  # here: every start imports this module, a new office runs the step

    return str(uuid.uuid4())
