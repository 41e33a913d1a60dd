"""The open database object of an office (`office.db`): a sqlite-utils `Database` that is
built only when something beyond the everyday calls is used.

Importing sqlite-utils costs about 60 ms (its plugins, click, dateutil, its SQL parser),
a third of renda's start. What the start and most work call — `conn`, `execute`, `query`,
`atomic`, `table_names` — are written here with the same behaviour as sqlite-utils 4.x
(tests/app/db/test_database.py runs each beside sqlite-utils); anything else (`db["t"]`,
`db.table(...)`, `db.register_function`, …) builds the sqlite-utils `Database` on the same
connection once and hands the call to it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

    # For the type checker it is a sqlite-utils Database: every other attribute is one.
    _Base = Database
else:
    _Base = object

# As sqlite-utils decides which statements execute() must not commit behind the caller
# and which query() refuses (sqlite_utils/db.py).
_TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}
_NOT_A_QUERY = _TRANSACTION_CONTROL | {"VACUUM", "ATTACH", "DETACH"}
_NOT_ROWS = (
    "query() can only be used with SQL that returns rows - use execute() for other statements"
)
_OWN = frozenset({"conn", "_full", "_renda_audit"})


class LazyDatabase(_Base):
    """A sqlite-utils `Database` over `conn`, built on first use of what is not here."""

    _renda_audit: Any = None  # the audit state (app/db/connection.py `audit_state`)

    def __init__(self, conn: sqlite3.Connection) -> None:
        object.__setattr__(self, "conn", conn)
        object.__setattr__(self, "_full", None)

    # ---- what sqlite-utils adds, built on first use ---------------------------------------

    @property
    def full(self) -> Database:
        """The sqlite-utils Database on this connection (built, and sqlite-utils imported,
        the first time it is asked for)."""
        if self._full is None:
            from sqlite_utils import Database

            # recursive_triggers: `connect` has set it already, as sqlite-utils would have.
            full = Database(self.conn, execute_plugins=False, recursive_triggers=False)
            object.__setattr__(self, "_full", full)
        return self._full

    def __getattr__(self, name: str) -> Any:
        # Only called for what this class does not have itself.
        if name.startswith("__") or name in _OWN:
            raise AttributeError(name)
        return getattr(self.full, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _OWN:
            object.__setattr__(self, name, value)
        else:
            setattr(self.full, name, value)

    def __getitem__(self, table_name: str) -> Any:
        return self.full[table_name]

    def __repr__(self) -> str:
        return f"<Database {self.conn}>"

    # ---- the everyday calls, as sqlite-utils 4.x makes them --------------------------------

    def __enter__(self) -> LazyDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def execute(
        self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None
    ) -> sqlite3.Cursor:
        """Run one statement; a write outside a transaction is committed at once."""
        conn = self.conn
        was_in_transaction = conn.in_transaction
        try:
            cursor = conn.execute(sql) if parameters is None else conn.execute(sql, parameters)
        except Exception:
            if not was_in_transaction and conn.in_transaction:
                # The failed statement opened an implicit transaction nothing would commit.
                conn.execute("ROLLBACK")
            raise
        if (
            not was_in_transaction
            and conn.in_transaction
            and cursor.description is None
            and first_keyword(sql) not in _TRANSACTION_CONTROL
        ):
            conn.execute("COMMIT")  # the implicit transaction sqlite3 opened for a write
        return cursor

    def query(
        self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None
    ) -> Iterator[dict[str, Any]]:
        """The rows of `sql` as dicts; a statement that returns no rows raises ValueError
        and is undone."""
        keyword = first_keyword(sql)
        if keyword in _NOT_A_QUERY:
            raise ValueError(_NOT_ROWS)
        conn = self.conn
        args: tuple = (params,) if params is not None else ()
        if keyword == "PRAGMA":
            # Some PRAGMAs refuse to run in a transaction: no savepoint guard for them.
            if conn.in_transaction:
                cursor = conn.execute(sql, *args)
            else:
                old_isolation_level = conn.isolation_level
                try:
                    conn.isolation_level = None
                    cursor = conn.execute(sql, *args)
                finally:
                    conn.isolation_level = old_isolation_level
            if cursor.description is None:
                raise ValueError(_NOT_ROWS)
            keys = dedupe_keys(d[0] for d in cursor.description)
            return (dict(zip(keys, row, strict=False)) for row in cursor)
        # In a savepoint, so a statement that returns no rows can be undone.
        conn.execute('SAVEPOINT "sqlite_utils_query"')
        released = False
        try:
            cursor = conn.execute(sql, *args)
            if cursor.description is None:
                raise ValueError(_NOT_ROWS)
            keys = dedupe_keys(d[0] for d in cursor.description)
            try:
                conn.execute('RELEASE "sqlite_utils_query"')
                released = True
            except sqlite3.OperationalError:
                # A write with RETURNING still running: fetch its rows, then release.
                fetched = cursor.fetchall()
                conn.execute('RELEASE "sqlite_utils_query"')
                released = True
                return (dict(zip(keys, row, strict=False)) for row in fetched)
            return (dict(zip(keys, row, strict=False)) for row in cursor)
        finally:
            if not released and conn.in_transaction:
                conn.execute('ROLLBACK TO "sqlite_utils_query"')
                conn.execute('RELEASE "sqlite_utils_query"')

    @contextmanager
    def atomic(self) -> Generator[LazyDatabase, None, None]:
        """One transaction; nested blocks are savepoints."""
        import secrets

        conn = self.conn
        if conn.in_transaction:
            savepoint = f"sqlite_utils_{secrets.token_hex(16)}"
            conn.execute(f"SAVEPOINT {savepoint};")
            try:
                yield self
            except BaseException:
                # An error such as RAISE(ROLLBACK) may have ended the whole transaction.
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint};")
                    conn.execute(f"RELEASE SAVEPOINT {savepoint};")
                raise
            else:
                conn.execute(f"RELEASE SAVEPOINT {savepoint};")
        else:
            conn.execute("BEGIN")
            try:
                yield self
            except BaseException:
                self.rollback()
                raise
            else:
                try:
                    conn.execute("COMMIT")
                except BaseException:
                    self.rollback()
                    raise

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def table_names(self, fts4: bool = False, fts5: bool = False) -> list[str]:
        where = ["type = 'table'"]
        if fts4:
            where.append("sql like '%USING FTS4%'")
        if fts5:
            where.append("sql like '%USING FTS5%'")
        sql = "select name from sqlite_master where {}".format(" AND ".join(where))
        return [r[0] for r in self.execute(sql).fetchall()]


def table_exists(db: Database, name: str) -> bool:
    """`db[name].exists()` without building a sqlite-utils Table: a table or view of
    that name."""
    found = db.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", [name]
    ).fetchone()
    return found is not None


def first_keyword(sql: str) -> str:
    """The first keyword of a statement, upper case, past blanks, comments, bare `;` and
    a byte order mark ('' if none) — as sqlite-utils reads it."""
    i, n = 0, len(sql)
    while i < n:
        if sql[i].isspace() or sql[i] in (";", "\ufeff"):
            i += 1
        elif sql.startswith("--", i):
            newline = sql.find("\n", i)
            if newline == -1:
                return ""
            i = newline + 1
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            if end == -1:
                return ""
            i = end + 2
        else:
            break
    j = i
    while j < n and (sql[j].isalpha() or sql[j] == "_"):
        j += 1
    return sql[i:j].upper()


def dedupe_keys(keys: Iterable[str]) -> list[str]:
    """Column names made unique (`id`, `id_2`, …) so no value of a row is lost in its dict."""
    keys = list(keys)
    taken = set(keys)
    if len(taken) == len(keys):
        return keys
    seen: set[str] = set()
    result = []
    for key in keys:
        if key in seen:
            new_key = key
            suffix = 2
            while new_key in seen or new_key in taken:
                new_key = f"{key}_{suffix}"
                suffix += 1
            key = new_key
        seen.add(key)
        result.append(key)
    return result
