"""The county package and county mode, on real databases, real files and a real exFAT
file system: every record arrives equal, damaged packages are refused and change nothing,
newer packages replace a township's older records and leave the others alone."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import struct
import sys
from pathlib import Path

import pytest
from sqlite_utils.migrations import Migrations

from app.core.errors import RendaError, ValidationError
from app.core.progress import Progress
from app.county.merge import import_package, imported_townships, remove_township
from app.deputies.deputies import DeputyQuery
from app.exchange import package as package_module
from app.exchange.drives import linux_mounts, removable_drives
from app.exchange.package import export_package, open_package
from app.exchange.sealed import CHUNK, MAGIC, TAG, PackageError, TooNew, WrongPassword
from app.exchange.tables import LOCAL_TABLES, exchange_schema
from app.office import Office
from tests.usb_stick import usb_stick

PASSWORD = "溪山县人大2026"


@pytest.fixture(scope="module")
def township_templates(tmp_path_factory) -> dict[str, Path]:
    from app.demo import build_demo

    made = {}
    for i, name in enumerate(["清溪镇", "石门镇"]):
        path = tmp_path_factory.mktemp("towns") / f"{name}.sqlite"
        with Office.open(path) as office:
            build_demo(office, seed=100 + i, township_name=name)
            office.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        made[name] = path
    return made


@pytest.fixture
def towns(township_templates, tmp_path):
    opened = {}
    for name, template in township_templates.items():
        target = tmp_path / "towns" / template.name
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(template, target)
        opened[name] = Office.open(target)
    yield opened
    for office in opened.values():
        office.close()


@pytest.fixture
def county(tmp_path):
    office = Office.open(tmp_path / "county" / "县汇总.sqlite")
    office.setup_county(county="溪山县")
    yield office
    office.close()


def folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def checksum(office: Office) -> str:
    """Every row of every table of the database, local tables included."""
    conn = sqlite3.connect(office.path)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


def resolved(conn: sqlite3.Connection) -> dict[str, set[tuple]]:
    """Every travelling record with its integer ids replaced by the uuids they stand for."""
    schema = exchange_schema(conn)
    uuid_of = {
        t.name: dict(conn.execute(f"SELECT id, uuid FROM {t.name}"))
        for t in schema.tables
        if t.kind == "record"
    }
    found = {}
    for spec in schema.tables:
        rows = set()
        for row in conn.execute(f"SELECT {', '.join(spec.columns)} FROM {spec.name}"):
            values = []
            for column, value in zip(spec.columns, row, strict=True):
                if column in ("id", "is_home") and spec.kind == "record":
                    continue
                fk = spec.fk(column)
                values.append(uuid_of[fk.table][value] if fk and value is not None else value)
            rows.add(tuple(values))
        found[spec.name] = rows
    return found


def test_a_package_carries_every_record_equal_and_no_name_or_id_in_its_bytes(
    towns, county, tmp_path
):
    town = towns["清溪镇"]
    deputy = town.deputies.get(town.deputies.search(DeputyQuery(text="王𠮷"))[0])
    town.attachments.add(
        owner_kind="deputy", owner_uuid=deputy.uuid, file_name="当选证书.jpg", data=b"x" * 3000
    )
    result = export_package(town, folder(tmp_path / "stick"), PASSWORD)
    assert result.path.name.startswith("清溪镇_") and result.path.suffix == ".rdpkg"
    assert not list(result.path.parent.glob("*.part"))
    data = result.path.read_bytes()
    for d in town.deputies.rows(town.deputies.search(DeputyQuery())):
        for encoding in ("utf-8", "utf-16-le", "gb18030"):
            try:
                assert d.name.encode(encoding) not in data
            except UnicodeEncodeError:
                pass
        if d.id_number:
            assert d.id_number.encode() not in data
            assert d.id_number[:14].encode() not in data
    assert "清溪镇".encode() not in data

    report = import_package(county, result.path, PASSWORD)
    assert report.status == "imported"
    attachments = town.db.execute("SELECT count(*) FROM attachments").fetchone()[0]
    assert report.table("deputies").new == 74 and report.table("attachments").new == attachments
    assert resolved(county.db.conn) == resolved(town.db.conn)
    # The county sees the roster of the township, with its rare names.
    ids = county.deputies.search(DeputyQuery(text="wj"))
    assert "王𠮷" in [r.name for r in county.deputies.rows(ids)]
    [imported] = imported_townships(county)
    assert imported.name == "清溪镇" and imported.deputies == 72


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def test_damaged_wrong_or_future_packages_are_refused_and_change_nothing(towns, county, tmp_path):
    town = towns["清溪镇"]
    deputy = town.deputies.get(town.deputies.search(DeputyQuery())[0])
    # An attachment that does not compress: the package takes two chunks.
    town.attachments.add(
        owner_kind="deputy", owner_uuid=deputy.uuid, file_name="扫描.pdf", data=os.urandom(CHUNK)
    )
    good = export_package(town, folder(tmp_path / "stick"), PASSWORD).path
    data = good.read_bytes()
    header_end = len(MAGIC) + 6 + struct.unpack(">I", data[len(MAGIC) + 2 : len(MAGIC) + 6])[0]
    assert len(data) > header_end + CHUNK + TAG  # more than one chunk
    future = bytearray(data)
    future[len(MAGIC) : len(MAGIC) + 2] = struct.pack(">H", 3)
    cases = {
        "flipped in the header": (_flip(data, header_end - 5), PackageError),
        "flipped in the first chunk": (_flip(data, header_end + 100), PackageError),
        "flipped in the last byte": (_flip(data, len(data) - 1), PackageError),
        "cut at a chunk boundary": (data[: header_end + CHUNK + TAG], PackageError),
        "cut in the middle": (data[: len(data) // 2], PackageError),
        "cut in the header": (data[:20], PackageError),
        "not a package": (b"PK\x03\x04" + data[4:], PackageError),
        "from a newer renda": (bytes(future), TooNew),
    }
    before = checksum(county)
    for name, (content, error) in cases.items():
        bad = tmp_path / f"{name}.rdpkg"
        bad.write_bytes(content)
        with pytest.raises(error) as refused:
            import_package(county, bad, PASSWORD)
        assert "数据库没有改动" in refused.value.message, name
        assert checksum(county) == before, name
    with pytest.raises(WrongPassword, match="密码不对"):
        import_package(county, good, "wrong-password")
    assert checksum(county) == before
    assert import_package(county, good, PASSWORD).status == "imported"


def test_a_package_from_a_newer_schema_is_refused(towns, county, tmp_path, monkeypatch):
    town = towns["清溪镇"]
    real = package_module._manifest

    def from_the_future(office, data, *rest):
        manifest = real(office, data, *rest)
        manifest["schema"].append("renda.meetings/m009_future")
        manifest["renda_version"] = "9.0.0"
        return manifest

    real_steps = package_module.known_steps
    monkeypatch.setattr(package_module, "_manifest", from_the_future)
    monkeypatch.setattr(
        package_module,
        "known_steps",
        lambda: real_steps() | {("renda.meetings", "m009_future")},
    )
    path = export_package(town, tmp_path, PASSWORD).path  # as a newer renda would write it
    monkeypatch.undo()
    before = checksum(county)
    with pytest.raises(TooNew, match=r"9\.0\.0"):
        import_package(county, path, PASSWORD)
    assert checksum(county) == before


def test_a_newer_package_replaces_the_townships_older_records(towns, county, tmp_path):
    town = towns["清溪镇"]
    first = export_package(town, tmp_path, PASSWORD).path
    older = first.rename(tmp_path / "older.rdpkg")
    import_package(county, older, PASSWORD)
    # The township works on: a new deputy, an edit, a status change, a deleted record,
    # a new photo.
    ids = town.deputies.search(DeputyQuery())
    town.deputies.add(name="新𠮷", gender="女", birth_date="1990-01")
    edited = town.deputies.update(ids[1], unit="清溪镇新单位")
    town.deputies.set_status(ids[2], status="suspended", date="2026-01-05", reason="被羁押")
    removed = town.deputies.get(ids[3])
    town.deputies.delete(removed.id)
    newer = export_package(town, tmp_path, PASSWORD).path
    report = import_package(county, newer, PASSWORD)
    deputies = report.table("deputies")
    assert (deputies.new, deputies.updated, deputies.removed) == (1, 2, 1)
    assert report.table("deputy_status_changes").new == 1
    assert "新增 1" in report.text and "删除 1" in report.text
    assert resolved(county.db.conn) == resolved(town.db.conn)
    found = county.deputies.find("新𠮷")
    assert found and found[0].township_id == county.townships.list()[0].id
    assert county.db.execute(
        "SELECT unit FROM deputies WHERE uuid = ?", [edited.uuid]
    ).fetchone() == ("清溪镇新单位",)
    assert not county.db.execute("SELECT 1 FROM deputies WHERE uuid = ?", [removed.uuid]).fetchall()
    # An older package, or the same one again, changes nothing and says so.
    before = checksum(county)
    again = import_package(county, older, PASSWORD)
    assert again.status == "older" and "旧" in again.text
    same = import_package(county, newer, PASSWORD)
    assert same.status == "identical" and "相同" in same.text
    assert checksum(county) == before


def test_townships_stay_apart(towns, county, tmp_path):
    packages = {
        name: export_package(o, folder(tmp_path / name), PASSWORD).path for name, o in towns.items()
    }
    for path in packages.values():
        import_package(county, path, PASSWORD)
    assert [t.name for t in imported_townships(county)] == ["石门镇", "清溪镇"]  # strokes
    shimen = towns["石门镇"]
    shimen_before = resolved(shimen.db.conn)
    town = towns["清溪镇"]
    deleted = 0
    for deputy_id in town.deputies.search(DeputyQuery()):
        try:  # a deputy with records of other areas (suggestions …) is kept
            town.deputies.delete(deputy_id)
        except ValidationError:
            continue
        deleted += 1
        if deleted == 10:
            break
    import_package(county, export_package(town, tmp_path, PASSWORD).path, PASSWORD)
    by_town = dict(
        county.db.execute(
            "SELECT t.name, count(*) FROM deputies d JOIN townships t ON t.id = d.township_id"
            " GROUP BY t.name"
        ).fetchall()
    )
    assert by_town == {"清溪镇": 64, "石门镇": shimen.deputies.count(DeputyQuery())}
    # Forgetting one township removes exactly its records.
    qingxi = next(t for t in county.townships.list() if t.name == "清溪镇")
    remove_township(county, qingxi.id)
    assert [t.name for t in county.townships.list()] == ["石门镇"]
    assert resolved(county.db.conn) == shimen_before
    assert county.db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_records_that_came_from_another_township_are_refused(towns, county, tmp_path):
    town = towns["清溪镇"]
    import_package(county, export_package(town, tmp_path, PASSWORD).path, PASSWORD)
    # Another township started from a copy of this database file and renamed it.
    copy_path = tmp_path / "copy.sqlite"
    town.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(town.path, copy_path)
    with Office.open(copy_path) as copy:
        copy.db.execute("UPDATE townships SET uuid = 'another', name = '白沙镇'")
        copy.db.conn.commit()
        path = export_package(copy, folder(tmp_path / "copy"), PASSWORD).path
    before = checksum(county)
    with pytest.raises(RendaError, match="同一个数据库文件"):
        import_package(county, path, PASSWORD)
    assert checksum(county) == before


def test_a_rebuilt_township_of_the_same_name_waits_until_the_old_one_is_removed(
    towns, county, tmp_path
):
    from app.demo import build_demo

    import_package(county, export_package(towns["清溪镇"], tmp_path, PASSWORD).path, PASSWORD)
    with Office.open(tmp_path / "rebuilt.sqlite") as rebuilt:
        build_demo(rebuilt, seed=7)
        path = export_package(rebuilt, folder(tmp_path / "rebuilt"), PASSWORD).path
    with pytest.raises(RendaError, match="另一个数据库文件"):
        import_package(county, path, PASSWORD)
    remove_township(county, county.townships.list()[0].id)
    assert import_package(county, path, PASSWORD).table("deputies").new == 74


def test_each_side_does_only_its_part(towns, county, tmp_path):
    with pytest.raises(RendaError, match="县级汇总数据库不能生成"):
        export_package(county, tmp_path, PASSWORD)
    path = export_package(towns["清溪镇"], tmp_path, PASSWORD).path
    with pytest.raises(RendaError, match="只有县级汇总数据库"):
        import_package(towns["石门镇"], path, PASSWORD)
    with pytest.raises(RendaError, match="至少 8 位"):
        export_package(towns["清溪镇"], tmp_path, "123")


def test_every_table_of_the_schema_follows_the_exchange_conventions(office):
    schema = exchange_schema(office.db.conn)
    assert schema.problems == ()
    assert {"deputies", "deputy_photos", "attachments", "attachment_data"} <= set(schema.names)
    assert not set(schema.names) & LOCAL_TABLES
    assert schema.get("deputy_photos").kind == "child"


def test_a_table_that_breaks_the_conventions_is_named(office):
    office.db.execute("CREATE TABLE loose_notes (id INTEGER PRIMARY KEY, text TEXT)")
    office.db.execute(
        "CREATE TABLE tagged (id INTEGER PRIMARY KEY, uuid TEXT, ref_id INTEGER"
        " REFERENCES ref_items (id))"
    )
    problems = exchange_schema(office.db.conn).problems
    assert any(p.startswith("loose_notes:") for p in problems)
    assert any(p.startswith("tagged.ref_id references ref_items") for p in problems)


def test_a_table_added_by_a_later_area_travels_without_a_change(tmp_path, monkeypatch):
    """A later area's migration adds a record table and a child table: they travel."""
    from app.db import migrations as registry

    later = Migrations("renda.test_visits")

    @later()
    def m001_visits(db) -> None:
        db.execute(
            "CREATE TABLE visits (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE,"
            " township_id INTEGER NOT NULL REFERENCES townships (id),"
            " deputy_id INTEGER REFERENCES deputies (id), note TEXT NOT NULL)"
        )
        db.execute(
            "CREATE TABLE visit_scans (visit_id INTEGER PRIMARY KEY REFERENCES visits (id),"
            " scan BLOB NOT NULL)"
        )

    monkeypatch.setattr(registry, "MIGRATION_SETS", [*registry.MIGRATION_SETS, later])
    monkeypatch.setattr(sys.modules["app.db.migrate"], "MIGRATION_SETS", registry.MIGRATION_SETS)
    with Office.open(tmp_path / "t.sqlite") as town:
        town.setup(township="清溪镇", county="溪山县", term_number=17, term_start="2021-12-28")
        d = town.deputies.add(name="王𠮷", gender="男")
        with town.transaction() as db:
            db.execute(
                "INSERT INTO visits (uuid, township_id, deputy_id, note) VALUES ('v1', ?, ?,"
                " '走访桃源村')",
                [town.township.id, d.id],
            )
            db.execute("INSERT INTO visit_scans (visit_id, scan) VALUES (1, x'ffd8')")
        path = export_package(town, tmp_path, PASSWORD).path
    with Office.open(tmp_path / "c.sqlite") as county:
        county.setup_county(county="溪山县")
        county.db.execute("INSERT INTO townships (uuid, name) VALUES ('pad', '占位乡')")
        report = import_package(county, path, PASSWORD)
        assert report.table("visits").new == 1 and report.table("visit_scans").new == 1
        row = county.db.execute(
            "SELECT d.name, v.note, s.scan FROM visits v JOIN deputies d ON d.id = v.deputy_id"
            " JOIN visit_scans s ON s.visit_id = v.id"
        ).fetchone()
        assert row == ("王𠮷", "走访桃源村", b"\xff\xd8")


