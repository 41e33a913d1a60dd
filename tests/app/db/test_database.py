"""office.db (app/db/database.py) does the everyday calls itself, so the start does not
import sqlite-utils: each is run here beside sqlite-utils' own Database on a twin file,
and must leave the same rows, the same transaction state and raise the same errors."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from app.db.connection import connect, transaction
from app.db.database import LazyDatabase, table_exists

SCHEMA = "CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT NOT NULL)"


def twins(tmp_path: Path) -> tuple[LazyDatabase, Database]:
    ours = sqlite3.connect(tmp_path / "ours.sqlite")
    theirs = sqlite3.connect(tmp_path / "theirs.sqlite")
    for conn in (ours, theirs):
        conn.execute(SCHEMA)
        conn.execute("INSERT INTO t (x) VALUES ('a')")
        conn.commit()
    return LazyDatabase(ours), Database(theirs, execute_plugins=False)


def outcome(db: Any, act: Callable[[Any], Any]) -> tuple:
    """What `act` returned or raised, the rows left and whether a transaction is open."""
    try:
        result: Any = act(db)
        if result is not None and not isinstance(result, (int, str, list)):
            result = list(result)
    except Exception as exc:  # the same class and message on both sides
        result = (type(exc).__name__, str(exc))
    rows = db.conn.execute("SELECT id, x FROM t ORDER BY id").fetchall()
    return result, rows, db.conn.in_transaction


ACTS: dict[str, Callable[[Any], Any]] = {
    "a write outside a transaction is committed": lambda db: (
        db.execute("INSERT INTO t (x) VALUES (?)", ["b"]).rowcount
    ),
    "named parameters": lambda db: (
        db.execute("UPDATE t SET x = :x WHERE id = 1", {"x": "c"}).rowcount
    ),
    "a failed write leaves no transaction open": lambda db: db.execute(
        "INSERT INTO t (x) VALUES (NULL)"
    ),
    "rows as dicts": lambda db: db.query("SELECT id, x FROM t"),
    "duplicate column names are kept apart": lambda db: db.query("SELECT 1 AS a, 2 AS a, 3 AS a_2"),
    "a query that returns no rows is refused and undone": lambda db: db.query(
        "UPDATE t SET x = 'gone'"
    ),
    "transaction control is refused by query": lambda db: db.query("BEGIN"),
    "a write with RETURNING gives its rows and stays": lambda db: db.query(
        "INSERT INTO t (x) VALUES ('r') RETURNING id, x"
    ),
    "a PRAGMA query": lambda db: db.query("PRAGMA table_info(t)"),
    "a PRAGMA without rows": lambda db: db.query("PRAGMA foreign_keys = ON"),
    "a comment before the statement": lambda db: (
        db.execute("-- note\n/* more */ INSERT INTO t (x) VALUES ('d')").rowcount
    ),
    "table names": lambda db: db.table_names(),
}


@pytest.mark.parametrize("name", ACTS)
def test_each_call_behaves_as_sqlite_utils(tmp_path: Path, name: str) -> None:
    ours, theirs = twins(tmp_path)
    assert outcome(ours, ACTS[name]) == outcome(theirs, ACTS[name])


def nested(db: Any) -> list:
    with db.atomic():
        db.execute("INSERT INTO t (x) VALUES ('outer')")
        try:
            with db.atomic():
                db.execute("INSERT INTO t (x) VALUES ('inner')")
                raise ValueError("the inner block fails")
        except ValueError:
            pass
    try:
        with db.atomic():
            db.execute("INSERT INTO t (x) VALUES ('all or nothing')")
            db.execute("INSERT INTO t (x) VALUES (NULL)")
    except sqlite3.IntegrityError:
        pass
    return db.conn.execute("SELECT x FROM t ORDER BY id").fetchall()


def test_atomic_blocks_and_savepoints_behave_as_sqlite_utils(tmp_path: Path) -> None:
    ours, theirs = twins(tmp_path)
    assert nested(ours) == nested(theirs) == [("a",), ("outer",)]
    assert not ours.conn.in_transaction


def test_the_rest_of_sqlite_utils_is_there_on_first_use(tmp_path: Path) -> None:
    db = connect(tmp_path / "office.sqlite")
    db.execute(SCHEMA)
    db["t"].insert_all([{"x": "甲"}, {"x": "𠮷"}])  # built now, on the same connection
    assert db["t"].count == 2
    assert db.query("SELECT x FROM t ORDER BY id").__next__() == {"x": "甲"}
    assert table_exists(db, "t") and not table_exists(db, "nothing")
    assert db.execute("PRAGMA recursive_triggers").fetchone() == (1,)
    with transaction(db), transaction(db):  # nested: a savepoint of atomic()
        db.execute("INSERT INTO t (x) VALUES ('乙')")
    assert db.execute("SELECT count(*) FROM t").fetchone() == (3,)
    db.close()
