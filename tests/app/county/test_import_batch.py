"""Several packages imported at once (import_packages): decrypted ahead in worker threads,
merged one by one with the suggestions' search index and sort keys written in bulk. The
county must end exactly as importing them one by one would leave it: every record equal,
every suggestion found by its words and sorted by its keys, the triggers back as they were;
a refused package changes nothing and does not stop the others."""

from __future__ import annotations

import shutil
import sqlite3
import uuid

import pytest

from app.core.errors import RendaError
from app.county.merge import import_package, import_packages
from app.exchange.package import export_package
from app.exchange.sealed import WrongPassword
from app.office import Office
from app.suggestions.records import SuggestionQuery
from tests.app.exchange.test_exchange_package import checksum, resolved

PASSWORD = "溪山县人大2026"
DERIVED_TRIGGERS = ("suggestions_search_insert", "suggestion_order_insert")


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    from app.demo import build_demo

    made = {}
    for i, name in enumerate(["清溪镇", "石门镇"]):
        path = tmp_path_factory.mktemp("towns") / f"{name}.sqlite"
        with Office.open(path) as office:
            build_demo(office, seed=300 + i, township_name=name)
            office.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        made[name] = path
    return made


@pytest.fixture
def packages(templates, tmp_path):
    found = {}
    for name, template in templates.items():
        copy = tmp_path / "towns" / template.name
        copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(template, copy)
        with Office.open(copy) as town:
            out = tmp_path / "packages" / name
            out.mkdir(parents=True)
            found[name] = (copy, export_package(town, out, PASSWORD).path)
    return found


def _folder(path):
    path.mkdir(parents=True, exist_ok=True)
    return path


def _county(path):
    office = Office.open(path)
    office.setup_county(county="溪山县")
    return office


def _refused_unchanged(county: Office, package) -> str:
    """The refusal's message of importing `package`, which must leave the county as it was."""
    before = checksum(county)
    with pytest.raises(RendaError) as refused:
        import_package(county, package, PASSWORD)
    assert checksum(county) == before
    return str(refused.value)


def _trigger_sql(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))


def _sort_keys(conn: sqlite3.Connection) -> set[tuple]:
    """The sort keys with the suggestion's uuid for its id (ids differ between counties)."""
    return set(
        conn.execute(
            "SELECT s.uuid, o.lead, o.unit, o.township, o.status, o.result FROM suggestion_order o"
            " JOIN suggestions s ON s.id = o.suggestion_id"
        )
    )


