"""The audit trail's triggers: every write to a record table leaves a row in `audit_log`.

The table itself is made by the access migration set (app/db/migrations/access.py), with
BEFORE UPDATE/DELETE triggers that refuse any change: the trail is append-only. The
per-table triggers are derived from the schema, like an index: `ensure_audit_triggers`
(re)writes them whenever a table or column is added, so an area adding a table is audited
without doing anything; `drop_audit_triggers` takes them away while migration steps run
(SQLite refuses to drop a column a trigger names).

Each trigger runs in the transaction of the write that fired it, and writes:
- `user_name`: `renda_user()`, the signed-in user (app/db/connection.py);
- `batch`: `renda_batch()`, one number per write transaction;
- `table_name`, `record_key` (the `id`, or the primary key values joined by '/');
- `action`: insert | update | delete;
- `old` / `new`: JSON objects. An insert keeps the whole new row, a delete the whole old
  row (blobs as {"$hex": …}, so a deleted record can be brought back from the recycle bin),
  an update only the fields that changed, old and new. Secret columns (password hashes)
  are never written."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from app.db import figure_cache, trigger_note
from app.db.database import table_exists
from app.db.sql import sync_triggers

if TYPE_CHECKING:
    from sqlite_utils import Database

AUDIT_TABLE = "audit_log"
TRIGGER_PREFIX = "audit_t_"

# Tables that are not records of the office's work: bookkeeping, derived indexes, the
# county's memory of imported packages, the trail itself.
UNAUDITED = {
    AUDIT_TABLE,
    "_sqlite_migrations",
    "renda_meta",
    "package_imports",
    "exchange_origin",
    "data_version",  # derived: a count of rows written, and figures kept with it
    "figure_cache",
    "data_version_township",
    "figure_cache_township",
    "suggestion_order",  # derived: the suggestion list's sort keys (triggers keep it)
}
# Columns whose value never enters the trail (a change shows as "已修改").
SECRET_COLUMNS = {("users", "password_hash"), ("users", "recovery_hash")}
SECRET_MARK = "（已修改）"


def audited_tables(conn: sqlite3.Connection) -> list[str]:
    """Every ordinary table of the schema except the unaudited ones and the shadow tables
    of full-text indexes."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"
    ).fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    names = []
    for name, _sql in rows:
        if name in UNAUDITED or name.startswith("sqlite_") or name in virtual:
            continue
        if any(name.startswith(v + "_") for v in virtual):
            continue
        names.append(name)
    return names


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, str, int]]:
    """(name, declared type, position in the primary key) of each column."""
    return [
        (row[1], (row[2] or "").upper(), row[5])
        for row in conn.execute(f"PRAGMA table_info({_q(table)})")
    ]


def _key_expr(table: str, columns: list[tuple[str, str, int]], row: str) -> str:
    names = [c[0] for c in columns]
    if "id" in names:
        return f"{row}.id"
    pk = [c[0] for c in sorted((c for c in columns if c[2]), key=lambda c: c[2])]
    if not pk:
        return f"{row}.rowid"
    return " || '/' || ".join(f"coalesce({row}.{_q(c)}, '')" for c in pk)


def _value(table: str, column: str, kind: str, row: str, *, whole: bool) -> str:
    ref = f"{row}.{_q(column)}"
    if (table, column) in SECRET_COLUMNS:
        return _lit(SECRET_MARK)
    if "BLOB" in kind:
        if whole:  # a deleted row keeps its bytes, to be brought back
            return f"CASE WHEN {ref} IS NULL THEN NULL ELSE json_object('$hex', hex({ref})) END"
        return f"CASE WHEN {ref} IS NULL THEN NULL ELSE length({ref}) || ' 字节' END"
    return ref


def _whole_row(table: str, columns: list[tuple[str, str, int]], row: str, *, keep: bool) -> str:
    parts = [f"{_lit(c)}, {_value(table, c, k, row, whole=keep)}" for c, k, _pk in columns]
    return "json_object(" + ", ".join(parts) + ")"


def _changed_fields(table: str, columns: list[tuple[str, str, int]], row: str) -> str:
    arms = [
        f"SELECT {_lit(c)} AS k, {_value(table, c, k, row, whole=False)} AS v "
        f"WHERE OLD.{_q(c)} IS NOT NEW.{_q(c)}"
        for c, k, _pk in columns
    ]
    return "(SELECT json_group_object(k, v) FROM (" + " UNION ALL ".join(arms) + "))"


