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

A county's figures are one row per township, and a change (a reply recorded, one
township's package imported) touches one township: summing all hundred again would take
half a second at prefecture scale. So the same triggers also raise a **counter per
township**, `data_version_township`, for the township the written row belongs to: its own
`township_id`, or its parent's through a foreign key (a reply belongs to the township of
its suggestion). A row of no one township (a setting, a reference list) or whose township
cannot be told (a parent already deleted) raises counter 0, `SHARED`, which every
township's figure depends on. `cached_by_township` keeps each township's row of a figure
with (shared counter, that township's counter) and sums afresh only the townships whose
counters moved.

Settings are read by figures (the first result class counts as solved) but belong to no
township: a change of one would make every township's row stale, and summing a
prefecture's hundred townships again takes 0.2–0.3 s. So a figure is kept with the
settings it read while it was computed (recorded by app.core.settings.recording_reads)
and given again only while they hold the same values; a settings row raises the data
version but not SHARED (READ_BY_VALUE). A kept figure used inside another's computation
passes its settings on to that one.

A figure read at version v is stored under the version read *before* computing it: if a
write slipped in meanwhile, the stored version is already old and the next read computes
again. Writing the cache never waits for the write lock: when another connection holds it
(a long import), the figure is simply not kept this time."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from app.core.settings import note_reads, recording_reads
from app.db.database import table_exists
from app.db.sql import sync_triggers
from app.version import __version__

if TYPE_CHECKING:
    from sqlite_utils import Database

VERSION_TABLE = "data_version"
CACHE_TABLE = "figure_cache"
TOWNSHIP_VERSION_TABLE = "data_version_township"
TOWNSHIP_CACHE_TABLE = "figure_cache_township"
SHARED = 0  # the counter of rows of no one township (never a township's id: ids start at 1)
TRIGGER_PREFIX = "data_version_t_"
# Tables whose rows are not records: bookkeeping, the trail (written only by the triggers
# of tables that count already), what is derived from records (sort keys, this cache).
NOT_COUNTED = {
    VERSION_TABLE,
    CACHE_TABLE,
    TOWNSHIP_VERSION_TABLE,
    TOWNSHIP_CACHE_TABLE,
    "_sqlite_migrations",
    "renda_meta",
    "audit_log",
    "suggestion_order",
    # The county's bookkeeping of packages and the office's users: no kept figure counts
    # them, and an import or a sign-in must not make every township's figures stale.
    "package_imports",
    "township_keys",
    "exchange_origin",
    "package_signing",
    "users",
}

# Tables whose rows a figure kept per township depends on by the values it read (see
# the module's docstring), not by the SHARED counter.
READ_BY_VALUE = {"settings"}

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


def create_township_tables(db: Database) -> None:
    """The counters per township and the figures kept per township (a later core step)."""
    from app.db.sql import run_script

    run_script(
        db,
        f"""
        CREATE TABLE IF NOT EXISTS {TOWNSHIP_VERSION_TABLE} (
            township_id INTEGER PRIMARY KEY,
            n INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS {TOWNSHIP_CACHE_TABLE} (
            key TEXT NOT NULL,
            township_id INTEGER NOT NULL,
            shared INTEGER NOT NULL,
            version INTEGER NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (key, township_id)
        ) WITHOUT ROWID;
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


def _exists(conn: sqlite3.Connection, table: str) -> bool:
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
    ).fetchone()
    return found is not None


def _columns(conn: sqlite3.Connection, table: str) -> dict[str, bool]:
    """Column name -> declared NOT NULL."""
    return {row[1]: bool(row[3]) for row in conn.execute(f"PRAGMA table_info({_q(table)})")}


class _Schema:
    """The columns and foreign keys of the tables, each read once: the triggers of every
    table ask for the same parents again and again (20 ms of every start at county scale
    when each was read anew)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._columns: dict[str, dict[str, bool]] = {}
        self._keys: dict[str, list[tuple]] = {}

    def columns(self, table: str) -> dict[str, bool]:
        if table not in self._columns:
            self._columns[table] = _columns(self.conn, table)
        return self._columns[table]

    def foreign_keys(self, table: str) -> list[tuple]:
        if table not in self._keys:
            self._keys[table] = self.conn.execute(
                f"PRAGMA foreign_key_list({_q(table)})"
            ).fetchall()
        return self._keys[table]


def township_of(
    conn: sqlite3.Connection,
    table: str,
    row: str,
    depth: int = 0,
    schema: _Schema | None = None,
) -> str | None:
    """An SQL expression for the township a row of `table` belongs to (`row`: NEW, OLD or
    an alias): its `township_id`, else its parent's through a foreign key, two steps at
    most (a reply's suggestion; a vote's candidate's election). None: no one township's;
    an expression that gives NULL (a parent already deleted) counts as no one's too."""
    schema = schema or _Schema(conn)
    if table == "townships":
        return f"{row}.id"
    if "township_id" in schema.columns(table):
        return f"{row}.township_id"
    if depth >= 2:
        return None
    own = schema.columns(table)

    def rank(key: tuple) -> tuple:
        # A key that is always there before one that may be NULL (a reply's suggestion,
        # not its unit; an attendance's meeting, not its deputy, who may be a guest); a
        # parent that is always of a township before one that may be the county's; one
        # lookup before two.
        parent = schema.columns(key[2])
        return (
            not own.get(key[3], False),
            not parent.get("township_id", key[2] == "townships"),
            "township_id" not in parent and key[2] != "townships",
            key[0],
        )

    keys = sorted(schema.foreign_keys(table), key=rank)
    alias = f"p{depth}"
    for key in keys:
        parent, column, target = key[2], key[3], key[4] or "id"
        inner = township_of(conn, parent, alias, depth + 1, schema)
        if inner is not None:
            return (
                f"(SELECT {inner} FROM {_q(parent)} {alias}"
                f" WHERE {alias}.{_q(target)} = {row}.{_q(column)})"
            )
    return None


def _raise_township(expression: str | None) -> str:
    return (
        f"INSERT INTO {TOWNSHIP_VERSION_TABLE} (township_id, n)"
        f" SELECT coalesce({expression or 'NULL'}, {SHARED}), 1 WHERE 1"
        " ON CONFLICT (township_id) DO UPDATE SET n = n + 1;"
    )


def _trigger_sql(
    conn: sqlite3.Connection, table: str, per_township: bool, schema: _Schema | None = None
) -> dict[str, str]:
    bump = f"UPDATE {VERSION_TABLE} SET n = n + 1 WHERE id = 1;"
    rows = {"ins": ("NEW",), "upd": ("OLD", "NEW"), "del": ("OLD",)}
    out = {}
    for short, event in (("ins", "INSERT"), ("upd", "UPDATE"), ("del", "DELETE")):
        body = bump
        if per_township and table not in READ_BY_VALUE:
            # An update raises the township the row left and the one it joined.
            found = dict.fromkeys(township_of(conn, table, r, 0, schema) for r in rows[short])
            body += " " + " ".join(_raise_township(expression) for expression in found)
        name = f"{TRIGGER_PREFIX}{table}_{short}"
        out[name] = f"CREATE TRIGGER {_q(name)} AFTER {event} ON {_q(table)} BEGIN {body} END"
    return out


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
    per_township = _exists(conn, TOWNSHIP_VERSION_TABLE)
    schema = _Schema(conn)
    wanted: dict[str, str] = {}
    for table in counted_tables(conn):
        wanted.update(_trigger_sql(conn, table, per_township, schema))
    return sync_triggers(db, existing, wanted)


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


def bump(db: Database, townships: Iterable[int] | None = None) -> None:
    """Records changed (a bulk write): every kept figure is out of date; of the figures
    kept per township, those of `townships` (all of them when not given)."""
    if table_exists(db, VERSION_TABLE):
        db.conn.execute(f"UPDATE {VERSION_TABLE} SET n = n + 1 WHERE id = 1")
    if _exists(db.conn, TOWNSHIP_VERSION_TABLE):
        for township in [SHARED] if townships is None else townships:
            db.conn.execute(_raise_township(str(int(township))))


def township_versions(conn: sqlite3.Connection) -> dict[int, int]:
    """Each township's counter, and SHARED's (see the module's docstring)."""
    return dict(conn.execute(f"SELECT township_id, n FROM {TOWNSHIP_VERSION_TABLE}").fetchall())


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
    if kept is not None:  # the version counts settings too: what it read still holds
        data = json.loads(kept)
        note_reads(data["s"])
        return decode(data["v"])
    with recording_reads() as read:
        value = compute()
    _store(conn, _versioned(key), version, _text(encode(value), read))
    return value


def peek(db: Database, key: str, decode: Callable[[Any], T] = lambda v: v) -> T | None:
    """The figure stored under `key` if no record changed since, else None (the caller
    computes it off the UI thread)."""
    if not table_exists(db, CACHE_TABLE):
        return None
    kept = _kept(db.conn, key, data_version(db.conn))
    return None if kept is None else decode(json.loads(kept)["v"])


def cached_by_township(
    db: Database,
    key: str,
    townships: Sequence[int],
    compute: Callable[[list[int]], dict[int, T]],
    *,
    encode: Callable[[T], Any] = lambda v: v,
    decode: Callable[[Any], T] = lambda v: v,
) -> dict[int, T]:
    """A figure of each of `townships` (township id -> value; a township without a value
    is left out): kept rows where neither that township's counter nor SHARED moved since,
    nor a setting the row read, and `compute(the others)` for the rest (then kept)."""
    conn = db.conn
    if not _exists(db.conn, TOWNSHIP_CACHE_TABLE):  # before its migration step ran
        return compute(list(townships))
    versions = township_versions(conn)
    kept = _valid_by_township(conn, key, versions)
    values: dict[int, T | None] = {}
    for t in townships:
        if t in kept:
            note_reads(kept[t]["s"])
            values[t] = None if kept[t]["v"] is None else decode(kept[t]["v"])
    stale = [t for t in townships if t not in kept]
    if stale:
        with recording_reads() as read:
            fresh = compute(stale)
        rows = [(t, _text(encode(fresh[t]) if t in fresh else None, read)) for t in stale]
        _store_by_township(conn, _versioned(key), versions, rows)
        values.update({t: fresh.get(t) for t in stale})
    return {t: v for t in townships if (v := values[t]) is not None}


def peek_by_township(
    db: Database, key: str, townships: Sequence[int], decode: Callable[[Any], T] = lambda v: v
) -> dict[int, T] | None:
    """The figure of each of `townships` if all are kept, else None (computed off the UI
    thread by `cached_by_township`)."""
    if not _exists(db.conn, TOWNSHIP_CACHE_TABLE):
        return None
    kept = _valid_by_township(db.conn, key, township_versions(db.conn))
    if any(t not in kept for t in townships):
        return None
    return {t: decode(kept[t]["v"]) for t in townships if kept[t]["v"] is not None}


def _text(value: Any, read: dict[str, str | None]) -> str:
    """A kept figure's stored text: its value and the settings it read."""
    return json.dumps({"v": value, "s": read}, ensure_ascii=False)


def _settings_now(conn: sqlite3.Connection) -> dict[str, str]:
    if not _exists(conn, "settings"):
        return {}
    return dict(conn.execute("SELECT key, value FROM settings").fetchall())


def _valid_by_township(
    conn: sqlite3.Connection, key: str, versions: dict[int, int]
) -> dict[int, dict[str, Any]]:
    """township -> its kept row ({"v": value, "s": settings read}) where the counters
    and the settings it read still hold."""
    now: dict[str, str] | None = None
    valid = {}
    for township, text in _kept_by_township(conn, key, versions).items():
        data = json.loads(text)
        if data["s"]:
            now = _settings_now(conn) if now is None else now
            if any(now.get(k) != v for k, v in data["s"].items()):
                continue
        valid[township] = data
    return valid


def _kept_by_township(
    conn: sqlite3.Connection, key: str, versions: dict[int, int]
) -> dict[int, str]:
    shared = versions.get(SHARED, 0)
    return {
        township: value
        for township, was_shared, version, value in conn.execute(
            f"SELECT township_id, shared, version, value FROM {TOWNSHIP_CACHE_TABLE} WHERE key = ?",
            [_versioned(key)],
        )
        if was_shared == shared and version == versions.get(township, 0)
    }


def _store_by_township(
    conn: sqlite3.Connection, key: str, versions: dict[int, int], rows: list[tuple[int, str]]
) -> None:
    shared = versions.get(SHARED, 0)
    write_if_free(
        conn,
        f"INSERT OR REPLACE INTO {TOWNSHIP_CACHE_TABLE}"
        " (key, township_id, shared, version, value) VALUES (?, ?, ?, ?, ?)",
        [(key, t, shared, versions.get(t, 0), text) for t, text in rows],
    )


def _versioned(key: str) -> str:
    # A newer renda may compute a figure otherwise; "s:" since kept figures note the
    # settings they read (rows kept before are not read as such).
    return f"{__version__}:s:{key}"


def _kept(conn: sqlite3.Connection, key: str, version: int) -> str | None:
    row = conn.execute(
        f"SELECT version, value FROM {CACHE_TABLE} WHERE key = ?", [_versioned(key)]
    ).fetchone()
    return row[1] if row is not None and row[0] == version else None


def _store(conn: sqlite3.Connection, key: str, version: int, text: str) -> None:
    sql = f"INSERT OR REPLACE INTO {CACHE_TABLE} (key, version, value) VALUES (?, ?, ?)"
    write_if_free(conn, sql, [(key, version, text)])


def write_if_free(conn: sqlite3.Connection, sql: str, rows: list[tuple]) -> None:
    """Write what may as well be written later (a kept figure, a note of what was
    checked): at once if no other connection holds the write lock, else not at all."""
    if conn.in_transaction:  # the caller's write transaction: kept or undone with it
        conn.executemany(sql, rows)
        return
    timeout = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(sql, rows)
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
    for table in (CACHE_TABLE, TOWNSHIP_CACHE_TABLE):
        if table_exists(db, table):
            db.conn.execute(f"DELETE FROM {table}")
