"""Figures summed over many records (the county's comparison of townships, the yearly
rates of suggestion handling), kept between sessions and never stale.

A prefecture's database holds 500,000 suggestions: summing them takes seconds, which the
comparison page may not spend every time it opens (budget 100 ms, DESIGN.md). So a figure
is stored with the **data version** it was computed at, and used only while that version
is still the database's:

- `data_version` is one counter that triggers on every table of records raise at each
  row written (insert, update, delete), in the transaction of the write, by whichever
  connection writes (the window, the background worker, the command line, the county's
  merge). The triggers are derived from the schema like the audit triggers
  (app/db/audit.py): `ensure_version_triggers` writes them for tables added later, so a
  new area's records count without anything to do;
- `figure_cache` holds (key, version, value as JSON). The key names the figure and all
  it depends on besides the records (the year, the township, today's date for figures of
  what is overdue).

A figure read at version v is stored under the version read *before* computing it: if a
write slipped in meanwhile, the stored version is already old and the next read computes
again. Writing the cache never waits for the write lock: when another connection holds it
(a long import), the figure is simply not kept this time."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from app.db.database import table_exists
from app.version import __version__

if TYPE_CHECKING:
    from sqlite_utils import Database

VERSION_TABLE = "data_version"
CACHE_TABLE = "figure_cache"
TRIGGER_PREFIX = "data_version_t_"
# Tables whose rows are not records: bookkeeping, the trail (written only by the triggers
# of tables that count already), what is derived from records (sort keys, this cache).
NOT_COUNTED = {
    VERSION_TABLE,
    CACHE_TABLE,
    "_sqlite_migrations",
    "renda_meta",
    "audit_log",
    "suggestion_order",
}

T = TypeVar("T")


def create_tables(db: Database) -> None:
    """The counter and the cache (a migration step of the core set calls this)."""
    from app.db.sql import run_script

    run_script(
        db,
        f"""
        CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            n INTEGER NOT NULL
        );
        INSERT OR IGNORE INTO {VERSION_TABLE} (id, n) VALUES (1, 0);
        CREATE TABLE IF NOT EXISTS {CACHE_TABLE} (
            key TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            value TEXT NOT NULL
        );
        """,
    )


def counted_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"
    ).fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    return [
        name
        for name, _sql in rows
        if name not in NOT_COUNTED
        and not name.startswith("sqlite_")
        and name not in virtual
        and not any(name.startswith(v + "_") for v in virtual)
    ]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _trigger_sql(table: str) -> dict[str, str]:
    bump = f"UPDATE {VERSION_TABLE} SET n = n + 1 WHERE id = 1;"
    return {
        f"{TRIGGER_PREFIX}{table}_{short}": (
            f"CREATE TRIGGER {_q(TRIGGER_PREFIX + table + '_' + short)} AFTER {event} ON "
            f"{_q(table)} BEGIN {bump} END"
        )
        for short, event in (("ins", "INSERT"), ("upd", "UPDATE"), ("del", "DELETE"))
    }


def ensure_version_triggers(db: Database) -> int:
    """Write the counting triggers of every table that lacks them; drop those of tables
    that no longer count. Returns how many were written."""
    conn = db.conn
    if not table_exists(db, VERSION_TABLE):
        return 0
    existing = {
        name: sql
        for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
        if name.startswith(TRIGGER_PREFIX)
    }
    wanted: dict[str, str] = {}
    for table in counted_tables(conn):
        wanted.update(_trigger_sql(table))
    stale = [n for n, sql in existing.items() if wanted.get(n) != sql]
    missing = [n for n, sql in wanted.items() if existing.get(n) != sql]
    if not stale and not missing:
        return 0
    with db.atomic():
        for name in stale:
            conn.execute(f"DROP TRIGGER IF EXISTS {_q(name)}")
        for name in missing:
            conn.execute(wanted[name])
    return len(missing)


def drop_version_triggers(db: Database) -> None:
    """For a bulk write inside a transaction (app.db.audit.bulk_unaudited): the rows
    written then raise the version once, by `bump`, not one by one (8 us a row)."""
    conn = db.conn
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name GLOB ?",
            [TRIGGER_PREFIX + "*"],
        )
    ]
    for name in names:
        conn.execute(f"DROP TRIGGER IF EXISTS {_q(name)}")


def bump(db: Database) -> None:
    """Records changed (a bulk write): every kept figure is out of date."""
    if table_exists(db, VERSION_TABLE):
        db.conn.execute(f"UPDATE {VERSION_TABLE} SET n = n + 1 WHERE id = 1")


def data_version(conn: sqlite3.Connection) -> int:
    """The database's count of rows written so far (see the module's docstring)."""
    row = conn.execute(f"SELECT n FROM {VERSION_TABLE} WHERE id = 1").fetchone()
    return row[0] if row else 0


def cached(
    db: Database,
    key: str,
    compute: Callable[[], T],
    *,
    encode: Callable[[T], Any] = lambda v: v,
    decode: Callable[[Any], T] = lambda v: v,
) -> T:
    """The figure stored under `key` if no record changed since, else `compute()` (then
    stored). `encode` turns the value into JSON-able data, `decode` back."""
    conn = db.conn
    if not table_exists(db, CACHE_TABLE):  # a database opened before its migration ran
        return compute()
    version = data_version(conn)
    kept = _kept(conn, key, version)
    if kept is not None:
        return decode(json.loads(kept))
    value = compute()
    _store(conn, _versioned(key), version, json.dumps(encode(value), ensure_ascii=False))
    return value


def peek(db: Database, key: str, decode: Callable[[Any], T] = lambda v: v) -> T | None:
    """The figure stored under `key` if no record changed since, else None (the caller
    computes it off the UI thread)."""
    if not table_exists(db, CACHE_TABLE):
        return None
    kept = _kept(db.conn, key, data_version(db.conn))
    return None if kept is None else decode(json.loads(kept))


def _versioned(key: str) -> str:
    return f"{__version__}:{key}"  # a newer renda may compute a figure otherwise


def _kept(conn: sqlite3.Connection, key: str, version: int) -> str | None:
    row = conn.execute(
        f"SELECT version, value FROM {CACHE_TABLE} WHERE key = ?", [_versioned(key)]
    ).fetchone()
    return row[1] if row is not None and row[0] == version else None


def _store(conn: sqlite3.Connection, key: str, version: int, text: str) -> None:
    sql = f"INSERT OR REPLACE INTO {CACHE_TABLE} (key, version, value) VALUES (?, ?, ?)"
    if conn.in_transaction:  # the caller's write transaction: kept or undone with it
        conn.execute(sql, [key, version, text])
        return
    timeout = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(sql, [key, version, text])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    except sqlite3.OperationalError:
        pass  # another connection is writing (or the file is read-only): not kept this time
    finally:
        conn.execute(f"PRAGMA busy_timeout = {timeout}")


def forget(db: Database) -> None:
    """Drop every stored figure (after a change of how figures are computed)."""
    if table_exists(db, CACHE_TABLE):
        db.conn.execute(f"DELETE FROM {CACHE_TABLE}")
