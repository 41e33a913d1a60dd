"""Open the office's SQLite file with the settings renda relies on."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core import faults
from app.core.errors import DatabaseUnreadable, StorageError
from app.core.grams import register_grams
from app.db.database import LazyDatabase

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_MS = 10_000
# While a LockWait is given, each try for the write lock waits this long, so the caller can
# show that it waits (and the GUI stays responsive) between tries.
TRY_LOCK_MS = 50

# Called while another connection holds the write lock, with the seconds waited so far;
# returns True to try again, False to give up (the GUI shows a message and keeps painting,
# the command line prints that it waits and sleeps). Called once more with None when the
# wait is over (the lock was got, or given up), so a message shown can be taken away.
LockWait = Callable[[float | None], bool]


@dataclass
class AuditState:
    """Who writes on this connection, and which transaction a change belongs to.

    The audit triggers (app/db/audit.py) read both through SQL functions registered on the
    connection: `renda_user()` (the signed-in user's name, '' when login is off) and
    `renda_batch()` (one number per write transaction, so a delete and the rows it took
    with it can be brought back together)."""

    user: str = ""
    batch: int | None = None


def audit_state(db: Database) -> AuditState:
    """The audit state of this open database (made by `connect`)."""
    state = getattr(db, "_renda_audit", None)
    if state is None:
        state = AuditState()
        register_audit_functions(db.conn, state)
        db._renda_audit = state  # type: ignore[attr-defined]
    return state


def register_audit_functions(conn: sqlite3.Connection, state: AuditState) -> None:
    """The SQL functions the audit triggers call; a connection without them cannot write
    an audited table (the trigger fails), so every renda connection registers them."""
    conn.create_function("renda_user", 0, lambda: state.user)
    conn.create_function("renda_batch", 0, lambda: state.batch)


def connect(path: Path | str) -> Database:
    """Open (or create) the database file: WAL, foreign keys on, busy timeout, full sync.

    synchronous=FULL: a township PC loses power now and then, and a clerk's last entry
    must survive that; the cost is an fsync per write, which a clerk never notices.
    """
    target = str(path)
    file = Path(target).resolve() if target != ":memory:" else None
    if file is not None:
        if not Path(file.anchor).exists():  # a drive letter of a stick that is not there
            raise faults.drive_missing(file, opening=True)
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise faults.from_os(exc, file, opening=True) from exc
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if target != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # A trigger's write fires the triggers of the table it writes (as sqlite-utils
        # sets on every connection it wraps).
        conn.execute("PRAGMA recursive_triggers = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        mapped = faults.from_sqlite(exc, file, opening=True)
        if mapped is not None:
            raise mapped from exc
        raise DatabaseUnreadable(
            f"无法打开“{target}”：它不是乡镇人大工作台的数据库，或者文件已损坏（{exc}）。"
            "请选择正确的数据库文件，或从备份恢复。"
        ) from exc
    # The search indexes' triggers call grams() (app/core/grams.py): any connection that
    # writes a suggestion or a reception (a migration step, a county merge, a worker)
    # needs it.
    register_grams(conn)
    db = LazyDatabase(conn)  # sqlite-utils is imported only when more than SQL is asked of it
    audit_state(db)
    return db


def _begin(conn: sqlite3.Connection, wait: LockWait | None) -> None:
    """BEGIN IMMEDIATE: wait for the write lock (telling `wait`), or raise DatabaseLocked."""
    if wait is None:
        started = time.monotonic()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise faults.locked(time.monotonic() - started) from exc
            raise
        return
    started = time.monotonic()
    waited_once = False
    conn.execute(f"PRAGMA busy_timeout = {TRY_LOCK_MS}")
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise
                waited_once = True
                if not wait(time.monotonic() - started):
                    raise faults.locked(time.monotonic() - started) from exc
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if waited_once:
            wait(None)


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (faults.SQLITE_BUSY, faults.SQLITE_LOCKED)


@contextmanager
def transaction(
    db: Database, *, wait: LockWait | None = None, path: Path | None = None
) -> Iterator[Database]:
    """One write transaction; nested calls become savepoints.

    BEGIN IMMEDIATE takes the write lock up front, so a second connection (the background
    worker) waits for it instead of failing half-way with "database is locked"; `wait` is
    told while it waits. A failure of the disk or the file (locked, full, read-only, drive
    gone) rolls back and becomes the StorageError of app.core.faults naming its cause.
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    try:
        _begin(conn, wait)
    except sqlite3.Error as exc:
        mapped = faults.from_sqlite(exc, path)
        if mapped is None:
            raise
        raise mapped from exc
    state = audit_state(db)
    state.batch = time.time_ns()  # unique: write transactions are serialised by the lock
    try:
        yield db
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the disk is gone: SQLite rolls back from the journal when it opens
        if isinstance(exc, (sqlite3.Error, OSError)) and not isinstance(exc, StorageError):
            mapped = faults.storage_error(exc, path)
            if mapped is not None:
                raise mapped from exc
        raise
    finally:
        state.batch = None
