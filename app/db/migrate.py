"""Bring a database up to this renda's schema, or refuse one written by a newer renda.

Each area owns a migration set (app/db/migration_set.py, the decorator API of sqlite-utils'
`Migrations`) in app/db/migrations/. Sets are
applied in the order of `MIGRATION_SETS`; a step may depend only on its own set and on sets
listed before it. Steps are append-only: never edit or remove a released one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.errors import DatabaseTooNew, DatabaseUnreadable
from app.db import trigger_note
from app.db.audit import drop_audit_triggers, ensure_audit_triggers
from app.db.database import table_exists
from app.db.figure_cache import ensure_version_triggers
from app.db.migration_set import MIGRATIONS_TABLE
from app.db.migrations import MIGRATION_SETS
from app.version import __version__

if TYPE_CHECKING:
    from sqlite_utils import Database

APP_MARK = "renda"


def known_steps() -> set[tuple[str, str]]:
    return {(m.name, step.name) for m in MIGRATION_SETS for step in m._migrations}


def applied_steps(db: Database) -> set[tuple[str, str]]:
    if not table_exists(db, MIGRATIONS_TABLE):
        return set()
    rows = db.execute(f"SELECT migration_set, name FROM {MIGRATIONS_TABLE}")
    return {(row[0], row[1]) for row in rows.fetchall()}


def _meta(db: Database, key: str) -> str | None:
    if not table_exists(db, "renda_meta"):
        return None
    row = db.execute("SELECT value FROM renda_meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def migrate(db: Database, *, triggers: bool = True) -> None:
    """Check the file is ours and not from a newer renda, then apply pending steps.

    `triggers=False`: a copy that is only read, then deleted (a package being merged into
    the county), is not given the audit and data-version triggers (50 ms a package)."""
    tables = set(db.table_names())
    if tables and "renda_meta" not in tables:
        raise DatabaseUnreadable(
            "这个文件是 SQLite 数据库，但不是乡镇人大工作台的数据库。请选择正确的数据库文件。"
        )
    if tables and _meta(db, "app") != APP_MARK:
        raise DatabaseUnreadable("这个数据库不是乡镇人大工作台创建的，无法打开。")
    unknown = applied_steps(db) - known_steps()
    if unknown:
        writer = _meta(db, "written_by") or "较新版本"
        raise DatabaseTooNew(
            f"这个数据库已由较新版本的乡镇人大工作台（{writer}）升级过，"
            f"当前程序版本 {__version__} 无法安全打开它。请安装最新版本后再打开；"
            "数据没有任何改动。"
        )
    if known_steps() - applied_steps(db):
        # The audit triggers name every column; a step may drop or rebuild a table. They
        # are written again, for the new schema, once all steps have run.
        drop_audit_triggers(db)
        for migrations in MIGRATION_SETS:
            migrations.apply(db)
    if triggers:
        _ensure_triggers(db)
    previous = _meta(db, "written_by")
    if previous != __version__:
        with db.atomic():  # as sqlite-utils' upsert did, without importing it
            db.execute(
                "INSERT INTO renda_meta (key, value) VALUES ('written_by', ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [__version__],
            )


def _ensure_triggers(db: Database) -> None:
    """Write the audit and data-version triggers the schema lacks, unless they were checked
    against this very schema by this very code (app/db/trigger_note.py): reading every
    table's columns and triggers at each open took 9 ms of every start."""
    if trigger_note.is_checked(db):
        return
    ensure_audit_triggers(db)
    ensure_version_triggers(db)
    trigger_note.mark_checked(db)
