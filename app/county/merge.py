"""County mode: importing townships' packages into one county database.

Each township's records stay apart: `exchange_origin` remembers which township every
imported record came from. A newer package of a township replaces exactly that township's
records, matched by uuid: records keep their county ids, integer foreign keys are mapped
by uuid, records gone from the package are removed. An older or identical package changes
nothing. Everything is checked before anything is written, and written in one transaction.

Tables are taken from the schema (app/exchange/tables.py), so tables of later areas travel
without a change here."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core import dates
from app.core.errors import Cancelled, RendaError
from app.core.progress import NO_PROGRESS, Progress
from app.core.records import placeholders
from app.db.audit import bulk_unaudited
from app.db.derived import derived_in_bulk
from app.exchange.package import OpenedPackage, open_package
from app.exchange.sealed import PackageError
from app.exchange.signing import fingerprint
from app.exchange.tables import TABLE_LABELS, ExchangeSchema, TableSpec, exchange_schema

if TYPE_CHECKING:
    from app.office import Office

BATCH = 500


@dataclass(frozen=True)
class TableReport:
    table: str
    label: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def text(self) -> str:
        parts = [f"新增 {self.new}", f"更新 {self.updated}", f"未变 {self.unchanged}"]
        if self.removed:
            parts.append(f"删除 {self.removed}")
        return f"{self.label}：" + "，".join(parts)


@dataclass(frozen=True)
class ImportReport:
    file_name: str
    township: str
    created_at: str
    status: str  # imported | identical | older
    tables: tuple[TableReport, ...] = ()
    previous: str = ""  # created_at of the package imported before
    sequence: int | None = None  # the package's number (None: an unsigned first-format one)
    previous_sequence: int | None = None
    registered: str = ""  # "first" | "manual" when this import pinned the township's key
    fingerprint: str = ""  # of the key that signed the package

    def table(self, name: str) -> TableReport:
        return next((t for t in self.tables if t.table == name), TableReport(name, name))

    @property
    def changed(self) -> bool:
        return self.status == "imported"

    @property
    def text(self) -> str:
        made = dates.format_date(self.created_at[:10])
        if self.status == "identical":
            return f"{self.township}（{made}的报送包）与已导入的内容相同，没有改动。"
        if self.status == "older":
            before = dates.format_date(self.previous[:10])
            if self.sequence is not None and self.previous_sequence is not None:
                return (
                    f"{self.township}的这个报送包是第 {self.sequence} 次报送的（{made}生成），"
                    f"已导入的是第 {self.previous_sequence} 次，这个较旧，没有改动。"
                    "（如乡镇从备份恢复过数据库，报送次数会变小：核实后可用“重新登记乡镇密钥”"
                    "按确认导入。）"
                )
            return (
                f"{self.township}的这个报送包（{made}生成）比已导入的（{before}生成）旧，没有改动。"
            )
        shown = [t for t in self.tables if t.new or t.updated or t.removed or t.table == "deputies"]
        lines = "；".join(t.text for t in shown)
        number = f"第 {self.sequence} 次报送，" if self.sequence is not None else ""
        pinned = {
            "first": f"已登记该乡镇的签名密钥（指纹 {self.fingerprint}，可电话向乡镇核对）。",
            "manual": f"已按确认改用该乡镇的新签名密钥（指纹 {self.fingerprint}）。",
        }.get(self.registered, "")
        return f"{self.township}（{number}{made}的报送包）已导入。{lines}。{pinned}"


@dataclass
class _TablePlan:
    spec: TableSpec
    insert: list[tuple] = field(default_factory=list)  # new and changed rows, mapped
    delete: list[tuple] = field(default_factory=list)  # keys of removed and changed rows
    new_uuids: list[str] = field(default_factory=list)
    gone_uuids: list[str] = field(default_factory=list)
    report: TableReport | None = None


def _chunks(values: Sequence[Any], size: int = BATCH) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _q(name: str) -> str:
    return f'"{name}"'


def _in_order(uuids: list[Any]) -> list[Any]:
    """Sorted when all are text (as SQLite orders them: uuids are ASCII), else as given."""
    return sorted(uuids) if all(isinstance(u, str) for u in uuids) else uuids


class _Merge:
    """The plan of one township's merge, computed without writing."""

    def __init__(
        self, target: sqlite3.Connection, source: sqlite3.Connection | None, township: str
    ) -> None:
        self.target = target
        self.source = source
        self.township = township  # the township's uuid
        self.schema: ExchangeSchema = exchange_schema(target)
        if self.schema.problems:
            raise RendaError("数据库结构不符合报送包的约定：" + "；".join(self.schema.problems))
        self.id_map: dict[str, dict[int, int]] = {}
        self.owned_ids: dict[str, dict[str, int]] = {}  # table -> uuid -> county id
        self.plans: list[_TablePlan] = []
        self._mappings: dict[str, list[tuple[int, str, dict[int, int]]]] = {}
        self._current_rows: dict[str, dict[int, tuple]] = {}  # table -> county id -> row

    def _owned(self, spec: TableSpec) -> dict[str, int]:
        """The township's records of a table in the county: uuid -> county id; their rows
        are kept for the comparison (one query per table, not one per batch of ids)."""
        cols = ", ".join(f"t.{_q(c)}" for c in spec.columns)
        rows = self.target.execute(
            f"SELECT {cols} FROM exchange_origin o JOIN {_q(spec.name)} t ON t.uuid = o.uuid"
            " WHERE o.township_uuid = ? AND o.table_name = ?",
            [self.township, spec.name],
        ).fetchall()
        id_at, uuid_at = spec.columns.index("id"), spec.columns.index("uuid")
        self._current_rows[spec.name] = {row[id_at]: row for row in rows}
        return {row[uuid_at]: row[id_at] for row in rows}

    def _source_rows(self, spec: TableSpec) -> list[tuple]:
        if self.source is None:
            return []
        cols = ", ".join(_q(c) for c in spec.columns)
        return self.source.execute(f"SELECT {cols} FROM {_q(spec.name)}").fetchall()

    def _conflict(self, spec: TableSpec, uuids: list[str]) -> None:
        """Refuse records already in the county database that came from elsewhere: `uuids`
        are the package's records this township does not hold, so any of them found in
        the table is another township's (or the county's own)."""
        if not uuids:
            return
        if all(isinstance(u, str) for u in uuids):
            # One statement over the uuids in index order (a JSON array walked first:
            # CROSS JOIN keeps that order), not a query per 500 of them.
            found = [
                self.target.execute(
                    f"SELECT t.uuid FROM json_each(?) j CROSS JOIN {_q(spec.name)} t"
                    " ON t.uuid = j.value LIMIT 1",
                    [json.dumps(sorted(uuids))],
                ).fetchone()
            ]
        else:  # not text (a package made by hand)
            found = [
                self.target.execute(
                    f"SELECT uuid FROM {_q(spec.name)} WHERE uuid IN"
                    f" ({placeholders(len(chunk))}) LIMIT 1",
                    list(chunk),
                ).fetchone()
                for chunk in _chunks(uuids)
            ]
        for row in found:
            if row is not None:
                # Whose it is, for the message only: exchange_origin is keyed by township
                # first, so this scans it (once, on a refusal).
                other = self.target.execute(
                    "SELECT t.name FROM exchange_origin o JOIN townships t"
                    " ON t.uuid = o.township_uuid WHERE o.table_name = ? AND o.uuid = ?",
                    [spec.name, row[0]],
                ).fetchone()
                whose = f"“{other[0]}”的报送包" if other else "本数据库原有的数据"
                raise RendaError(
                    f"报送包中的{spec.label}记录已经存在于{whose}中：两个乡镇可能用了同一个"
                    "数据库文件。请与乡镇核实后再导入；数据库没有改动。"
                )

    def plan(self) -> None:
        records = [s for s in self.schema.tables if s.kind == "record"]
        source_rows: dict[str, list[tuple]] = {}
        # First every record table's ids, so foreign keys (even circular ones, like a
        # group's leader) can be mapped afterwards.
        for spec in records:
            rows = self._source_rows(spec)
            source_rows[spec.name] = rows
            id_at, uuid_at = spec.columns.index("id"), spec.columns.index("uuid")
            owned = self._owned(spec)
            self.owned_ids[spec.name] = owned
            fresh = [r[uuid_at] for r in rows if r[uuid_at] not in owned]
            self._conflict(spec, fresh)
            next_id = (
                self.target.execute(f"SELECT coalesce(max(id), 0) FROM {_q(spec.name)}").fetchone()[
                    0
                ]
                + 1
            )
            mapping: dict[int, int] = {}
            for r in rows:
                if r[uuid_at] in owned:
                    mapping[r[id_at]] = owned[r[uuid_at]]
                else:
                    mapping[r[id_at]] = next_id
                    next_id += 1
            self.id_map[spec.name] = mapping
        for spec in records:
            self.plans.append(self._plan_records(spec, source_rows[spec.name]))
        for spec in self.schema.tables:
            if spec.kind == "child":
                self.plans.append(self._plan_children(spec))

    def _mapping_of(self, spec: TableSpec) -> list[tuple[int, str, dict[int, int]]]:
        """(position, column, id map) of every column holding an id to map, found once per
        table: the merge maps every row of the county."""
        found = self._mappings.get(spec.name)
        if found is None:
            found = []
            for i, column in enumerate(spec.columns):
                if column == "id" and spec.kind == "record":
                    found.append((i, column, self.id_map[spec.name]))
                elif (fk := spec.fk(column)) is not None:
                    found.append((i, column, self.id_map[fk.table]))
            self._mappings[spec.name] = found
        return found

    def _mapped(self, spec: TableSpec, row: tuple) -> tuple:
        out = list(row)
        for i, column, ids in self._mapping_of(spec):
            value = row[i]
            if value is None:
                continue
            try:
                out[i] = ids[value]
            except KeyError:
                raise RendaError(
                    f"报送包中的{spec.label}记录引用了不存在的记录（{column}），"
                    "数据不一致，已拒绝导入。请让乡镇重新生成报送包。"
                ) from None
        if spec.name == "townships" and "is_home" in spec.columns:
            out[spec.columns.index("is_home")] = 0
        return tuple(out)

    def _mapped_rows(self, spec: TableSpec, rows: list[tuple]) -> list[tuple]:
        """Every row with its ids mapped to the county's (the loop inlined: the merge maps
        every row of the township, 85,000 at county scale)."""
        maps = [(i, ids) for i, _column, ids in self._mapping_of(spec)]
        home_at = (
            spec.columns.index("is_home")
            if spec.name == "townships" and "is_home" in spec.columns
            else None
        )
        out: list[tuple] = []
        for row in rows:
            values = list(row)
            try:
                for i, ids in maps:
                    value = values[i]
                    if value is not None:
                        values[i] = ids[value]
            except KeyError:
                return [self._mapped(spec, row) for row in rows]  # raises, naming the column
            if home_at is not None:
                values[home_at] = 0
            out.append(tuple(values))
        return out

    def _plan_records(self, spec: TableSpec, rows: list[tuple]) -> _TablePlan:
        plan = _TablePlan(spec)
        uuid_at = spec.columns.index("uuid")
        owned = self.owned_ids[spec.name]
        current = self._current_rows.get(spec.name, {})
        new = updated = unchanged = 0
        seen: set[str] = set()
        for row, mapped in zip(rows, self._mapped_rows(spec, rows), strict=True):
            uuid = row[uuid_at]
            seen.add(uuid)
            county_id = owned.get(uuid)
            if county_id is not None:
                if current.get(county_id) == mapped:
                    unchanged += 1
                    continue
                plan.delete.append((county_id,))
                updated += 1
            else:
                plan.new_uuids.append(uuid)
                new += 1
            plan.insert.append(mapped)
        for uuid, county_id in owned.items():
            if uuid not in seen:
                plan.delete.append((county_id,))
                plan.gone_uuids.append(uuid)
        plan.report = TableReport(
            spec.name, spec.label, new, updated, unchanged, len(plan.gone_uuids)
        )
        return plan

    def _plan_children(self, spec: TableSpec) -> _TablePlan:
        plan = _TablePlan(spec)
        key_at = [spec.columns.index(c) for c in spec.key]
        first = spec.fk(spec.key[0])
        assert first is not None
        cols = ", ".join(f"c.{_q(c)}" for c in spec.columns)
        current: dict[tuple, tuple] = {}
        if self.owned_ids[first.table]:
            # The rows whose parent is one of the township's records, in one query.
            for row in self.target.execute(
                f"SELECT {cols} FROM exchange_origin o JOIN {_q(first.table)} p"
                f" ON p.uuid = o.uuid JOIN {_q(spec.name)} c ON c.{_q(spec.key[0])} = p.id"
                " WHERE o.township_uuid = ? AND o.table_name = ?",
                [self.township, first.table],
            ):
                current[tuple(row[i] for i in key_at)] = row
        new = updated = unchanged = 0
        seen: set[tuple] = set()
        for mapped in self._mapped_rows(spec, self._source_rows(spec)):
            key = tuple(mapped[i] for i in key_at)
            seen.add(key)
            if key in current:
                if current[key] == mapped:
                    unchanged += 1
                    continue
                plan.delete.append(key)
                updated += 1
            else:
                new += 1
            plan.insert.append(mapped)
        removed = [key for key in current if key not in seen]
        plan.delete.extend(removed)
        plan.report = TableReport(spec.name, spec.label, new, updated, unchanged, len(removed))
        return plan

    @property
    def reports(self) -> tuple[TableReport, ...]:
        order = list(TABLE_LABELS)
        found = [p.report for p in self.plans if p.report is not None]
        return tuple(
            sorted(found, key=lambda r: (order.index(r.table) if r.table in order else 99, r.table))
        )

    @property
    def changes(self) -> bool:
        return any(p.insert or p.delete for p in self.plans)

    def _insert(self, db_conn: sqlite3.Connection, plan: _TablePlan, inserted: dict) -> None:
        spec = plan.spec
        if not plan.insert:
            return
        cols = ", ".join(_q(c) for c in spec.columns)
        db_conn.executemany(
            f"INSERT INTO {_q(spec.name)} ({cols}) VALUES ({placeholders(len(spec.columns))})",
            plan.insert,
        )
        if spec.name in inserted:
            id_at = spec.columns.index("id")
            inserted[spec.name].extend(row[id_at] for row in plan.insert)

    def township_id(self, conn: sqlite3.Connection) -> int | None:
        """The township's id in the county (None before its first package)."""
        row = conn.execute("SELECT id FROM townships WHERE uuid = ?", [self.township]).fetchone()
        return row[0] if row else None

    def touched_townships(self, conn: sqlite3.Connection, before: int | None) -> list[int]:
        """The townships whose figures this merge changed, for the figures kept per township
        (app/db/figure_cache.py): this one, by its id before and after. Every row of a
        package is the township's own, attachments too (which the triggers could not place
        in a township, and would count for every township)."""
        return sorted({t for t in (before, self.township_id(conn)) if t is not None})

    def write(self, db_conn: sqlite3.Connection) -> None:
        """Apply the plan; the caller holds the transaction and has foreign keys off."""
        for plan in reversed(self.plans):
            spec = plan.spec
            if plan.delete:
                key = ("id",) if spec.kind == "record" else spec.key
                where = " AND ".join(f"{_q(c)} = ?" for c in key)
                db_conn.executemany(f"DELETE FROM {_q(spec.name)} WHERE {where}", plan.delete)
        # Search grams and sort keys written once per table, not by a trigger per row.
        records = [p.spec.name for p in self.plans if p.spec.kind == "record" and p.insert]
        with derived_in_bulk(db_conn, records) as inserted:
            for plan in self.plans:
                self._insert(db_conn, plan, inserted)
        # exchange_origin holds a row for every record of the county (1.3 million at
        # county scale) keyed by (township, table, uuid): written in key order, a
        # township's rows land side by side at the end of its own run of the key, and in
        # one statement per table (the uuids as one JSON array) instead of a Python call
        # per row.
        for plan in sorted(self.plans, key=lambda p: p.spec.name):
            spec = plan.spec
            if plan.gone_uuids:
                db_conn.executemany(
                    "DELETE FROM exchange_origin"
                    " WHERE township_uuid = ? AND table_name = ? AND uuid = ?",
                    [(self.township, spec.name, u) for u in _in_order(plan.gone_uuids)],
                )
            if not plan.new_uuids:
                continue
            if all(isinstance(u, str) for u in plan.new_uuids):
                db_conn.execute(
                    "INSERT INTO exchange_origin (township_uuid, table_name, uuid)"
                    " SELECT ?, ?, value FROM json_each(?)",
                    [self.township, spec.name, json.dumps(sorted(plan.new_uuids))],
                )
            else:  # not text (a package made by hand): stored as given, row by row
                db_conn.executemany(
                    "INSERT INTO exchange_origin (township_uuid, table_name, uuid)"
                    " VALUES (?, ?, ?)",
                    [(self.township, spec.name, u) for u in plan.new_uuids],
                )
        self._check_references(db_conn)

    def _check_references(self, db_conn: sqlite3.Connection) -> None:
        """What PRAGMA foreign_key_check would find, for the rows this merge touched only:
        every key the written rows hold exists, and no row refers to a record removed.
        The pragma scans whole tables (800,000 events of a county: 0.4 s a package)."""
        links = _foreign_keys(db_conn)
        labels = {spec.name: spec.label for spec in self.schema.tables}
        for plan in self.plans:
            if not plan.insert:
                continue
            spec = plan.spec
            for column, parent, parent_key in links.get(spec.name, ()):
                if column not in spec.columns or parent_key != "id":
                    self._check_whole(db_conn, spec.name, labels)
                    continue
                at = spec.columns.index(column)
                wanted = list({row[at] for row in plan.insert if row[at] is not None})
                for chunk in _chunks(wanted):
                    found = db_conn.execute(
                        f"SELECT count(*) FROM {_q(parent)} WHERE id IN"
                        f" ({placeholders(len(chunk))})",
                        list(chunk),
                    ).fetchone()[0]
                    if found != len(chunk):
                        raise _broken(labels.get(spec.name, spec.name))
        for plan in self.plans:
            if not plan.delete:
                continue
            spec = plan.spec
            key_at = spec.columns.index("id") if spec.kind == "record" else None
            kept = {row[key_at] for row in plan.insert} if key_at is not None else set()
            gone = [key[0] for key in plan.delete if key_at is not None and key[0] not in kept]
            for child, links_of_child in links.items():
                for column, parent, parent_key in links_of_child:
                    if parent != spec.name:
                        continue
                    if key_at is None or parent_key != "id":
                        self._check_whole(db_conn, child, labels)
                        continue
                    for chunk in _chunks(gone):
                        hit = db_conn.execute(
                            f"SELECT 1 FROM {_q(child)} WHERE {_q(column)} IN"
                            f" ({placeholders(len(chunk))}) LIMIT 1",
                            list(chunk),
                        ).fetchone()
                        if hit is not None:
                            raise _broken(labels.get(child, child))

    @staticmethod
    def _check_whole(db_conn: sqlite3.Connection, table: str, labels: dict[str, str]) -> None:
        """A key of another shape than an id: the pragma over the whole table."""
        if db_conn.execute(f"PRAGMA foreign_key_check({_q(table)})").fetchone() is not None:
            raise _broken(labels.get(table, table))


