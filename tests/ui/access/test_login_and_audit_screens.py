"""Login, roles and the audit trail on screen: the first user of a new office, the login
and the lock, what a 查看 user sees, the users tab and the audit viewer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.office import Office
from tests.ui.helpers import save_screenshot, type_text, when_modal
from ui.access.dialogs import FirstUserDialog, LoginDialog, RecoveryCodeDialog

ADMIN_PW = "qingxi-2026"
VIEWER_PW = "chakan-2026"


@pytest.fixture
def guarded_db(tmp_path: Path, make_id) -> Path:
    """A township office with login on: 王主任 (管理员), 赵查看 (查看) and a deputy."""
    path = tmp_path / "office.sqlite"
    with Office.open(path) as office:
        office.setup(township="清溪镇", county="溪山县", term_number=17, term_start="2021-12-28")
        office.access.add_user(name="王主任", role="admin", password=ADMIN_PW)
        office.access.sign_in("王主任", ADMIN_PW)
        office.access.add_user(name="赵查看", role="viewer", password=VIEWER_PW)
        office.deputies.add(
            name="张三",
            gender="男",
            phone="13800001111",
            id_number=make_id(),
            address="清溪镇桃源村3组",
        )
        office.settings.set("mask_sensitive", False)  # lists show all, to whoever may see it
    return path


def _window(qtbot, office: Office):
    from ui.main_window import MainWindow

    window = MainWindow(office)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    return window


def test_a_new_office_database_asks_for_the_first_user(qtbot, tmp_path: Path, monkeypatch):
    from ui.main import sign_in

    office = Office.open(tmp_path / "new.sqlite")
    office.setup(township="清溪镇", county="溪山县", term_number=17, term_start="2021-12-28")
    shown: list[str] = []
    monkeypatch.setattr(RecoveryCodeDialog, "exec", lambda self: shown.append(self.code) or 1)
    seen: dict[str, object] = {}

    def fill(dialog) -> None:
        assert isinstance(dialog, FirstUserDialog)
        seen["picture"] = save_screenshot(dialog, "first_user")
        dialog.name.setText("")
        type_text(dialog.name, "王主任")
        dialog.password.setText("qingxi")
        dialog.again.setText("qingxi")
        assert not dialog.create()
        seen["short"] = dialog.form.messages["password"].error.text()
        dialog.password.setText(ADMIN_PW)
        dialog.again.setText(ADMIN_PW)
        dialog.create()

    when_modal(qtbot, fill)
    assert sign_in(office)
    assert seen["short"] == "密码至少 8 位"
    assert len(shown) == 1 and len(shown[0]) == 24
    assert office.access.enabled and office.access.session.name == "王主任"
    office.close()


def test_login_at_start_refuses_a_wrong_password_then_signs_in(qtbot, guarded_db: Path):
    office = Office.open(guarded_db)
    dialog = LoginDialog(office)
    qtbot.addWidget(dialog)
    dialog.user.setCurrentText("王主任")
    dialog.password.setText("wrong-password")
    assert not dialog.sign_in()
    assert dialog.form.messages["password"].error.text() == "用户名或密码不正确"
    assert office.access.session is None
    dialog.password.setText(ADMIN_PW)
    assert dialog.sign_in()
    assert office.access.session.name == "王主任"
    office.close()


def test_a_viewer_cannot_see_a_full_id_number_or_save(qtbot, guarded_db: Path, monkeypatch):
    office = Office.open(guarded_db)
    office.access.sign_in("赵查看", VIEWER_PW)
    full = office.deputies.get(1).id_number
    window = _window(qtbot, office)
    window.open_deputy(1)
    page = window.file_page.tab_widgets[0]
    assert not page.reveal.isVisible()
    text = " ".join(label.text() for label in page.findChildren(type(window.user_label)))
    assert full not in text and full[:6] + "********" + full[-4:] in text
    assert "13800001111" not in text
    page.reveal.setChecked(True)  # even if it were ticked, nothing shows in full
    text = " ".join(label.text() for label in page.findChildren(type(window.user_label)))
    assert full not in text
    assert "赵查看（查看）" in window.user_label.text()
    # The buttons that would write are greyed or hidden, page after page.
    file_page = window.file_page
    assert not file_page.edit_button.isEnabled() and not file_page.status_button.isEnabled()

    def shown(key: str):
        window.go(key)
        return window.pages[key]

    assert not shown("deputies").add_button.isEnabled()
    assert not shown("receptions").add_button.isEnabled()
    assert shown("receptions").stations.isVisible()  # still shown: it is a township
    assert not shown("suggestions").list.add_button.isVisible()
    assert not shown("meetings").add_button.isVisible()
    # A write is refused in Chinese, and nothing changes.
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    window.pages["basics"].settings.save()
    assert messages and "只能查看" in messages[0]
    # The edit form (which holds the full ID number) does not open for a 查看 user.
    from ui.deputies.deputy_dialog import DeputyDialog

    messages.clear()
    assert DeputyDialog.edit(office, office.deputies.get(1), window) is None
    assert messages and "只能查看" in messages[0]
    window.close()
    office.close()


def test_the_audit_viewer_shows_an_edited_phone_number(qtbot, guarded_db: Path, monkeypatch):
    office = Office.open(guarded_db)
    office.access.sign_in("王主任", ADMIN_PW)
    office.deputies.update(1, phone="13900002222")
    window = _window(qtbot, office)
    window.go("audit")
    page = window.pages["audit"]
    page = getattr(page, "page", page)
    viewer = page.changes
    viewer.record.setText("deputy:1")
    viewer.reveal.setChecked(True)
    assert viewer.refresh()
    rows = [
        [viewer.table.item(r, c).text() for c in range(viewer.table.columnCount())]
        for r in range(viewer.table.rowCount())
    ]
    edit = next(r for r in rows if r[2] == "修改" and r[4] == "联系电话")
    assert edit[1] == "王主任" and edit[3] == "代表 张三"
    assert (edit[5], edit[6]) == ("13800001111", "13900002222")
    QApplication.processEvents()
    save_screenshot(window, "audit_viewer")
    window.close()
    office.close()


def test_the_idle_lock_hides_the_pages_until_the_password(qtbot, guarded_db: Path):
    office = Office.open(guarded_db)
    office.access.sign_in("王主任", ADMIN_PW)
    window = _window(qtbot, office)
    assert window.idle_lock.timer.isActive()
    assert window.idle_lock.timer.interval() == 10 * 60_000
    window.idle_lock.timer.timeout.emit()
    dialog = window.idle_lock.dialog
    assert dialog is not None and not window.centralWidget().isVisible()
    save_screenshot(window, "locked")
    dialog.reject()  # Esc does not leave a locked screen
    assert dialog.isVisible()
    dialog.password.setText(ADMIN_PW)
    assert dialog.sign_in()
    assert window.centralWidget().isVisible() and window.idle_lock.dialog is None
    window.close()
    office.close()


def test_the_users_tab_adds_a_viewer_and_only_a_manager_may(qtbot, guarded_db, monkeypatch):
    from ui.access.users_tab import UsersTab

    office = Office.open(guarded_db)
    office.access.sign_in("王主任", ADMIN_PW)
    window = _window(qtbot, office)
    window.go("basics")
    tab = window.pages["basics"]
    tab = getattr(tab, "page", tab).users
    assert [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())] == [
        "王主任",
        "赵查看",
    ]

    def fill(dialog) -> bool:
        dialog.name.setText("")
        type_text(dialog.name, "李经办")
        dialog.role.set_value("clerk")
        dialog.password.setText("jingban-2026")
        dialog.again.setText("jingban-2026")
        return dialog.check()

    monkeypatch.setattr(UsersTab, "ask", classmethod(lambda cls, dialog: fill(dialog)))
    assert tab.add_user()
    assert office.access.by_name("李经办").role == "clerk"
    office.access.sign_in("赵查看", VIEWER_PW)
    tab.refresh()
    assert not tab.add_button.isEnabled()
    assert tab.hint.text() == "只有管理员可以管理用户和登录设置。"
    window.close()
    office.close()


def test_screens_at_1024x768(qtbot, guarded_db: Path):
    """Pictures of the new screens at the clerk's smallest screen (tests/.screenshots/)."""
    office = Office.open(guarded_db)
    login = LoginDialog(office)
    qtbot.addWidget(login)
    login.show()
    save_screenshot(login, "login")
    code = RecoveryCodeDialog("王主任", "ABCD-EFGH-JKMN-PQRS-TUVW")
    qtbot.addWidget(code)
    code.show()
    save_screenshot(code, "recovery_code")
    office.access.sign_in("王主任", ADMIN_PW)
    window = _window(qtbot, office)
    window.go("basics")
    basics = window.pages["basics"]
    basics = getattr(basics, "page", basics)
    basics.tabs.setCurrentWidget(basics.users)
    QApplication.processEvents()
    save_screenshot(window, "users_tab")
    window.go("audit")
    audit = window.pages["audit"]
    audit = getattr(audit, "page", audit)
    audit.tabs.setCurrentWidget(audit.trash)
    QApplication.processEvents()
    save_screenshot(window, "trash")
    window.close()
    office.close()


