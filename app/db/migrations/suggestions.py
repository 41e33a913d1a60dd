"""Schema of suggestions and motions (建议、议案), their handling units, the permanent
history of their handling, replies, ratings and the full-text index."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from app.core.paths import data_path
from app.db.migration_set import MigrationSet
from app.db.sql import run_script

if TYPE_CHECKING:
    from sqlite_utils import Database

migrations = MigrationSet("renda.suggestions")

STATUS_CHECK = (
    "'registered', 'accepted', 'refused', 'on_agenda', 'assigned', 'returned', 'handling',"
    " 'replied', 'consulting', 'rated', 'unsatisfied', 'rehandling', 'closed', 'withdrawn'"
)


def _keep_forever(table: str, what: str) -> str:
    """Triggers that make a history table permanent in the township's own database.

    A county database holds copies of townships' records and replaces them when a newer
    package arrives, so deleting is refused only for the home township's records."""
    return f"""
        CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{what}永久保存，不能修改'); END;
        CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
        WHEN (SELECT t.is_home FROM suggestions s JOIN townships t ON t.id = s.township_id
              WHERE s.id = OLD.suggestion_id) = 1
        BEGIN SELECT RAISE(ABORT, '{what}永久保存，不能删除'); END;
    """


@migrations()
def m001_suggestions(db: Database) -> None:
    run_script(
        db,
        f"""
        CREATE TABLE handling_units (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            township_id INTEGER NOT NULL REFERENCES townships (id),
            name TEXT NOT NULL CHECK (name <> ''),
            contact TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1,
            position INTEGER NOT NULL DEFAULT 0,
            UNIQUE (township_id, name)
        );

        CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            township_id INTEGER NOT NULL REFERENCES townships (id),
            term_id INTEGER NOT NULL REFERENCES terms (id),
            kind TEXT NOT NULL DEFAULT 'suggestion' CHECK (kind IN ('suggestion', 'motion')),
            year INTEGER NOT NULL,
            seq INTEGER NOT NULL CHECK (seq > 0),
            number TEXT NOT NULL,
            motion_number TEXT NOT NULL DEFAULT '',  -- a motion handled as a suggestion
            motion_seq INTEGER NOT NULL DEFAULT 0,  -- … and its place among the motions
            title TEXT NOT NULL CHECK (title <> ''),
            content TEXT NOT NULL DEFAULT '',
            proposal TEXT NOT NULL DEFAULT '',
            category TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL
                CHECK (source IN ('session', 'between', 'motion', 'reception')),
            source_note TEXT NOT NULL DEFAULT '',
            received_date TEXT NOT NULL,
            lead_deputy_id INTEGER NOT NULL REFERENCES deputies (id),
            status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ({STATUS_CHECK})),
            round INTEGER NOT NULL DEFAULT 1,
            is_complex INTEGER NOT NULL DEFAULT 0,
            is_key INTEGER NOT NULL DEFAULT 0,
            lead_unit_id INTEGER REFERENCES handling_units (id),
            assigned_date TEXT NOT NULL DEFAULT '',
            reply_due TEXT NOT NULL DEFAULT '',
            deadline TEXT NOT NULL DEFAULT '',
            first_reply_date TEXT NOT NULL DEFAULT '',
            replied_on_time INTEGER,
            replied_date TEXT NOT NULL DEFAULT '',
            result_class TEXT NOT NULL DEFAULT '',
            consulted_date TEXT NOT NULL DEFAULT '',
            feedback_due TEXT NOT NULL DEFAULT '',
            closed_date TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
            UNIQUE (township_id, kind, year, seq),
            UNIQUE (township_id, number)
        );
        -- The list's default order is by id: a narrow index to walk instead of the table.
        CREATE INDEX suggestions_ids ON suggestions (id);
        CREATE INDEX suggestions_township ON suggestions (township_id, year, id);
        CREATE INDEX suggestions_year ON suggestions (year, id);
        CREATE INDEX suggestions_category ON suggestions (category, id);
        CREATE INDEX suggestions_status ON suggestions (status, deadline);
        CREATE INDEX suggestions_deadline ON suggestions (deadline, id);
        CREATE INDEX suggestions_lead_unit ON suggestions (lead_unit_id);
        CREATE INDEX suggestions_lead_deputy ON suggestions (lead_deputy_id);

        CREATE TABLE suggestion_signers (
            suggestion_id INTEGER NOT NULL REFERENCES suggestions (id),
            deputy_id INTEGER NOT NULL REFERENCES deputies (id),
            role TEXT NOT NULL CHECK (role IN ('lead', 'co')),
            position INTEGER NOT NULL,
            PRIMARY KEY (suggestion_id, deputy_id)
        ) WITHOUT ROWID;
        CREATE INDEX suggestion_signers_deputy ON suggestion_signers (deputy_id);

        CREATE TABLE suggestion_units (
            suggestion_id INTEGER NOT NULL REFERENCES suggestions (id),
            unit_id INTEGER NOT NULL REFERENCES handling_units (id),
            role TEXT NOT NULL CHECK (role IN ('lead', 'assist')),
            PRIMARY KEY (suggestion_id, unit_id)
        ) WITHOUT ROWID;
        CREATE INDEX suggestion_units_unit ON suggestion_units (unit_id);

        CREATE TABLE suggestion_events (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            suggestion_id INTEGER NOT NULL REFERENCES suggestions (id),
            action TEXT NOT NULL,
            from_status TEXT NOT NULL DEFAULT '',
            to_status TEXT NOT NULL,
            date TEXT NOT NULL,
            operator TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            details TEXT NOT NULL DEFAULT '{{}}',
            recorded_at TEXT NOT NULL
                DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
        );
        CREATE INDEX suggestion_events_suggestion ON suggestion_events (suggestion_id, id);
        CREATE INDEX suggestion_events_returns ON suggestion_events (suggestion_id)
            WHERE action = 'give_back';

        CREATE TABLE suggestion_replies (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            suggestion_id INTEGER NOT NULL REFERENCES suggestions (id),
            event_id INTEGER NOT NULL REFERENCES suggestion_events (id),
            round INTEGER NOT NULL,
            kind TEXT NOT NULL DEFAULT 'reply' CHECK (kind IN ('reply', 'follow_up')),
            deputy_id INTEGER NOT NULL REFERENCES deputies (id),
            unit_id INTEGER REFERENCES handling_units (id),
            date TEXT NOT NULL,
            result_class TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX suggestion_replies_suggestion ON suggestion_replies (suggestion_id, round);

        CREATE TABLE suggestion_ratings (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            suggestion_id INTEGER NOT NULL REFERENCES suggestions (id),
            event_id INTEGER NOT NULL REFERENCES suggestion_events (id),
            round INTEGER NOT NULL,
            deputy_id INTEGER NOT NULL REFERENCES deputies (id),
            process TEXT NOT NULL CHECK (process IN ('satisfied', 'basic', 'unsatisfied')),
            result TEXT NOT NULL CHECK (result IN ('satisfied', 'basic', 'unsatisfied')),
            comment TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL,
            UNIQUE (suggestion_id, round, deputy_id)
        );
        CREATE INDEX suggestion_ratings_deputy ON suggestion_ratings (deputy_id);

        CREATE VIRTUAL TABLE suggestion_search USING fts5(
            grams, content='', detail=none,
            tokenize='unicode61 remove_diacritics 0'
        );
        -- Kept in step by triggers, so that rows written by any part of renda (the county
        -- merge too) are found. suggestion_grams() is app.suggestions.search.grams, which
        -- every Office registers on its connection; the contentless index forgets a row
        -- only when given the same grams it was given.
        CREATE TRIGGER suggestions_search_insert AFTER INSERT ON suggestions BEGIN
            INSERT INTO suggestion_search (rowid, grams) VALUES
                (new.id, suggestion_grams(new.number, new.title, new.content, new.proposal));
        END;
        CREATE TRIGGER suggestions_search_update
        AFTER UPDATE OF number, title, content, proposal ON suggestions BEGIN
            INSERT INTO suggestion_search (suggestion_search, rowid, grams) VALUES ('delete',
                old.id, suggestion_grams(old.number, old.title, old.content, old.proposal));
            INSERT INTO suggestion_search (rowid, grams) VALUES
                (new.id, suggestion_grams(new.number, new.title, new.content, new.proposal));
        END;
        CREATE TRIGGER suggestions_search_delete AFTER DELETE ON suggestions BEGIN
            INSERT INTO suggestion_search (suggestion_search, rowid, grams) VALUES ('delete',
                old.id, suggestion_grams(old.number, old.title, old.content, old.proposal));
        END;

        CREATE TRIGGER suggestions_no_delete BEFORE DELETE ON suggestions
        WHEN (SELECT is_home FROM townships WHERE id = OLD.township_id) = 1
        BEGIN SELECT RAISE(ABORT, '建议登记后永久保存，不能删除'); END;
        {_keep_forever("suggestion_events", "建议的办理记录")}
        {_keep_forever("suggestion_replies", "答复记录")}
        {_keep_forever("suggestion_ratings", "满意度测评记录")}
        """,
    )
    _seed_list(db, "suggestion_refuse_reasons")


