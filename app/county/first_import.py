"""A township's first package into the county: every record is new, so its tables are
copied in SQL from the package's database (attached), not row by row through Python.

The row-by-row merge (app/county/row_merge.py) reads every row of a package into Python
to compare it with what the county holds, maps its ids, and writes it back: for a county-scale
township (85,000 rows) most of that is spent converting values between SQLite and
Python, and nothing is compared when the county holds nothing of the township. Here a
record's county id is its package id plus the table's largest county id (an offset per
table), so a foreign key is mapped by adding its parent's offset, in the INSERT … SELECT
itself: 4x faster per table (measured: 40,000 handling events, 0.29 s against 0.07 s).

Everything the row-by-row merge refuses is refused here too, before anything is written:
a record already in the county (another township's), a key pointing at no record of the
package, a non-integer key. The rows written are the same as the row-by-row merge would
write, except for the county ids chosen (any unused ones do)."""

from __future__ import annotations

import sqlite3

from app.core.errors import RendaError
from app.county.row_merge import RowMerge, TablePlan, TableReport, foreign_keys, quoted
from app.db.derived import derived_in_bulk
from app.exchange.tables import TableSpec

SOURCE = "merge_source"  # the schema name the package's database is attached under


def holds_nothing_of(conn: sqlite3.Connection, township_uuid: str) -> bool:
    """The county holds no record of this township (its first package, or the first since
    the clerk removed it)."""
    return (
        conn.execute(
            "SELECT 1 FROM exchange_origin WHERE township_uuid = ? LIMIT 1", [township_uuid]
        ).fetchone()
        is None
    )


class FirstImport(RowMerge):
    """The plan and the writing of a township's first package; the package's database is
    attached to the county's connection as SOURCE by the caller."""

    def __init__(self, target: sqlite3.Connection, township: str) -> None:
        super().__init__(target, None, township)
        self.offsets: dict[str, int] = {}
        self.counts: dict[str, int] = {}

    def _src(self, table: str) -> str:
        return f"{SOURCE}.{quoted(table)}"

    def plan(self) -> None:
        records = [s for s in self.schema.tables if s.kind == "record"]
        for spec in records:
            self.counts[spec.name] = self.target.execute(
                f"SELECT count(*) FROM {self._src(spec.name)}"
            ).fetchone()[0]
            self.offsets[spec.name] = self.target.execute(
                f"SELECT coalesce(max(id), 0) FROM main.{quoted(spec.name)}"
            ).fetchone()[0]
            self._refuse_taken(spec)
        for spec in self.schema.tables:
            if spec.kind == "child":
                self.counts[spec.name] = self.target.execute(
                    f"SELECT count(*) FROM {self._src(spec.name)}"
                ).fetchone()[0]
        self._check_source_references()
        for spec in self.schema.tables:
            new = self.counts[spec.name]
            # Nothing else but `report` is read of a plan here (write is this class's).
            self.plans.append(TablePlan(spec, report=TableReport(spec.name, spec.label, new)))

    def _refuse_taken(self, spec: TableSpec) -> None:
        """A record of the package already in the county is another township's (this one
        holds nothing): refused, naming whose, as the row-by-row merge does."""
        taken = self.target.execute(
            f"SELECT s.uuid FROM {self._src(spec.name)} s JOIN main.{quoted(spec.name)} t"
            " ON t.uuid = s.uuid LIMIT 1"
        ).fetchone()
        if taken is not None:
            self._conflict(spec, [taken[0]])

    def _check_source_references(self) -> None:
        """Every key the package's rows hold points at a row: those mapped (to a record
        table of the package) at a row of the package, since its county id is known only
        from that; those copied as they are at a row of the county."""
        links = foreign_keys(self.target)
        for spec in self.schema.tables:
            if not self.counts[spec.name]:
                continue
            for column, parent, parent_key in links.get(spec.name, ()):
                if column not in spec.columns or parent_key != "id":
                    continue  # checked in the county after the write (_check_whole)
                fk = spec.fk(column)
                where = (
                    f"{SOURCE}.{quoted(fk.table)}" if fk is not None else f"main.{quoted(parent)}"
                )
                broken = self.target.execute(
                    f"SELECT 1 FROM {self._src(spec.name)} c WHERE c.{quoted(column)} IS NOT NULL"
                    f" AND (typeof(c.{quoted(column)}) <> 'integer' OR NOT EXISTS"
                    f" (SELECT 1 FROM {where} p WHERE p.id = c.{quoted(column)})) LIMIT 1"
                ).fetchone()
                if broken is not None:
                    raise RendaError(
                        f"报送包中的{spec.label}记录引用了不存在的记录（{column}），"
                        "数据不一致，已拒绝导入。请让乡镇重新生成报送包。"
                    )

    def _values(self, spec: TableSpec) -> str:
        """The SELECT list that maps one package row to the county's."""
        values = []
        for column in spec.columns:
            fk = spec.fk(column)
            if column == "id" and spec.kind == "record":
                values.append(f"s.id + {int(self.offsets[spec.name])}")
            elif fk is not None:
                values.append(f"s.{quoted(column)} + {int(self.offsets[fk.table])}")
            elif spec.name == "townships" and column == "is_home":
                values.append("0")  # the county's own township is the only home
            else:
                values.append(f"s.{quoted(column)}")
        return ", ".join(values)

    @property
    def changes(self) -> bool:
        return any(self.counts.values())

    def write(self, db_conn: sqlite3.Connection) -> None:
        """Copy the package's rows; the caller holds the transaction, foreign keys off."""
        filled = [s for s in self.schema.tables if self.counts[s.name]]
        records = [s.name for s in filled if s.kind == "record"]
        with derived_in_bulk(db_conn, records) as inserted:
            for spec in filled:
                cols = ", ".join(quoted(c) for c in spec.columns)
                db_conn.execute(
                    f"INSERT INTO main.{quoted(spec.name)} ({cols}) SELECT {self._values(spec)}"
                    f" FROM {self._src(spec.name)} s"
                )
                if spec.name in inserted:
                    offset = int(self.offsets[spec.name])
                    inserted[spec.name].extend(
                        r[0] + offset
                        for r in db_conn.execute(f"SELECT id FROM {self._src(spec.name)}")
                    )
        # In key order (township, table, uuid): one run at the end of the township's key.
        for name in sorted(records):
            db_conn.execute(
                "INSERT INTO exchange_origin (township_uuid, table_name, uuid)"
                f" SELECT ?, ?, uuid FROM {self._src(name)} ORDER BY uuid",
                [self.township, name],
            )
        links = foreign_keys(db_conn)
        labels = {spec.name: spec.label for spec in self.schema.tables}
        for spec in filled:
            for column, _parent, parent_key in links.get(spec.name, ()):
                if column not in spec.columns or parent_key != "id":
                    self._check_whole(db_conn, spec.name, labels)


def attach(conn: sqlite3.Connection, path: str) -> None:
    conn.execute(f"ATTACH DATABASE ? AS {SOURCE}", [path])


def detach(conn: sqlite3.Connection) -> None:
    conn.execute(f"DETACH DATABASE {SOURCE}")