def _broken(label: str) -> RendaError:
    return RendaError(
        f"导入后{label}的记录引用了不存在的记录，已撤销本次导入；"
        "数据库没有改动。请让乡镇重新生成报送包。"
    )


def _foreign_keys(conn: sqlite3.Connection) -> dict[str, list[tuple[str, str, str]]]:
    """table -> (column, parent table, parent column) of every single-column foreign key
    (a key naming no column refers to the parent's primary key, `id` in renda)."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    for table in tables:
        rows = conn.execute(f"PRAGMA foreign_key_list({_q(table)})").fetchall()
        composite = {r[0] for r in rows if r[1] > 0}
        for r in rows:
            # (id, seq, table, from, to, on_update, on_delete, match)
            to = r[4] if r[4] is not None else "id"
            found.setdefault(table, []).append((r[3], r[2], "" if r[0] in composite else to))
    return found


def _apply(
    office: Office, merge: _Merge, record: dict | None, pin: tuple[bytes, str] | None = None
) -> None:
    """Write the merge and remember the package (None: the township is being removed) and,
    with `pin` (public key, how), the township's signing key, all in one transaction."""
    conn = office.db.conn
    conn.execute("PRAGMA foreign_keys = OFF")  # no cascades while rows are swapped
    try:
        with office.transaction():
            # Thousands of rows of a township's own records: the import is recorded as one
            # event of the trail (import_package), not row by row (3x slower, measured).
            with bulk_unaudited(office.db) as bulk:
                before = merge.township_id(conn)
                merge.write(conn)
                bulk.townships = merge.touched_townships(conn, before)
            if record is None:
                conn.execute(
                    "DELETE FROM package_imports WHERE township_uuid = ?", [merge.township]
                )
                conn.execute("DELETE FROM township_keys WHERE township_uuid = ?", [merge.township])
            else:
                conn.execute(
                    "INSERT INTO package_imports (township_uuid, township_name, created_at,"
                    " records_digest, file_name, renda_version, report, sequence,"
                    " key_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        record["township_uuid"],
                        record["township_name"],
                        record["created_at"],
                        record["records_digest"],
                        record["file_name"],
                        record["renda_version"],
                        record["report"],
                        record["sequence"],
                        record["key_fingerprint"],
                    ],
                )
            if pin is not None and record is not None:
                conn.execute(
                    "INSERT INTO township_keys (township_uuid, township_name, public_key, how)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (township_uuid) DO UPDATE SET"
                    " township_name = excluded.township_name, public_key = excluded.public_key,"
                    " how = excluded.how, registered_at = strftime('%Y-%m-%dT%H:%M:%S', 'now',"
                    " 'localtime')",
                    [record["township_uuid"], record["township_name"], pin[0], pin[1]],
                )
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


