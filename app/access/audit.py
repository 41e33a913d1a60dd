"""Reading the audit trail (`office.audit`): who changed what, when, old → new; its export
to Excel; and the recycle bin (回收站): a deleted record, with the rows that went with it,
brought back from the old values the trail kept.

The trail is written by triggers (app/db/audit.py) and by `office.access.record` (reveals,
exports, sign-ins); nothing here writes to it except a restore, which is a write like any
other."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.access import roles
from app.access.users import NOT_SIGNED_IN
from app.core.errors import NotFound, RendaError, ValidationError
from app.core.progress import NO_PROGRESS, Progress
from app.core.settings import SETTINGS
from app.core.validate import mask_id_number, mask_phone
from app.deputies.fields import DEPUTY_FIELDS
from app.exchange.tables import TABLE_LABELS

if TYPE_CHECKING:
    from app.office import Office

# KIND of `--record KIND:ID` -> table; a table's own name is accepted too.
RECORD_KINDS = {
    "deputy": "deputies",
    "meeting": "meetings",
    "suggestion": "suggestions",
    "activity": "activities",
    "reception": "receptions",
    "voter_report": "voter_reports",
    "term": "terms",
    "township": "townships",
    "group": "deputy_groups",
    "station": "liaison_stations",
    "constituency": "constituencies",
    "unit": "handling_units",
    "project": "livelihood_projects",
    "user": "users",
    "setting": "settings",
}
KIND_OF_TABLE = {table: kind for kind, table in RECORD_KINDS.items()}
EXTRA_TABLE_LABELS = {"users": "用户", "settings": "设置", "ref_items": "选项列表", "": "系统"}
ACTION_LABELS = {
    "insert": "新增",
    "update": "修改",
    "delete": "删除",
    "reveal": "查看完整信息",
    "export": "导出敏感信息",
    "login": "登录",
    "restore": "从回收站恢复",
    "package": "报送包",
    "demo": "演示数据",
}
FIELD_LABELS = {f.key: f.label for f in DEPUTY_FIELDS} | {
    "title": "标题",
    "content": "内容",
    "date": "日期",
    "place": "地点",
    "status": "状态",
    "role": "角色",
    "active": "可以登录",
    "password_hash": "密码",
    "recovery_hash": "恢复码",
    "value": "值",
    "contact": "联系方式",
    "summary": "摘要",
    "topic": "主题",
    "item": "项目",
    "note": "备注",
}
SENSITIVE_FIELDS = {"id_number", "phone", "address", "contact"}
# Deletes the recycle bin lists (the record a clerk deleted; its dependants go with it).
RECOVERABLE = (
    "deputies",
    "meetings",
    "suggestions",
    "activities",
    "receptions",
    "voter_reports",
    "livelihood_projects",
    "handling_units",
)
LABEL_COLUMNS = ("name", "title", "topic", "number", "key")
# A setting is named by its label in 设置, never by its internal key.
SETTING_LABELS = {spec.key: spec.label for spec in SETTINGS}


@dataclass(frozen=True)
class Change:
    """One change: a field of an edited record, or a whole record added or deleted (field
    ''), or an event (a reveal, an export, a sign-in)."""

    entry_id: int
    at: str  # ISO, local time
    user: str  # '' while login was off
    table: str
    key: str
    action: str
    field: str
    old: Any
    new: Any
    note: str = ""

    @property
    def record(self) -> str:
        """`KIND:ID` (as `--record` takes it)."""
        if not self.table:
            return ""
        return f"{KIND_OF_TABLE.get(self.table, self.table)}:{self.key}"

    @property
    def user_label(self) -> str:
        return self.user or NOT_SIGNED_IN

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def table_label(self) -> str:
        return EXTRA_TABLE_LABELS.get(self.table) or TABLE_LABELS.get(self.table, self.table)

    @property
    def field_label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)

    def as_json(self) -> dict[str, Any]:
        return {
            "user": self.user,
            "time": self.at,
            "record": self.record,
            "action": self.action,
            "field": self.field or None,
            "old": self.old,
            "new": self.new,
        }


@dataclass(frozen=True)
class AuditQuery:
    record: str = ""  # KIND:ID
    user: str = ""
    since: str = ""  # ISO date, inclusive
    until: str = ""  # ISO date, inclusive
    limit: int = 5000


@dataclass(frozen=True)
class Deleted:
    """A record in the recycle bin."""

    batch: int
    at: str
    user: str
    table: str
    key: str
    label: str
    rows: int  # rows deleted with it (attendance, timeline, attachments …)
    restored: bool
    number: int = 0  # the trail's entry of the delete: a short number to name it by

    @property
    def table_label(self) -> str:
        return TABLE_LABELS.get(self.table, self.table)


def parse_record(text: str) -> tuple[str, str]:
    """`deputy:12` -> ("deputies", "12"); ValidationError in Chinese otherwise."""
    kind, sep, key = text.strip().partition(":")
    table = RECORD_KINDS.get(
        kind, kind if kind in TABLE_LABELS or kind in RECORD_KINDS.values() else ""
    )
    if not sep or not key or not table:
        kinds = "、".join(RECORD_KINDS)
        raise ValidationError({"record": f"记录应写成 类别:编号，如 deputy:12；类别可用 {kinds}"})
    return table, key


def _mask(field: str, value: Any) -> Any:
    if not isinstance(value, str) or not value:
        return value
    if field == "id_number":
        return mask_id_number(value)
    if field in ("phone", "contact"):
        return mask_phone(value)
    if field == "address":
        return "（已隐藏）"
    return value


def _show(value: Any) -> Any:
    if isinstance(value, dict) and "$hex" in value:
        return f"{len(value['$hex']) // 2} 字节"
    return value


class AuditTrail:
    def __init__(self, office: Office) -> None:
        self._office = office
        self._columns: dict[str, set[str]] = {}

    # ---- reading ----------------------------------------------------------------------

    def _where(self, query: AuditQuery) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if query.record:
            table, key = parse_record(query.record)
            fk = KIND_OF_TABLE.get(table, "") + "_id"
            clauses.append(
                "((table_name = ? AND record_key = ?) OR "
                "(table_name != ? AND json_extract(coalesce(new, old), ?) = ?))"
            )
            params += [table, key, table, f"$.{fk}", int(key) if key.isdigit() else key]
        if query.user:
            user = "" if query.user == NOT_SIGNED_IN else query.user.strip()
            clauses.append("user_name = ?")
            params.append(user)
        if query.since:
            clauses.append("at >= ?")
            params.append(query.since)
        if query.until:
            clauses.append("at < ?")
            params.append(query.until + "~")  # the whole last day
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def changes(
        self, query: AuditQuery = AuditQuery(), *, reveal: bool | None = None
    ) -> list[Change]:
        """Changes matching the query, newest first, one per changed field. Sensitive
        values are masked unless `reveal` (office.access.reveal decides and records)."""
        self._office.access.require(roles.AUDIT)
        show = self._office.access.reveal(reveal, what="操作记录")
        return list(self._iter(query, show))

    def _iter(self, query: AuditQuery, show: bool) -> Iterator[Change]:
        where, params = self._where(query)
        rows = self._office.db.execute(
            "SELECT id, at, user_name, table_name, record_key, action, old, new, note"
            f" FROM audit_log{where} ORDER BY id DESC LIMIT ?",
            [*params, query.limit],
        ).fetchall()
        for entry_id, at, user, table, key, action, old_text, new_text, note in rows:
            old = json.loads(old_text) if old_text else None
            new = json.loads(new_text) if new_text else None
            base = dict(
                entry_id=entry_id,
                at=at,
                user=user,
                table=table,
                key=key or "",
                action=action,
                note=note,
            )
            if action == "update" and isinstance(old, dict) and isinstance(new, dict):
                for field in new:
                    if field == "updated_at":
                        continue
                    o, n = _show(old.get(field)), _show(new.get(field))
                    if not show and field in SENSITIVE_FIELDS:
                        o, n = _mask(field, o), _mask(field, n)
                    yield Change(**base, field=field, old=o, new=n)
            elif action in ("insert", "delete"):
                row = new if action == "insert" else old
                row = {k: _show(v) for k, v in (row or {}).items()}
                if not show:
                    row = {k: _mask(k, v) if k in SENSITIVE_FIELDS else v for k, v in row.items()}
                yield Change(
                    **base,
                    field="",
                    old=row if action == "delete" else None,
                    new=row if action == "insert" else None,
                )
            else:
                what = (new or {}).get("what", "") if isinstance(new, dict) else ""
                yield Change(**base, field="", old=None, new=what)

    def describe(self, change: Change) -> str:
        """The record a change belongs to, for a person: '代表 张三'."""
        return f"{change.table_label} {self.record_name(change.table, change.key)}".strip()

    def _table_columns(self, table: str) -> set[str]:
        cached = self._columns.get(table)
        if cached is None:
            rows = self._office.db.execute(f'PRAGMA table_info("{table}")').fetchall()
            cached = self._columns[table] = {r[1] for r in rows}
        return cached

    def record_name(self, table: str, key: str) -> str:
        """The record's name (or title) now, or as it was when deleted; else its number."""
        if not table or not key:
            return ""
        if table == "settings":
            return SETTING_LABELS.get(key, key)
        try:
            cols = self._table_columns(table)
            column = next((c for c in LABEL_COLUMNS if c in cols), None)
            if column and "id" in cols and key.isdigit():
                row = self._office.db.execute(
                    f'SELECT "{column}" FROM "{table}" WHERE id = ?', [int(key)]
                ).fetchone()
                if row and row[0]:
                    return str(row[0])
            if column:
                row = self._office.db.execute(
                    "SELECT json_extract(old, ?) FROM audit_log WHERE table_name = ?"
                    " AND record_key = ? AND action = 'delete' ORDER BY id DESC LIMIT 1",
                    [f"$.{column}", table, key],
                ).fetchone()
                if row and row[0]:
                    return str(row[0])
        except sqlite3.Error:
            pass
        return f"#{key}"

    def users(self) -> list[str]:
        """Every name that appears in the trail (for the viewer's filter)."""
        rows = self._office.db.execute("SELECT DISTINCT user_name FROM audit_log ORDER BY 1")
        return [r[0] or NOT_SIGNED_IN for r in rows.fetchall()]

    def export(
        self,
        path: Path | str,
        query: AuditQuery = AuditQuery(),
        *,
        reveal: bool | None = None,
        progress: Progress = NO_PROGRESS,
    ) -> Path:
        """The changes of `query` to an .xlsx file (sensitive values masked unless the role
        may export them and asks, or the setting shows them)."""
        from app.exchange.table_export import ExportColumn, export_table

        self._office.access.require(roles.AUDIT)
        show = self._office.access.export_reveal(reveal, what="操作记录", target=str(path))
        changes = list(self._iter(query, show))
        columns = [
            ExportColumn("时间", "text", 20),
            ExportColumn("用户", "text", 12),
            ExportColumn("操作", "text", 10),
            ExportColumn("记录", "text", 24),
            ExportColumn("编号", "text", 14),
            ExportColumn("项目", "text", 14),
            ExportColumn("原值", "longtext", 30),
            ExportColumn("新值", "longtext", 30),
        ]
        rows = (
            [
                c.at.replace("T", " ")[:19],
                c.user_label,
                c.action_label,
                self.describe(c),
                c.record,
                c.field_label,
                value_text(c.old),
                value_text(c.new),
            ]
            for c in changes
        )
        return export_table(
            path,
            title="操作记录",
            columns=columns,
            rows=rows,
            total=len(changes),
            progress=progress,
        )

    # ---- the recycle bin --------------------------------------------------------------

    def dependants(self, table: str, record_id: int) -> dict[str, int]:
        """What a delete of this record takes with it: rows of other tables pointing at it
        (attendance, resolutions, timeline …) and its attachments, by Chinese table name."""
        db = self._office.db
        found: dict[str, int] = {}
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for child in names:
            if child.startswith("sqlite_") or child in ("audit_log",):
                continue
            for fk in db.execute(f'PRAGMA foreign_key_list("{child}")').fetchall():
                if fk[2] != table or (fk[4] not in (None, "id")):
                    continue
                count = db.execute(
                    f'SELECT count(*) FROM "{child}" WHERE "{fk[3]}" = ?', [record_id]
                ).fetchone()[0]
                if count:
                    label = TABLE_LABELS.get(child, child)
                    found[label] = found.get(label, 0) + count
        cols = {r[1] for r in db.execute(f'PRAGMA table_info("{table}")')}
        if "uuid" in cols:
            count = db.execute(
                "SELECT count(*) FROM attachments WHERE owner_uuid ="
                f' (SELECT uuid FROM "{table}" WHERE id = ?)',
                [record_id],
            ).fetchone()[0]
            if count:
                found["附件"] = count
        return found

    def confirm_delete(self, table: str, record_id: int, label: str, *, yes: bool) -> None:
        """For the command line: a delete that takes other records with it needs `--yes`,
        as the GUI asks before it; the message says what goes and how to bring it back."""
        taken = self.dependants(table, record_id)
        if taken and not yes:
            parts = "、".join(f"{name} {n} 条" for name, n in taken.items())
            raise RendaError(
                f"“{label}”有{parts}，删除时会一并删除。确认删除请加 --yes"
                "（删除后可用 trash list / trash restore 从回收站恢复）。"
            )

    def deleted(self) -> list[Deleted]:
        """Deleted records (newest first), each with how many rows went with it."""
        self._office.access.require(roles.AUDIT)
        marks = ",".join("?" * len(RECOVERABLE))
        rows = self._office.db.execute(
            f"""
            SELECT a.id, a.batch, a.at, a.user_name, a.table_name, a.record_key,
                   (SELECT count(*) FROM audit_log b WHERE b.batch = a.batch
                        AND b.action = 'delete'),
                   EXISTS (SELECT 1 FROM audit_log r WHERE r.action = 'restore'
                        AND r.note = CAST(a.batch AS TEXT))
            FROM audit_log a
            WHERE a.action = 'delete' AND a.batch IS NOT NULL AND a.table_name IN ({marks})
            ORDER BY a.id DESC
            """,
            list(RECOVERABLE),
        ).fetchall()
        seen: set[int] = set()
        found = []
        for number, batch, at, user, table, key, count, restored in rows:
            if batch in seen:
                continue
            seen.add(batch)
            label = self.record_name(table, key)
            found.append(Deleted(batch, at, user, table, key, label, count, bool(restored), number))
        return found

    def restore_number(self, number: int) -> Deleted:
        """`restore` by the number `trash list` shows."""
        self._office.access.require(roles.AUDIT)
        item = next((d for d in self.deleted() if d.number == number), None)
        if item is None:
            raise NotFound(f"回收站里没有编号为 {number} 的删除记录（编号见 trash list）")
        return self.restore(item.batch)

    def restore(self, batch: int) -> Deleted:
        """Bring back everything one delete removed, with its ids, in one transaction.
        Refused (nothing changes) if it was restored already or a newer record took a
        number or a unique value it had."""
        self._office.access.require(roles.RESTORE)
        item = next((d for d in self.deleted() if d.batch == batch), None)
        if item is None:
            raise NotFound("回收站里没有这条删除记录")
        if item.restored:
            raise RendaError("这条记录已经恢复过了")
        rows = self._office.db.execute(
            "SELECT table_name, old FROM audit_log WHERE batch = ? AND action = 'delete'"
            " ORDER BY id",
            [batch],
        ).fetchall()
        db = self._office.db
        with self._office.transaction():
            db.execute("PRAGMA defer_foreign_keys = ON")
            for table, old_text in rows:
                values = json.loads(old_text)
                columns = [r[1] for r in db.execute(f'PRAGMA table_info("{table}")')]
                names = [c for c in columns if c in values]
                data = [
                    bytes.fromhex(values[c]["$hex"])
                    if isinstance(values[c], dict) and "$hex" in values[c]
                    else values[c]
                    for c in names
                ]
                cols = ", ".join(f'"{c}"' for c in names)
                try:
                    db.execute(
                        f'INSERT INTO "{table}" ({cols}) VALUES ({", ".join("?" * len(names))})',
                        data,
                    )
                except sqlite3.IntegrityError as exc:
                    raise RendaError(
                        f"无法恢复“{item.label}”：{TABLE_LABELS.get(table, table)}中已有新记录"
                        "占用了它原来的编号或内容。数据没有改动。"
                    ) from exc
            self._office.access.record(
                "restore",
                f"恢复 {item.table_label} {item.label}",
                record=f"{item.table}:{item.key}",
                note=str(batch),
            )
        return item


def value_text(value: Any) -> str:
    """A value as the viewer and the export show it."""
    if value is None:
        return ""
    if value in ("true", "false"):  # a yes/no setting, stored as JSON text
        return "是" if value == "true" else "否"
    if isinstance(value, dict):
        if "key" in value and value["key"] in SETTING_LABELS:  # a setting's first save
            return f"{SETTING_LABELS[value['key']]}：{value_text(value.get('value'))}"
        shown = [
            f"{FIELD_LABELS.get(k, k)}：{v}"
            for k, v in value.items()
            if v not in (None, "", 0)
            and k not in ("id", "uuid", "created_at", "updated_at")
            and not k.endswith("_id")
        ]
        return "；".join(shown)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)