@migrations()
def m002_meeting_link(db: Database) -> None:
    """A suggestion made during a congress session belongs to that session (issue 5)."""
    run_script(
        db,
        """
        ALTER TABLE suggestions ADD COLUMN meeting_id INTEGER
            REFERENCES meetings (id) ON DELETE SET NULL;
        CREATE INDEX suggestions_meeting ON suggestions (meeting_id) WHERE meeting_id IS NOT NULL;
        """,
    )


@migrations()
def m003_motion_resolutions(db: Database) -> None:
    """A motion put on the session's agenda links to the resolution the session passes on
    it (one resolution per motion; a resolution may answer several motions)."""
    run_script(
        db,
        """
        CREATE TABLE motion_resolutions (
            suggestion_id INTEGER PRIMARY KEY REFERENCES suggestions (id) ON DELETE CASCADE,
            resolution_id INTEGER NOT NULL
                REFERENCES meeting_resolutions (id) ON DELETE CASCADE
        );
        CREATE INDEX motion_resolutions_resolution ON motion_resolutions (resolution_id);
        """,
    )


def _seed_list(db: Database, key: str) -> None:
    """A list shipped with this area: a database made before it has no entries yet (one
    made after got them from the core migration)."""
    if db.execute("SELECT 1 FROM ref_items WHERE list_key = ?", [key]).fetchone():
        return
    spec = json.loads(data_path("reference", f"{key}.json").read_text(encoding="utf-8"))
    db["ref_items"].insert_all(
        {"list_key": key, "value": value, "position": i, "active": 1}
        for i, value in enumerate(spec["items"])
    )