@dataclass(frozen=True)
class _Last:
    created_at: str
    records_digest: str
    sequence: int | None


def _last_import(office: Office, township_uuid: str) -> _Last | None:
    """The township's package imported last (never older than those before it)."""
    row = office.db.execute(
        "SELECT created_at, records_digest, sequence FROM package_imports"
        " WHERE township_uuid = ? ORDER BY id DESC LIMIT 1",
        [township_uuid],
    ).fetchone()
    return _Last(*row) if row else None


def pinned_key(office: Office, township_uuid: str) -> bytes | None:
    row = office.db.execute(
        "SELECT public_key FROM township_keys WHERE township_uuid = ?", [township_uuid]
    ).fetchone()
    return bytes(row[0]) if row else None


class KeyMismatch(PackageError):
    """Signed by another key than the one the county registered for the township."""

    def __init__(self, message: str, township: str, pinned: str, offered: str) -> None:
        super().__init__(message)
        self.township = township
        self.pinned = pinned
        self.offered = offered


def _admit(
    office: Office, opened: OpenedPackage, file_name: str, re_register: bool
) -> tuple[ImportReport | None, tuple[bytes, str] | None]:
    """Decide, before anything is written, whether the package may replace what the county
    holds of its township: a report when it changes nothing, and the key to pin."""
    township = opened.township
    name = township["name"]
    created = opened.manifest["created_at"]
    digest = opened.manifest["records_digest"]
    pinned = pinned_key(office, township["uuid"])
    last = _last_import(office, township["uuid"])
    signer = opened.signing_key
    if signer is None:  # format 1: neither signed nor numbered
        if pinned is not None:
            raise PackageError(
                f"这个报送包没有签名（由旧版本的乡镇人大工作台生成），而县里已经登记了{name}的"
                "签名密钥，为防止冒充已拒绝导入。请乡镇升级程序后重新生成报送包；数据库没有改动。"
            )
        if re_register:
            raise PackageError(
                "重新登记乡镇需要新版本生成的、带签名的报送包。请乡镇升级程序后重新生成；"
                "数据库没有改动。"
            )
        if last is not None and last.sequence is None and created < last.created_at:
            return ImportReport(file_name, name, created, "older", previous=last.created_at), None
        if last is not None and digest == last.records_digest:
            return ImportReport(file_name, name, created, "identical"), None
        return None, None
    if pinned is not None and pinned != signer and not re_register:
        raise KeyMismatch(
            f"这个报送包的签名密钥与县里登记的{name}的密钥不同（登记的指纹 {fingerprint(pinned)}，"
            f"报送包的指纹 {fingerprint(signer)}），可能是有人冒充{name}，已拒绝导入；数据库"
            f"没有改动。如果{name}重装了程序或重建了数据库，请电话向{name}核对其“报送包密钥"
            "指纹”，无误后用“重新登记乡镇密钥”导入。",
            name,
            fingerprint(pinned),
            fingerprint(signer),
        )
    if re_register:  # taken whatever its number (a township that restored a backup)
        return None, ((signer, "manual") if pinned != signer else None)
    sequence = opened.sequence
    if last is not None and last.sequence is not None and sequence is not None:
        if sequence == last.sequence and digest == last.records_digest:
            return ImportReport(file_name, name, created, "identical", sequence=sequence), None
        if sequence <= last.sequence:
            return (
                ImportReport(
                    file_name,
                    name,
                    created,
                    "older",
                    previous=last.created_at,
                    sequence=sequence,
                    previous_sequence=last.sequence,
                ),
                None,
            )
    return None, ((signer, "first") if pinned is None else None)


