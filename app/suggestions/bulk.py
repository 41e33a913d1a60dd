"""Many suggestions inserted at once (a township's package merged into the county), with
what is derived from them (the search index, the list's sort keys) written in bulk at the
end instead of row by row by their triggers.

The triggers stay the rule for every other write. Row by row they cost 0.9 s per 5,000
suggestions, 90 % of the rows' insert (measured): the search trigger's insert into the
FTS5 table runs inside a statement savepoint, and FTS5 writes its pending terms to disk at
every savepoint (a new segment per row, merged again and again); one bulk insert of the
same grams takes 0.07 s. The sort keys' trigger looks up three names per row.

The triggers are set aside for the block and put back exactly as they were (their SQL read
from the schema), inside the caller's transaction: should anything fail, its rollback
restores them too. The bulk statements are derived from the triggers' own SQL, so they
cannot drift from what the triggers would have written; a trigger whose SQL does not have
the expected shape is simply left in place (row by row, still right)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from app.suggestions.search import grams

SEARCH_TRIGGER = "suggestions_search_insert"
ORDER_TRIGGER = "suggestion_order_insert"
_BATCH = 500

# The sort keys' trigger: INSERT OR REPLACE INTO suggestion_order (cols) VALUES (new.id, …);
_ORDER_SHAPE = re.compile(
    r"BEGIN\s+INSERT OR REPLACE INTO suggestion_order\s*\(([^)]*)\)\s*VALUES\s*\(\s*new\.id\s*,"
    r"(.*)\)\s*;\s*END\s*$",
    re.DOTALL,
)


def _trigger_sql(conn: sqlite3.Connection, name: str) -> str | None:
    row = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [name]
    ).fetchone()
    return row[0] if row else None


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _BATCH):
        yield ids[start : start + _BATCH]


def _index(conn: sqlite3.Connection, ids: list[int]) -> None:
    for chunk in _chunks(ids):
        rows = conn.execute(
            "SELECT id, number, title, content, proposal FROM suggestions"
            f" WHERE id IN ({', '.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
        conn.executemany(
            "INSERT INTO suggestion_search (rowid, grams) VALUES (?, ?)",
            [(row[0], grams(*row[1:])) for row in rows],
        )


def _order_statement(trigger_sql: str) -> str | None:
    """The trigger's insert as one INSERT … SELECT over given ids (None: unexpected shape)."""
    shape = _ORDER_SHAPE.search(trigger_sql)
    if shape is None:
        return None
    columns, values = shape.group(1), shape.group(2)
    if "old." in values:
        return None
    values = re.sub(r"\bnew\.", "s.", values)
    return (
        f"INSERT OR REPLACE INTO suggestion_order ({columns}) SELECT s.id, {values}"
        " FROM suggestions s WHERE s.id IN ({ids})"
    )


@contextmanager
def derived_in_bulk(conn: sqlite3.Connection) -> Iterator[list[int]]:
    """Yields a list the caller fills with the ids of the suggestions it inserts in the
    block; their search grams and sort keys are written after it, in bulk. Must run
    inside the caller's transaction."""
    if not conn.in_transaction:
        raise RuntimeError("derived_in_bulk needs the caller's transaction")
    search_sql = _trigger_sql(conn, SEARCH_TRIGGER)
    order_sql = _trigger_sql(conn, ORDER_TRIGGER)
    order_insert = _order_statement(order_sql) if order_sql else None
    if search_sql:
        conn.execute(f'DROP TRIGGER "{SEARCH_TRIGGER}"')
    if order_insert:
        conn.execute(f'DROP TRIGGER "{ORDER_TRIGGER}"')
    ids: list[int] = []
    yield ids
    if search_sql:
        _index(conn, ids)
        conn.execute(search_sql)
    if order_sql and order_insert:
        for chunk in _chunks(ids):
            conn.execute(order_insert.replace("{ids}", ", ".join("?" * len(chunk))), chunk)
        conn.execute(order_sql)
