"""The office database: one SQLite file, safe settings, migrations, refusing what is not ours."""

from __future__ import annotations

import json
import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest

from app.core.errors import DatabaseTooNew, DatabaseUnreadable
from app.db.migrate import known_steps
from app.office import Office

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_open_creates_a_wal_database_with_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "office.sqlite"
    with Office.open(path) as office:
        assert path.exists()
        assert office.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert office.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert office.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert not office.is_set_up


def test_every_migration_step_is_recorded_once_and_reopening_changes_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "office.sqlite"
    Office.open(path).close()
    with Office.open(path) as office:
        rows = office.db.execute("SELECT migration_set, name FROM _sqlite_migrations").fetchall()
    assert sorted(rows) == sorted(known_steps())


def test_setup_makes_the_home_township_and_current_term(office: Office) -> None:
    assert office.is_set_up
    assert office.township.name == "清溪镇"
    assert office.current_term.name == "第十七届"
    assert office.current_term.end_date == "2026-12-28"  # five years by default
    assert office.title == "清溪镇 · 第十七届"


def test_records_carry_a_stable_uuid(office: Office) -> None:
    deputy = office.deputies.add(name="张三", gender="男")
    assert uuid.UUID(deputy.uuid)
    assert uuid.UUID(office.township.uuid)
    assert uuid.UUID(office.current_term.uuid)
    updated = office.deputies.update(deputy.id, unit="清溪镇中心小学")
    assert updated.uuid == deputy.uuid


def test_a_database_written_by_a_newer_renda_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite"
    Office.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('renda.core', 'm099_from_the_future', '2030-01-01')"
    )
    conn.execute("UPDATE renda_meta SET value = '9.0.0' WHERE key = 'written_by'")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew) as caught:
        Office.open(path)
    assert "较新版本" in caught.value.message and "9.0.0" in caught.value.message
    assert path.read_bytes() == before


def test_a_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseUnreadable) as caught:
        Office.open(path)
    assert "不是乡镇人大工作台的数据库" in caught.value.message


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "roster.sqlite"
    path.write_bytes(b"PK\x03\x04 this is an xlsx, not a database" * 50)
    with pytest.raises(DatabaseUnreadable) as caught:
        Office.open(path)
    assert "不是乡镇人大工作台的数据库" in caught.value.message


def test_a_failed_write_leaves_nothing_behind(office: Office) -> None:
    with pytest.raises(RuntimeError), office.transaction():
        office.deputies.add(name="张三", gender="男")
        raise RuntimeError("power cut")
    assert office.db.execute("SELECT count(*) FROM deputies").fetchone()[0] == 0


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("schema-*.sqlite")), ids=lambda p: p.stem)
def test_databases_of_every_released_schema_open_and_keep_their_records(
    fixture: Path, tmp_path: Path
) -> None:
    manifest = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    with Office.open(path) as office:
        for table, count in manifest["counts"].items():
            if table == "renda_meta":  # renda's notes about the file, not records
                continue
            assert office.db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == count, (
                table
            )
        names = [r[0] for r in office.db.execute("SELECT name FROM deputies ORDER BY id")]
        assert names == manifest["deputy_names"]
        assert {"王𠮷", "李䶮", "张𡒄"} <= set(names)
        applied = office.db.execute("SELECT migration_set, name FROM _sqlite_migrations")
        assert sorted(applied.fetchall()) == sorted(known_steps())


def _triggers(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))


def test_a_trigger_lost_by_another_program_is_written_again_at_the_next_open(
    tmp_path: Path,
) -> None:
    """The audit and data-version triggers are checked at an open only when the schema
    changed since the last check (SQLite's schema_version): a trigger dropped by another
    program is a change, and the next open puts it back; a deputy saved afterwards is in
    the trail."""
    path = tmp_path / "office.sqlite"
    with Office.open(path) as office:
        office.setup(township="清溪镇", county="溪山县", term_number=17, term_start="2021-12-28")
    whole = _triggers(path)
    Office.open(path).close()  # an open with nothing changed: no check, nothing written
    assert _triggers(path) == whole
    with sqlite3.connect(path) as conn:
        conn.execute('DROP TRIGGER "audit_t_deputies_ins"')
        conn.execute('DROP TRIGGER "data_version_t_deputies_ins"')
    with Office.open(path) as office:
        assert _triggers(path) == whole
        deputy = office.deputies.add(name="王𠮷", gender="男")
        trail = office.db.execute(
            "SELECT count(*) FROM audit_log WHERE table_name = 'deputies' AND action = 'insert'"
        ).fetchone()[0]
        assert trail == 1 and deputy.id


def test_a_county_of_the_last_release_keeps_which_township_each_record_came_from(
    tmp_path: Path,
) -> None:
    """0.3 keys exchange_origin by township first (the county's import writes a
    township's rows side by side): an upgraded county keeps every row of it, so a newer
    package still replaces exactly its township's records."""
    path = tmp_path / "county.sqlite"
    shutil.copyfile(FIXTURES / "schema-0.2.0.sqlite", path)
    rows = [("suggestions", f"s-{i}", "town-a" if i % 3 else "town-b") for i in range(50)]
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO exchange_origin (table_name, uuid, township_uuid) VALUES (?, ?, ?)",
            rows,
        )
    with Office.open(path) as office:
        kept = office.db.execute(
            "SELECT table_name, uuid, township_uuid FROM exchange_origin"
        ).fetchall()
        assert sorted(kept) == sorted(rows)
        plan = office.db.execute(
            "EXPLAIN QUERY PLAN SELECT uuid FROM exchange_origin"
            " WHERE township_uuid = 'town-b' AND table_name = 'suggestions'"
        ).fetchall()
        assert "USING PRIMARY KEY" in " ".join(str(step[-1]) for step in plan)
