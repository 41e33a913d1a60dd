"""Schema of access and the audit trail: the office's users and the append-only log of
every change (its per-table triggers are derived from the schema: app/db/audit.py).

Both tables are the office's own and never travel in the county package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.db.migration_set import MigrationSet
from app.db.sql import run_script

if TYPE_CHECKING:
    from sqlite_utils import Database

migrations = MigrationSet("renda.access")


@migrations()
def m001_users_and_audit_log(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'viewer')),
            password_hash TEXT NOT NULL,
            recovery_hash TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
                DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
        );

        -- Append-only: the BEFORE triggers below refuse every update and delete.
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL
                DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now', 'localtime')),
            user_name TEXT NOT NULL DEFAULT '',
            batch INTEGER,
            table_name TEXT NOT NULL,
            record_key TEXT,
            action TEXT NOT NULL,
            old TEXT,
            new TEXT,
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX audit_log_record ON audit_log (table_name, record_key);
        CREATE INDEX audit_log_at ON audit_log (at);
        CREATE INDEX audit_log_batch ON audit_log (batch) WHERE batch IS NOT NULL;

        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
            SELECT RAISE(ABORT, '操作记录只能追加，不能修改');
        END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
            SELECT RAISE(ABORT, '操作记录只能追加，不能删除');
        END;
        """,
    )
