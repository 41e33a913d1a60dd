"""The plan of one township's merge into the county, row by row: every record of the
package compared with what the county holds of the township (matched by uuid), its ids
mapped to the county's, and the changed rows written; what app/county/merge.py runs for
every package after a township's first (app/county/first_import.py copies that one).

Tables are taken from the schema (app/exchange/tables.py), so tables of later areas travel
without a change here."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.core.errors import RendaError
from app.core.records import placeholders
from app.db.derived import derived_in_bulk
from app.exchange.tables import TABLE_LABELS, ExchangeSchema, TableSpec, exchange_schema

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


@dataclass
class TablePlan:
    spec: TableSpec
    insert: list[tuple] = field(default_factory=list)  # new and changed rows, mapped
    delete: list[tuple] = field(default_factory=list)  # keys of removed and changed rows
    new_uuids: list[str] = field(default_factory=list)
    gone_uuids: list[str] = field(default_factory=list)
    report: TableReport | None = None


def _chunks(values: Sequence[Any], size: int = BATCH) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def quoted(name: str) -> str:
    return f'"{name}"'


def _in_order(uuids: list[Any]) -> list[Any]:
    """Sorted when all are text (as SQLite orders them: uuids are ASCII), else as given."""
    return sorted(uuids) if all(isinstance(u, str) for u in uuids) else uuids


class RowMerge:
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
        self.plans: list[TablePlan] = []
        self._mappings: dict[str, list[tuple[int, str, dict[int, int]]]] = {}
        self._current_rows: dict[str, dict[int, tuple]] = {}  # table -> county id -> row

    def _owned(self, spec: TableSpec) -> dict[str, int]:
        """The township's records of a table in the county: uuid -> county id; their rows
        are kept for the comparison (one query per table, not one per batch of ids)."""
        cols = ", ".join(f"t.{quoted(c)}" for c in spec.columns)
        rows = self.target.execute(
            f"SELECT {cols} FROM exchange_origin o JOIN {quoted(spec.name)} t ON t.uuid = o.uuid"
            " WHERE o.township_uuid = ? AND o.table_name = ?",
            [self.township, spec.name],
        ).fetchall()
        id_at, uuid_at = spec.columns.index("id"), spec.columns.index("uuid")
        self._current_rows[spec.name] = {row[id_at]: row for row in rows}
        return {row[uuid_at]: row[id_at] for row in rows}

    def _source_rows(self, spec: TableSpec) -> list[tuple]:
        if self.source is None:
            return []
        cols = ", ".join(quoted(c) for c in spec.columns)
        return self.source.execute(f"SELECT {cols} FROM {quoted(spec.name)}").fetchall()

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
                    f"SELECT t.uuid FROM json_each(?) j CROSS JOIN {quoted(spec.name)} t"
                    " ON t.uuid = j.value LIMIT 1",
                    [json.dumps(sorted(uuids))],
                ).fetchone()
            ]
        else:  # not text (a package made by hand)
            found = [
                self.target.execute(
                    f"SELECT uuid FROM {quoted(spec.name)} WHERE uuid IN"
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
            top = self.target.execute(f"SELECT coalesce(max(id), 0) FROM {quoted(spec.name)}")
            next_id = top.fetchone()[0] + 1
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

    def _plan_records(self, spec: TableSpec, rows: list[tuple]) -> TablePlan:
        plan = TablePlan(spec)
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

    def _plan_children(self, spec: TableSpec) -> TablePlan:
        plan = TablePlan(spec)
        key_at = [spec.columns.index(c) for c in spec.key]
        first = spec.fk(spec.key[0])
        assert first is not None
        cols = ", ".join(f"c.{quoted(c)}" for c in spec.columns)
        current: dict[tuple, tuple] = {}
        if self.owned_ids[first.table]:
            # The rows whose parent is one of the township's records, in one query.
            for row in self.target.execute(
                f"SELECT {cols} FROM exchange_origin o JOIN {quoted(first.table)} p"
                f" ON p.uuid = o.uuid JOIN {quoted(spec.name)} c ON c.{quoted(spec.key[0])} = p.id"
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

    def _insert(self, db_conn: sqlite3.Connection, plan: TablePlan, inserted: dict) -> None:
        spec = plan.spec
        if not plan.insert:
            return
        cols = ", ".join(quoted(c) for c in spec.columns)
        db_conn.executemany(
            f"INSERT INTO {quoted(spec.name)} ({cols}) VALUES ({placeholders(len(spec.columns))})",
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
                where = " AND ".join(f"{quoted(c)} = ?" for c in key)
                db_conn.executemany(f"DELETE FROM {quoted(spec.name)} WHERE {where}", plan.delete)
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
        links = foreign_keys(db_conn)
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
                        f"SELECT count(*) FROM {quoted(parent)} WHERE id IN"
                        f" ({placeholders(len(chunk))})",
                        list(chunk),
                    ).fetchone()[0]
                    if found != len(chunk):
                        raise broken_reference(labels.get(spec.name, spec.name))
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
                            f"SELECT 1 FROM {quoted(child)} WHERE {quoted(column)} IN"
                            f" ({placeholders(len(chunk))}) LIMIT 1",
                            list(chunk),
                        ).fetchone()
                        if hit is not None:
                            raise broken_reference(labels.get(child, child))

    @staticmethod
    def _check_whole(db_conn: sqlite3.Connection, table: str, labels: dict[str, str]) -> None:
        """A key of another shape than an id: the pragma over the whole table."""
        if db_conn.execute(f"PRAGMA foreign_key_check({quoted(table)})").fetchone() is not None:
            raise broken_reference(labels.get(table, table))


def broken_reference(label: str) -> RendaError:
    return RendaError(
        f"导入后{label}的记录引用了不存在的记录，已撤销本次导入；"
        "数据库没有改动。请让乡镇重新生成报送包。"
    )


def foreign_keys(conn: sqlite3.Connection) -> dict[str, list[tuple[str, str, str]]]:
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
        rows = conn.execute(f"PRAGMA foreign_key_list({quoted(table)})").fetchall()
        composite = {r[0] for r in rows if r[1] > 0}
        for r in rows:
            # (id, seq, table, from, to, on_update, on_delete, match)
            to = r[4] if r[4] is not None else "id"
            found.setdefault(table, []).append((r[3], r[2], "" if r[0] in composite else to))
    return found
