"""Rows that triggers derive from a record (search grams, list sort keys), written in
bulk when thousands of records are inserted at once (a township's package merged into
the county), instead of row by row.

Row by row they are slow for two reasons (measured at county scale): an insert into an
FTS5 index runs inside the statement's savepoint, and FTS5 writes its pending terms to
disk at every savepoint (a new segment per row, merged again and again: 0.9 s per 5,000
suggestions, 70 µs per reception item); and each row's statement is prepared and run
apart. One INSERT … SELECT over all the new ids writes the same rows.

The triggers stay the rule for every other write. Here a table's AFTER INSERT triggers
whose body is one `INSERT [OR REPLACE] INTO x (…) VALUES (new.id, …);` are set aside for
the block and their insert is run once over the ids inserted, then they are put back
exactly as they were (their SQL read from the schema), inside the caller's transaction:
should anything fail, its rollback restores them too. The bulk statement is the trigger's
own SQL with `new.` read as the inserted row, so it cannot drift from what the trigger
writes; a trigger of another shape is left in place (row by row, still right). Tables of
later areas are covered without a change here."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

_SHAPE = re.compile(
    r"\bBEGIN\s+(INSERT(?:\s+OR\s+REPLACE)?\s+INTO\s+\"?\w+\"?\s*\([^)]*\))\s*"
    r"VALUES\s*\(\s*new\.id\s*,(.*)\)\s*;\s*END\s*$",
    re.DOTALL | re.IGNORECASE,
)
_AFTER_INSERT = re.compile(r"\bAFTER\s+INSERT\s+ON\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Replayed:
    name: str
    sql: str  # the trigger's own, to put it back
    statement: str  # its insert over the ids given as one JSON array


def bulk_statement(table: str, trigger_sql: str) -> str | None:
    """The trigger's insert as one INSERT … SELECT over the ids of a JSON array (None: a
    trigger of another shape, or one that reads the old row)."""
    if not _AFTER_INSERT.search(trigger_sql):
        return None
    shape = _SHAPE.search(trigger_sql)
    if shape is None:
        return None
    head, values = shape.group(1), shape.group(2)
    if re.search(r"\bold\.", values, re.IGNORECASE):
        return None
    values = re.sub(r"\bnew\.", "s.", values, flags=re.IGNORECASE)
    return (
        f'{head} SELECT s.id, {values} FROM "{table}" s'
        " WHERE s.id IN (SELECT value FROM json_each(?))"
    )


def _replayed(conn: sqlite3.Connection, table: str) -> list[_Replayed]:
    found = []
    for name, sql in conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name",
        [table],
    ):
        statement = bulk_statement(table, sql or "")
        if statement is not None:
            found.append(_Replayed(name, sql, statement))
    return found


@contextmanager
def derived_in_bulk(conn: sqlite3.Connection, tables: Iterable[str]) -> Iterator[dict]:
    """Yields a dict table -> list the caller fills with the ids of the rows it inserts
    into that table in the block; what their insert triggers derive is written after it,
    in bulk. Must run inside the caller's transaction."""
    if not conn.in_transaction:
        raise RuntimeError("derived_in_bulk needs the caller's transaction")
    replayed = {table: _replayed(conn, table) for table in tables}
    for triggers in replayed.values():
        for trigger in triggers:
            conn.execute(f'DROP TRIGGER "{trigger.name}"')
    inserted: dict[str, list[int]] = {table: [] for table in replayed}
    yield inserted
    for table, triggers in replayed.items():
        ids = inserted[table]
        for trigger in triggers:
            if ids:
                conn.execute(trigger.statement, [json.dumps(ids)])
            conn.execute(trigger.sql)
