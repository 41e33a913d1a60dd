"""A note in the file of what the audit and data-version triggers were last checked
against, so an open need not read every table's columns and triggers again (9 ms of every
start, and of every worker's open).

The note names the schema (SQLite's `schema_version`, which every change of a table, an
index or a trigger raises, whichever connection makes it) and the code (a digest of the
modules that write the triggers, and of renda's version): neither a changed schema nor a
changed renda can find an old note that fits, and the triggers are then checked (and
written where missing) as before. A bulk write that drops and restores the triggers in
its transaction (app/db/audit.py) keeps a valid note valid."""

from __future__ import annotations

import sqlite3
import zlib
from functools import cache
from types import CodeType
from typing import TYPE_CHECKING

from app.db.database import table_exists
from app.version import __version__

if TYPE_CHECKING:
    from sqlite_utils import Database

KEY = "triggers_checked"  # in renda_meta


def is_checked(db: Database) -> bool:
    if not table_exists(db, "renda_meta"):
        return False
    row = db.execute("SELECT value FROM renda_meta WHERE key = ?", [KEY]).fetchone()
    return row is not None and row[0] == _note(db.conn)


def mark_checked(db: Database) -> None:
    """The triggers fit the schema as it is now: in the caller's transaction if there is
    one, else at once if no other connection is writing (or never: the next open checks)."""
    from app.db.figure_cache import write_if_free

    if not table_exists(db, "renda_meta"):
        return
    write_if_free(
        db.conn,
        "INSERT INTO renda_meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [(KEY, _note(db.conn))],
    )


def _note(conn: sqlite3.Connection) -> str:
    schema = conn.execute("PRAGMA schema_version").fetchone()[0]
    return f"{__version__}:{_code_digest()}:{schema}"


@cache
def _code_digest() -> str:
    """A digest of the code and the table lists that decide the triggers: a change of
    either (in development, before the version is raised) makes every note outdated.
    Read from the code objects, so a frozen build (no source files) has one too. CRC-32:
    it tells a change from none, no one forges it, and zlib is loaded already (hashlib's
    OpenSSL would add 2.5 ms to every start)."""
    from app.db import audit, figure_cache

    parts: list[bytes] = []
    for module in (audit, figure_cache):
        for name, value in sorted(vars(module).items()):
            code = getattr(value, "__code__", None)
            if code is not None and value.__module__ == module.__name__:
                parts.append(name.encode())
                _code_parts(parts, code)
            elif isinstance(value, (set, frozenset, dict, str, tuple)) and name.isupper():
                parts.append(f"{name}={_stable(value)}".encode())
    return f"{zlib.crc32(b''.join(parts)):08x}"


def _code_parts(parts: list[bytes], code: CodeType) -> None:
    parts.append(code.co_code)
    parts.append(repr(code.co_names).encode())
    for const in code.co_consts:
        if isinstance(const, CodeType):
            _code_parts(parts, const)
        else:
            parts.append(_stable(const).encode())


def _stable(value: object) -> str:
    """repr() with sets and dicts in a fixed order (their own order changes with each
    process's string hashing)."""
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(_stable(v) for v in value)) + "}"
    if isinstance(value, dict):
        return "{" + ",".join(sorted(f"{_stable(k)}:{_stable(v)}" for k, v in value.items())) + "}"
    if isinstance(value, (tuple, list)):
        return "(" + ",".join(_stable(v) for v in value) + ")"
    return repr(value)
