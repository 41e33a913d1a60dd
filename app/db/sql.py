"""SQL helpers of the storage layer: a multi-statement script run inside the current
transaction (sqlite3's executescript() commits first, which would break the all-or-nothing
promise of a migration step), and a family of generated triggers brought to what it should
be (the audit trail's, the data version's).
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def run_script(db: Database, script: str) -> None:
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement!r}")


def sync_triggers(db: Database, existing: dict[str, str], wanted: dict[str, str]) -> int:
    """Make a family of generated triggers the `wanted` ones (name -> SQL): drop those
    whose SQL differs or that are no longer wanted, write those missing or changed, in one
    transaction. `existing`: the family's triggers now in the file. Returns how many were
    written."""
    stale = [n for n, sql in existing.items() if wanted.get(n) != sql]
    missing = [n for n, sql in wanted.items() if existing.get(n) != sql]
    if not stale and not missing:
        return 0
    with db.atomic():
        for name in stale:
            db.conn.execute('DROP TRIGGER IF EXISTS "' + name.replace('"', '""') + '"')
        for name in missing:
            db.conn.execute(wanted[name])
    return len(missing)
