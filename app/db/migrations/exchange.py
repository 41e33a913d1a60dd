"""Schema of data exchange: what a county database remembers of the packages it imported.

Both tables are the county's own (local-only, never carried in a package)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.db.migration_set import MigrationSet
from app.db.sql import run_script

if TYPE_CHECKING:
    from sqlite_utils import Database

migrations = MigrationSet("renda.exchange")


@migrations()
def m001_package_imports(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE package_imports (
            id INTEGER PRIMARY KEY,
            township_uuid TEXT NOT NULL,
            township_name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            records_digest TEXT NOT NULL,
            file_name TEXT NOT NULL DEFAULT '',
            renda_version TEXT NOT NULL DEFAULT '',
            report TEXT NOT NULL DEFAULT '',
            imported_at TEXT NOT NULL
                DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
        );
        CREATE INDEX package_imports_township ON package_imports (township_uuid, created_at);

        -- Which township each imported record came from: a newer package of that township
        -- replaces exactly these records.
        CREATE TABLE exchange_origin (
            table_name TEXT NOT NULL,
            uuid TEXT NOT NULL,
            township_uuid TEXT NOT NULL,
            PRIMARY KEY (table_name, uuid)
        ) WITHOUT ROWID;
        CREATE INDEX exchange_origin_township ON exchange_origin (township_uuid, table_name);
        """,
    )


@migrations()
def m002_value_mappings(db: Database) -> None:
    """What the clerk said a value of an imported roster means (“研究生” → 硕士研究生),
    remembered for the next import. The office's own: never sent in a package."""
    run_script(
        db,
        """
        CREATE TABLE value_mappings (
            list_key TEXT NOT NULL,
            source TEXT NOT NULL,
            value TEXT NOT NULL,
            created_at TEXT NOT NULL
                DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
            PRIMARY KEY (list_key, source)
        ) WITHOUT ROWID;
        """,
    )


@migrations()
def m003_package_signing(db: Database) -> None:
    """Signed packages ordered by a sequence number (issue 19).

    A township keeps its own Ed25519 key and the number of its last package; a county
    pins each township's public key at its first signed package. All three are the
    office's own: never carried in a package (the package's snapshot empties them)."""
    run_script(
        db,
        """
        CREATE TABLE package_signing (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            private_key BLOB NOT NULL,
            public_key BLOB NOT NULL,
            sequence INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
                DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
        );

        CREATE TABLE township_keys (
            township_uuid TEXT PRIMARY KEY,
            township_name TEXT NOT NULL,
            public_key BLOB NOT NULL,
            how TEXT NOT NULL DEFAULT 'first' CHECK (how IN ('first', 'manual')),
            registered_at TEXT NOT NULL
                DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
        ) WITHOUT ROWID;

        -- NULL: a package of the first format, neither signed nor numbered.
        ALTER TABLE package_imports ADD COLUMN sequence INTEGER;
        ALTER TABLE package_imports ADD COLUMN key_fingerprint TEXT NOT NULL DEFAULT '';
        """,
    )


@migrations()
def m004_origin_by_township(db: Database) -> None:
    """exchange_origin keyed by township first (issue 18): a township's package adds its
    uuids as one run of the key instead of 85,000 inserts at random places of a 1.3
    million-row key, and the second index (145 MB at county scale) goes. Nothing looks a
    record's township up by (table, uuid) alone but the refusal of a package whose record
    belongs to another township, which may scan (app/county/row_merge.py)."""
    run_script(
        db,
        """
        CREATE TABLE exchange_origin_by_township (
            township_uuid TEXT NOT NULL,
            table_name TEXT NOT NULL,
            uuid TEXT NOT NULL,
            PRIMARY KEY (township_uuid, table_name, uuid)
        ) WITHOUT ROWID;
        INSERT INTO exchange_origin_by_township (township_uuid, table_name, uuid)
            SELECT township_uuid, table_name, uuid FROM exchange_origin
            ORDER BY township_uuid, table_name, uuid;
        DROP TABLE exchange_origin;
        ALTER TABLE exchange_origin_by_township RENAME TO exchange_origin;
        """,
    )
