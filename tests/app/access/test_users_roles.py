"""Login and roles: the first user of a new office, signing in, what each role may do,
and the recovery code of a forgotten 管理员 password."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from app.access.users import AccessRefused
from app.core.errors import ValidationError
from app.office import Office

ADMIN_PW = "qingxi-2026"
VIEWER_PW = "chakan-2026"
CLERK_PW = "jingban-2026"


@pytest.fixture
def guarded(office: Office, make_id) -> Office:
    """A new office with login on: a 管理员, a 经办 and a 查看 user, and one deputy."""
    office.access.add_user(name="王主任", role="admin", password=ADMIN_PW)
    office.access.sign_in("王主任", ADMIN_PW)
    office.access.add_user(name="李经办", role="clerk", password=CLERK_PW)
    office.access.add_user(name="赵查看", role="viewer", password=VIEWER_PW)
    office.deputies.add(
        name="张三",
        gender="男",
        phone="13800001111",
        address="清溪镇桃源村3组",
        id_number=make_id(),
    )
    office.access.sign_out()
    return office


def test_a_new_office_database_asks_for_its_first_user_a_manager(office: Office) -> None:
    assert office.access.needs_first_user and not office.access.enabled
    with pytest.raises(ValidationError) as refused:
        office.access.add_user(name="小李", role="viewer", password=ADMIN_PW)
    assert refused.value.fields["role"] == "第一个用户必须是管理员"
    made = office.access.add_user(name="王主任", role="admin", password=ADMIN_PW)
    assert len(made.recovery_code) == 24 and made.recovery_code.count("-") == 4
    assert office.access.enabled and not office.access.needs_first_user
    # Login is on now: nothing is written until someone signs in.
    assert office.access.session is None
    with pytest.raises(AccessRefused, match="请先登录"):
        office.deputies.add(name="李四", gender="女")
    stored = office.db.execute("SELECT password_hash FROM users").fetchone()[0]
    assert stored.startswith("scrypt$") and ADMIN_PW not in stored


def test_the_demo_keeps_login_off(demo_office: Office) -> None:
    assert not demo_office.access.enabled and not demo_office.access.needs_first_user
    assert demo_office.access.may("reveal")


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(guarded: Office) -> None:
    for name, password in (("王主任", "wrong-password"), ("无此人", ADMIN_PW)):
        with pytest.raises(AccessRefused, match="用户名或密码不正确"):
            guarded.access.sign_in(name, password)
    assert guarded.access.session is None


def test_a_viewer_cannot_write_and_nothing_changes(guarded: Office) -> None:
    guarded.access.sign_in("赵查看", VIEWER_PW)
    deputy_id = 1
    with pytest.raises(AccessRefused, match="只能查看，不能修改数据"):
        guarded.deputies.update(deputy_id, phone="13900002222")
    with pytest.raises(AccessRefused):
        guarded.settings.set("mask_sensitive", False)
    assert guarded.deputies.get(deputy_id).phone == "13800001111"


def test_a_viewer_cannot_see_a_full_id_number_or_export_one(guarded: Office, tmp_path) -> None:
    from app.documents.roster import gather
    from app.exchange.roster_export import export_roster

    guarded.access.sign_in("王主任", ADMIN_PW)
    guarded.settings.set("mask_sensitive", False)  # lists show everything, to whoever may
    full = guarded.deputies.get(1).id_number
    guarded.access.sign_in("赵查看", VIEWER_PW)
    assert guarded.access.reveal(None, what="代表信息") is False
    with pytest.raises(AccessRefused, match="不能查看完整的身份证号码"):
        guarded.access.reveal(True, what="代表信息")
    with pytest.raises(AccessRefused, match="不能导出或打印完整的敏感信息"):
        export_roster(guarded, tmp_path / "full.xlsx", reveal=True)
    assert not (tmp_path / "full.xlsx").exists()
    path = export_roster(guarded, tmp_path / "名册.xlsx")
    book = load_workbook(path)  # the printed roster, then every field (全部项目)
    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    assert full not in cells and full[:6] + "********" + full[-4:] in cells
    assert "13800001111" not in cells
    assert gather(guarded).reveal is False


def test_a_clerk_reveals_and_exports_and_both_are_recorded(guarded: Office, tmp_path) -> None:
    from app.exchange.roster_export import export_roster

    guarded.access.sign_in("李经办", CLERK_PW)
    assert guarded.access.reveal(True, what="代表信息", record="deputies:1") is True
    path = export_roster(guarded, tmp_path / "名册.xlsx", reveal=True)
    cells = [
        str(c)
        for sheet in load_workbook(path)
        for row in sheet.iter_rows(values_only=True)
        for c in row
    ]
    assert guarded.deputies.get(1).id_number in cells
    events = guarded.db.execute(
        "SELECT user_name, action, table_name, record_key, note FROM audit_log"
        " WHERE action IN ('reveal', 'export') ORDER BY id"
    ).fetchall()
    assert events == [
        ("李经办", "reveal", "deputies", "1", ""),
        ("李经办", "export", "", None, str(tmp_path / "名册.xlsx")),
    ]


def test_only_a_manager_manages_users_and_the_last_one_stays(guarded: Office) -> None:
    guarded.access.sign_in("李经办", CLERK_PW)
    with pytest.raises(AccessRefused, match="不能管理用户"):
        guarded.access.add_user(name="新人", role="viewer", password="xinren-2026")
    guarded.access.sign_in("王主任", ADMIN_PW)
    admin = guarded.access.by_name("王主任")
    with pytest.raises(ValidationError, match="至少要保留一个可以登录的管理员"):
        guarded.access.change(admin.id, role="clerk")
    with pytest.raises(ValidationError, match="密码至少 8 位"):
        guarded.access.add_user(name="新人", role="viewer", password="123")
    viewer = guarded.access.by_name("赵查看")
    guarded.access.change(viewer.id, active=False)
    with pytest.raises(AccessRefused):
        guarded.access.sign_in("赵查看", VIEWER_PW)


def test_a_forgotten_manager_password_is_reset_with_the_recovery_code(office: Office) -> None:
    code = office.access.add_user(name="王主任", role="admin", password=ADMIN_PW).recovery_code
    with pytest.raises(AccessRefused, match="恢复码不正确"):
        office.access.recover("王主任", "AAAA-BBBB-CCCC-DDDD-EEEE", "brand-new-pw")
    fresh = office.access.recover("王主任", code.lower().replace("-", " "), "brand-new-pw")
    assert fresh.recovery_code != code
    office.access.sign_in("王主任", "brand-new-pw")
    with pytest.raises(AccessRefused):  # a code works once
        office.access.recover("王主任", code, "another-pw-1")


def test_the_worker_thread_office_acts_as_the_signed_in_user(guarded: Office) -> None:
    session = guarded.access.sign_in("李经办", CLERK_PW)
    with Office.open(guarded.path) as worker:
        worker.access.adopt(session)
        worker.deputies.update(1, unit="桃源村委会")
    row = guarded.db.execute(
        "SELECT user_name FROM audit_log WHERE table_name = 'deputies' AND action = 'update'"
    ).fetchone()
    assert row == ("李经办",)


def test_users_and_the_audit_trail_never_travel_in_a_package(guarded: Office, tmp_path) -> None:
    import sqlite3

    from app.exchange.package import snapshot

    target = tmp_path / "snap.sqlite"
    snapshot(guarded, target)
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT count(*) FROM users").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM deputies").fetchone()[0] == 1
    conn.close()