def trigger_sql(conn: sqlite3.Connection, table: str) -> dict[str, str]:
    """The three audit triggers of a table, by name."""
    columns = _columns(conn, table)
    insert_cols = "(user_name, batch, table_name, record_key, action, old, new)"
    head = "INSERT INTO audit_log " + insert_cols + " VALUES (renda_user(), renda_batch(), "
    name = TRIGGER_PREFIX + table
    changed = " OR ".join(f"OLD.{_q(c)} IS NOT NEW.{_q(c)}" for c, _k, _p in columns)
    return {
        f"{name}_ins": (
            f"CREATE TRIGGER {_q(name + '_ins')} AFTER INSERT ON {_q(table)} BEGIN "
            f"{head}{_lit(table)}, {_key_expr(table, columns, 'NEW')}, 'insert', NULL, "
            f"{_whole_row(table, columns, 'NEW', keep=False)}); END"
        ),
        f"{name}_upd": (
            f"CREATE TRIGGER {_q(name + '_upd')} AFTER UPDATE ON {_q(table)} "
            f"WHEN {changed} BEGIN "
            f"{head}{_lit(table)}, {_key_expr(table, columns, 'NEW')}, 'update', "
            f"{_changed_fields(table, columns, 'OLD')}, "
            f"{_changed_fields(table, columns, 'NEW')}); END"
        ),
        f"{name}_del": (
            f"CREATE TRIGGER {_q(name + '_del')} AFTER DELETE ON {_q(table)} BEGIN "
            f"{head}{_lit(table)}, {_key_expr(table, columns, 'OLD')}, 'delete', "
            f"{_whole_row(table, columns, 'OLD', keep=True)}, NULL); END"
        ),
    }


def _existing(conn: sqlite3.Connection) -> dict[str, str]:
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    return {name: sql for name, sql in rows if name.startswith(TRIGGER_PREFIX)}


def ensure_audit_triggers(db: Database) -> int:
    """Write the audit triggers of every audited table that lacks them or whose columns
    changed, and drop those of tables gone; returns how many triggers were (re)written."""
    conn = db.conn
    if not table_exists(db, AUDIT_TABLE):
        return 0
    existing = _existing(conn)
    wanted: dict[str, str] = {}
    for table in audited_tables(conn):
        wanted.update(trigger_sql(conn, table))
    return sync_triggers(db, existing, wanted)


class Bulk:
    """What a bulk write says it touched. `townships`: the townships whose records it
    wrote (figures kept per township go stale for them only); None: it cannot say, and
    every township's figures go stale."""

    townships: list[int] | None = None


@contextmanager
def bulk_unaudited(db: Database) -> Iterator[Bulk]:
    """Inside a write transaction: rows written in the block leave no row-level trail (the
    caller records the bulk act as one event, e.g. a county package import), and raise the
    data version (app/db/figure_cache.py) once instead of row by row. The triggers are
    dropped and written again within the same transaction, so no other connection ever
    sees the schema without them."""
    if not db.conn.in_transaction:
        raise RuntimeError("bulk_unaudited needs an open write transaction")
    # Put back afterwards exactly as they were, from their SQL: regenerating them reads
    # every table's columns (70 ms per call at county scale, once per package imported).
    kept = [
        sql
        for name, sql in db.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
        if name.startswith((TRIGGER_PREFIX, figure_cache.TRIGGER_PREFIX))
    ]
    checked = trigger_note.is_checked(db)
    drop_audit_triggers(db)
    # The data version's triggers too: the bulk raises it once (kept figures go stale).
    figure_cache.drop_version_triggers(db)
    bulk = Bulk()
    yield bulk
    figure_cache.bump(db, bulk.townships)
    for sql in kept:
        db.conn.execute(sql)
    if checked:  # the same triggers, put back: the next open need not check them again
        trigger_note.mark_checked(db)


def drop_audit_triggers(db: Database) -> None:
    conn = db.conn
    existing = _existing(conn)
    if not existing:
        return
    with db.atomic():
        for name in existing:
            conn.execute(f"DROP TRIGGER IF EXISTS {_q(name)}")