# The list's sort keys that live in other tables (the lead deputy's stroke order, the
# lead unit's and the township's names) or are computed (the rank of a status, the result
# class with 'none yet' last), copied into one row per suggestion and kept in step by
# triggers, so that every header sort of the list walks an index and stops at the first
# screenful instead of sorting 500,000 rows (prefecture scale, issue 18).
STATUS_ORDER = (
    "registered accepted refused on_agenda assigned returned handling replied consulting"
    " rated unsatisfied rehandling closed withdrawn"
)
_SORT_VALUES = """
    (SELECT name_strokes FROM deputies WHERE id = {s}.lead_deputy_id),
    coalesce((SELECT name FROM handling_units WHERE id = {s}.lead_unit_id), ''),
    coalesce((SELECT name FROM townships WHERE id = {s}.township_id), ''),
    instr('{statuses}', {s}.status),
    CASE WHEN {s}.result_class = '' THEN '1' ELSE '0' || {s}.result_class END
"""


@migrations()
def m003_list_order(db: Database) -> None:
    """Indexes for every header sort of the suggestion list (issue 18)."""
    new = _SORT_VALUES.format(s="new", statuses=STATUS_ORDER)
    run_script(
        db,
        f"""
        CREATE TABLE suggestion_order (
            suggestion_id INTEGER PRIMARY KEY,
            lead TEXT NOT NULL DEFAULT '',
            unit TEXT NOT NULL DEFAULT '',
            township TEXT NOT NULL DEFAULT '',
            status INTEGER NOT NULL DEFAULT 0,
            result TEXT NOT NULL DEFAULT ''
        );
        INSERT INTO suggestion_order (suggestion_id, lead, unit, township, status, result)
            SELECT s.id, {_SORT_VALUES.format(s="s", statuses=STATUS_ORDER)}
            FROM suggestions s;
        CREATE INDEX suggestion_order_lead ON suggestion_order (lead, suggestion_id);
        CREATE INDEX suggestion_order_unit ON suggestion_order (unit, suggestion_id);
        CREATE INDEX suggestion_order_township ON suggestion_order (township, suggestion_id);
        CREATE INDEX suggestion_order_status ON suggestion_order (status, suggestion_id);
        CREATE INDEX suggestion_order_result ON suggestion_order (result, suggestion_id);
        CREATE INDEX suggestions_received ON suggestions (received_date, id);
        CREATE INDEX suggestions_number ON suggestions (year, seq, id);
        CREATE INDEX suggestions_title ON suggestions (title, id);

        -- Triggers, not a foreign key's cascade: the county's merge swaps rows with
        -- foreign keys off.
        CREATE TRIGGER suggestion_order_insert AFTER INSERT ON suggestions BEGIN
            INSERT OR REPLACE INTO suggestion_order
                (suggestion_id, lead, unit, township, status, result)
            VALUES (new.id, {new});
        END;
        CREATE TRIGGER suggestion_order_update AFTER UPDATE OF
            lead_deputy_id, lead_unit_id, township_id, status, result_class ON suggestions
        BEGIN
            UPDATE suggestion_order SET
                lead = (SELECT name_strokes FROM deputies WHERE id = new.lead_deputy_id),
                unit = coalesce((SELECT name FROM handling_units WHERE id = new.lead_unit_id), ''),
                township = coalesce((SELECT name FROM townships WHERE id = new.township_id), ''),
                status = instr('{STATUS_ORDER}', new.status),
                result = CASE WHEN new.result_class = '' THEN '1' ELSE '0' || new.result_class END
            WHERE suggestion_id = new.id;
        END;
        CREATE TRIGGER suggestion_order_delete AFTER DELETE ON suggestions BEGIN
            DELETE FROM suggestion_order WHERE suggestion_id = old.id;
        END;
        CREATE TRIGGER suggestion_order_unit_name AFTER UPDATE OF name ON handling_units
        BEGIN
            UPDATE suggestion_order SET unit = new.name
            WHERE suggestion_id IN (SELECT id FROM suggestions WHERE lead_unit_id = new.id);
        END;
        CREATE TRIGGER suggestion_order_township_name AFTER UPDATE OF name ON townships
        BEGIN
            UPDATE suggestion_order SET township = new.name
            WHERE suggestion_id IN (SELECT id FROM suggestions WHERE township_id = new.id);
        END;
        CREATE TRIGGER suggestion_order_lead_name AFTER UPDATE OF name_strokes ON deputies
        BEGIN
            UPDATE suggestion_order SET lead = new.name_strokes
            WHERE suggestion_id IN (SELECT id FROM suggestions WHERE lead_deputy_id = new.id);
        END;
        """,
    )