def test_a_deleted_meeting_is_restored_from_the_recycle_bin(window, monkeypatch):
    office = window.office
    meeting_id, title = office.db.execute(
        "SELECT id, title FROM meetings WHERE id IN (SELECT meeting_id FROM meeting_attendance)"
        " ORDER BY id LIMIT 1"
    ).fetchone()
    office.meetings.delete(meeting_id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    window.resize(1024, 768)
    window.go("audit")
    audit = window.pages["audit"]
    audit = getattr(audit, "page", audit)
    audit.tabs.setCurrentWidget(audit.trash)
    trash = audit.trash
    assert trash.table.item(0, 3).text() == title
    assert trash.table.item(0, 5).text() == "可恢复"
    QApplication.processEvents()
    save_screenshot(window, "trash_with_meeting")
    trash.table.selectRow(0)
    assert trash.restore()
    assert office.meetings.get(meeting_id).title == title
    assert trash.table.item(0, 5).text() == "已恢复" and "已恢复" in shown[0]


def test_background_work_is_recorded_under_the_signed_in_user(qtbot, guarded_db: Path):
    office = Office.open(guarded_db)
    office.access.sign_in("王主任", ADMIN_PW)
    window = _window(qtbot, office)
    done: list[object] = []
    window.runner.run(
        lambda ctx: ctx.office.deputies.update(1, unit="桃源村委会"),
        on_done=done.append,
        on_error=done.append,
    )
    qtbot.waitUntil(lambda: bool(done), timeout=20000)
    row = office.db.execute(
        "SELECT user_name FROM audit_log WHERE table_name = 'deputies' AND action = 'update'"
    ).fetchone()
    assert row == ("王主任",)
    window.close()
    office.close()
