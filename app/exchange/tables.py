"""Which tables travel in the county package, derived from the schema itself.

A table added by a later area travels without a change here, if it follows the
conventions of docs/EXTENDING.md ("Exchange"):

- a **record table** has `id INTEGER PRIMARY KEY` and `uuid TEXT NOT NULL UNIQUE`; the
  county matches its rows by uuid;
- a **child table** has no uuid; its primary key is made of foreign keys to record tables
  (deputy_photos.deputy_id, attachment_data.attachment_id); it travels with its parents;
- integer foreign keys point at record tables' `id`; the merge maps them by uuid;
- records of another record (attachments) name their owner by `(owner_kind, owner_uuid)`,
  which needs no mapping;
- tables of the office itself (settings, editable lists) are listed in LOCAL_TABLES.

`exchange_schema(db).problems` names every table that breaks these rules; a test keeps it
empty."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass

from app.duties.table_labels import ACTIVITY_TABLE_LABELS
from app.elections.table_labels import ELECTION_TABLE_LABELS
from app.oversight.table_labels import OVERSIGHT_TABLE_LABELS

# Tables that never travel: the office's own settings, lists and bookkeeping.
LOCAL_TABLES = {
    "_sqlite_migrations",  # sqlite-utils' record of applied migrations
    "renda_meta",
    "settings",
    "ref_items",  # each office edits its own lists; records hold the value text itself
    "package_imports",  # county: packages imported
    "exchange_origin",  # county: which township each record came from
    "value_mappings",  # what the clerk said a roster's values mean, for the next import
    "users",  # the office's users and their password hashes (stripped from packages)
    "audit_log",  # the office's audit trail (stripped from packages)
    "package_signing",  # township: its signing key and the number of its last package
    "township_keys",  # county: each township's pinned public key
    "data_version",  # derived, kept by triggers: rows written, figures kept with it
    "figure_cache",
    "data_version_township",  # derived, kept by triggers: the same, per township
    "figure_cache_township",
    "suggestion_order",  # derived, kept by triggers: the suggestion list's sort keys
}
# Local tables a package's snapshot keeps (the rows of every other local table are removed
# before sealing: keys, the county's bookkeeping, settings and whatever later areas keep
# for the office alone never leave it).
SNAPSHOT_KEEPS = {"_sqlite_migrations", "renda_meta"}

# Chinese names of tables for the county's import report; areas add theirs here.
TABLE_LABELS = {
    "townships": "乡镇",
    "terms": "届次",
    "constituencies": "选区",
    "liaison_stations": "联络站",
    "deputy_groups": "代表小组",
    "deputies": "代表",
    "deputy_status_changes": "代表状态变动",
    "deputy_photos": "代表照片",
    "attachments": "附件",
    "attachment_data": "附件内容",
    "meetings": "会议",
    "meeting_agenda": "会议议程",
    "meeting_attendance": "会议出席登记",
    "meeting_resolutions": "决议决定",
    "project_votes": "民生实事票决",
    "livelihood_projects": "民生实事项目",
    "project_progress": "民生实事进展",
    "handling_units": "承办单位",
    "suggestions": "建议、议案",
    "suggestion_signers": "建议提出代表",
    "suggestion_units": "建议承办单位",
    "suggestion_events": "建议办理记录",
    "suggestion_replies": "建议答复",
    "suggestion_ratings": "建议满意度测评",
    "motion_resolutions": "议案形成的决议",
    **ACTIVITY_TABLE_LABELS,
    **ELECTION_TABLE_LABELS,
    "work_plans": "年度工作要点",
    "plan_items": "工作要点事项",
    "duty_cycles": "联络站坐班规则",
    "duty_days": "联络站坐班日",
    "duty_day_deputies": "坐班代表",
    "group_year_plans": "代表小组年度计划和总结",
    "deputy_term_links": "代表历届关联",
    "training_details": "学习培训学时",
    **OVERSIGHT_TABLE_LABELS,
}


@dataclass(frozen=True)
class ForeignKey:
    column: str
    table: str  # a record table; the column holds its `id`


@dataclass(frozen=True)
class TableSpec:
    name: str
    kind: str  # "record" | "child"
    columns: tuple[str, ...]
    key: tuple[str, ...]  # ("uuid",) for a record table, the primary key for a child table
    foreign_keys: tuple[ForeignKey, ...]

    @property
    def label(self) -> str:
        return TABLE_LABELS.get(self.name, self.name)

    def fk(self, column: str) -> ForeignKey | None:
        return next((f for f in self.foreign_keys if f.column == column), None)


@dataclass(frozen=True)
class ExchangeSchema:
    tables: tuple[TableSpec, ...]  # record tables first, then child tables
    problems: tuple[str, ...]

    def get(self, name: str) -> TableSpec:
        return next(t for t in self.tables if t.name == name)

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.tables]


def _tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    # Virtual tables (full-text indexes) and their shadow tables are derived data, kept
    # by triggers on the tables they index.
    return sorted(
        name
        for name, _sql in rows
        if name not in virtual and not any(name.startswith(v + "_") for v in virtual)
    )


def exchange_schema(conn: sqlite3.Connection) -> ExchangeSchema:
    names = [t for t in _tables(conn) if t not in LOCAL_TABLES]
    info = {t: conn.execute(f'PRAGMA table_info("{t}")').fetchall() for t in names}
    fks = {t: conn.execute(f'PRAGMA foreign_key_list("{t}")').fetchall() for t in names}
    columns = {t: tuple(r[1] for r in info[t]) for t in names}
    records = {t for t in names if "uuid" in columns[t]}
    problems: list[str] = []
    specs: list[TableSpec] = []
    for table in names:
        pk = tuple(r[1] for r in sorted(info[table], key=lambda r: r[5]) if r[5])
        foreign: list[ForeignKey] = []
        for row in fks[table]:
            _id, seq, parent, column, to = row[0], row[1], row[2], row[3], row[4]
            if seq:
                problems.append(f"{table}: composite foreign keys are not supported")
                continue
            if parent not in records:
                problems.append(
                    f"{table}.{column} references {parent}, which does not travel in the "
                    "package (not a record table with a uuid)"
                )
                continue
            if to not in (None, "id"):
                problems.append(f"{table}.{column} must reference {parent}(id), not ({to})")
                continue
            foreign.append(ForeignKey(column, parent))
        if table in records:
            types = {r[1]: (r[2] or "").upper() for r in info[table]}
            if pk != ("id",) or types.get("id") != "INTEGER":
                problems.append(f"{table}: a record table needs `id INTEGER PRIMARY KEY`")
                continue
            specs.append(TableSpec(table, "record", columns[table], ("uuid",), tuple(foreign)))
            continue
        keyed = {f.column for f in foreign}
        if pk and all(c in keyed for c in pk):
            specs.append(TableSpec(table, "child", columns[table], pk, tuple(foreign)))
            continue
        problems.append(
            f"{table}: neither a `uuid` column nor a primary key of foreign keys to record "
            "tables; the county package cannot carry it. Follow docs/EXTENDING.md (Exchange) "
            "or add it to app.exchange.tables.LOCAL_TABLES."
        )
    specs.sort(key=lambda s: (s.kind != "record", s.name))
    return ExchangeSchema(tuple(specs), tuple(problems))


def records_digest(conn: sqlite3.Connection, schema: ExchangeSchema) -> str:
    """A fingerprint of every record that travels: equal for equal content."""
    digest = hashlib.sha256()
    for spec in schema.tables:
        order = ", ".join(f'"{c}"' for c in (("id",) if spec.kind == "record" else spec.key))
        cols = ", ".join(f'"{c}"' for c in spec.columns)
        digest.update(f"\x00{spec.name}\x00{cols}".encode())
        for row in conn.execute(f'SELECT {cols} FROM "{spec.name}" ORDER BY {order}'):
            for value in row:
                if isinstance(value, bytes):
                    digest.update(b"b" + hashlib.sha256(value).digest())
                else:
                    digest.update(repr(value).encode("utf-8", "surrogatepass") + b"\x1f")
            digest.update(b"\x1e")
    return digest.hexdigest()


def table_counts(conn: sqlite3.Connection, schema: ExchangeSchema) -> dict[str, int]:
    return {
        spec.name: conn.execute(f'SELECT count(*) FROM "{spec.name}"').fetchone()[0]
        for spec in schema.tables
    }