@migrations()
def m004_rates_indexes(db: Database) -> None:
    """Covering indexes for the yearly rates (办理统计, the county's comparison): a year's
    figures read the index alone, not 100,000 rows of text (580 ms -> 140 ms at county
    scale, measured; the figures are then kept, app/db/figure_cache.py)."""
    run_script(
        db,
        """
        CREATE INDEX suggestions_rates ON suggestions (year, kind, township_id, lead_unit_id,
            status, result_class, first_reply_date, assigned_date, replied_on_time, deadline,
            meeting_id);
        CREATE INDEX suggestion_ratings_rounds
            ON suggestion_ratings (suggestion_id, round, process, result);
        """,
    )


@migrations()
def m005_filter_order_indexes(db: Database) -> None:
    """The list filtered by status or by category, in its own order (newest year first):
    the index gives the first screenful without sorting all the matches (182 / 322 ms ->
    a few ms at prefecture scale, measured)."""
    run_script(
        db,
        """
        CREATE INDEX suggestions_status_order ON suggestions (status, year, id);
        CREATE INDEX suggestions_category_order ON suggestions (category, year, id);
        """,
    )


@migrations()
def m006_sort_keys_by_id(db: Database) -> None:
    """The sort keys of the suggestions' own columns, by id: a text search of a rarer term
    in another order sorts its matches reading this narrow index, not each match's row
    of text (山塘 by title at prefecture scale: 58 ms -> 20 ms, measured). The keys of
    other tables' columns are in suggestion_order (m003_list_order)."""
    run_script(
        db,
        """
        CREATE INDEX suggestions_sort_keys
            ON suggestions (id, title, deadline, received_date, year, seq, category);
        """,
    )