def test_the_linux_drive_lister_reads_mounted_media() -> None:
    mounts = (
        "/dev/sda1 / ext4 rw 0 0\n"
        "proc /proc proc rw 0 0\n"
        "/dev/sdb1 /media/clerk/KINGSTON\\040U vfat rw 0 0\n"
        "/dev/sdc1 /run/media/clerk/RENDA exfat rw 0 0\n"
        "/dev/loop0 /mnt/usb fuseblk rw 0 0\n"
    )
    points = [str(p) for p, _fs in linux_mounts(mounts)]
    assert points == ["/media/clerk/KINGSTON U", "/run/media/clerk/RENDA", "/mnt/usb"]


def test_export_onto_an_exfat_stick_is_verified(towns, tmp_path):
    with usb_stick(tmp_path) as stick:
        assert stick.path in [d.path for d in removable_drives()]
        result = export_package(towns["清溪镇"], stick.path, PASSWORD)
        assert result.path.parent == stick.path and result.path.name.startswith("清溪镇_")
        stick.reinsert()  # read what is really on the stick
        with open_package(
            stick.path / result.path.name, PASSWORD, beside=tmp_path / "x.sqlite"
        ) as opened:
            assert opened.manifest["counts"]["deputies"] == 74
        assert [p.name for p in stick.path.iterdir()] == [result.path.name]


