"""The audit trail: every write leaves who, when, what record, old → new, in the same
transaction; the trail cannot be changed; deletes can be brought back (回收站); the
command line reads it."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.access.audit import AuditQuery, value_text
from app.cli import main as cli
from app.core.errors import RendaError
from app.office import Office

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
PW = "qingxi-2026"


def _changes(office: Office, record: str) -> list:
    return office.audit.changes(AuditQuery(record=record), reveal=True)


def test_an_edited_phone_number_keeps_who_when_old_and_new(office: Office) -> None:
    office.access.add_user(name="王主任", role="admin", password=PW)
    office.access.sign_in("王主任", PW)
    deputy = office.deputies.add(name="张三", gender="男", phone="13800001111")
    office.deputies.update(deputy.id, phone="13900002222")
    edits = [c for c in _changes(office, f"deputy:{deputy.id}") if c.action == "update"]
    assert [(c.user, c.field, c.old, c.new) for c in edits] == [
        ("王主任", "phone", "13800001111", "13900002222")
    ]
    assert edits[0].at[:4] == "2026" or edits[0].at[:2] == "20"
    assert office.audit.describe(edits[0]) == "代表 张三"
    # Masked for whoever sees masked lists.
    masked = [
        c
        for c in office.audit.changes(AuditQuery(record=f"deputy:{deputy.id}"))
        if c.action == "update"
    ]
    assert (masked[0].old, masked[0].new) == ("138****1111", "139****2222")


def test_a_changed_setting_is_named_by_its_label_not_its_key(office: Office) -> None:
    office.settings.set("mask_sensitive", False)
    change = next(
        c for c in office.audit.changes(AuditQuery(), reveal=True) if c.table == "settings"
    )
    assert office.audit.describe(change) == "设置 列表和导出中隐藏身份证号码、电话、住址"
    assert "mask_sensitive" not in office.audit.describe(change)
    shown = [
        value_text(c.new)
        for c in office.audit.changes(AuditQuery(), reveal=True)
        if c.table == "settings"
    ]
    assert "列表和导出中隐藏身份证号码、电话、住址：否" in shown
    assert not any("mask_sensitive" in text or "false" in text for text in shown)


def test_a_write_that_fails_leaves_no_audit_row(office: Office) -> None:
    before = office.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(RuntimeError), office.transaction():
        office.deputies.add(name="张三", gender="男")
        raise RuntimeError("power cut")
    assert office.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


def test_the_trail_cannot_be_changed_or_emptied(office: Office) -> None:
    office.deputies.add(name="张三", gender="男")
    for sql in ("UPDATE audit_log SET user_name = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(sqlite3.IntegrityError, match="只能追加"):
            office.db.execute(sql)
    assert office.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] > 0


def test_a_table_or_column_added_later_is_audited_without_code(tmp_path: Path) -> None:
    path = tmp_path / "o.sqlite"
    with Office.open(path) as office:
        office.db.execute("ALTER TABLE deputies ADD COLUMN wechat TEXT NOT NULL DEFAULT ''")
    with Office.open(path) as office:  # the triggers follow the schema at the next open
        office.setup(township="清溪镇", county="溪山县", term_number=17, term_start="2021-12-28")
        deputy = office.deputies.add(name="张三", gender="男")
        office.db.execute("UPDATE deputies SET wechat = 'zs1975' WHERE id = ?", [deputy.id])
        changed = [c.field for c in _changes(office, f"deputy:{deputy.id}")]
    assert "wechat" in changed


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("schema-*.sqlite")), ids=lambda p: p.stem)
def test_databases_of_released_schemas_gain_the_trail_and_login_stays_optional(
    fixture: Path, tmp_path: Path
) -> None:
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    with Office.open(path) as office:
        assert not office.access.enabled  # no user yet: nobody is locked out
        deputy_id = office.db.execute("SELECT min(id) FROM deputies").fetchone()[0]
        office.deputies.update(deputy_id, phone="13712345678")
        assert any(c.field == "phone" for c in _changes(office, f"deputy:{deputy_id}"))
        triggers = office.db.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_t_%'"
        ).fetchone()[0]
        assert triggers > 60


def test_a_deleted_meeting_comes_back_from_the_recycle_bin(demo_office: Office) -> None:
    db = demo_office.db
    meeting_id, title = db.execute(
        "SELECT m.id, m.title FROM meetings m WHERE EXISTS (SELECT 1 FROM meeting_resolutions r"
        " WHERE r.meeting_id = m.id) ORDER BY m.id LIMIT 1"
    ).fetchone()
    counts = {
        t: db.execute(f"SELECT count(*) FROM {t} WHERE meeting_id = ?", [meeting_id]).fetchone()[0]
        for t in ("meeting_attendance", "meeting_resolutions", "meeting_agenda")
    }
    taken = demo_office.audit.dependants("meetings", meeting_id)
    assert taken["会议出席登记"] == counts["meeting_attendance"] > 0
    demo_office.meetings.delete(meeting_id)
    item = demo_office.audit.deleted()[0]
    assert (item.table, item.key, item.label) == ("meetings", str(meeting_id), title)
    demo_office.audit.restore(item.batch)
    assert demo_office.meetings.get(meeting_id).title == title
    for table, count in counts.items():
        got = db.execute(f"SELECT count(*) FROM {table} WHERE meeting_id = ?", [meeting_id])
        assert got.fetchone()[0] == count
    assert demo_office.audit.deleted()[0].restored
    with pytest.raises(RendaError, match="已经恢复过"):
        demo_office.audit.restore(item.batch)


def test_cli_meeting_delete_asks_for_yes_and_audit_prints_json(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Office.open(demo_db) as office:
        meeting_id = office.db.execute(
            "SELECT meeting_id FROM meeting_attendance ORDER BY meeting_id LIMIT 1"
        ).fetchone()[0]
        deputy_id = office.db.execute("SELECT min(id) FROM deputies").fetchone()[0]
    assert cli(["--db", str(demo_db), "meeting", "delete", str(meeting_id)]) == 1
    refusal = capsys.readouterr().err
    assert "会议出席登记" in refusal and "--yes" in refusal and "回收站" in refusal
    with Office.open(demo_db) as office:
        assert office.meetings.get(meeting_id)
    assert cli(["--db", str(demo_db), "meeting", "delete", str(meeting_id), "--yes"]) == 0
    capsys.readouterr()
    assert cli(["--db", str(demo_db), "trash", "list"]) == 0
    listed = capsys.readouterr().out
    assert "可恢复" in listed
    batch = listed.split("\t")[0]
    assert cli(["--db", str(demo_db), "trash", "restore", batch]) == 0
    capsys.readouterr()

    assert cli(["--db", str(demo_db), "deputy", "edit", str(deputy_id), "phone=13911112222"]) == 0
    capsys.readouterr()
    assert (
        cli(
            [
                "--db",
                str(demo_db),
                "audit",
                "--record",
                f"deputy:{deputy_id}",
                "--json",
                "--show-sensitive",
            ]
        )
        == 0
    )
    changes = json.loads(capsys.readouterr().out)
    phone = next(c for c in changes if c["field"] == "phone")
    assert set(phone) >= {"user", "time", "record", "field", "old", "new"}
    assert phone["record"] == f"deputy:{deputy_id}" and phone["new"] == "13911112222"
    assert cli(["--db", str(demo_db), "audit", "--since", "昨天"]) == 1
    assert "起始日期" in capsys.readouterr().err


def test_cli_acts_as_a_named_user_when_login_is_on(
    office: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office.access.add_user(name="王主任", role="admin", password=PW)
    office.access.sign_in("王主任", PW)
    office.access.add_user(name="赵查看", role="viewer", password="chakan-2026")
    office.close()
    db = str(office.path)
    admin_pw, viewer_pw = tmp_path / "a.txt", tmp_path / "v.txt"
    admin_pw.write_text(PW + "\n", encoding="utf-8")
    viewer_pw.write_text("chakan-2026\n", encoding="utf-8")
    assert cli(["--db", db, "deputy", "add", "name=张三", "gender=男"]) == 1
    assert "--user" in capsys.readouterr().err
    assert (
        cli(
            [
                "--db",
                db,
                "--user",
                "赵查看",
                "--password-file",
                str(viewer_pw),
                "deputy",
                "add",
                "name=张三",
                "gender=男",
            ]
        )
        == 1
    )
    assert "只能查看" in capsys.readouterr().err
    assert cli(["--db", db, "--user", "王主任", "--password-file", str(viewer_pw), "info"]) == 1
    assert "用户名或密码不正确" in capsys.readouterr().err
    assert (
        cli(
            [
                "--db",
                db,
                "--user",
                "王主任",
                "--password-file",
                str(admin_pw),
                "deputy",
                "add",
                "name=张三",
                "gender=男",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert (
        cli(["--db", db, "--user", "赵查看", "--password-file", str(viewer_pw), "audit", "--json"])
        == 1
    )
    assert "不能查看操作记录" in capsys.readouterr().err
    assert (
        cli(
            [
                "--db",
                db,
                "--user",
                "王主任",
                "--password-file",
                str(admin_pw),
                "audit",
                "--user",
                "王主任",
                "--json",
            ]
        )
        == 0
    )
    changes = json.loads(capsys.readouterr().out)
    assert any(c["record"].startswith("deputy:") and c["action"] == "insert" for c in changes)
    assert {c["user"] for c in changes} == {"王主任"}


def test_a_county_import_is_one_event_of_the_trail_and_the_triggers_stay(
    demo_office: Office, tmp_path: Path
) -> None:
    from app.county.merge import import_package
    from app.exchange.package import export_package

    package = export_package(demo_office, tmp_path, "溪山县2026-包").path
    with Office.open(tmp_path / "county.sqlite") as county:
        county.setup_county(county="溪山县")
        triggers = "SELECT count(*) FROM sqlite_master WHERE name LIKE 'audit_t_%'"
        before = county.db.execute(triggers).fetchone()[0]
        assert import_package(county, package, "溪山县2026-包").status == "imported"
        assert county.db.execute("SELECT count(*) FROM deputies").fetchone()[0] > 60
        events = county.db.execute("SELECT action, table_name FROM audit_log").fetchall()
        assert ("package", "") in events
        assert not [e for e in events if e[1] == "deputies"]  # no row-by-row copy
        assert county.db.execute(triggers).fetchone()[0] == before > 60
        county.db.execute("UPDATE deputies SET unit = '县人大' WHERE id = 1")
        assert (
            county.db.execute(
                "SELECT count(*) FROM audit_log WHERE table_name = 'deputies'"
            ).fetchone()[0]
            == 1
        )