def import_package(
    office: Office,
    path: Path | str,
    password: str,
    *,
    re_register: bool = False,
    progress: Progress = NO_PROGRESS,
) -> ImportReport:
    """Import one township's package into the county database (or say why not).

    `re_register`: the clerk has confirmed (by phone, with the township's key fingerprint)
    that the township has a new key: the package is taken whatever key signed it and
    whatever its number, and its key is pinned from now on."""
    _require_county(office)
    source_path = Path(path)
    office.access.require("package")
    progress.report(0, 3, f"正在解密“{source_path.name}”…")
    with (
        open_package(source_path, password, beside=office.path, progress=progress) as opened,
        _large_cache(office.db.conn),
    ):
        report = _import_opened(office, opened, source_path, re_register, progress)
    if report.changed:  # an identical or older package leaves no trace either
        office.access.record("package", "导入报送包", note=source_path.name)
    progress.report(3, 3, "导入完成")
    return report


def _require_county(office: Office) -> None:
    if office.mode != "county":
        raise RendaError(
            "只有县级汇总数据库才能导入报送包。请新建一个县级汇总数据库"
            "（命令 init --county-mode，或首次启动时选择“县级汇总”）。"
        )


class _CancelOnly(Progress):
    """The progress handed to a package decrypted ahead in another thread: it obeys the
    clerk's cancel but says nothing (the bar follows the package being merged)."""

    def __init__(self, outer: Progress) -> None:
        super().__init__()
        self._outer = outer

    def report(self, done: int, total: int, text: str = "") -> None:
        self.check()
        self._outer.check()


