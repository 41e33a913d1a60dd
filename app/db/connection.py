"""Open the office's SQLite file with the settings renda relies on."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from app.core.errors import DatabaseUnreadable

BUSY_TIMEOUT_MS = 10_000


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
    if target != ":memory:":
        folder = Path(target).resolve().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnreadable(
                f"无法创建数据文件夹“{folder}”：{exc.strerror or exc}。请换一个有写入权限的位置。"
            ) from exc
    try:
        conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if target != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseUnreadable(
            f"无法打开“{target}”：它不是乡镇人大工作台的数据库，或者文件已损坏（{exc}）。"
            "请选择正确的数据库文件，或从备份恢复。"
        ) from exc
    db = Database(conn, execute_plugins=False)
    audit_state(db)
    return db


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One write transaction; nested calls become savepoints.

    BEGIN IMMEDIATE takes the write lock up front, so a second connection (the background
    worker) waits for it instead of failing half-way with "database is locked".
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    state = audit_state(db)
    state.batch = time.time_ns()  # unique: write transactions are serialised by the lock
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
    finally:
        state.batch = None