def test_a_batch_leaves_the_county_as_one_by_one_imports_do(packages, tmp_path):
    paths = [package for _town, package in packages.values()]
    one_by_one = _county(tmp_path / "a" / "县汇总.sqlite")
    batch = _county(tmp_path / "b" / "县汇总.sqlite")
    try:
        triggers = _trigger_sql(batch.db.conn)
        for path in paths:
            assert import_package(one_by_one, path, PASSWORD).status == "imported"
        done = import_packages(batch, paths, PASSWORD)
        assert [p for p, _ in done] == paths
        assert all(report.status == "imported" for _p, report in done)
        assert resolved(batch.db.conn) == resolved(one_by_one.db.conn)
        for name, (town_path, _package) in packages.items():
            with Office.open(town_path) as town:
                assert (
                    resolved(town.db.conn)["suggestions"] <= resolved(batch.db.conn)["suggestions"]
                ), name
        # Derived data written in bulk: every suggestion has its sort keys, the same as
        # the triggers wrote one by one, and is found by the words of its title.
        count = batch.db.execute("SELECT count(*) FROM suggestions").fetchone()[0]
        assert count > 0
        assert _sort_keys(batch.db.conn) == _sort_keys(one_by_one.db.conn)
        assert len(_sort_keys(batch.db.conn)) == count
        rows = batch.db.execute("SELECT id, title FROM suggestions ORDER BY id").fetchall()
        for sid, title in rows[:: max(1, len(rows) // 25)]:
            assert sid in batch.suggestions.search(SuggestionQuery(text=title[:6])), title
        indexed = batch.db.execute("SELECT count(*) FROM suggestion_search").fetchone()[0]
        assert indexed == count
        assert _trigger_sql(batch.db.conn) == triggers
        # The same packages again: identical, nothing written.
        before = checksum(batch)
        again = import_packages(batch, paths, PASSWORD)
        assert [r.status for _p, r in again] == ["identical", "identical"]
        assert checksum(batch) == before
    finally:
        one_by_one.close()
        batch.close()


def test_a_refused_package_changes_nothing_and_the_others_go_in(packages, tmp_path):
    county = _county(tmp_path / "c" / "县汇总.sqlite")
    try:
        good = packages["石门镇"][1]
        wrong = tmp_path / "wrong.rdpkg"
        with Office.open(packages["清溪镇"][0]) as town:
            made = export_package(town, _folder(tmp_path / "other"), "另一个密码2026!x").path
        shutil.move(made, wrong)
        before = checksum(county)
        done = import_packages(county, [wrong, good], PASSWORD)
        assert isinstance(done[0][1], WrongPassword)
        assert "密码" in done[0][1].message
        assert done[1][1].status == "imported"
        assert checksum(county) != before
        names = {t.name for t in county.townships.list()}
        assert "石门镇" in names and "清溪镇" not in names
    finally:
        county.close()


def test_a_record_removed_while_the_county_still_refers_to_it_is_refused(packages, tmp_path):
    """The merge checks the references of the rows it touched: a county row that refers
    to a deputy the newer package removes makes the import refused, nothing changed."""
    county = _county(tmp_path / "d" / "县汇总.sqlite")
    town_path, _package = packages["清溪镇"]
    try:
        with Office.open(town_path) as town:
            added = town.deputies.add(name="临时代表", gender="女", birth_date="1990-01")
            first = export_package(town, _folder(tmp_path / "first"), PASSWORD).path
        assert import_package(county, first, PASSWORD).status == "imported"
        with Office.open(town_path) as town:
            gone = town.db.execute("SELECT uuid, id FROM deputies WHERE id = ?", [added.id])
            gone = gone.fetchone()
            town.deputies.delete(gone[1])
            newer = export_package(town, _folder(tmp_path / "newer"), PASSWORD).path
        county_id = county.db.execute(
            "SELECT id FROM deputies WHERE uuid = ?", [gone[0]]
        ).fetchone()[0]
        with county.transaction():
            county.db.execute(
                "INSERT INTO deputy_status_changes (uuid, deputy_id, status, date)"
                " VALUES (?, ?, 'ended', '2026-01-01')",
                [str(uuid.uuid4()), county_id],
            )
        assert "引用了不存在的记录" in _refused_unchanged(county, newer)
    finally:
        county.close()


def _origins(conn: sqlite3.Connection) -> set[tuple]:
    return set(conn.execute("SELECT township_uuid, table_name, uuid FROM exchange_origin"))


def test_a_first_package_copied_in_sql_leaves_what_the_row_by_row_merge_does(
    packages, tmp_path, monkeypatch
):
    """A township's first package is copied table by table in SQL (app/county/
    first_import.py); the row-by-row merge, which every later package takes, must leave
    the same county: every record, its search words and sort keys, its origin, the report
    the clerk reads; and the county holds exactly the township's own records."""
    from app.county import first_import

    town_path, path = packages["清溪镇"]
    copied = _county(tmp_path / "sql" / "县汇总.sqlite")
    by_row = _county(tmp_path / "rows" / "县汇总.sqlite")
    try:
        triggers = _trigger_sql(copied.db.conn)
        report = import_package(copied, path, PASSWORD)
        with monkeypatch.context() as m:  # the other path, as for a township already held
            m.setattr(first_import, "holds_nothing_of", lambda conn, township: False)
            report_by_row = import_package(by_row, path, PASSWORD)
        assert report.text == report_by_row.text
        assert report.table("suggestions").new > 50
        assert resolved(copied.db.conn) == resolved(by_row.db.conn)
        assert _sort_keys(copied.db.conn) == _sort_keys(by_row.db.conn)
        assert _origins(copied.db.conn) == _origins(by_row.db.conn)
        with Office.open(town_path) as town:
            own = resolved(town.db.conn)
        held = resolved(copied.db.conn)
        for table in ("suggestions", "suggestion_events", "deputies", "reception_items"):
            assert own[table] == held[table], table
        for index, table in (
            ("suggestion_search", "suggestions"),
            ("reception_search", "reception_items"),
        ):
            count = copied.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            assert count > 0
            assert copied.db.execute(f"SELECT count(*) FROM {index}").fetchone()[0] == count
        title = copied.db.execute("SELECT id, title FROM suggestions LIMIT 1").fetchone()
        assert title[0] in copied.suggestions.search(SuggestionQuery(text=title[1][:6]))
        assert _trigger_sql(copied.db.conn) == triggers
        assert copied.db.execute("PRAGMA foreign_key_check").fetchone() is None
        # A newer package goes through the row-by-row merge: nothing to change, identical.
        assert import_package(copied, path, PASSWORD).status == "identical"
    finally:
        copied.close()
        by_row.close()


def test_a_first_package_naming_a_record_it_lacks_is_refused_and_changes_nothing(
    packages, tmp_path
):
    """The SQL copy maps a key by adding its table's offset, so it checks first that every
    key points at a record of the package: a deputy of a constituency the package lacks is
    refused, as the row-by-row merge refuses it."""
    town_path, _package = packages["石门镇"]
    with Office.open(town_path) as town:
        town.db.conn.execute("PRAGMA foreign_keys = OFF")
        with town.transaction():
            town.db.execute(
                "UPDATE deputies SET constituency_id = 999999 WHERE id ="
                " (SELECT min(id) FROM deputies)"
            )
        broken = export_package(town, _folder(tmp_path / "broken"), PASSWORD).path
    county = _county(tmp_path / "e" / "县汇总.sqlite")
    try:
        assert "代表记录引用了不存在的记录（constituency_id）" in _refused_unchanged(county, broken)
    finally:
        county.close()