AHEAD = 2  # packages decrypted ahead of the merge (two cores; each holds one decrypted file)


def import_packages(
    office: Office, paths: Sequence[Path | str], password: str, *, progress: Progress = NO_PROGRESS
) -> list[tuple[Path, ImportReport | RendaError]]:
    """Import several townships' packages, in order, each in its own transaction, as
    import_package would one by one; a refused package does not stop the others.

    The key derivation (scrypt, about 0.7 s per package by design) and the decryption of
    the next packages run in worker threads while the main one merges: scrypt and AES
    release the GIL, so on two cores they cost little of the wall time. Only the merge
    touches the county database."""
    from concurrent.futures import Future, ThreadPoolExecutor

    _require_county(office)
    office.access.require("package")
    sources = [Path(p) for p in paths]
    quiet = _CancelOnly(progress)
    results: list[tuple[Path, ImportReport | RendaError]] = []
    pending: dict[int, Future[OpenedPackage]] = {}

    def _open(path: Path) -> OpenedPackage:
        return open_package(path, password, beside=office.path, progress=quiet)

    with (
        ThreadPoolExecutor(max_workers=AHEAD, thread_name_prefix="renda-unseal") as pool,
        _checkpoints_beside(office) as checkpoint,
    ):
        try:
            for i, path in enumerate(sources):
                for ahead in range(i, min(i + AHEAD + 1, len(sources))):
                    if ahead not in pending:
                        pending[ahead] = pool.submit(_open, sources[ahead])
                progress.report(i, len(sources), f"正在导入“{path.name}”…")
                try:
                    opened = pending.pop(i).result()
                except Cancelled:
                    raise
                except RendaError as exc:
                    results.append((path, exc))
                    continue
                try:
                    with opened, _large_cache(office.db.conn):
                        report = _import_opened(office, opened, path, False, NO_PROGRESS)
                except RendaError as exc:
                    results.append((path, exc))
                    continue
                if report.changed:
                    office.access.record("package", "导入报送包", note=path.name)
                    checkpoint()
                results.append((path, report))
        finally:
            quiet.cancel()  # packages decrypted ahead and not merged: stop, then clean up
            for future in pending.values():
                try:
                    future.result().__exit__(None, None, None)
                except BaseException:
                    pass
    progress.report(len(sources), len(sources), "导入完成")
    return results