def test_a_full_stick_fails_cleanly_and_leaves_no_file(towns, tmp_path):
    town = towns["清溪镇"]
    deputy = town.deputies.get(town.deputies.search(DeputyQuery())[0])
    town.attachments.add(
        owner_kind="deputy", owner_uuid=deputy.uuid, file_name="录像.mp4", data=os.urandom(3 << 20)
    )
    with usb_stick(tmp_path, size_mb=8) as stick:
        (stick.path / "照片.zip").write_bytes(b"\0" * (4 << 20))
        with pytest.raises(RendaError, match="空间不足"):
            export_package(town, stick.path, PASSWORD)
        assert sorted(p.name for p in stick.path.iterdir()) == ["照片.zip"]
        # The space check passed but the stick fills up during the write.
        free = shutil.disk_usage(stick.path).free

        def room_anyway(folder, size):
            return None

        from app.exchange import files

        original = files.check_room
        files.check_room = room_anyway
        try:
            (stick.path / "更多.zip").write_bytes(b"\0" * (free - (1 << 20)))
            with pytest.raises(RendaError, match="空间不足"):
                export_package(town, stick.path, PASSWORD)
        finally:
            files.check_room = original
        assert not [p for p in stick.path.iterdir() if p.suffix in (".rdpkg", ".part")]


def test_a_stick_pulled_out_while_writing_leaves_no_file_that_looks_valid(towns, tmp_path):
    with usb_stick(tmp_path) as stick:

        def pull(done, total, text):
            if text == "正在写入…":
                stick.pull_out()

        with pytest.raises(RendaError, match="U 盘可能已被拔出"):
            export_package(towns["清溪镇"], stick.path, PASSWORD, progress=Progress(pull))
        stick.reinsert()
        left = list(stick.path.iterdir())
        assert not [p for p in left if p.suffix == ".rdpkg"]
        for part in left:
            with pytest.raises(PackageError):
                open_package(part, PASSWORD, beside=tmp_path / "x.sqlite")