@contextmanager
def _checkpoints_beside(office: Office) -> Iterator[Callable[[], None]]:
    """While a batch of packages is merged, the write-ahead log is copied into the
    database file (a checkpoint: 50 MB a county-scale township, with its fsync) by another
    thread on its own connection, beside the next package's merge, instead of inside each
    package's commit. The log stays durable (every commit is synced to it as before); a
    checkpoint never waits for the merge nor holds it up (PASSIVE), and the last one is
    waited for. Yields what starts one (at most one at a time)."""
    from concurrent.futures import Future, ThreadPoolExecutor

    conn = office.db.conn
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if str(mode).lower() != "wal" or not office.path.is_file():
        yield lambda: None
        return
    before = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    running: list[Future] = []

    def _checkpoint() -> None:
        beside = sqlite3.connect(office.path, timeout=0)
        try:
            beside.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            beside.close()

    def start() -> None:
        if running and not running[-1].done():
            return
        running[:] = [pool.submit(_checkpoint)]

    conn.execute("PRAGMA wal_autocheckpoint = 0")
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="renda-checkpoint") as pool:
            yield start
            for future in running:
                try:
                    future.result()
                except sqlite3.Error:
                    pass  # the log is copied at the next checkpoint: nothing is lost
    finally:
        conn.execute(f"PRAGMA wal_autocheckpoint = {int(before)}")


IMPORT_CACHE_KIB = 64 * 1024


@contextmanager
def _large_cache(conn: sqlite3.Connection) -> Iterator[None]:
    """A larger page cache while a township is merged: its 85,000 rows go into indexes
    keyed by random uuids, which SQLite's default 2 MB cache re-reads from the file
    page by page as the county grows. Pages are taken only as used; set back after."""
    before = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {before}")


def _import_opened(
    office: Office, opened: OpenedPackage, source_path: Path, re_register: bool, progress: Progress
) -> ImportReport:
    """Merge a decrypted, verified package into the county database (or say why not)."""
    from app.office import Office as OfficeClass

    manifest = opened.manifest
    township = opened.township
    created = manifest["created_at"]
    settled, pin = _admit(office, opened, source_path.name, re_register)
    if settled is not None:
        return settled
    if _last_import(office, township["uuid"]) is None:
        _refuse_namesake(office, township)
    progress.report(1, 3, f"正在比对{township['name']}的记录…")
    try:
        # Brings an older schema up to date; only read, so without the write triggers.
        source = OfficeClass.open(opened.db_path, read_only_copy=True)
    except RendaError as exc:
        raise PackageError(f"报送包中的数据无法打开：{exc.message}") from exc
    from app.county import first_import

    conn = office.db.conn
    # The township's first package: its tables copied in SQL (app/county/first_import.py).
    first = first_import.holds_nothing_of(conn, township["uuid"])
    attached = False
    try:
        if first:
            first_import.attach(conn, str(opened.db_path))
            attached = True
            merge: _Merge = first_import.FirstImport(conn, township["uuid"])
        else:
            merge = _Merge(conn, source.db.conn, township["uuid"])
        merge.plan()
        report = ImportReport(
            source_path.name,
            township["name"],
            created,
            "imported",
            merge.reports,
            sequence=opened.sequence,
            registered=pin[1] if pin else "",
            fingerprint=opened.fingerprint,
        )
        progress.report(2, 3, f"正在写入{township['name']}的记录…")
        _apply(
            office,
            merge,
            {
                "township_uuid": township["uuid"],
                "township_name": township["name"],
                "created_at": created,
                "records_digest": manifest["records_digest"],
                "file_name": source_path.name,
                "renda_version": str(manifest.get("renda_version", ""))[:40],
                "report": json.dumps([r.__dict__ for r in merge.reports], ensure_ascii=False),
                "sequence": opened.sequence,
                "key_fingerprint": opened.fingerprint,
            },
            pin,
        )
    except sqlite3.DatabaseError as exc:
        raise PackageError(
            "报送包里的数据库已损坏或结构不对，无法导入。请让乡镇重新生成报送包；数据库没有改动。"
        ) from exc
    finally:
        if attached:
            first_import.detach(conn)
        source.close()
    return report


@dataclass(frozen=True)
class KeySeen:
    """What re-registering a township would change: shown to the clerk to confirm."""

    township: str
    pinned: str  # fingerprint registered now ("" when none)
    offered: str  # fingerprint of the package's key


def inspect_package(
    office: Office, path: Path | str, password: str, *, progress: Progress = NO_PROGRESS
) -> KeySeen:
    """Open a package (changing nothing) and tell whose key signed it."""
    if office.mode != "county":
        raise RendaError("只有县级汇总数据库才能登记乡镇的密钥")
    with open_package(Path(path), password, beside=office.path, progress=progress) as opened:
        if opened.signing_key is None:
            raise PackageError(
                "重新登记乡镇需要新版本生成的、带签名的报送包。请乡镇升级程序后重新生成；"
                "数据库没有改动。"
            )
        pinned = pinned_key(office, opened.township["uuid"])
        return KeySeen(
            opened.township["name"], fingerprint(pinned) if pinned else "", opened.fingerprint
        )


@dataclass(frozen=True)
class RegisteredKey:
    township: str
    fingerprint: str
    how: str  # first | manual
    registered_at: str


def registered_keys(office: Office) -> list[RegisteredKey]:
    from app.core.chinese import stroke_sort_key

    rows = office.db.execute(
        "SELECT township_name, public_key, how, registered_at FROM township_keys"
    ).fetchall()
    found = [RegisteredKey(r[0], fingerprint(bytes(r[1])), r[2], r[3]) for r in rows]
    return sorted(found, key=lambda k: stroke_sort_key(k.township))


def _refuse_namesake(office: Office, township: dict) -> None:
    row = office.db.execute(
        "SELECT name FROM townships WHERE name = ? AND uuid <> ?",
        [township["name"], township["uuid"]],
    ).fetchone()
    if row is not None:
        raise RendaError(
            f"县级汇总数据库中已有“{row[0]}”，但这个报送包来自另一个数据库文件"
            "（该乡镇可能重新建立了数据库）。如确认以新的为准，请先删除原有的"
            f"“{row[0]}”汇总数据再导入；数据库没有改动。"
        )


def remove_township(office: Office, township_id: int) -> ImportReport:
    """Remove everything a township's packages brought (to take a rebuilt one afresh)."""
    if office.mode != "county":
        raise RendaError("只有县级汇总数据库才能删除乡镇的汇总数据")
    found = office.db.execute(
        "SELECT uuid, name FROM townships WHERE id = ?", [township_id]
    ).fetchone()
    if found is None:
        raise RendaError("找不到该乡镇")
    merge = _Merge(office.db.conn, None, found[0])
    merge.plan()
    _apply(office, merge, None)
    return ImportReport("", found[1], "", "imported", merge.reports)


@dataclass(frozen=True)
class ImportedTownship:
    township_id: int
    name: str
    package_created_at: str
    imported_at: str
    file_name: str
    deputies: int
    sequence: int | None = None  # the number of the latest package (None: first format)


def imported_townships(office: Office) -> list[ImportedTownship]:
    """The townships of a county database with their latest package."""
    rows = office.db.execute(
        "SELECT t.id, t.name, coalesce(p.created_at, ''), coalesce(p.imported_at, ''),"
        " coalesce(p.file_name, ''),"
        " (SELECT count(*) FROM deputies d WHERE d.township_id = t.id AND d.status <> 'ended'),"
        " p.sequence"
        " FROM townships t LEFT JOIN package_imports p ON p.id = (SELECT id FROM"
        " package_imports WHERE township_uuid = t.uuid ORDER BY id DESC"
        " LIMIT 1) ORDER BY t.name"
    ).fetchall()
    from app.core.chinese import stroke_sort_key

    found = [ImportedTownship(*row) for row in rows]
    return sorted(found, key=lambda t: stroke_sort_key(t.name))
